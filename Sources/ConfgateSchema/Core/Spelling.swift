/// "Did you mean" suggestions for misspelt keys, shared by configuration errors and schema findings.
public enum Spelling {
    /// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
    /// two neighbouring characters each cost one, so `prot` is one edit from `port`.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    /// The candidate closest to `word` (case-insensitively), if it is close enough to be a likely
    /// typo: at most one edit per three characters, and never more than three. Ties go to the
    /// earlier candidate, so pass an ordered sequence for deterministic suggestions.
    public static func closest<S: Sequence<String>>(to word: String, in candidates: S) -> String? {
        let lowered = word.lowercased()
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(lowered, candidate.lowercased())
            if let current = best, d >= current.1 { continue }
            best = (candidate, d)
        }
        guard let best else { return nil }
        return best.1 <= max(1, min(3, word.count / 3)) ? best.0 : nil
    }
}
