import ConfgateDocument
import ConfgateSchema
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A rule's `then` (or its `when.if`): the checks every selected value must pass.
///
/// The value checks (`equals`, `pattern`, `minimum`, `type`, `truthy`, ...) are compiled into one
/// JSON Schema, which defines what they mean: the template validator compares JSON values exactly
/// (2 equals 2.0, big numbers without rounding) and runs ECMA-262 patterns through PCRE2 with a
/// match limit. `NativeChecks` makes the same judgement on the parsed values, without the
/// validator's machinery per node, whenever the operands allow; the schema runs otherwise.
/// Presence (`defined`, `undefined`) and `unique` (which must point at the repeated item, not at
/// the list) are checked here.
public final class RuleChecks: Sendable {
    /// The check names as written, in order (for `rules explain`).
    public let names: [String]
    /// The JSON text each check compiled to (for `rules explain` and tests).
    public let schemaText: String?
    /// The value checks' JSON Schema, compiled when first needed: with `native` it rarely is, and
    /// compiling every pack's schemas cost a lint of one file a third of its time.
    let lazyValueSchema: LazySchema?
    var valueSchema: JSONSchema? { lazyValueSchema?.schema }
    /// Whether the checks include value checks (those `valueSchema` holds).
    var hasValueChecks: Bool { lazyValueSchema != nil }
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
        names: [String], schemaText: String?, valueSchema: LazySchema?, inlineSchema: JSONSchema?, presence: Bool?,
        unique: Uniqueness?, onKey: Bool, holdsWhenAbsent: Bool, native: NativeChecks?, inlineSchemaJudgesCollections: Bool,
        readsMembers: Bool
    ) {
        self.names = names
        self.schemaText = schemaText
        self.lazyValueSchema = valueSchema
        self.inlineSchema = inlineSchema
        self.presence = presence
        self.unique = unique
        self.onKey = onKey
        self.holdsWhenAbsent = holdsWhenAbsent
        self.native = native
        self.inlineSchemaJudgesCollections = inlineSchemaJudgesCollections
        self.readsMembers = readsMembers
        nativeReference = native.map(Unmanaged.passUnretained)
        shape = if presence != nil || inlineSchema != nil || native == nil { .other } else if onKey { .keys } else { .values }
    }

    /// What `passes` can judge alone: the native checks on the value, then `unique`
    /// (`values`), or the native checks on the key (`keys`).
    private enum Shape {
        case values, keys, other
    }

    private let shape: Shape
    /// `native`, read without retaining it (`native` keeps it): a retain and a release per node
    /// and rule otherwise.
    private let nativeReference: Unmanaged<NativeChecks>?

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
        // Each pattern compiled once, here, and handed to the native checks.
        var regexes: [String: ECMARegex] = [:]
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
                if regexes[pattern] == nil { regexes[pattern] = try? ECMARegex(pattern) }
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
        var valueSchema: LazySchema?
        var schemaText: String?
        let native = NativeChecks.make(entries, stream, regexes: regexes)
        if !parts.isEmpty {
            let text = parts.count == 1 ? parts[0] : "{\"allOf\":[\(parts.joined(separator: ","))]}"
            schemaText = text
            let lazy = LazySchema(text: text, uri: uri)
            // Without a native form the validator runs the checks: compile now, so that a
            // problem is a configuration error at load.
            if native == nil {
                do {
                    try lazy.compileNow()
                } catch {
                    throw .invalidValue(file: reader.file, at: stream.start(node), path: path, message: error.description)
                }
            }
            valueSchema = lazy
        }
        let checks = RuleChecks(
            names: names, schemaText: schemaText, valueSchema: valueSchema, inlineSchema: inline, presence: presence,
            unique: unique, onKey: onKey, holdsWhenAbsent: holdsWhenAbsent, native: native,
            inlineSchemaJudgesCollections: entries.first { $0.name == "schema" }.map { judgesCollections(stream, $0.value) } ?? false,
            readsMembers: inline != nil || unique != nil || comparesCollections)
        return (checks, extra)
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
    /// `verdicts`, when given, is a table borrowed from `keyVerdicts` for the walk.
    func check(_ node: NodeID, key: NodeID?, _ stream: ParsedStream, verdicts: VerdictTable? = nil) -> [Failure] {
        if presence == false { return [Failure(node: key ?? node, pointer: stream.pointer(node))] }
        guard let subject = onKey ? key : node else { return [] }
        if native != nil {
            // `native?` borrows the checks; `if let` would copy them (five arrays) per node.
            let value = stream.resolved(subject)
            // Key names repeat across every file of a project: each string key is judged once.
            let failed = onKey && stream.scalarType(value) == .string
                ? (verdicts.map { $0.failed(stream, value) { native?.fails(stream, value) == true } }
                    ?? keyVerdicts.failed(stream, value) { native?.fails(stream, value) == true })
                : native?.fails(stream, value) == true
            if failed { return [Failure(node: subject, pointer: stream.pointer(node))] }
        } else if let valueSchema, !valueSchema.isValid(stream, subject) {
            return [Failure(node: subject, pointer: stream.pointer(node))]
        }
        if let inlineSchema, !inlineSchemaHolds(inlineSchema, stream, subject),
            let first = inlineSchema.validate(stream, subject).first
        {
            let target = onKey ? subject : first.node
            return [Failure(node: target, pointer: stream.pointer(onKey ? node : target), detail: first.message)]
        }
        if let unique, !onKey, stream.kind(node) == .sequence, stream.childCount(node) > 1 {
            return repeatedItems(node, unique, stream)
        }
        return []
    }


    /// Whether a node the walk selected surely passes the checks: what `check(...).isEmpty`
    /// says, for the common forms of checks, without a list of failures (an empty array
    /// returned and released per node and rule) and with the kinds the walk has worked out.
    /// `false` when it cannot tell: `check` then decides.
    func passes(_ node: NodeID, key: NodeID?, _ stream: ParsedStream, kinds: NodeKinds, verdicts: VerdictTable?) -> Bool {
        switch shape {
        case .other:
            return false
        case .keys:
            guard let key else { return true }
            let value = stream.resolved(key)
            return nativeReference!._withUnsafeGuaranteedRef { native in
                guard stream.scalarType(value) == .string else { return !native.fails(stream, value) }
                guard let verdicts else { return !keyVerdicts.failed(stream, value) { native.fails(stream, value) } }
                let probe = verdicts.probe(stream, value)
                if probe.verdict != 0 { return probe.verdict == 1 }
                let failed = native.fails(stream, value)
                verdicts.remember(stream, value, probe, failed: failed)
                return !failed
            }
        case .values:
            let failed = nativeReference!._withUnsafeGuaranteedRef { native in
                kinds.contains(.string) ? native.stringFails(stream, node) : native.fails(stream, node)
            }
            if failed { return false }
            if let unique, kinds.contains(.sequence), stream.childCount(node) > 1 {
                return repeatedItems(node, unique, stream).isEmpty
            }
            return true
        }
    }

    /// The verdicts of the checks on key names seen so far, shared by every thread.
    let keyVerdicts = VerdictCache()
    /// The `schema:` check's verdicts on the scalars seen so far (a scalar's type and value are
    /// all a schema can read of it). Validating each selected scalar cost 2,300 instructions,
    /// and the production pack's timeouts, a `schema:` check, select thousands of them.
    let inlineSchemaVerdicts = VerdictCache()

    private func inlineSchemaHolds(_ schema: JSONSchema, _ stream: ParsedStream, _ node: NodeID) -> Bool {
        let value = stream.resolved(node)
        guard stream.kind(value) == .scalar else { return schema.isValid(stream, value) }
        return !inlineSchemaVerdicts.failed(stream, value) { !schema.isValid(stream, value) }
    }

    /// The kinds of node the checks can fail on (presence aside): a node of another kind passes
    /// them all, so a walk need not hand it over.
    var failingKinds: NodeKinds {
        if presence == false { return .all }
        if onKey { return .keyed }
        var kinds: NodeKinds = []
        if unique != nil { kinds.insert(.sequence) }
        if inlineSchema != nil { kinds.formUnion(inlineSchemaJudgesCollections ? .all : .scalars) }
        if hasValueChecks { kinds.formUnion(native?.failingKinds ?? .all) }
        return kinds
    }

    /// Whether the checks can fail on a mapping, and on a list: what decides whether the
    /// collections a merge built must be checked as merged.
    var canFailOn: (mapping: Bool, sequence: Bool) {
        if presence != nil || onKey { return (false, false) }
        var mapping = false, sequence = unique != nil
        if hasValueChecks {
            if let native {
                let any = native.oneOf != nil || native.falsy || native.types != nil || native.minLength != nil
                    || native.maxLength != nil
                mapping = mapping || any
                sequence = sequence || any
            } else {
                mapping = true
                sequence = true
            }
        }
        if inlineSchemaJudgesCollections {
            mapping = true
            sequence = true
        }
        return (mapping, sequence)
    }

    /// Whether the `schema` check may fail on a list or mapping: `false` only when its keywords
    /// all judge scalars alone (bounds, string lengths and patterns, formats) or exclude scalar
    /// values (`not` of an `enum` or `const` of scalars), which every collection passes.
    let inlineSchemaJudgesCollections: Bool

    static func judgesCollections(_ stream: ParsedStream, _ schema: NodeID) -> Bool {
        let node = stream.resolved(schema)
        guard stream.kind(node) == .mapping else { return stream.scalarType(node) == .bool && stream.string(node) == "false" }
        let scalarOnly: Set<String> = [
            "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern",
            "format", "description", "title", "$comment", "$schema", "examples", "default",
        ]
        var judges = false
        stream.forEachEntry(node) { key, value in
            let name = stream.keyToken(key)
            if scalarOnly.contains(name) { return }
            if name == "not" {
                let inner = stream.resolved(value)
                if stream.kind(inner) == .mapping {
                    var scalarsOnly = true
                    stream.forEachEntry(inner) { k, v in
                        let innerName = stream.keyToken(k)
                        let operands = innerName == "enum" ? stream.elements(stream.resolved(v)) : [v]
                        if !(innerName == "enum" || innerName == "const")
                            || operands.contains(where: { stream.kind(stream.resolved($0)) != .scalar })
                        {
                            scalarsOnly = false
                        }
                    }
                    if scalarsOnly { return }
                }
            }
            judges = true
        }
        return judges
    }

    /// A value's length as `minLength`, `minItems` and `minProperties` count it: a string's code
    /// points, a list's items, a mapping's members; `nil` for other values.
    static func length(_ stream: ParsedStream, _ node: NodeID) -> Int? {
        switch stream.kind(node) {
        case .sequence: return stream.childCount(node)
        case .mapping:
            var count = 0
            stream.forEachEntry(node) { _, _ in count += 1 }
            return count
        default:
            guard stream.scalarType(node) == .string else { return nil }
            var count = 0
            // UTF-8: every byte but a continuation byte starts a code point.
            stream.withUnsafeValueBytes(node) { bytes in for b in bytes where b & 0xC0 != 0x80 { count += 1 } }
            return count
        }
    }

    /// The value checks evaluated without the validator, when they are all simple ones.
    let native: NativeChecks?

    /// Whether the checks need a collection's members to judge it (`schema`, `unique`, `equals`
    /// and `enum` with a list or mapping), rather than its kind and size.
    let readsMembers: Bool

    /// Whether an `if` holds: something is selected and passes, or nothing is and absence passes.
    func hold(_ selector: PathSelector, _ stream: ParsedStream, _ root: NodeID) -> Bool {
        let (failures, selected) = self.failures(selector, stream, root)
        return failures.isEmpty && (selected > 0 || holdsWhenAbsent)
    }

    /// The items of a list equal to an earlier one (by value, or by one member).
    private func repeatedItems(_ list: NodeID, _ unique: Uniqueness, _ stream: ParsedStream) -> [Failure] {
        // Items are told apart by a structural hash; only items whose hashes collide are written
        // out canonically and compared (writing every item out cost 55,000 instructions per list).
        let count = stream.childCount(list)
        // Lists are short: a scan of the hashes seen beats a set, up to a length.
        let long = count > 32
        var hashes = Set<UInt64>()
        var failures: [Failure] = []
        // The hashes seen, on the stack: an array per list cost an allocation or two per list.
        withUnsafeTemporaryAllocation(of: (hash: UInt64, node: NodeID).self, capacity: count) { seen in
            var seenCount = 0
            var child = stream.firstChild(list)
            for i in 0..<count {
                let item = stream.resolved(child)
                if i + 1 < count { child = stream.nextSibling(child) }
                let subject: NodeID
                switch unique {
                case .values: subject = item
                case .member(let name):
                    guard stream.kind(item) == .mapping, let member = stream.entry(item, key: name) else { continue }
                    subject = member.value
                }
                // One level deep: equal items hash equally, distinct ones nearly always differ
                // in their scalars and keys; the rare collision is settled by the canonical
                // comparison. (On 200 services of the benchmark corpus the lists cost 84M
                // instructions hashed two levels deep, 49M one level deep.)
                let hash = StructuralHash.of(stream, subject, depth: 1)
                if long ? !hashes.insert(hash).inserted : seen[..<seenCount].contains(where: { $0.hash == hash }) {
                    let text = CanonicalJSON.text(stream, subject)
                    if seen[..<seenCount].contains(where: { $0.hash == hash && CanonicalJSON.text(stream, $0.node) == text }) {
                        failures.append(Failure(node: subject, pointer: stream.pointer(subject)))
                        continue
                    }
                }
                seen.initializeElement(at: seenCount, to: (hash, subject))
                seenCount += 1
            }
        }
        return failures
    }
}

