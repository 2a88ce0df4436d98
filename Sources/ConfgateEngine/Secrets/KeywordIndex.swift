/// The detectors' keyword prefilter over raw bytes: one pass over a value finds every detector
/// with a keyword in it, instead of one substring search per keyword (about 150 of them).
///
/// Keywords are lowercase; input bytes are folded to lowercase (ASCII only, which all keywords
/// are). Keywords are bucketed by their first two bytes, so a position costs one table lookup;
/// keywords are at least two bytes long (the catalogue's parser makes sure).
struct KeywordIndex: Sendable {
    /// A set of detector indexes, up to 128 detectors.
    struct Hits: Sendable, Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var isEmpty: Bool { low == 0 && high == 0 }
        @inline(__always) mutating func insert(_ i: Int) {
            if i < 64 { low |= 1 << UInt64(i) } else { high |= 1 << UInt64(i - 64) }
        }
        @inline(__always) mutating func remove(_ i: Int) {
            if i < 64 { low &= ~(1 << UInt64(i)) } else { high &= ~(1 << UInt64(i - 64)) }
        }
        @inline(__always) func contains(_ i: Int) -> Bool {
            i < 64 ? low & (1 << UInt64(i)) != 0 : high & (1 << UInt64(i - 64)) != 0
        }
        /// The members, in increasing order.
        func forEach(_ body: (Int) -> Void) {
            var word = low
            while word != 0 {
                body(word.trailingZeroBitCount)
                word &= word - 1
            }
            word = high
            while word != 0 {
                body(64 + word.trailingZeroBitCount)
                word &= word - 1
            }
        }
        mutating func formUnion(_ other: Hits) {
            low |= other.low
            high |= other.high
        }
    }

    /// The tables, in buffers that the scan loop reads without bounds checks or reference
    /// counting (it runs over every byte of every string in every file).
    private final class Tables: @unchecked Sendable {
        /// Per two-byte bucket: start and end in `rest`/`detector` (65,537 offsets).
        let bucketStart: UnsafeMutableBufferPointer<Int32>
        /// Per entry: the keyword after its first two bytes, as an offset and length into `bytes`.
        let restStart: UnsafeMutableBufferPointer<Int32>
        let restLength: UnsafeMutableBufferPointer<Int32>
        let detector: UnsafeMutableBufferPointer<Int32>
        let bytes: UnsafeMutableBufferPointer<UInt8>
        /// One bit per bucket that holds a keyword: most byte pairs start none, and 8 KiB of bits
        /// stay in the first-level cache where 256 KiB of offsets do not.
        let occupied: UnsafeMutableBufferPointer<UInt64>

        init(keywords: [[String]]) {
            // Built by a counting sort into flat buffers: start-up matters (a pre-commit hook
            // lints one small file), and 65,536 small arrays cost more than the whole lint.
            var entries: [(key: Int, rest: [UInt8], detector: Int)] = []
            for (detector, words) in keywords.enumerated() {
                for word in words {
                    let b = Array(word.utf8)
                    precondition(b.count >= 2, "keywords have two bytes at least (SecretCatalogue checks)")
                    entries.append((Int(b[0]) << 8 | Int(b[1]), Array(b[2...]), detector))
                }
            }
            entries.sort { $0.key < $1.key }
            bucketStart = .allocate(capacity: 65537)
            bucketStart.initialize(repeating: 0)
            restStart = .allocate(capacity: max(1, entries.count))
            restLength = .allocate(capacity: max(1, entries.count))
            detector = .allocate(capacity: max(1, entries.count))
            let allBytes = entries.flatMap(\.rest)
            bytes = .allocate(capacity: max(1, allBytes.count))
            _ = bytes.initialize(from: allBytes)
            occupied = .allocate(capacity: 1024)
            occupied.initialize(repeating: 0)
            var offset = 0
            for (e, entry) in entries.enumerated() {
                bucketStart[entry.key + 1] += 1
                occupied[entry.key >> 6] |= 1 << UInt64(entry.key & 63)
                restStart[e] = Int32(offset)
                restLength[e] = Int32(entry.rest.count)
                detector[e] = Int32(entry.detector)
                offset += entry.rest.count
            }
            for key in 0..<65536 { bucketStart[key + 1] += bucketStart[key] }
        }

        deinit {
            for buffer in [restStart, restLength, detector] { buffer.deallocate() }
            bucketStart.deallocate()
            bytes.deallocate()
            occupied.deallocate()
        }
    }

    private let tables: Tables

    static let capacity = 128

    /// `keywords[i]` are detector i's keywords. At most `capacity` detectors.
    init(keywords: [[String]]) {
        precondition(keywords.count <= KeywordIndex.capacity, "the keyword index holds at most 128 detectors")
        tables = Tables(keywords: keywords)
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }

    /// The detectors with a keyword somewhere in `bytes`, added to `hits`.
    ///
    /// The loop reads raw pointers hoisted out of it: with the tables behind a class reference
    /// and `hits` written through, the compiler reloads both on every byte (measured: about 27
    /// instructions a byte before, under 10 after).
    func scan(_ bytes: ArraySlice<UInt8>, into hits: inout Hits) {
        bytes.withUnsafeBufferPointer { scan($0, into: &hits) }
    }

    func scan(_ buffer: UnsafeBufferPointer<UInt8>, into hits: inout Hits) {
        let n = buffer.count
        guard n >= 2, let p = buffer.baseAddress else { return }
        let t = tables
        let occupied = UnsafePointer(t.occupied.baseAddress!)
        var found = hits
        do {
            var current = KeywordIndex.lower(p[0])
            var i = 1
            while i < n {
                let next = KeywordIndex.lower(p[i])
                let key = Int(current) &<< 8 | Int(next)
                if occupied[key &>> 6] & (1 &<< UInt64(key & 63)) != 0 {
                    KeywordIndex.matchBucket(t, key: key, p, from: i + 1, count: n, into: &found)
                }
                current = next
                i &+= 1
            }
        }
        hits = found
    }

    /// The keywords of one two-byte bucket that continue at `from`.
    @inline(never)
    private static func matchBucket(
        _ t: Tables, key: Int, _ p: UnsafePointer<UInt8>, from: Int, count n: Int, into hits: inout Hits
    ) {
        var e = Int(t.bucketStart[key])
        let stop = Int(t.bucketStart[key + 1])
        while e < stop {
            let detector = Int(t.detector[e])
            if !hits.contains(detector) {
                let length = Int(t.restLength[e])
                if n - from >= length {
                    let rest = Int(t.restStart[e])
                    var j = 0
                    while j < length && KeywordIndex.lower(p[from + j]) == t.bytes[rest + j] { j += 1 }
                    if j == length { hits.insert(detector) }
                }
            }
            e += 1
        }
    }
}
