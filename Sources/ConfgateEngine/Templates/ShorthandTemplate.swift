import ConfgateDocument
import ConfgateSchema

/// What a short-hand template describes (its `type`); shown by `confgate templates list`.
public enum TemplateKind: String, Sendable, CaseIterable {
    /// An application's own settings.
    case service
    /// Shared platform settings: clusters, networks, storage.
    case infrastructure
    /// Settings a security team owns: authentication, secrets, policies.
    case security
}

/// A short-hand template: the form a team writes by hand (`name`, `type`, `schema` mapping field
/// names to type names), compiled to an equivalent JSON Schema (draft 2020-12).
///
/// The format, and why it is decided the way it is, is in docs/templates.md. In short: `"T?"` or a
/// key ending in `?` marks an optional field; `[T]` is an array of `T`; a nested mapping is a nested
/// object unless its keys are JSON Schema keywords, when it is passed through as a JSON Schema; a
/// key `"*"` gives the type of keys not listed (otherwise unknown keys are errors).
public struct ShorthandTemplate: Sendable {
    /// The template's name (`name`), used by `confgate templates show NAME`; the schema's `title`.
    public var name: String
    /// What the template describes (`type`).
    public var type: TemplateKind
    /// The optional `description`, also the generated schema's `description`.
    public var description: String?
    /// Ids of the compliance rules attached to the template (`validation_rules`), kept as data.
    public var validationRules: [String]
    /// The equivalent JSON Schema (draft 2020-12), as compact JSON text with "$schema" set, "title" = name.
    public var jsonSchema: String
    /// Where each part of the generated schema comes from: a JSON Pointer into `jsonSchema` ->
    /// the range in the template file (a field's type, a passed-through keyword, and for
    /// `/required/N` the key of the field that makes it required). Used to point at the template
    /// from what the generated schema says (`confgate render`).
    public var sourceRanges: [String: SourceRange] = [:]

    /// The keys a short-hand template may have at its top level.
    public static let topLevelKeys = ["name", "type", "description", "schema", "validation_rules"]
    /// The type names a field can be given, each optionally followed by `?`.
    public static let typeNames = ["string", "integer", "number", "boolean", "object", "array", "null", "any"]

    /// Whether a parsed YAML/JSON document looks like a short-hand template (top-level `name` +
    /// `schema` and no `$schema`/`type: object`/`properties` at top level).
    public static func isShorthand(_ stream: ParsedStream, root: NodeID) -> Bool {
        let node = stream.resolved(root)
        guard stream.kind(node) == .mapping else { return false }
        var hasName = false, hasSchema = false
        for entry in stream.entries(node) {
            switch stream.keyToken(entry.key) {
            case "name": hasName = true
            case "schema": hasSchema = true
            case "$schema", "properties": return false
            case "type":
                if stream.scalarType(entry.value) == .string && stream.string(entry.value) == "object" { return false }
            default: break
            }
        }
        return hasName && hasSchema
    }

