import ConfgateDocument

/// One schema object (or boolean schema), compiled: its keywords in evaluation order, with every
/// subschema and reference already resolved. Immutable once `JSONSchema.compile` returns, so one
/// compiled schema validates many documents on many threads.
final class CompiledSchema: @unchecked Sendable {
    let draft: Draft
    /// Index of the schema resource in the registry: the unit of the dynamic scope.
    let resource: Int
    /// `uri#/pointer` of this schema, the prefix of its keywords' locations.
    let location: String
    /// `true`/`false` schemas; `nil` for schema objects.
    var constant: Bool?
    var keywords: [Keyword] = []
    /// Whether `unevaluatedProperties`/`unevaluatedItems` is among the keywords: then in-place
    /// subschemas must report which properties and items they evaluated.
    var needsAnnotations = false

    init(draft: Draft, resource: Int, location: String) {
        self.draft = draft
        self.resource = resource
        self.location = location
    }
}

/// A `$ref` target, filled in after the referring schema is built (references may be cyclic).
final class SchemaBox: @unchecked Sendable {
    var schema: CompiledSchema?
}

/// One keyword of a compiled schema, with its value in the form validation needs. A class: the
/// evaluator walks keywords for every node, and copying enum payloads (and retaining what they
/// hold) on each step cost more than the checks themselves.
final class Keyword: @unchecked Sendable {
    enum Kind {
        case type([JSONType])
        case enumeration([JSONValue])
        case constant(JSONValue)
        case multipleOf(ExactDecimal)
        case maximum(SchemaNumber, exclusive: Bool)
        case minimum(SchemaNumber, exclusive: Bool)
        case maxLength(Int)
        case minLength(Int)
        case pattern(ECMARegex)
        case format(String, assert: Bool)
        /// Draft 7 `contentEncoding: base64` and/or `contentMediaType: application/json`.
        case content(base64: Bool, json: Bool)
        // Arrays
        case prefixItems([CompiledSchema])
        case items(CompiledSchema, from: Int)
        case contains(CompiledSchema, min: Int, max: Int?)
        case maxItems(Int)
        case minItems(Int)
        case uniqueItems
        case unevaluatedItems(CompiledSchema)
        // Objects
        case properties([String: CompiledSchema])
        case patternProperties([(ECMARegex, CompiledSchema)])
        case additionalProperties(CompiledSchema, known: Set<String>, patterns: [ECMARegex])
        case propertyNames(CompiledSchema)
        case required([String])
        case maxProperties(Int)
        case minProperties(Int)
        case dependentRequired([String: [String]])
        case dependentSchemas([String: CompiledSchema])
        case unevaluatedProperties(CompiledSchema)
        // Applicators
        case allOf([CompiledSchema])
        case anyOf([CompiledSchema])
        case oneOf([CompiledSchema])
        case not(CompiledSchema)
        case conditional(if: CompiledSchema, then: CompiledSchema?, else: CompiledSchema?)
        case ref(SchemaBox)
        /// `$dynamicRef`: the statically resolved target, and the anchor name to look up in the
        /// dynamic scope when that target is itself a dynamic anchor.
        case dynamicRef(SchemaBox, anchor: String?)
        /// `$recursiveRef` (2019-09): the statically resolved target.
        case recursiveRef(SchemaBox)
    }

    let kind: Kind
    /// The keyword's name as written (`exclusiveMaximum` for an exclusive bound, `items` for
    /// draft 2019-09's `additionalItems`, and so on are kept apart by this).
    let name: String
    /// `uri#/pointer` of the keyword in its schema document.
    let location: String
    /// The keyword's position in its schema file, for configuration errors and reports.
    let source: SourceLocation?

    init(kind: Kind, name: String, location: String, source: SourceLocation?) {
        self.kind = kind
        self.name = name
        self.location = location
        self.source = source
    }
}