/// A hash equal for equal JSON values (member order ignored, `1` and `1.0` one number), cheap to
/// compute on the parsed tree: `ByteHash` over scalar bytes, members combined by a commutative sum.
enum StructuralHash {
    /// `depth` levels of collections are hashed member by member; below that a collection counts
    /// by its kind and size only (still equal for equal values).
    static func of(_ stream: ParsedStream, _ node: NodeID, depth: Int = .max) -> UInt64 {
        let node = stream.resolved(node)
        switch stream.kind(node) {
        case .mapping:
            var sum: UInt64 = 0x6f
            var count: UInt64 = 0
            stream.forEachEntry(node) { key, value in
                count += 1
                guard depth > 0 else { return }
                sum &+= mix(bytes(stream, key, tag: 0x6b) ^ (of(stream, value, depth: depth - 1) &* 0x9e37_79b9_7f4a_7c15))
            }
            return mix(sum ^ (count << 8))
        case .sequence:
            var h: UInt64 = 0x61
            guard depth > 0 else { return mix(h ^ (UInt64(stream.childCount(node)) << 8)) }
            for item in stream.elements(node) { h = mix(h ^ of(stream, item, depth: depth - 1)) &* 0x100_0000_01b3 }
            return h
        default:
            switch stream.scalarType(node) ?? .null {
            case .integer, .number:
                // A plain decimal integer (`-?[1-9][0-9]*`, up to 20 digits, or `0`) is already
                // spelled as ExactDecimal writes it: hash its bytes; other numbers go through it.
                var h: UInt64?
                stream.withUnsafeValueBytes(node) { bytes in
                    let digits = bytes.first == UInt8(ascii: "-") ? UnsafeBufferPointer(rebasing: bytes.dropFirst()) : bytes
                    let plain = !digits.isEmpty && digits.count <= 20 && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                        && (digits.first != 0x30 || (digits.count == 1 && bytes.count == 1))
                    if plain { h = ByteHash.hash(bytes, seed: 0x6e) }
                }
                if let h { return h }
                let json = JSONWriter.compact(stream, node)
                return ByteHash.hash(Array((ExactDecimal(json)?.description ?? json).utf8), seed: 0x6e)
            case .string: return bytes(stream, node, tag: 0x73)
            case .bool, .null: return ByteHash.hash(Array(JSONWriter.compact(stream, node).utf8), seed: 0x62)
            }
        }
    }

