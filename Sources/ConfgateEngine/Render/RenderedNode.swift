import ConfgateDocument

/// One value of a rendered configuration with the origin of its last writer. Mappings keep their
/// keys in order: the template's, then the order in which parameters add keys.
public struct RenderedNode: Sendable, Hashable {
    /// A scalar, or the members of a collection.
    public enum Content: Sendable, Hashable {
        case string(String)
        /// `null`, `true`, `false` or a number, as JSON text (numbers keep their exact digits).
        case literal(String)
        case mapping([Entry])
        case sequence([RenderedNode])
    }

    /// One key of a mapping.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: RenderedNode

        public init(key: String, value: RenderedNode) {
            self.key = key
            self.value = value
        }
    }

    public var content: Content
    public var origin: ValueOrigin

    public init(_ content: Content, origin: ValueOrigin) {
        self.content = content
        self.origin = origin
    }

    /// The node of `stream` (aliases followed, merge keys applied), every part with `origin(node)`.
    public init(_ stream: ParsedStream, _ node: NodeID, origin: (NodeID) -> ValueOrigin) {
        let node = stream.resolved(node)
        switch stream.kind(node) {
        case .mapping:
            content = .mapping(stream.entries(node).map {
                Entry(key: stream.keyToken($0.key), value: RenderedNode(stream, $0.value, origin: origin))
            })
        case .sequence:
            content = .sequence(stream.elements(node).map { RenderedNode(stream, $0, origin: origin) })
        case .scalar, .alias:
            content = stream.scalarType(node) == .string ? .string(stream.string(node)) : .literal(JSONWriter.compact(stream, node))
        }
        self.origin = origin(node)
    }

    public var isNull: Bool { content == .literal("null") }

    /// The value of `key`, for a mapping.
    public subscript(key: String) -> RenderedNode? {
        guard case .mapping(let entries) = content else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The node at JSON Pointer `tokens`, or the deepest node on the way when the rest is absent.
    public func deepest(_ tokens: ArraySlice<String>) -> RenderedNode {
        guard let token = tokens.first else { return self }
        switch content {
        case .mapping(let entries):
            if let entry = entries.first(where: { $0.key == token }) { return entry.value.deepest(tokens.dropFirst()) }
        case .sequence(let items):
            if let i = Int(token), items.indices.contains(i) { return items[i].deepest(tokens.dropFirst()) }
        case .string, .literal:
            break
        }
        return self
    }

    /// Every string with `{env}` replaced by `environment`.
    func substituting(environment: String) -> RenderedNode {
        var copy = self
        switch content {
        case .string(let text):
            copy.content = .string(text.replacingAll("{env}", with: environment))
        case .mapping(let entries):
            copy.content = .mapping(entries.map { Entry(key: $0.key, value: $0.value.substituting(environment: environment)) })
        case .sequence(let items):
            copy.content = .sequence(items.map { $0.substituting(environment: environment) })
        case .literal:
            break
        }
        return copy
    }

    // MARK: - Output

    /// Compact JSON text.
    public var compactJSON: String {
        var out = ""
        writeJSON(into: &out, indent: nil)
        return out
    }

    /// JSON with two-space indentation and a final line break.
    public var prettyJSON: String {
        var out = ""
        writeJSON(into: &out, indent: "")
        return out + "\n"
    }

    func writeJSON(into out: inout String, indent: String?) {
        let inner = indent.map { $0 + "  " }
        let (open, separator, close) = indent.map { ("\n" + $0 + "  ", ",\n" + $0 + "  ", "\n" + $0) } ?? ("", ",", "")
        switch content {
        case .string(let text):
            out += JSONWriter.quoted(text)
        case .literal(let text):
            out += text
        case .mapping(let entries):
            guard !entries.isEmpty else { out += "{}"; return }
            out += "{" + open
            for (i, entry) in entries.enumerated() {
                if i > 0 { out += separator }
                out += JSONWriter.quoted(entry.key) + (indent == nil ? ":" : ": ")
                entry.value.writeJSON(into: &out, indent: inner)
            }
            out += close + "}"
        case .sequence(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[" + open
            for (i, item) in items.enumerated() {
                if i > 0 { out += separator }
                item.writeJSON(into: &out, indent: inner)
            }
            out += close + "]"
        }
    }
}
