/// A set of numbers 0...255 in four words, for the walk's per-node prefilters (the first bytes a
/// pattern can start with, the key shapes of the `/**/name` table). Not `[Bool]`: an array is
/// retained and released wherever a struct holding it is read, at every node.
struct BitSet256: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init(_ members: some Sequence<Int>) {
        for member in members { insert(member) }
    }

    mutating func insert(_ member: Int) {
        let bit = UInt64(1) << UInt64(member & 63)
        switch (member >> 6) & 3 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    @inline(__always)
    func contains(_ member: Int) -> Bool {
        let word: UInt64
        switch (member >> 6) & 3 {
        case 0: word = words.0
        case 1: word = words.1
        case 2: word = words.2
        default: word = words.3
        }
        return word & (1 << UInt64(member & 63)) != 0
    }
}