    private static func bytes(_ stream: ParsedStream, _ node: NodeID, tag: UInt64) -> UInt64 {
        let node = stream.resolved(node)
        guard stream.kind(node) == .scalar else { return ByteHash.hash(Array(stream.keyToken(node).utf8), seed: tag) }
        var h: UInt64 = 0
        stream.withUnsafeValueBytes(node) { h = ByteHash.hash($0, seed: tag) }
        return h
    }

    /// A 64-bit finaliser (splitmix64), so that sums of member hashes do not cancel out.
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
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
            // Scalars, the bulk of list items: a type tag and the value, no JSON quoting.
            switch stream.scalarType(node) ?? .null {
            case .string: return "s" + stream.string(node)
            case .integer, .number:
                let json = JSONWriter.compact(stream, node)
                return "n" + (ExactDecimal(json)?.description ?? json)
            case .bool, .null: return JSONWriter.compact(stream, node)
            }
        }
    }
}

/// Verdicts by value bytes, shared by every thread: a pool of `VerdictTable`s, each used by one
/// thread at a time. A service's walk borrows a table for the whole service and asks it without
/// a lock: one table under a `Mutex`, asked for every key of every file, cost a lock and a
/// `Dictionary` lookup per key (76M instructions of 2,528M on 200 services of the benchmark
/// corpus), and the workers took turns on the lock.
final class VerdictCache: Sendable {
    private let pool = Mutex<[VerdictTable]>([])

