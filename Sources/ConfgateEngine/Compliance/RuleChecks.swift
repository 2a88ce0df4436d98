import ConfgateDocument
import ConfgateSchema

/// A rule's `then` (or its `when.if`): the checks every selected value must pass.
///
/// The value checks (`equals`, `pattern`, `minimum`, `type`, `truthy`, ...) are compiled into one
/// JSON Schema and run by the template validator: it already compares JSON values exactly (2 equals
/// 2.0, big numbers without rounding), runs ECMA-262 patterns through PCRE2 with a match limit, and
/// is the engine users' `schema:` checks need anyway. Presence (`defined`, `undefined`) and `unique`
/// (which must point at the repeated item, not at the list) are checked here.
public final class RuleChecks: Sendable {
    /// The check names as written, in order (for `rules explain`).
    public let names: [String]
    /// The JSON text each check compiled to (for `rules explain` and tests).
    public let schemaText: String?
    let valueSchema: JSONSchema?
    /// The `schema:` check: its violations point inside the value, so it is validated apart.
    let inlineSchema: JSONSchema?
    /// `defined: true` (the path must exist) or `undefined: true` / `defined: false` (it must not).
    let presence: Bool?
    let unique: Uniqueness?
    /// `field: "@key"`: the checks apply to the key naming each selected value.
    public let onKey: Bool

    enum Uniqueness: Sendable, Equatable {
        case values
        case member(String)
    }

    init(
        names: [String], schemaText: String?, valueSchema: JSONSchema?, inlineSchema: JSONSchema?, presence: Bool?,
        unique: Uniqueness?, onKey: Bool, holdsWhenAbsent: Bool, exclusions: [(regex: ECMARegex, minimumLength: Int, requiredByte: UInt8?)],
        readsMembers: Bool, judges: JudgedTypes?
    ) {
        self.names = names
        self.schemaText = schemaText
        self.valueSchema = valueSchema
        self.inlineSchema = inlineSchema
        self.presence = presence
        self.unique = unique
        self.onKey = onKey
        self.holdsWhenAbsent = holdsWhenAbsent
        self.exclusions = exclusions
        self.readsMembers = readsMembers
        self.judges = judges
    }

    /// The check keys a `then` or `if` may hold.
    static let checkKeys = [
        "equals", "notEquals", "enum", "pattern", "notPattern", "minimum", "maximum", "minLength", "maxLength",
        "defined", "undefined", "type", "truthy", "falsy", "unique", "schema",
    ]
    static let jsonTypes = ["object", "array", "string", "number", "integer", "boolean", "null"]

    /// Whether a missing path passes (`undefined`, `falsy`): what an `if` needs to hold on absence.
    let holdsWhenAbsent: Bool

