import Support

/// A 64-bit hash of a canonical SMILES that is the same on every run and machine (unlike `Hasher`),
/// so it can be stored in the reference-index cache: FNV-1a over the UTF-8 bytes (`stableHash`), then MurmurHash3's
/// finaliser to spread similar strings apart. Two of 1.6M corpus strings collide with probability ~1e-7.
func smilesHash(_ smiles: String) -> UInt64 {
    var h = stableHash(smiles)
    h ^= h >> 33
    h &*= 0xff51_afd7_ed55_8ccd
    h ^= h >> 33
    h &*= 0xc4ce_b9fe_1a85_ec53
    h ^= h >> 33
    return h
}