    /// A table for this thread alone until `giveBack`; it knows what the tables given back
    /// before it learnt.
    func borrow() -> VerdictTable {
        pool.withLock { $0.popLast() } ?? VerdictTable()
    }

    func giveBack(_ table: VerdictTable) {
        pool.withLock { $0.append(table) }
    }

    /// The verdict on a scalar's value, through a table borrowed for this call alone.
    func failed(_ stream: ParsedStream, _ node: NodeID, _ judge: () -> Bool) -> Bool {
        let table = borrow()
        defer { giveBack(table) }
        return table.failed(stream, node, judge)
    }
}

/// Verdicts by scalar value (type and bytes): an open-addressing table over `ByteHash` hashes,
/// entries compared byte for byte (a hash alone could confuse two values). Bounded (65,536
/// values, 16 MB): past that it stops remembering. Not thread-safe: `VerdictCache` hands it to
/// one thread at a time (hence `@unchecked Sendable`, to pass through the pool's lock).
final class VerdictTable: @unchecked Sendable {
    private struct Slot {
        var hash: UInt64
        var start: Int32
        var length: Int32
        /// 0 empty, 1 passed, 2 failed.
        var verdict: UInt8
        /// The scalar's type (`ScalarType` raw value): `0` the string and `0` the number are
        /// two values.
        var type: UInt8
    }

