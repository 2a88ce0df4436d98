/// A non-cryptographic hash of a byte string that reads eight bytes per step, for the tables the
/// compliance walk consults at every key and value (`KeyTable`, `VerdictTable`, `StructuralHash`).
/// Not `Hasher`: that wants a `Hashable` value (a `String` or an array made per lookup) and is
/// seeded per process, and the tables look values up in the document's bytes in place. It
/// replaced FNV-1a, whose one multiplication per byte, each waiting for the last, was most of
/// the cost of those lookups.
enum ByteHash {
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0) -> UInt64 {
        let count = bytes.count
        // The length goes in first: the overlapping reads below then cannot make two strings
        // of different lengths read alike.
        var h = (seed ^ 0x2d35_8dcc_aa6c_78a5) &+ UInt64(count) &* 0x9e37_79b9_7f4a_7c15
        guard let base = bytes.baseAddress, count > 0 else { return finish(h) }
        let raw = UnsafeRawPointer(base)
        if count < 8 {
            let word: UInt64
            if count >= 4 {
                // Two reads of four bytes, overlapping when there are fewer than eight.
                word = UInt64(raw.loadUnaligned(as: UInt32.self))
                    | UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) << 32
            } else {
                word = UInt64(base[0]) | UInt64(base[count / 2]) << 8 | UInt64(base[count - 1]) << 16
            }
            return finish(step(h, word))
        }
        var offset = 0
        while offset + 8 <= count {
            h = step(h, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        // The last (up to seven) bytes: the final eight, overlapping what was read.
        if offset < count { h = step(h, raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) }
        return finish(h)
    }

    static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBufferPointer { hash($0, seed: seed) }
    }

    @inline(__always)
    private static func step(_ h: UInt64, _ word: UInt64) -> UInt64 {
        let m = (h ^ word) &* 0xff51_afd7_ed55_8ccd
        return m ^ (m >> 32)
    }

    /// MurmurHash3's 64-bit finaliser: every input bit reaches the low bits a table masks with.
    @inline(__always)
    private static func finish(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 33)) &* 0xff51_afd7_ed55_8ccd
        z = (z ^ (z >> 33)) &* 0xc4ce_b9fe_1a85_ec53
        return z ^ (z >> 33)
    }
}
