import ConfgateDocument

/// The text of every schema violation. Messages are short, lowercase, without a trailing period,
/// name the key they are about, say what was expected and what was found, and never quote a value
/// that may be a secret (see `mayQuote`).
enum Messages {
    // MARK: - Subjects

    /// How a message names the node: `"port"`, `"servers[2]"`, `key "Foo"`, or `the document`.
    static func subject(_ stream: ParsedStream, _ node: NodeID) -> String {
        let tokens = JSONPointer.tokens(stream.pointer(node)) ?? []
        guard !tokens.isEmpty else { return "the document" }
        var indexes = ""
        var i = tokens.count - 1
        while i >= 0, !tokens[i].isEmpty, tokens[i].allSatisfy(\.isNumber), isIndex(stream, node, depthFromEnd: tokens.count - 1 - i) {
            indexes = "[\(tokens[i])]" + indexes
            i -= 1
        }
        let name = i >= 0 ? tokens[i] : "the document"
        return i >= 0 ? "\"\(name)\(indexes)\"" : "item \(indexes)"
    }

    /// Whether the token `depthFromEnd` levels above `node` is a sequence index.
    private static func isIndex(_ stream: ParsedStream, _ node: NodeID, depthFromEnd: Int) -> Bool {
        var current: NodeID? = stream.isKey(node) ? nil : node
        if current == nil, let parent = stream.parent(node) { current = parent }
        for _ in 0..<depthFromEnd { current = current.flatMap(stream.parent) }
        guard let current, let parent = stream.parent(current) else { return false }
        return stream.kind(parent) == .sequence
    }

    /// Key names whose values are never quoted in messages, whatever the schema says about them.
    private static let secretWords = ["password", "passwd", "secret", "token", "apikey", "api_key", "api-key", "credential", "private", "auth", "key"]

    /// Whether a string value may appear in a message: short, and not under a key that suggests a
    /// credential. A full secret detector arrives with the secrets issue; until then this errs on
    /// the side of not quoting.
    static func mayQuote(_ stream: ParsedStream, _ node: NodeID, _ value: String) -> Bool {
        guard value.unicodeScalars.count <= 40, !value.contains("\n") else { return false }
        return !underSecretKey(stream, node)
    }

    /// Whether the node sits under a key whose name suggests a credential (a numeric PIN is a
    /// secret too, so this gates numbers as well as strings).
    static func underSecretKey(_ stream: ParsedStream, _ node: NodeID) -> Bool {
        let name = (JSONPointer.tokens(stream.pointer(node))?.last ?? "").lowercased()
        return secretWords.contains { name.contains($0) }
    }

    /// The number as written, or `a number` under a credential-like key.
    static func numberText(_ stream: ParsedStream, _ node: NodeID) -> String {
        underSecretKey(stream, node) ? "a number" : stream.sourceText(node)
    }

    /// `string "80a"`, `integer 80`, `an object`, for "found ..." clauses.
    static func found(_ stream: ParsedStream, _ node: NodeID, _ type: JSONType) -> String {
        switch type {
        case .object, .array: return type.article
        case .null: return "null"
        case .string:
            let value = stream.isKey(node) ? stream.keyToken(node) : stream.string(node)
            return mayQuote(stream, node, value) ? "string \(JSONWriter.quoted(value))" : "a string"
        case .boolean, .integer, .number:
            return underSecretKey(stream, node) ? type.article : "\(type.rawValue) \(stream.sourceText(node))"
        }
    }

    static func foundValue(_ stream: ParsedStream, _ node: NodeID) -> String {
        let value = JSONValue(stream, node)
        if case .string(let s) = value, !mayQuote(stream, node, s) { return "a different string" }
        if underSecretKey(stream, node) { return "a different value" }
        switch value {
        case .object, .array: return value.type.article
        default: return value.compactText
        }
    }

    // MARK: - Keywords

    static func falseSchema(_ stream: ParsedStream, _ node: NodeID) -> String {
        "\(subject(stream, node)) is not allowed here"
    }

    static func depthLimit(_ stream: ParsedStream, _ node: NodeID, _ limit: Int) -> String {
        "\(subject(stream, node)): the schema applies itself more than \(limit) times here without descending; it recurses forever"
    }

    static func type(_ stream: ParsedStream, _ node: NodeID, _ types: [JSONType], found t: JSONType) -> String {
        "\(subject(stream, node)) must be \(list(types.map(\.article), "or")), found \(found(stream, node, t))"
    }

    static func enumeration(_ stream: ParsedStream, _ node: NodeID, _ values: [JSONValue]) -> String {
        let shown = values.prefix(10).map(\.compactText)
        let more = values.count > 10 ? " (or \(values.count - 10) more)" : ""
        return "\(subject(stream, node)) must be one of \(shown.joined(separator: ", "))\(more), found \(foundValue(stream, node))"
    }

    static func constant(_ stream: ParsedStream, _ node: NodeID, _ expected: JSONValue) -> String {
        "\(subject(stream, node)) must be \(expected.compactText), found \(foundValue(stream, node))"
    }

    static func multipleOf(_ stream: ParsedStream, _ node: NodeID, _ divisor: ExactDecimal) -> String {
        "\(subject(stream, node)) must be a multiple of \(divisor), found \(numberText(stream, node))"
    }

