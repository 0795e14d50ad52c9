#ifndef ANTIPODE_RDKIT_H
#define ANTIPODE_RDKIT_H
// The C face of RDKit for Antipode. Nothing of RDKit's C++ types crosses this header; every
// entry point catches all C++ exceptions and reports failure through its return value.
#ifdef __cplusplus
extern "C" {
#endif

/// The RDKit version string (e.g. "2022.09.3"); static storage.
const char *ap_rdkit_version(void);

#ifdef __cplusplus
}
#endif
#endif
