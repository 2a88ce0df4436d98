/// The detectors' keyword prefilter over raw bytes: one pass over a value finds every detector
/// with a keyword in it, instead of one substring search per keyword (about 150 of them).
///
/// Keywords are lowercase; input bytes are folded to lowercase (ASCII only, which all keywords
/// are). Keywords are bucketed by their first two bytes, so a position costs one table lookup;
/// the few one-byte keywords (`.`, `-`) have a table of their own.
struct KeywordIndex: Sendable {
    /// A set of detector indexes, up to 128 detectors.
    struct Hits: Sendable, Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var isEmpty: Bool { low == 0 && high == 0 }
        mutating func insert(_ i: Int) {
            if i < 64 { low |= 1 << UInt64(i) } else { high |= 1 << UInt64(i - 64) }
        }
        func contains(_ i: Int) -> Bool {
            i < 64 ? low & (1 << UInt64(i)) != 0 : high & (1 << UInt64(i - 64)) != 0
        }
        mutating func formUnion(_ other: Hits) {
            low |= other.low
            high |= other.high
        }
    }

    private struct Entry: Sendable {
        let rest: [UInt8]  // the keyword after its first two bytes
        let detector: Int
    }

    /// Start of each two-byte bucket in `entries` (65,537 offsets).
    private let bucketStart: [Int32]
    private let entries: [Entry]
    /// One-byte keywords: the detectors each byte value triggers.
    private let single: [Hits]

    static let capacity = 128

    /// `keywords[i]` are detector i's keywords. At most `capacity` detectors.
    init(keywords: [[String]]) {
        precondition(keywords.count <= KeywordIndex.capacity, "the keyword index holds at most 128 detectors")
        var buckets = [[Entry]](repeating: [], count: 65536)
        var single = [Hits](repeating: Hits(), count: 256)
        for (detector, words) in keywords.enumerated() {
            for word in words {
                let bytes = Array(word.utf8)
                if bytes.count == 1 {
                    single[Int(bytes[0])].insert(detector)
                } else if bytes.count >= 2 {
                    buckets[Int(bytes[0]) << 8 | Int(bytes[1])].append(Entry(rest: Array(bytes[2...]), detector: detector))
                }
            }
        }
        var start: [Int32] = []
        start.reserveCapacity(65537)
        var flat: [Entry] = []
        for bucket in buckets {
            start.append(Int32(flat.count))
            flat += bucket
        }
        start.append(Int32(flat.count))
        bucketStart = start
        entries = flat
        self.single = single
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }

    /// The detectors with a keyword somewhere in `bytes`, added to `hits`.
    func scan(_ bytes: ArraySlice<UInt8>, into hits: inout Hits) {
        var i = bytes.startIndex
        let end = bytes.endIndex
        guard i < end else { return }
        var current = KeywordIndex.lower(bytes[i])
        while i < end {
            hits.formUnion(single[Int(current)])
            let nextIndex = i + 1
            guard nextIndex < end else { break }
            let next = KeywordIndex.lower(bytes[nextIndex])
            let key = Int(current) << 8 | Int(next)
            var e = Int(bucketStart[key])
            let stop = Int(bucketStart[key + 1])
            while e < stop {
                let entry = entries[e]
                if !hits.contains(entry.detector), matchesRest(entry.rest, bytes, from: nextIndex + 1) {
                    hits.insert(entry.detector)
                }
                e += 1
            }
            current = next
            i = nextIndex
        }
    }

    @inline(__always) private func matchesRest(_ rest: [UInt8], _ bytes: ArraySlice<UInt8>, from start: Int) -> Bool {
        guard bytes.endIndex - start >= rest.count else { return false }
        var j = start
        for b in rest {
            if KeywordIndex.lower(bytes[j]) != b { return false }
            j += 1
        }
        return true
    }
}
