import ConfgateDocument

/// A JSON value detached from its file: what a schema's own keywords hold (`enum`, `const`,
/// `default`) and what instance values are compared against. Numbers are exact.
enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(SchemaNumber)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// JSON equality: strings compare code point by code point. Swift's `String ==` treats
    /// canonically equivalent strings as equal (`"é"` and `"e\u{301}"`), which JSON Schema does not.
    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            return x.allSatisfy { key, value in
                y.first { $0.key.unicodeScalars.elementsEqual(key.unicodeScalars) }.map { $0.value == value } ?? false
            }
        default: return false
        }
    }

    func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .number(let n): hasher.combine(n)
        case .string(let s): for b in s.utf8 { hasher.combine(b) }
        case .array(let items): hasher.combine(items.count); for item in items { hasher.combine(item) }
        case .object(let members): hasher.combine(members.count)  // order-free; equality decides
        }
    }

    /// Reads a node of a parsed stream (aliases followed, merge keys applied).
    init(_ stream: ParsedStream, _ node: NodeID, depth: Int = 0) {
        let id = stream.resolved(node)
        switch stream.kind(id) {
        case .mapping:
            var object: [String: JSONValue] = [:]
            if depth < 512 {
                for (key, value) in stream.entries(id) {
                    object[stream.keyToken(key)] = JSONValue(stream, value, depth: depth + 1)
                }
            }
            self = .object(object)
        case .sequence:
            self = .array(depth < 512 ? stream.elements(id).map { JSONValue(stream, $0, depth: depth + 1) } : [])
        case .scalar, .alias:
            switch stream.scalarType(id) ?? .string {
            case .null: self = .null
            case .bool: self = .bool(JSONValue.isTrue(stream.valueBytes(id)))
            case .integer, .number:
                if let n = SchemaNumber(stream.valueBytes(id)) { self = .number(n) } else { self = .string(stream.string(id)) }
            case .string: self = .string(stream.string(id))
            }
        }
    }

    static func isTrue(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        return first | 0x20 == UInt8(ascii: "t")
    }

    var type: JSONType {
        switch self {
        case .null: .null
        case .bool: .boolean
        case .number(let n): n.isInteger ? .integer : .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    /// Compact JSON text, for messages (numbers in their canonical form).
    var compactText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.description
        case .string(let s): return JSONWriter.quoted(s)
        case .array(let items): return "[" + items.map(\.compactText).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.sorted { $0.key < $1.key }.map { JSONWriter.quoted($0.key) + ":" + $0.value.compactText }
                .joined(separator: ",") + "}"
        }
    }
}

/// JSON Schema's seven instance types. `integer` is a number with no fractional part.
enum JSONType: String, Sendable, CaseIterable {
    case null, boolean, object, array, number, string, integer
}

extension SchemaNumber {
    /// Whether the number has no fractional part (infinities and NaN do not).
    var isInteger: Bool {
        if case .finite(let d) = self { return d.isInteger }
        return false
    }
}
