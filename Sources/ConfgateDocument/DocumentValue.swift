/// A JSON value with its members in order, detached from any source: what a writer prints when the
/// value is not one node of a parsed file (a resolved environment, with secrets masked). Numbers
/// keep their JSON text, so nothing is rounded through a `Double`.
public indirect enum DocumentValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A JSON number's text (`8443`, `0.5`, `1e999`).
    case number(String)
    case string(String)
    case object([Member])
    case array([DocumentValue])

    /// One member of an object.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: DocumentValue

        public init(_ key: String, _ value: DocumentValue) {
            self.key = key
            self.value = value
        }
    }

    /// A scalar node's logical value, typed as `JSONWriter` writes it (YAML-only numbers mapped as
    /// docs/yaml-typing.md says: `0x1F` is 31, `.nan` is `null`). A collection node gives `nil`.
    public static func scalar(_ stream: ParsedStream, _ id: NodeID) -> DocumentValue? {
        let node = stream.resolved(id)
        guard stream.kind(node) == .scalar else { return nil }
        let value = stream.valueBytes(node)
        switch stream.scalarType(node) ?? .null {
        case .null: return .null
        case .bool: return .bool(value.first == UInt8(ascii: "t") || value.first == UInt8(ascii: "T"))
        case .integer: return .number(Numbers.jsonInteger(value))
        case .number:
            let text = Numbers.jsonNumber(value)
            return text == "null" ? .null : .number(text)
        case .string: return .string(String(decoding: value, as: UTF8.self))
        }
    }

    /// A node and everything under it, aliases followed and merge keys applied (the logical view
    /// `ParsedStream.entries` gives).
    public init(_ stream: ParsedStream, _ id: NodeID) {
        let node = stream.resolved(id)
        switch stream.kind(node) {
        case .mapping:
            self = .object(stream.entries(node).map { Member(stream.keyToken($0.key), DocumentValue(stream, $0.value)) })
        case .sequence:
            self = .array(stream.elements(node).map { DocumentValue(stream, $0) })
        default:
            self = DocumentValue.scalar(stream, node) ?? .null
        }
    }

    // MARK: - JSON text

    /// The compact JSON text.
    public var compactJSON: String {
        var out = ""
        writeJSON(into: &out, indent: nil)
        return out
    }

    /// The JSON text indented by two spaces per level, members one a line; empty collections stay
    /// `{}` and `[]`.
    public var prettyJSON: String {
        var out = ""
        writeJSON(into: &out, indent: 0)
        return out
    }

    private func writeJSON(into out: inout String, indent: Int?) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let text): out += text
        case .string(let s): out += JSONWriter.quoted(s)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if let indent { out += "\n" + String(repeating: " ", count: indent + 2) }
                item.writeJSON(into: &out, indent: indent.map { $0 + 2 })
            }
            if let indent { out += "\n" + String(repeating: " ", count: indent) }
            out += "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                if let indent { out += "\n" + String(repeating: " ", count: indent + 2) }
                out += JSONWriter.quoted(member.key) + (indent == nil ? ":" : ": ")
                member.value.writeJSON(into: &out, indent: indent.map { $0 + 2 })
            }
            if let indent { out += "\n" + String(repeating: " ", count: indent) }
            out += "}"
        }
    }
}