    /// Compiles the template at `root`. `file` is how the template file is named in errors, which
    /// name its line, column and key path (`schema.database.pool`).
    public static func compile(_ stream: ParsedStream, root: NodeID, file: String) throws(ConfigError) -> ShorthandTemplate {
        let reader = ConfigNodeReader(stream: stream, file: file)
        let top = stream.resolved(root)
        let entries = try reader.mapping(top, path: "")
        try reader.checkKeys(entries, allowed: topLevelKeys, path: "")
        func required(_ key: String, _ what: String) throws(ConfigError) -> NodeID {
            guard let entry = entries.first(where: { $0.name == key }) else {
                throw .invalidValue(
                    file: file, at: stream.start(top), path: "(top level)", message: "a template needs \"\(key)\", \(what)")
            }
            return entry.value
        }
        let nameNode = try required("name", "its name")
        let typeNode = try required("type", "one of service, infrastructure, security")
        let schemaNode = try required("schema", "the mapping of field names to types")

        let name = try reader.string(nameNode, path: "name")
        guard isValidName(name) else {
            throw .invalidValue(
                file: file, at: stream.start(nameNode), path: "name",
                message: "must start with a letter or digit and hold only letters, digits, \".\", \"_\" and \"-\", found \(JSONWriter.quoted(name))")
        }
        let typeText = try reader.string(typeNode, path: "type")
        guard let kind = TemplateKind(rawValue: typeText) else {
            let all = TemplateKind.allCases.map(\.rawValue)
            let hint = closestMatch(to: typeText, in: all).map { "; did you mean \"\($0)\"?" } ?? ""
            throw .invalidValue(
                file: file, at: stream.start(typeNode), path: "type",
                message: "must be one of \(all.joined(separator: ", ")), found \(JSONWriter.quoted(typeText))\(hint)")
        }
        let description = try entries.first(where: { $0.name == "description" }).map { e throws(ConfigError) in
            try reader.string(e.value, path: "description")
        }
        var rules: [String] = []
        if let rulesNode = entries.first(where: { $0.name == "validation_rules" })?.value {
            let list = stream.resolved(rulesNode)
            guard stream.kind(list) == .sequence else {
                throw .wrongType(
                    file: file, at: stream.start(list), path: "validation_rules", expected: "a list of rule ids",
                    found: reader.describe(list))
            }
            for (i, item) in stream.elements(list).enumerated() {
                let id = try reader.string(item, path: "validation_rules[\(i)]")
                if rules.contains(id) {
                    throw .invalidValue(
                        file: file, at: stream.start(item), path: "validation_rules[\(i)]",
                        message: "\(JSONWriter.quoted(id)) is listed twice")
                }
                rules.append(id)
            }
        }

        let fields = stream.resolved(schemaNode)
        guard stream.kind(fields) == .mapping else {
            throw .wrongType(
                file: file, at: stream.start(fields), path: "schema", expected: "a mapping of field names to types",
                found: reader.describe(fields))
        }
        var compiler = ShorthandCompiler(stream: stream, file: file, reader: reader)
        compiler.sourceRanges[""] = stream.range(fields)
        compiler.sourceRanges["/title"] = stream.range(nameNode)
        compiler.out.append(contentsOf: "{\"$schema\":".utf8)
        JSONWriter.writeString(Draft.draft2020_12.metaSchemaURI.utf8, into: &compiler.out)
        compiler.out.append(contentsOf: ",\"title\":".utf8)
        JSONWriter.writeString(name.utf8, into: &compiler.out)
        if let description {
            compiler.out.append(contentsOf: ",\"description\":".utf8)
            JSONWriter.writeString(description.utf8, into: &compiler.out)
        }
        compiler.out.append(UInt8(ascii: ","))
        try compiler.objectMembers(fields, path: "schema")
        compiler.out.append(UInt8(ascii: "}"))
        return ShorthandTemplate(
            name: name, type: kind, description: description, validationRules: rules,
            jsonSchema: String(decoding: compiler.out, as: UTF8.self), sourceRanges: compiler.sourceRanges)
    }

    /// A name is used on the command line (`confgate templates show NAME`) and in messages, so it
    /// is kept to a plain word: ASCII letters, digits, `.`, `_`, `-`, not starting with punctuation.
    static func isValidName(_ name: String) -> Bool {
        func isAlphanumeric(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
        }
        guard let first = name.utf8.first, isAlphanumeric(first) else { return false }
        return name.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    // MARK: - JSON Schema keywords

    /// The draft 2020-12 keywords that make a nested mapping a JSON Schema rather than a nested
    /// object: every keyword except the annotations below.
    static let definingKeywords: Set<String> = [
        "$id", "$schema", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "$defs",
        "prefixItems", "items", "contains", "additionalProperties", "properties", "patternProperties",
        "dependentSchemas", "propertyNames", "if", "then", "else", "allOf", "anyOf", "oneOf", "not",
        "unevaluatedItems", "unevaluatedProperties",
        "type", "const", "enum", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
        "maxProperties", "minProperties", "required", "dependentRequired",
        "format", "contentEncoding", "contentMediaType", "contentSchema",
    ]
    /// Annotation keywords: allowed beside a defining keyword, but on their own they are ordinary
    /// field names, so `{name: string, description: string}` stays a nested object.
    static let annotationKeywords: Set<String> = [
        "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly", "$comment",
    ]
    /// confgate's own annotation: a default per environment, used by `confgate render --env`
    /// (docs/render.md). Allowed in a passed-through JSON Schema; it must be a mapping.
    public static let defaultByEnvKeyword = "x-confgate-default-by-env"

    /// The 2020-12 meta-schema, compiled once, to check JSON Schema passed through a template at
    /// its own position in the template file.
    static let metaSchema: JSONSchema? = try? JSONSchema.compile(
        uri: Draft.draft2020_12.metaSchemaURI, registry: SchemaRegistry())
}

// MARK: - Compiler

/// Walks the `schema` mapping and writes the JSON Schema, keys in source order.
private struct ShorthandCompiler {
    let stream: ParsedStream
    let file: String
    let reader: ConfigNodeReader
    var out: [UInt8] = []
    /// The JSON Pointer, in the generated schema, of the schema being written.
    var pointer = ""
    /// See `ShorthandTemplate.sourceRanges`.
    var sourceRanges: [String: SourceRange] = [:]

    init(stream: ParsedStream, file: String, reader: ConfigNodeReader) {
        self.stream = stream
        self.file = file
        self.reader = reader
    }

