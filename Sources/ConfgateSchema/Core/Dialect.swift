/// The JSON Schema drafts confgate validates, and what differs between them.
public enum Draft: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case draft4 = 4, draft6 = 6, draft7 = 7, draft2019_09 = 2019, draft2020_12 = 2020

    public static func < (a: Draft, b: Draft) -> Bool { a.rawValue < b.rawValue }

    /// The meta-schema URI that names the draft in `$schema`.
    public var metaSchemaURI: String {
        switch self {
        case .draft4: "http://json-schema.org/draft-04/schema#"
        case .draft6: "http://json-schema.org/draft-06/schema#"
        case .draft7: "http://json-schema.org/draft-07/schema#"
        case .draft2019_09: "https://json-schema.org/draft/2019-09/schema"
        case .draft2020_12: "https://json-schema.org/draft/2020-12/schema"
        }
    }

    public var description: String {
        switch self {
        case .draft4: "draft-04"
        case .draft6: "draft-06"
        case .draft7: "draft-07"
        case .draft2019_09: "2019-09"
        case .draft2020_12: "2020-12"
        }
    }

    /// The draft a `$schema` value names, accepting the usual spellings (with or without the empty
    /// fragment, http or https for the older drafts).
    public init?(metaSchemaURI uri: String) {
        var u = uri
        if u.hasSuffix("#") { u.removeLast() }
        if u.hasPrefix("https://json-schema.org/draft-0") { u = "http://" + u.dropFirst("https://".count) }
        switch u {
        case "http://json-schema.org/draft-04/schema", "http://json-schema.org/schema": self = .draft4
        case "http://json-schema.org/draft-06/schema": self = .draft6
        case "http://json-schema.org/draft-07/schema": self = .draft7
        case "https://json-schema.org/draft/2019-09/schema": self = .draft2019_09
        case "https://json-schema.org/draft/2020-12/schema": self = .draft2020_12
        default: return nil
        }
    }

    /// The keyword that sets a schema's identifier.
    var idKeyword: String { self == .draft4 ? "id" : "$id" }

    /// Before 2019-09, `$ref` replaces its schema object: sibling keywords are ignored.
    var refOverridesSiblings: Bool { self < .draft2019_09 }

    /// Whether `true`/`false` are schemas (draft 6 on).
    var allowsBooleanSchemas: Bool { self >= .draft6 }
}

/// The vocabularies of 2019-09 and 2020-12, and which keywords each holds. A meta-schema's
/// `$vocabulary` turns vocabularies on; keywords of vocabularies it leaves out are not applied.
enum Vocabulary: String, CaseIterable, Sendable {
    case core, applicator, unevaluated, validation, metaData = "meta-data", formatAnnotation = "format-annotation",
        formatAssertion = "format-assertion", format, content

    /// The vocabulary a `$vocabulary` URI names, for either draft.
    init?(uri: String) {
        let prefixes = ["https://json-schema.org/draft/2020-12/vocab/", "https://json-schema.org/draft/2019-09/vocab/"]
        guard let prefix = prefixes.first(where: { uri.hasPrefix($0) }) else { return nil }
        self.init(rawValue: String(uri.dropFirst(prefix.count)))
    }

    /// The vocabulary a keyword belongs to (2019-09 and 2020-12).
    static func of(_ keyword: String) -> Vocabulary? {
        switch keyword {
        case "properties", "patternProperties", "additionalProperties", "propertyNames", "items", "prefixItems",
            "additionalItems", "contains", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
            "dependentSchemas":
            return .applicator
        case "unevaluatedProperties", "unevaluatedItems":
            return .unevaluated
        case "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
            "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
            "maxProperties", "minProperties", "required", "dependentRequired":
            return .validation
        case "format":
            return .formatAnnotation
        default:
            return nil
        }
    }
}
