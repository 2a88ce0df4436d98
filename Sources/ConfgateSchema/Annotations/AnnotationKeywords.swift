import ConfgateDocument

/// How an environment's value at a path must compare with the other environments' (`x-parity`).
public enum ParityAnnotation: String, Sendable, CaseIterable {
    /// Every environment has the same value.
    case equal
    /// Every environment has its own value (no two alike).
    case distinct
    /// An environment may leave the path out.
    case optional
}

/// How an override's sequence combines with the base's (`x-confgate-merge`).
public enum ListMergeStrategy: Sendable, Hashable {
    /// The override's sequence replaces the base's: the default.
    case replace
    /// The base's items, then the override's.
    case append
    /// Items are mappings matched by the value of this key; a match merges, the rest is appended.
    case mergeByKey(String)
}

/// A confgate annotation keyword in a template whose value is not one confgate understands.
public struct AnnotationProblem: Error, Sendable, Hashable {
    /// The offending node: the keyword's value, or a key inside it.
    public let node: NodeID
    public let message: String
}

/// The spelling of confgate's annotation keywords, read leniently where a schema is indexed and
/// strictly where a template is loaded. They are `x-` keywords, which every draft's meta-schema
/// allows and every validator ignores, so a template stays a plain JSON Schema.
enum AnnotationKeywords {
    static let parityKeyword = "x-parity"
    static let mergeKeyword = "x-confgate-merge"
    static let mergeByKeyKeyword = "merge-by-key"

    /// The value of `x-parity`: `equal`, `distinct` or `optional`.
    static func parity(_ stream: ParsedStream, _ node: NodeID) -> Result<ParityAnnotation, AnnotationProblem> {
        let node = stream.resolved(node)
        if stream.kind(node) == .scalar, stream.scalarType(node) == .string,
            let value = ParityAnnotation(rawValue: stream.string(node))
        {
            return .success(value)
        }
        let valid = ParityAnnotation.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        return .failure(problem(stream, node, "\"\(parityKeyword)\" must be one of \(valid), found \(found(stream, node))"))
    }

    /// The value of `x-confgate-merge`: `append`, `replace`, or `{merge-by-key: NAME}`.
    static func merge(_ stream: ParsedStream, _ node: NodeID) -> Result<ListMergeStrategy, AnnotationProblem> {
        let node = stream.resolved(node)
        let expected = "\"\(mergeKeyword)\" must be \"append\", \"replace\" or {\"\(mergeByKeyKeyword)\": NAME}"
        switch stream.kind(node) {
        case .scalar where stream.scalarType(node) == .string:
            switch stream.string(node) {
            case "append": return .success(.append)
            case "replace": return .success(.replace)
            default: break
            }
        case .mapping:
            let entries = stream.entries(node)
            if let other = entries.first(where: { stream.keyToken($0.key) != mergeByKeyKeyword }) {
                return .failure(problem(stream, other.key, "unknown key \"\(stream.keyToken(other.key))\" in \"\(mergeKeyword)\"; it takes only \"\(mergeByKeyKeyword)\""))
            }
            guard let value = entries.first?.value else { break }
            let name = stream.resolved(value)
            guard stream.kind(name) == .scalar, stream.scalarType(name) == .string, !stream.string(name).isEmpty else {
                return .failure(problem(stream, name, "\"\(mergeByKeyKeyword)\" must be the name of the items' key, a non-empty string, found \(found(stream, name))"))
            }
            return .success(.mergeByKey(stream.string(name)))
        default:
            break
        }
        return .failure(problem(stream, node, "\(expected), found \(found(stream, node))"))
    }

    private static func problem(_ stream: ParsedStream, _ node: NodeID, _ message: String) -> AnnotationProblem {
        AnnotationProblem(node: node, message: message)
    }

    /// `string "sometimes"`, `integer 3`, `an object`. Unlike an instance's values, a template's
    /// are no secrets, so names such as `merge-by-key` do not hide them.
    private static func found(_ stream: ParsedStream, _ node: NodeID) -> String {
        let type = JSONValue(stream, node).type
        switch type {
        case .object, .array: return type.article
        case .null: return "null"
        case .string: return "string \(JSONWriter.quoted(stream.string(node)))"
        case .boolean, .integer, .number: return "\(type.rawValue) \(stream.sourceText(node))"
        }
    }

    // MARK: - Checking a template

    /// Every annotation keyword with a value confgate does not understand, in document order. Only
    /// schema objects are searched (the values of schema keywords, as the registry indexes them),
    /// so an `x-parity` inside `enum`, `const` or `examples` is data and is left alone.
    static func problems(in stream: ParsedStream, root: NodeID) -> [AnnotationProblem] {
        var problems: [AnnotationProblem] = []
        var pending = [stream.resolved(root)]
        var seen = Set<NodeID>()  // YAML aliases may share a subtree, or loop
        while let node = pending.popLast() {
            guard stream.kind(node) == .mapping, seen.insert(node).inserted else { continue }
            var children: [NodeID] = []
            for (key, value) in stream.entries(node) {
                let name = stream.keyToken(key)
                let kind = stream.kind(value)
                switch name {
                case parityKeyword:
                    if case .failure(let problem) = Self.parity(stream, value) { problems.append(problem) }
                case mergeKeyword:
                    if case .failure(let problem) = Self.merge(stream, value) { problems.append(problem) }
                default:
                    if SchemaRegistry.schemaKeywords.contains(name) && kind != .sequence { children.append(value) }
                    if SchemaRegistry.schemaArrayKeywords.contains(name) && kind == .sequence {
                        children += stream.elements(value)
                    }
                    if SchemaRegistry.schemaMapKeywords.contains(name) && kind == .mapping {
                        children += stream.entries(value).map(\.value)
                    }
                }
            }
            pending += children.reversed()  // depth first, in document order
        }
        return problems
    }
}