    /// The members (without braces) of the schema of a short-hand object: `type`, `properties`,
    /// `required`, `additionalProperties`. Every key of the mapping is a field name here.
    mutating func objectMembers(_ mapping: NodeID, path: String) throws(ConfigError) {
        let entries = stream.entries(mapping)
        if entries.isEmpty {
            throw .invalidValue(
                file: file, at: stream.start(mapping), path: path,
                message: path == "schema"
                    ? "lists no field; a template needs at least one"
                    : "lists no field; write \"object\" for any mapping, or name the fields")
        }
        var requiredNames: [String] = []
        var seen: [String: String] = [:]
        var additional: NodeID?
        var wroteProperty = false
        out.append(contentsOf: "\"type\":\"object\"".utf8)
        for entry in entries {
            let written = stream.keyToken(entry.key)
            if written == "*" || written == "*?" {
                if written == "*?" { throw anyOtherKeyIsOptional(at: stream.start(entry.key), path: "\(path).*") }
                additional = entry.value
                continue
            }
            let keyOptional = written.hasSuffix("?")
            let field = keyOptional ? String(written.dropLast()) : written
            let fieldPath = "\(path).\(field)"
            if let first = seen[field] {
                throw .invalidValue(
                    file: file, at: stream.start(entry.key), path: fieldPath,
                    message: "listed twice (as \(JSONWriter.quoted(first)) and \(JSONWriter.quoted(written)))")
            }
            seen[field] = written
            out.append(contentsOf: (wroteProperty ? "," : ",\"properties\":{").utf8)
            wroteProperty = true
            JSONWriter.writeString(field.utf8, into: &out)
            out.append(UInt8(ascii: ":"))
            let objectPointer = pointer
            pointer = objectPointer + "/properties/" + JSONPointer.escape(field)
            let typeOptional = try schema(entry.value, path: fieldPath)
            pointer = objectPointer
            if !keyOptional && !typeOptional {
                sourceRanges[pointer + "/required/\(requiredNames.count)"] = stream.range(entry.key)
                requiredNames.append(field)
            }
        }
        if wroteProperty { out.append(UInt8(ascii: "}")) }
        if !requiredNames.isEmpty {
            out.append(contentsOf: ",\"required\":[".utf8)
            for (i, field) in requiredNames.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(field.utf8, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(contentsOf: ",\"additionalProperties\":".utf8)
        if let additional {
            let objectPointer = pointer
            pointer += "/additionalProperties"
            defer { pointer = objectPointer }
            if try schema(additional, path: "\(path).*") {
                throw anyOtherKeyIsOptional(at: stream.start(additional), path: "\(path).*")
            }
        } else {
            out.append(contentsOf: "false".utf8)
        }
    }

    /// Writes the schema of one type (a type name, `[T]`, a nested object or a JSON Schema) and
    /// returns whether it was marked optional with a trailing `?`.
    mutating func schema(_ node: NodeID, path: String) throws(ConfigError) -> Bool {
        let node = stream.resolved(node)
        sourceRanges[pointer] = stream.range(node)
        switch stream.kind(node) {
        case .sequence:
            let items = stream.elements(node)
            guard items.count == 1 else {
                throw .invalidValue(
                    file: file, at: stream.start(node), path: path,
                    message: "a list type names exactly one item type, as in [\"string\"], found \(items.count)")
            }
            out.append(contentsOf: "{\"type\":\"array\",\"items\":".utf8)
            let arrayPointer = pointer
            pointer += "/items"
            defer { pointer = arrayPointer }
            if try schema(items[0], path: "\(path)[0]") {
                throw .invalidValue(
                    file: file, at: stream.start(items[0]), path: "\(path)[0]",
                    message: "an item type cannot be optional; a \"?\" marks a field that may be absent")
            }
            out.append(UInt8(ascii: "}"))
            return false
        case .mapping:
            let keys = stream.entries(node).map { (name: stream.keyToken($0.key), key: $0.key) }
            guard keys.contains(where: { ShorthandTemplate.definingKeywords.contains($0.name) }) else {
                out.append(UInt8(ascii: "{"))
                try objectMembers(node, path: path)
                out.append(UInt8(ascii: "}"))
                return false
            }
            try checkJSONSchema(node, keys: keys, path: path)
            recordRanges(node, at: pointer)
            JSONWriter.write(stream, node, into: &out)
            return false
        case .scalar, .alias:
            switch stream.scalarType(node) {
            case .string:
                return try typeName(node, path: path)
            case .null:
                throw .invalidValue(
                    file: file, at: stream.start(node), path: path,
                    message: "no type given; write a type name (the null type is \"null\", in quotes)")
            default:
                throw .wrongType(
                    file: file, at: stream.start(node), path: path, expected: "a type name, a list or a mapping",
                    found: reader.describe(node))
            }
        }
    }

    /// Writes the schema of a type name (`integer`, `string?`) and returns whether it is optional.
    mutating func typeName(_ node: NodeID, path: String) throws(ConfigError) -> Bool {
        let text = stream.string(node)
        let optional = text.hasSuffix("?")
        let base = optional ? String(text.dropLast()) : text
        guard ShorthandTemplate.typeNames.contains(base) else {
            let hint: String
            if let match = closestMatch(to: base, in: ShorthandTemplate.typeNames) {
                hint = "did you mean \"\(match)\(optional ? "?" : "")\"?"
            } else {
                hint = "the types are \(ShorthandTemplate.typeNames.joined(separator: ", "))"
            }
            throw .invalidValue(
                file: file, at: stream.start(node), path: path, message: "unknown type \(JSONWriter.quoted(text)); \(hint)")
        }
        if base == "any" {
            out.append(contentsOf: "true".utf8)
        } else {
            out.append(contentsOf: "{\"type\":\"\(base)\"}".utf8)
        }
        return optional
    }

    /// A mapping with a defining keyword is a JSON Schema: all its keys must be keywords (a key
    /// that is not is a typo or a field name, and guessing which would be wrong), and it must be
    /// valid against the 2020-12 meta-schema, reported here at its place in the template.
    func checkJSONSchema(_ node: NodeID, keys: [(name: String, key: NodeID)], path: String) throws(ConfigError) {
        let keywords = ShorthandTemplate.definingKeywords.union(ShorthandTemplate.annotationKeywords)
            .union([ShorthandTemplate.defaultByEnvKeyword])
        if let byEnv = keys.first(where: { $0.name == ShorthandTemplate.defaultByEnvKeyword }),
            let value = stream.entries(node).first(where: { $0.key == byEnv.key })?.value,
            stream.kind(stream.resolved(value)) != .mapping
        {
            throw .wrongType(
                file: file, at: stream.start(value), path: "\(path).\(byEnv.name)",
                expected: "a mapping of environment names to values", found: reader.describe(stream.resolved(value)))
        }
        if let stray = keys.first(where: { !keywords.contains($0.name) }) {
            if let match = closestMatch(to: stray.name, in: keywords.sorted()) {
                throw .unknownKey(
                    file: file, at: stream.start(stray.key), key: stray.name, path: path, suggestion: match)
            }
            let keyword = keys.first(where: { ShorthandTemplate.definingKeywords.contains($0.name) })?.name ?? ""
            throw .invalidValue(
                file: file, at: stream.start(stray.key), path: path,
                message: "mixes JSON Schema keywords (\(JSONWriter.quoted(keyword))) with field names (\(JSONWriter.quoted(stray.name))); an object with a field named like a keyword is written as a full JSON Schema")
        }
        guard let violation = ShorthandTemplate.metaSchema?.validate(stream, node).first else { return }
        throw .invalidValue(
            file: file, at: stream.start(violation.node), path: path + relativePath(of: violation.node, below: node),
            message: "not a valid JSON Schema: \(violation.message)")
    }

    /// Records the range of every node of a passed-through JSON Schema under its generated pointer.
    mutating func recordRanges(_ node: NodeID, at pointer: String) {
        let node = stream.resolved(node)
        sourceRanges[pointer] = stream.range(node)
        switch stream.kind(node) {
        case .mapping:
            for entry in stream.entries(node) {
                recordRanges(entry.value, at: pointer + "/" + JSONPointer.escape(stream.keyToken(entry.key)))
            }
        case .sequence:
            for (i, item) in stream.elements(node).enumerated() { recordRanges(item, at: pointer + "/\(i)") }
        case .scalar, .alias:
            break
        }
    }

    /// The key path of `node` below `ancestor` (`.minimum`, `.enum[2]`), or "" when `node` is not
    /// written inside it (reached through an alias).
    func relativePath(of node: NodeID, below ancestor: NodeID) -> String {
        var parts: [String] = []
        var current = node
        if stream.isKey(current), let parent = stream.parent(current) {
            // A key names the value it holds: describe the key by its own token.
            parts.append(".\(stream.keyToken(current))")
            current = parent
        }
        while current != ancestor {
            guard let parent = stream.parent(current) else { return "" }
            if let key = stream.key(of: current) {
                parts.append(".\(stream.keyToken(key))")
            } else if let index = stream.rawChildren(parent).firstIndex(of: current) {
                parts.append("[\(index)]")
            }
            current = parent
        }
        return parts.reversed().joined()
    }

    func anyOtherKeyIsOptional(at location: SourceLocation, path: String) -> ConfigError {
        .invalidValue(
            file: file, at: location, path: path,
            message: "\"*\" stands for every key not listed, which is never required; drop the \"?\"")
    }
}