    /// Parses the checks of a `then` / `if` mapping. `extraKeys` are the other keys the mapping may
    /// hold (`path` in an `if`, `field` in a `then`). `uri` names the compiled schema.
    static func parse(
        _ node: NodeID, reader: ConfigNodeReader, path: String, extraKeys: [String], uri: String
    ) throws(ConfigError) -> (checks: RuleChecks, extra: [(name: String, key: NodeID, value: NodeID)]) {
        let stream = reader.stream
        let entries = try reader.mapping(node, path: path)
        try reader.checkKeys(entries, allowed: checkKeys + extraKeys, path: path)
        var parts: [String] = []
        var names: [String] = []
        var presence: Bool?
        var unique: Uniqueness?
        var onKey = false
        var inline: JSONSchema?
        var holdsWhenAbsent = false
        var comparesCollections = false
        var exclusions: [(regex: ECMARegex, minimumLength: Int, requiredByte: UInt8?)] = []
        var extra: [(name: String, key: NodeID, value: NodeID)] = []
        for entry in entries {
            let here = "\(path).\(entry.name)"
            let value = stream.resolved(entry.value)
            if extraKeys.contains(entry.name) {
                if entry.name == "field" {
                    guard try reader.string(value, path: here) == "@key" else {
                        throw .invalidValue(
                            file: reader.file, at: stream.start(value), path: here,
                            message: "must be \"@key\" (the checks then apply to the key of each selected value)")
                    }
                    onKey = true
                } else {
                    extra.append(entry)
                }
                continue
            }
            names.append(entry.name)
            if ["equals", "notEquals", "enum"].contains(entry.name), containsCollection(value, stream, top: entry.name == "enum") {
                comparesCollections = true
            }
            switch entry.name {
            case "equals": parts.append("{\"const\":\(JSONWriter.compact(stream, value))}")
            case "notEquals": parts.append("{\"not\":{\"const\":\(JSONWriter.compact(stream, value))}}")
            case "enum":
                guard stream.kind(value) == .sequence, stream.childCount(value) > 0 else {
                    throw .wrongType(
                        file: reader.file, at: stream.start(value), path: here, expected: "a non-empty list of values",
                        found: reader.describe(value))
                }
                parts.append("{\"enum\":\(JSONWriter.compact(stream, value))}")
            case "pattern", "notPattern":
                let pattern = try reader.string(value, path: here)
                do {
                    try ECMARegex.checkSyntax(pattern)
                } catch {
                    throw .invalidValue(
                        file: reader.file, at: stream.start(value), path: here,
                        message: error.description)
                }
                if entry.name == "notPattern", let regex = try? ECMARegex(pattern) {
                    exclusions.append((regex, regex.minimumLength, regex.requiredByte))
                }
                let quoted = JSONWriter.quoted(pattern)
                parts.append(
                    entry.name == "pattern"
                        ? "{\"pattern\":\(quoted)}" : "{\"not\":{\"type\":\"string\",\"pattern\":\(quoted)}}")
            case "minimum", "maximum":
                guard let type = stream.scalarType(value), type == .integer || type == .number else {
                    throw .wrongType(
                        file: reader.file, at: stream.start(value), path: here, expected: "a number",
                        found: reader.describe(value))
                }
                parts.append("{\"\(entry.name)\":\(JSONWriter.compact(stream, value))}")
            case "minLength", "maxLength":
                let n = try reader.integer(value, path: here)
                guard n >= 0 else {
                    throw .invalidValue(file: reader.file, at: stream.start(value), path: here, message: "must be 0 or more, found \(n)")
                }
                // One length for the three kinds of value that have one.
                let side = entry.name == "minLength" ? "min" : "max"
                parts.append("{\"\(side)Length\":\(n),\"\(side)Items\":\(n),\"\(side)Properties\":\(n)}")
            case "defined":
                presence = try reader.boolean(value, path: here)
                if presence == false { holdsWhenAbsent = true }
            case "undefined", "truthy", "falsy":
                guard try reader.boolean(value, path: here) else {
                    throw .invalidValue(
                        file: reader.file, at: stream.start(value), path: here,
                        message: "must be true (leave the check out instead of setting it to false)")
                }
                switch entry.name {
                case "undefined":
                    presence = false
                    holdsWhenAbsent = true
                case "truthy": parts.append("{\"not\":{\"enum\":[false,null,0,\"\"]}}")
                default:
                    parts.append("{\"enum\":[false,null,0,\"\"]}")
                    holdsWhenAbsent = true
                }
            case "type":
                let types: [String]
                if stream.kind(value) == .sequence {
                    types = try reader.strings(value, path: here)
                } else {
                    types = [try reader.string(value, path: here)]
                }
                for (i, type) in types.enumerated() where !jsonTypes.contains(type) {
                    let at = stream.kind(value) == .sequence ? stream.start(stream.elements(value)[i]) : stream.start(value)
                    let hint = closestMatch(to: type, in: jsonTypes).map { "; did you mean \"\($0)\"?" } ?? ""
                    throw .invalidValue(
                        file: reader.file, at: at, path: here,
                        message: "unknown type \(JSONWriter.quoted(type)) (one of \(jsonTypes.joined(separator: ", ")))\(hint)")
                }
                parts.append("{\"type\":\(JSONWriter.compact(stream, value))}")
            case "unique":
                if stream.scalarType(value) == .bool {
                    guard try reader.boolean(value, path: here) else {
                        throw .invalidValue(
                            file: reader.file, at: stream.start(value), path: here,
                            message: "must be true, or the member name items are compared by")
                    }
                    unique = .values
                } else {
                    unique = .member(try reader.string(value, path: here))
                }
            case "schema":
                guard stream.kind(value) == .mapping || stream.scalarType(value) == .bool else {
                    throw .wrongType(
                        file: reader.file, at: stream.start(value), path: here, expected: "a JSON Schema (a mapping)",
                        found: reader.describe(value))
                }
                do {
                    inline = try JSONSchema.compile(stream, root: value, uri: uri + "/schema", registry: SchemaRegistry())
                } catch {
                    throw .invalidValue(
                        file: reader.file, at: stream.start(value), path: here, message: "invalid schema: \(error.description)")
                }
            default: break
            }
        }
        if names.isEmpty {
            throw .invalidValue(
                file: reader.file, at: stream.start(node), path: path,
                message: "needs at least one check (\(checkKeys.joined(separator: ", ")))")
        }
        if !names.allSatisfy({ $0 == "notPattern" }) { exclusions = [] }
        var valueSchema: JSONSchema?
        var schemaText: String?
        if !parts.isEmpty {
            let text = parts.count == 1 ? parts[0] : "{\"allOf\":[\(parts.joined(separator: ","))]}"
            schemaText = text
            let read = DocumentReader().read(Array(text.utf8), format: .json)
            guard let schemaStream = read.stream, let root = schemaStream.documents.first?.root else {
                throw .invalidValue(file: reader.file, at: stream.start(node), path: path, message: "the checks do not form a schema")
            }
            do {
                valueSchema = try JSONSchema.compile(schemaStream, root: root, uri: uri, registry: SchemaRegistry())
            } catch {
                throw .invalidValue(file: reader.file, at: stream.start(node), path: path, message: error.description)
            }
        }
        let checks = RuleChecks(
            names: names, schemaText: schemaText, valueSchema: valueSchema, inlineSchema: inline, presence: presence,
            unique: unique, onKey: onKey, holdsWhenAbsent: holdsWhenAbsent, exclusions: exclusions,
            readsMembers: inline != nil || unique != nil || comparesCollections,
            judges: RuleChecks.judgedTypes(names))
        return (checks, extra)
    }

