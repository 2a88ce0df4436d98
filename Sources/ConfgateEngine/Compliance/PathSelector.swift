import ConfgateDocument

/// A rule's `given`: a JSON Pointer whose tokens may be `*` (any one key or list index) or `**`
/// (any number of levels, zero included). `/debug`, `/services/*/image`, `/**/image`.
///
/// A pointer with wildcards is not a library's job (RFC 6901 has none, JSONPath is a different
/// syntax with different escaping); this is the small subset Spectral's users write, on pointers.
public struct PathSelector: Sendable, Hashable, CustomStringConvertible {
    public enum Token: Sendable, Hashable {
        case key(String)
        case anyOne
        case anyDepth
    }

    public let tokens: [Token]
    /// The selector as written.
    public let description: String

    /// Why a selector text is not one.
    public enum ParseError: Error, Equatable {
        case notAPointer
        case emptyToken
    }

    public init(parsing text: String) throws(ParseError) {
        guard let raw = JSONPointer.tokens(text) else { throw .notAPointer }
        var tokens: [Token] = []
        for token in raw {
            switch token {
            case "*": tokens.append(.anyOne)
            case "**":
                // `/**/**` selects what `/**` does, in more ways: keep one.
                if tokens.last != .anyDepth { tokens.append(.anyDepth) }
            case "": throw .emptyToken
            default: tokens.append(.key(token))
            }
        }
        self.tokens = tokens
        description = text
    }

    /// Whether the selector has no wildcard: it names one path.
    public var isLiteral: Bool { tokens.allSatisfy { if case .key = $0 { true } else { false } } }

    /// The selector without its last token (what `defined` walks to), and that token when it is a key.
    var parentAndLastKey: (parent: PathSelector, key: String)? {
        guard case .key(let key)? = tokens.last else { return nil }
        return (PathSelector(tokens: Array(tokens.dropLast())), key)
    }

    private init(tokens: [Token]) {
        self.tokens = tokens
        description = tokens.map { token in
            switch token {
            case .key(let key): "/" + JSONPointer.escape(key)
            case .anyOne: "/*"
            case .anyDepth: "/**"
            }
        }.joined()
    }

    /// Whether a path of tokens (a finding's pointer) is one this selector selects.
    public func matches(_ path: [String]) -> Bool {
        // Most selectors end in a key: a path ending in another cannot match.
        if case .key(let last)? = tokens.last, path.last != last { return false }
        func match(_ t: Int, _ p: Int) -> Bool {
            if t == tokens.count { return p == path.count }
            switch tokens[t] {
            case .key(let key): return p < path.count && path[p] == key && match(t + 1, p + 1)
            case .anyOne: return p < path.count && match(t + 1, p + 1)
            case .anyDepth: return (p...path.count).contains { match(t + 1, $0) }
            }
        }
        return match(0, 0)
    }

    /// What a walk found: the nodes selected, and for a literal step that found nothing, the
    /// deepest node that exists on the way (where a missing key is reported).
    struct Selection {
        /// Each selected node with the key node that names it (`nil` for list items and the root).
        var nodes: [(node: NodeID, key: NodeID?)] = []
        /// Parents in which a literal key was looked for and missing, with that key. Only filled
        /// while no wildcard has been crossed: `/server/timeout` with no `/server` is a missing
        /// `server` at the root, but `/services/*/timeout` with no services selects nothing.
        var missing: [(parent: NodeID, key: String)] = []
    }

    /// The most nodes one selection visits: a bound for alias-heavy documents that stay under the
    /// reader's node limit yet expand a `**` walk exponentially.
    static let visitBudget = 2_000_000

    /// Selects nodes of `stream` under `root`, in document order, each at most once.
    func select(_ stream: ParsedStream, _ root: NodeID) -> Selection {
        var selection = Selection()
        var seen = Set<NodeID>()
        var visited = Set<Int64>()
        var budget = PathSelector.visitBudget
        func key(_ node: NodeID, _ t: Int) -> Int64 { Int64(node.index) << 16 | Int64(t) }

        func walk(_ node: NodeID, _ keyNode: NodeID?, _ t: Int, literalSoFar: Bool) {
            let node = stream.resolved(node)
            budget -= 1
            guard budget > 0 else { return }
            if t == tokens.count {
                if seen.insert(node).inserted { selection.nodes.append((node, keyNode)) }
                return
            }
            switch tokens[t] {
            case .key(let name):
                switch stream.kind(node) {
                case .mapping:
                    if let entry = stream.entry(node, key: name) {
                        walk(entry.value, entry.key, t + 1, literalSoFar: literalSoFar)
                    } else if literalSoFar {
                        selection.missing.append((node, name))
                    }
                case .sequence:
                    let items = stream.elements(node)
                    if let i = Int(name), String(i) == name, items.indices.contains(i) {
                        walk(items[i], nil, t + 1, literalSoFar: literalSoFar)
                    } else if literalSoFar {
                        selection.missing.append((node, name))
                    }
                default:
                    if literalSoFar { selection.missing.append((node, name)) }
                }
            case .anyOne:
                forEachChild(node) { child, childKey in walk(child, childKey, t + 1, literalSoFar: false) }
            case .anyDepth:
                // Each (node, token) pair once: `/**/a/**` reaches a node along many splits.
                guard visited.insert(key(node, t)).inserted else { return }
                walk(node, keyNode, t + 1, literalSoFar: false)
                forEachChild(node) { child, childKey in walk(child, childKey, t, literalSoFar: false) }
            }
        }

        func forEachChild(_ node: NodeID, _ body: (NodeID, NodeID?) -> Void) {
            switch stream.kind(node) {
            case .mapping: stream.forEachEntry(node) { k, v in body(v, k) }
            case .sequence: for item in stream.elements(node) { body(item, nil) }
            default: break
            }
        }

        walk(root, nil, 0, literalSoFar: true)
        return selection
    }
}
