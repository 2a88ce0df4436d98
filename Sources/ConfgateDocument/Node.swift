/// Identifies a node inside one ``ParsedStream``. Only meaningful together with that stream.
public struct NodeID: Hashable, Sendable, Comparable {
    /// The node's index in the stream's arena (document order).
    public let index: Int32

    @inlinable init(_ index: Int32) { self.index = index }
    @inlinable init(_ index: Int) { self.index = Int32(truncatingIfNeeded: index) }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.index < rhs.index }
}

/// What a node is.
public enum NodeKind: UInt8, Sendable {
    case scalar
    case mapping
    case sequence
    /// A YAML alias (`*name`); ``ParsedStream/resolved(_:)`` gives the anchored node it stands for.
    case alias
}

/// How a scalar was written.
public enum ScalarStyle: UInt8, Sendable, CustomStringConvertible {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal
    case folded

    public var description: String {
        switch self {
        case .plain: "plain"
        case .singleQuoted: "single-quoted"
        case .doubleQuoted: "double-quoted"
        case .literal: "literal"
        case .folded: "folded"
        }
    }
}

/// How a mapping or sequence was written: indented block style or `{...}` / `[...]` flow style.
/// JSON collections are always flow style.
public enum CollectionStyle: UInt8, Sendable {
    case block
    case flow
}

/// The type a scalar resolves to. See `docs/yaml-typing.md` for the YAML rules.
public enum ScalarType: UInt8, Sendable, CustomStringConvertible {
    case null
    case bool
    /// An integer written without fraction or exponent (`42`, `-7`, `0x1F`). The exact source text is kept.
    case integer
    /// Any other number (`1.5`, `1e400`, `.inf`). The exact source text is kept.
    case number
    case string

    public var description: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        }
    }
}

/// The source format of a file.
public enum SourceFormat: String, Sendable, CaseIterable {
    case yaml
    case json
    /// JSON with comments and trailing commas (`.jsonc`, `tsconfig.json`-style files).
    case jsonc

    /// The format for a file name, from its extension; `nil` when it is not a config file confgate reads.
    public static func forPath(_ path: String) -> SourceFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".jsonc") { return .jsonc }
        return nil
    }
}