    static func judgedTypes(_ names: [String]) -> JudgedTypes? {
        guard names.allSatisfy({ ["pattern", "notPattern", "minimum", "maximum"].contains($0) }) else { return nil }
        return JudgedTypes(
            strings: names.contains { $0 == "pattern" || $0 == "notPattern" },
            numbers: names.contains { $0 == "minimum" || $0 == "maximum" })
    }

    /// Whether a check's operand holds a list or mapping (for `enum`, one of its items does).
    private static func containsCollection(_ node: NodeID, _ stream: ParsedStream, top: Bool) -> Bool {
        let items = top && stream.kind(node) == .sequence ? stream.elements(node) : [node]
        return items.contains { stream.kind(stream.resolved($0)) != .scalar }
    }

    /// One failed check: the node to point at (the value, a repeated item, the key, or the mapping
    /// a required key is missing from) and the JSON Schema message for `schema:` checks.
    struct Failure {
        var node: NodeID
        /// The pointer `{path}` names (for a missing key: the path of the missing key).
        var pointer: String
        var detail: String?
    }

    /// Runs the checks over what `selector` selects in one document.
    func failures(_ selector: PathSelector, _ stream: ParsedStream, _ root: NodeID) -> (failures: [Failure], selected: Int) {
        var failures: [Failure] = []
        var selected = 0
        if presence == true, let (parentSelector, key) = selector.parentAndLastKey.map({ ($0.parent, $0.key) }) {
            let parents = parentSelector.select(stream, root)
            for (parent, _) in parents.nodes where stream.kind(parent) != .mapping || stream.entry(parent, key: key) == nil {
                failures.append(Failure(node: parent, pointer: JSONPointer.appending(stream.pointer(parent), key)))
            }
            // A literal path missing higher up (`/server/timeout` without `server`): the whole path
            // is what is missing, reported at the deepest mapping that exists.
            if !parents.missing.isEmpty, selector.isLiteral {
                for (parent, _) in parents.missing {
                    failures.append(Failure(node: parent, pointer: selector.description))
                }
            }
        }
        let selection = selector.select(stream, root)
        selected = selection.nodes.count
        for (node, key) in selection.nodes { failures += check(node, key: key, stream) }
        return (failures, selected)
    }

    /// The checks on one selected node of `stream` (`key` names it), but presence (`defined`),
    /// which is about what is not there.
    func check(_ node: NodeID, key: NodeID?, _ stream: ParsedStream) -> [Failure] {
        if presence == false { return [Failure(node: key ?? node, pointer: stream.pointer(node))] }
        guard let subject = onKey ? key : node else { return [] }
        // Checks that only judge strings pass anything else: skip the validator (the `/**`
        // selectors of the built-in packs reach every node).
        if let only = judges {
            guard let type = stream.scalarType(stream.resolved(subject)) else { return [] }
            switch type {
            case .string: if !only.strings { return [] }
            case .integer, .number: if !only.numbers { return [] }
            case .bool, .null: return []
            }
        }
        if !exclusions.isEmpty, stream.scalarType(stream.resolved(subject)) == .string {
            // Only `notPattern`s: their regexes on the string, without the validator around them.
            if excludedMatch(stream, stream.resolved(subject)) { return [Failure(node: subject, pointer: stream.pointer(node))] }
        } else if let valueSchema, !valueSchema.isValid(stream, subject) {
            return [Failure(node: subject, pointer: stream.pointer(node))]
        }
        if let inlineSchema, let first = inlineSchema.validate(stream, subject).first {
            let target = onKey ? subject : first.node
            return [Failure(node: target, pointer: stream.pointer(onKey ? node : target), detail: first.message)]
        }
        if let unique, !onKey, stream.kind(node) == .sequence { return repeatedItems(node, unique, stream) }
        return []
    }


