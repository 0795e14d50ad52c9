import CRDKitShim

/// The RDKit release Antipode is linked against.
public let rdkitVersion = String(cString: ap_rdkit_version())