    static func bound(_ stream: ParsedStream, _ node: NodeID, _ limit: SchemaNumber, maximum: Bool, exclusive: Bool) -> String {
        let relation = maximum ? (exclusive ? "less than" : "at most") : (exclusive ? "greater than" : "at least")
        return "\(subject(stream, node)) must be \(relation) \(limit), found \(numberText(stream, node))"
    }

    static func length(_ stream: ParsedStream, _ node: NodeID, _ limit: Int, maximum: Bool, found: Int) -> String {
        "\(subject(stream, node)) must be at \(maximum ? "most" : "least") \(limit) \(limit == 1 ? "character" : "characters") long, found \(found)"
    }

    static func pattern(_ stream: ParsedStream, _ node: NodeID, _ pattern: String) -> String {
        "\(subject(stream, node)) must match the pattern \(JSONWriter.quoted(pattern))\(foundString(stream, node))"
    }

    /// `, found "2GB"` for a string that may be quoted, else nothing.
    static func foundString(_ stream: ParsedStream, _ node: NodeID) -> String {
        let value = stream.isKey(node) ? stream.keyToken(node) : stream.string(node)
        return mayQuote(stream, node, value) ? ", found \(JSONWriter.quoted(value))" : ""
    }

    static func patternLimit(_ stream: ParsedStream, _ node: NodeID, _ pattern: String) -> String {
        "\(subject(stream, node)) was not checked: the pattern \(JSONWriter.quoted(pattern)) exceeded the regex match limit on it (catastrophic backtracking); simplify the pattern"
    }

    static func format(_ stream: ParsedStream, _ node: NodeID, _ format: String) -> String {
        "\(subject(stream, node)) must be a valid \(format)\(foundString(stream, node))"
    }

    static func content(_ stream: ParsedStream, _ node: NodeID, _ what: String) -> String {
        "\(subject(stream, node)) must be \(what)"
    }

    static func extraItem(_ stream: ParsedStream, _ array: NodeID, index: Int, allowed: Int) -> String {
        "\(subject(stream, array)) must have at most \(allowed) \(allowed == 1 ? "item" : "items"); item \(index) is not allowed"
    }

    static func unevaluatedItem(_ stream: ParsedStream, _ array: NodeID, index: Int) -> String {
        "item \(index) of \(subject(stream, array)) is not allowed (unevaluatedItems)"
    }

    static func contains(_ stream: ParsedStream, _ node: NodeID, minimum: Int, found: Int) -> String {
        "\(subject(stream, node)) must contain at least \(minimum) matching \(minimum == 1 ? "item" : "items"), found \(found)"
    }

    static func containsMaximum(_ stream: ParsedStream, _ node: NodeID, maximum: Int, found: Int) -> String {
        "\(subject(stream, node)) must contain at most \(maximum) matching \(maximum == 1 ? "item" : "items"), found \(found)"
    }

    static func count(_ stream: ParsedStream, _ node: NodeID, _ limit: Int, maximum: Bool, found: Int, noun: String) -> String {
        "\(subject(stream, node)) must have at \(maximum ? "most" : "least") \(limit) \(limit == 1 ? noun : noun + "s"), found \(found)"
    }

    static func duplicateItem(_ stream: ParsedStream, _ array: NodeID, first: Int, second: Int) -> String {
        "\(subject(stream, array)) must not contain duplicates; items \(first) and \(second) are equal"
    }

    static func notAllowed(_ stream: ParsedStream, _ key: NodeID, _ name: String, suggestion: String?) -> String {
        let base = "\(JSONWriter.quoted(name)) is not allowed"
        return suggestion.map { "\(base); did you mean \(JSONWriter.quoted($0))?" } ?? base
    }

    static func propertyName(_ stream: ParsedStream, _ key: NodeID, _ reason: String?) -> String {
        "key \(JSONWriter.quoted(stream.keyToken(key))) is not a valid name" + (reason.map { ": \($0)" } ?? "")
    }

    static func required(_ stream: ParsedStream, _ node: NodeID, _ name: String) -> String {
        let tokens = JSONPointer.tokens(stream.pointer(node)) ?? []
        return tokens.isEmpty
            ? "missing required key \(JSONWriter.quoted(name))"
            : "\(subject(stream, node)) is missing required key \(JSONWriter.quoted(name))"
    }

    static func dependentRequired(_ stream: ParsedStream, _ node: NodeID, _ name: String, needs: String) -> String {
        "\(JSONWriter.quoted(name)) requires \(JSONWriter.quoted(needs)) to be present"
    }

    static func oneOfSeveral(_ stream: ParsedStream, _ node: NodeID, _ indexes: [Int]) -> String {
        "\(subject(stream, node)) must match exactly one of the oneOf schemas, but matches \(indexes.count) (\(list(indexes.map(String.init), "and")))"
    }

    static func not(_ stream: ParsedStream, _ node: NodeID) -> String {
        "\(subject(stream, node)) must not match the schema under \"not\""
    }

    static func noBranch(_ stream: ParsedStream, _ node: NodeID, _ keyword: String, _ errors: [SchemaViolation], found t: JSONType) -> String {
        "\(subject(stream, node)) must match \(keyword == "oneOf" ? "one" : "at least one") of the \(keyword) schemas, found \(found(stream, node, t))"
    }

    // MARK: - Helpers

    static func list(_ items: [String], _ conjunction: String) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
        }
    }

    /// The allowed key closest to a misspelt one, if it is close enough to be a likely typo.
    static func closest(_ name: String, in candidates: Set<String>) -> String? {
        Spelling.closest(to: name, in: candidates.sorted())
    }
}