    /// Whether a regex of `exclusions` matches the node's string. A string too short for one, or
    /// without the byte it needs, is not searched. A search over PCRE2's match limit counts as a
    /// match, as the validator counts it as a failure (`pattern-limit`).
    private func excludedMatch(_ stream: ParsedStream, _ node: NodeID) -> Bool {
        // Which regexes could match, as bits: no array per value (this runs on every string).
        var candidates: UInt64 = 0
        stream.withUnsafeValueBytes(node) { bytes in
            for (i, exclusion) in exclusions.enumerated() where i < 64 {
                // The minimum counts characters; a string of fewer bytes has fewer characters.
                if bytes.count < exclusion.minimumLength { continue }
                if let required = exclusion.requiredByte {
                    let lower = required | 0x20, upper = required & ~0x20
                    let isLetter = lower >= 0x61 && lower <= 0x7A
                    if !bytes.contains(where: { $0 == required || (isLetter && ($0 == lower || $0 == upper)) }) { continue }
                }
                candidates |= 1 << UInt64(i)
            }
        }
        guard candidates != 0 || exclusions.count > 64 else { return false }
        let text = stream.string(node)
        for (i, exclusion) in exclusions.enumerated() where i >= 64 || candidates & (1 << UInt64(i)) != 0 {
            if exclusion.regex.firstMatch(in: text) != .noMatch { return true }
        }
        return false
    }

    /// The `notPattern` regexes when they are the only checks (the built-in packs' "no loopback
    /// URL anywhere", "no plain http anywhere"), with what PCRE2 knows of them: a string too
    /// short for each, or without a byte each needs, is not searched.
    let exclusions: [(regex: ECMARegex, minimumLength: Int, requiredByte: UInt8?)]

    /// Whether the checks need a collection's members to judge it (`schema`, `unique`, `equals`
    /// and `enum` with a list or mapping), rather than its kind and size.
    let readsMembers: Bool

    /// The scalar types the checks can fail, when they pass every other value: strings for
    /// `pattern` and `notPattern`, numbers for `minimum` and `maximum`; `nil` for any other check.
    let judges: JudgedTypes?

    /// Which scalars checks of strings and numbers can fail.
    struct JudgedTypes: Sendable {
        var strings: Bool
        var numbers: Bool
    }

    /// Whether an `if` holds: something is selected and passes, or nothing is and absence passes.
    func hold(_ selector: PathSelector, _ stream: ParsedStream, _ root: NodeID) -> Bool {
        let (failures, selected) = self.failures(selector, stream, root)
        return failures.isEmpty && (selected > 0 || holdsWhenAbsent)
    }

    /// The items of a list equal to an earlier one (by value, or by one member).
    private func repeatedItems(_ list: NodeID, _ unique: Uniqueness, _ stream: ParsedStream) -> [Failure] {
        var seen = Set<String>()
        var failures: [Failure] = []
        for item in stream.elements(list) {
            let identity: String
            switch unique {
            case .values: identity = CanonicalJSON.text(stream, item)
            case .member(let name):
                guard stream.kind(item) == .mapping, let member = stream.entry(item, key: name) else { continue }
                identity = CanonicalJSON.text(stream, member.value)
            }
            if !seen.insert(identity).inserted {
                let node: NodeID
                if case .member(let name) = unique, let member = stream.entry(item, key: name) {
                    node = member.value
                } else {
                    node = item
                }
                failures.append(Failure(node: node, pointer: stream.pointer(node)))
            }
        }
        return failures
    }
}

/// JSON text that is equal for equal JSON values: members sorted, numbers in one spelling (so
/// `1.0` and `1` are one item, as JSON Schema's `uniqueItems` counts them).
enum CanonicalJSON {
    static func text(_ stream: ParsedStream, _ node: NodeID) -> String {
        let node = stream.resolved(node)
        switch stream.kind(node) {
        case .mapping:
            let members = stream.entries(node).map { (stream.keyToken($0.key), text(stream, $0.value)) }
                .sorted { $0.0 < $1.0 }
            return "{" + members.map { JSONWriter.quoted($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
        case .sequence:
            return "[" + stream.elements(node).map { text(stream, $0) }.joined(separator: ",") + "]"
        default:
            let json = JSONWriter.compact(stream, node)
            if let type = stream.scalarType(node), type == .integer || type == .number, let decimal = ExactDecimal(json) {
                return decimal.description
            }
            return json
        }
    }
}