    private static let empty = Slot(hash: 0, start: 0, length: 0, verdict: 0, type: 0)
    private static let limit = 65_536
    private static let bytesLimit = 1 << 24
    private var slots: UnsafeMutablePointer<Slot>
    private var capacity = 256
    private var count = 0
    /// The values' bytes, one after another.
    private var bytes: UnsafeMutablePointer<UInt8>
    private var bytesCapacity = 4096
    private var bytesCount = 0

    init() {
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Self.empty, count: capacity)
        bytes = .allocate(capacity: bytesCapacity)
    }

    deinit {
        slots.deallocate()
        bytes.deallocate()
    }

    /// The verdict on a scalar's value, computed by `judge` the first time the value is seen.
    func failed(_ stream: ParsedStream, _ node: NodeID, _ judge: () -> Bool) -> Bool {
        let probe = probe(stream, node)
        if probe.verdict != 0 { return probe.verdict == 2 }
        let verdict = judge()
        remember(stream, node, probe, failed: verdict)
        return verdict
    }

    /// What a lookup found: the verdict (0 none yet, 1 passed, 2 failed) and, for none, where
    /// `remember` puts it.
    struct Probe {
        var verdict: UInt8
        var hash: UInt64
        var slot: Int
    }

    /// `failed` in two steps, for the walk: a closure for `judge` made the walk retain and
    /// release what it captured at every key (on 200 services of the benchmark corpus, 360,000
    /// pairs of atomic operations).
    func probe(_ stream: ParsedStream, _ node: NodeID) -> Probe {
        var probe = Probe(verdict: 0, hash: 0, slot: 0)
        let type = stream.scalarType(node)?.rawValue ?? 0xFF
        stream.withUnsafeValueBytes(node) { value in
            let hash = ByteHash.hash(value, seed: UInt64(type))
            let mask = capacity - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot].verdict != 0 {
                let entry = slots[slot]
                if entry.hash == hash && entry.type == type && Int(entry.length) == value.count
                    && (value.isEmpty || memcmp(bytes + Int(entry.start), value.baseAddress!, value.count) == 0)
                {
                    probe = Probe(verdict: entry.verdict, hash: hash, slot: slot)
                    return
                }
                slot = (slot + 1) & mask
            }
            probe = Probe(verdict: 0, hash: hash, slot: slot)
        }
        return probe
    }

    /// Adds a value where `probe` (this table's lookup of it, nothing added since) ended,
    /// unless the table is full.
    /// Not inlined: rarely called, and inlined it kept the walk's checks from being inlined in
    /// the walk (+15M instructions on 200 services of the benchmark corpus).
    @inline(never)
    func remember(_ stream: ParsedStream, _ node: NodeID, _ probe: Probe, failed: Bool) {
        guard count < Self.limit && bytesCount + stream.valueCount(node) <= Self.bytesLimit else { return }
        let type = stream.scalarType(node)?.rawValue ?? 0xFF
        stream.withUnsafeValueBytes(node) { value in remember(value, type: type, hash: probe.hash, slot: probe.slot, failed: failed) }
    }

    private func remember(_ value: UnsafeBufferPointer<UInt8>, type: UInt8, hash: UInt64, slot: Int, failed: Bool) {
        if bytesCount + value.count > bytesCapacity {
            var bigger = bytesCapacity * 2
            while bytesCount + value.count > bigger { bigger *= 2 }
            let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
            moved.update(from: bytes, count: bytesCount)
            bytes.deallocate()
            bytes = moved
            bytesCapacity = bigger
        }
        if let base = value.baseAddress { (bytes + bytesCount).update(from: base, count: value.count) }
        slots[slot] = Slot(hash: hash, start: Int32(bytesCount), length: Int32(value.count), verdict: failed ? 2 : 1, type: type)
        bytesCount += value.count
        count += 1
        // At most half full: probes stay short.
        if count * 2 > capacity { grow() }
    }

    private func grow() {
        let old = slots, oldCapacity = capacity
        capacity *= 2
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Self.empty, count: capacity)
        let mask = capacity - 1
        for i in 0..<oldCapacity where old[i].verdict != 0 {
            var slot = Int(truncatingIfNeeded: old[i].hash) & mask
            while slots[slot].verdict != 0 { slot = (slot + 1) & mask }
            slots[slot] = old[i]
        }
        old.deallocate()
    }
}

/// A JSON Schema compiled on first use, from any thread.
final class LazySchema: Sendable {
    let text: String
    let uri: String
    private let compiled = Mutex<JSONSchema??>(nil)

    init(text: String, uri: String) {
        self.text = text
        self.uri = uri
    }

    func compileNow() throws(SchemaError) {
        let schema = try Self.compile(text, uri: uri)
        compiled.withLock { $0 = .some(schema) }
    }

    /// The schema; `nil` if it does not compile (it was built from checks already validated).
    var schema: JSONSchema? {
        compiled.withLock { cached in
            if let cached { return cached }
            let schema = try? Self.compile(text, uri: uri)
            cached = .some(schema)
            return schema
        }
    }

    private static func compile(_ text: String, uri: String) throws(SchemaError) -> JSONSchema {
        let read = DocumentReader().read(Array(text.utf8), format: .json)
        guard let stream = read.stream, let root = stream.documents.first?.root else {
            throw .invalidKeyword(schema: uri, pointer: "", location: nil, message: "the checks do not form a schema")
        }
        return try JSONSchema.compile(stream, root: root, uri: uri, registry: SchemaRegistry())
    }
}
