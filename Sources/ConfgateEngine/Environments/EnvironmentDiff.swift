import ConfgateDocument

/// The structural difference between two resolved environments of a service: what `confgate diff`
/// prints (docs/environments.md, "diff"). Mappings are compared key by key; scalars and lists are
/// compared as whole values by their JSON text (a list is one value, as the merge replaces it
/// whole); a mapping on one side and anything else on the other is one change at that path.
public enum EnvironmentDiff {
    /// One path that differs.
    public struct Change: Sendable {
        public enum Kind: String, Sendable {
            /// In the second environment only.
            case added
            /// In the first environment only.
            case removed
            /// In both, with different values.
            case changed
        }

        public let kind: Kind
        /// The path's JSON Pointer tokens (empty: the whole document).
        public let tokens: [String]
        /// The value in the first environment (`nil` when added).
        public let from: ResolvedValue?
        /// The value in the second environment (`nil` when removed).
        public let to: ResolvedValue?
        /// Where each side was set: the value's node, or for a mapping the key that wrote it last
        /// (a mapping's own origin is the first layer that has one, which says less).
        public let fromOrigin: Origin?
        public let toOrigin: Origin?

        /// The RFC 6901 pointer of the path (`""` for the whole document).
        public var pointer: String { tokens.map { "/" + JSONPointer.escape($0) }.joined() }
    }

    /// Every path where `b` differs from `a`, in document order: keys in the order of `b`, a key
    /// only `a` has just before the first key both have that follows it in `a`.
    public static func changes(from a: ResolvedEnvironment, to b: ResolvedEnvironment) -> [Change] {
        var changes: [Change] = []
        compare(a.value, a.value?.origin, b.value, b.value?.origin, a, b, tokens: [], into: &changes)
        return changes
    }

    private static func compare(
        _ x: ResolvedValue?, _ xOrigin: Origin?, _ y: ResolvedValue?, _ yOrigin: Origin?, _ a: ResolvedEnvironment,
        _ b: ResolvedEnvironment, tokens: [String], into changes: inout [Change]
    ) {
        switch (x, y) {
        case (nil, nil):
            return
        case (let x?, nil):
            changes.append(Change(kind: .removed, tokens: tokens, from: x, to: nil, fromOrigin: xOrigin, toOrigin: nil))
        case (nil, let y?):
            changes.append(Change(kind: .added, tokens: tokens, from: nil, to: y, fromOrigin: nil, toOrigin: yOrigin))
        case (.mapping(let xs, _)?, .mapping(let ys, _)?):
            var position: [String: Int] = [:]
            for (i, entry) in xs.enumerated() { position[entry.key] = i }
            let inY = Set(ys.map(\.key))
            var next = 0  // the first entry of `xs` not yet visited
            func flushRemoved(upTo end: Int) {
                while next < end {
                    let entry = xs[next]
                    if !inY.contains(entry.key) {
                        compare(entry.value, origin(entry), nil, nil, a, b, tokens: tokens + [entry.key], into: &changes)
                    }
                    next += 1
                }
            }
            for entry in ys {
                let path = tokens + [entry.key]
                guard let i = position[entry.key] else {
                    compare(nil, nil, entry.value, origin(entry), a, b, tokens: path, into: &changes)
                    continue
                }
                flushRemoved(upTo: i)
                next = max(next, i + 1)
                compare(xs[i].value, origin(xs[i]), entry.value, origin(entry), a, b, tokens: path, into: &changes)
            }
            flushRemoved(upTo: xs.count)
        case (let x?, let y?):
            if case .mapping = x {} else if case .mapping = y {} else if a.json(x) == b.json(y) { return }
            changes.append(Change(kind: .changed, tokens: tokens, from: x, to: y, fromOrigin: xOrigin, toOrigin: yOrigin))
        }
    }

    private static func origin(_ entry: ResolvedEntry) -> Origin {
        if case .mapping = entry.value { return entry.keyOrigin }
        return entry.value.origin
    }
}
