/// FNV-1a over a string's UTF-8 bytes: a 64-bit hash that is the same on every run and machine (unlike
/// `Hasher`), for seeds derived from names and for keys kept in files.
public func stableHash(_ text: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    return h
}
