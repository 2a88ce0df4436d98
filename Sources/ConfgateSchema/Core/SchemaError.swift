import ConfgateDocument

/// Why a schema cannot be used. Each case names where in which schema document the problem is.
public enum SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A keyword's value has the wrong shape (`"minimum": "ten"`).
    case invalidKeyword(schema: String, pointer: String, location: SourceLocation?, message: String)
    /// A `$ref` (or `$dynamicRef`, `$recursiveRef`) whose target is not in the registry.
    case unresolvableReference(schema: String, pointer: String, location: SourceLocation?, reference: String)
    /// A `$ref` to an http(s) document that is not loaded: confgate never fetches schemas.
    case remoteReference(schema: String, pointer: String, location: SourceLocation?, reference: String)
    /// A `$schema` naming a meta-schema that is neither a known draft nor loaded.
    case unknownMetaSchema(schema: String, location: SourceLocation?, uri: String)
    /// A `pattern` (or `patternProperties` key) that is not a valid ECMA-262 regular expression;
    /// `reason` is the regex compiler's message, which names the pattern itself.
    case invalidPattern(schema: String, pointer: String, location: SourceLocation?, pattern: String, reason: String)

    public var description: String {
        func at(_ schema: String, _ location: SourceLocation?, _ pointer: String) -> String {
            let place = location.map { "\(schema):\($0.line):\($0.column)" } ?? schema
            return pointer.isEmpty ? place : "\(place) (at \(pointer))"
        }
        switch self {
        case .invalidKeyword(let schema, let pointer, let location, let message):
            return "\(at(schema, location, pointer)): \(message)"
        case .unresolvableReference(let schema, let pointer, let location, let reference):
            return "\(at(schema, location, pointer)): cannot resolve reference \"\(reference)\""
        case .remoteReference(let schema, let pointer, let location, let reference):
            return "\(at(schema, location, pointer)): reference \"\(reference)\" names a remote document, which confgate never fetches; vendor it and name its folder with --schema-dir or --schema-map (or schema-dirs/schema-maps in .confgate.yaml)"
        case .unknownMetaSchema(let schema, let location, let uri):
            return "\(at(schema, location, "")): unknown meta-schema \"\(uri)\" in $schema; name a draft (https://json-schema.org/draft/2020-12/schema, ...) or make the meta-schema available with --schema-dir or --schema-map"
        case .invalidPattern(let schema, let pointer, let location, _, let reason):
            return "\(at(schema, location, pointer)): \(reason)"
        }
    }
}
