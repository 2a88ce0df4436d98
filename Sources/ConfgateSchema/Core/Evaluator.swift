import ConfgateDocument

/// The result of applying one schema to one instance location.
struct Outcome {
    var valid = true
    var errors: [SchemaViolation] = []
    /// Annotations for `unevaluatedProperties`/`unevaluatedItems` (collected only when asked).
    var properties: Set<String> = []
    var itemPrefix = 0
    var allItems = false
    var itemIndices: Set<Int> = []

    mutating func absorbAnnotations(_ other: Outcome) {
        properties.formUnion(other.properties)
        itemPrefix = max(itemPrefix, other.itemPrefix)
        allItems = allItems || other.allItems
        itemIndices.formUnion(other.itemIndices)
    }

    /// Takes the verdict and violations of a subschema applied to a child instance (an item, a
    /// property value): its annotations describe the child, not this instance.
    mutating func absorbVerdict(_ other: Outcome) {
        if !other.valid { valid = false }
        errors.append(contentsOf: other.errors)
    }

    /// Takes everything from a subschema applied in place (allOf, $ref, ...).
    mutating func absorb(_ other: Outcome) {
        if !other.valid { valid = false }
        errors.append(contentsOf: other.errors)
        if other.valid { absorbAnnotations(other) }
    }
}

/// Applies a compiled schema to the nodes of one parsed stream.
struct Evaluator {
    let stream: ParsedStream
    let schema: JSONSchema
    /// Whether violations need messages (false inside `not`, and for `isValid`).
    var wantErrors: Bool
    /// Resources entered, outermost first: the dynamic scope of `$dynamicRef`/`$recursiveRef`.
    private var scope: [Int] = []
    private var depth = 0

    init(stream: ParsedStream, schema: JSONSchema, wantErrors: Bool) {
        self.stream = stream
        self.schema = schema
        self.wantErrors = wantErrors
    }

    // MARK: - Schemas

    mutating func evaluate(_ s: CompiledSchema, _ node: NodeID, annotate: Bool) -> Outcome {
        var outcome = Outcome()
        if let constant = s.constant {
            if !constant {
                outcome.valid = false
                if wantErrors {
                    outcome.errors.append(
                        SchemaViolation(keyword: "false", node: node, message: Messages.falseSchema(stream, node), schemaLocation: s.location))
                }
            }
            return outcome  // a `true` schema evaluates nothing: it produces no annotations
        }
        depth += 1
        defer { depth -= 1 }
        if depth > schema.options.maxEvaluationDepth {
            outcome.valid = false
            if wantErrors {
                outcome.errors.append(
                    SchemaViolation(
                        keyword: "depth-limit", node: node, message: Messages.depthLimit(stream, node, schema.options.maxEvaluationDepth),
                        schemaLocation: s.location))
            }
            return outcome
        }
        let entered = scope.last != s.resource
        if entered { scope.append(s.resource) }
        defer { if entered { scope.removeLast() } }

        let annotateHere = annotate || s.needsAnnotations
        let instance = Instance(stream: stream, node: node, draft: s.draft)
        for keyword in s.keywords {
            apply(keyword, instance, annotate: annotateHere, into: &outcome)
            if !outcome.valid && !wantErrors { return outcome }
        }
        return outcome
    }

    private func fail(
        _ outcome: inout Outcome, _ keyword: Keyword, _ node: NodeID, _ message: @autoclosure () -> String,
        as name: String? = nil
    ) {
        outcome.valid = false
        if wantErrors {
            outcome.errors.append(
                SchemaViolation(keyword: name ?? keyword.name, node: node, message: message(), schemaLocation: keyword.location))
        }
    }

    // MARK: - Keywords

    private mutating func apply(_ keyword: Keyword, _ instance: Instance, annotate: Bool, into outcome: inout Outcome) {
        let node = instance.node
        switch keyword.kind {
        case .type(let types):
            if !types.contains(where: instance.matches) {
                fail(&outcome, keyword, node, Messages.type(stream, node, types, found: instance.type))
            }
        case .enumeration(let values):
            if !values.contains(instance.value) { fail(&outcome, keyword, node, Messages.enumeration(stream, node, values)) }
        case .constant(let expected):
            if instance.value != expected { fail(&outcome, keyword, node, Messages.constant(stream, node, expected)) }
        case .multipleOf(let divisor):
            if let n = instance.number, !n.isMultiple(of: .finite(divisor)) {
                fail(&outcome, keyword, node, Messages.multipleOf(stream, node, divisor))
            }
        case .maximum(let limit, let exclusive):
            if let n = instance.number, !(exclusive ? n < limit : n <= limit) {
                fail(&outcome, keyword, node, Messages.bound(stream, node, limit, maximum: true, exclusive: exclusive))
            }
        case .minimum(let limit, let exclusive):
            if let n = instance.number, !(exclusive ? limit < n : limit <= n) {
                fail(&outcome, keyword, node, Messages.bound(stream, node, limit, maximum: false, exclusive: exclusive))
            }
        case .maxLength(let limit):
            if let s = instance.string, s.unicodeScalars.count > limit {
                fail(&outcome, keyword, node, Messages.length(stream, node, limit, maximum: true, found: s.unicodeScalars.count))
            }
        case .minLength(let limit):
            if let s = instance.string, s.unicodeScalars.count < limit {
                fail(&outcome, keyword, node, Messages.length(stream, node, limit, maximum: false, found: s.unicodeScalars.count))
            }
        case .pattern(let regex):
            if let s = instance.string {
                switch regex.firstMatch(in: s) {
                case .match: break
                case .noMatch: fail(&outcome, keyword, node, Messages.pattern(stream, node, regex.pattern))
                case .limitExceeded:
                    fail(&outcome, keyword, node, Messages.patternLimit(stream, node, regex.pattern), as: "pattern-limit")
                }
            }
        case .format(let format, let assert):
            if assert, let s = instance.string,
                FormatChecker.check(format, s, draft: instance.draft.formatDraft, regexIsValid: { (try? ECMARegex.checkSyntax($0)) != nil }) == false
            {
                fail(&outcome, keyword, node, Messages.format(stream, node, format))
            }
        case .content(let base64, let json):
            guard let s = instance.string else { return }
            var bytes = Array(s.utf8)
            if base64 {
                guard let decoded = Base64.decode(bytes) else {
                    fail(&outcome, keyword, node, Messages.content(stream, node, "valid base64"))
                    return
                }
                bytes = decoded
            }
            if json {
                let read = DocumentReader().read(bytes, format: .json)
                if read.diagnostics.contains(where: \.isFatal) {
                    fail(&outcome, keyword, node, Messages.content(stream, node, "a valid JSON document"))
                }
            }

        case .prefixItems(let schemas):
            guard instance.kind == .sequence else { return }
            let items = stream.elements(node)
            for (i, item) in items.prefix(schemas.count).enumerated() {
                let result = evaluate(schemas[i], item, annotate: false)
                outcome.absorbVerdict(result)
                if !outcome.valid && !wantErrors { return }
            }
            if annotate { outcome.itemPrefix = max(outcome.itemPrefix, min(items.count, schemas.count)) }
        case .items(let itemSchema, let from):
            guard instance.kind == .sequence else { return }
            let items = stream.elements(node)
            guard items.count > from else { return }
            for i in from..<items.count {
                let result = evaluate(itemSchema, items[i], annotate: false)
                if !result.valid, itemSchema.constant == false, wantErrors {
                    fail(&outcome, keyword, items[i], Messages.extraItem(stream, node, index: i, allowed: from))
                } else {
                    outcome.absorbVerdict(result)
                }
                if !outcome.valid && !wantErrors { return }
            }
            if annotate { outcome.allItems = true }
        case .contains(let itemSchema, let minimum, let maximum):
            guard instance.kind == .sequence else { return }
            let items = stream.elements(node)
            var matched: [Int] = []
            let saved = wantErrors
            wantErrors = false
            for (i, item) in items.enumerated() where evaluate(itemSchema, item, annotate: false).valid {
                matched.append(i)
            }
            wantErrors = saved
            if matched.count < minimum {
                fail(&outcome, keyword, node, Messages.contains(stream, node, minimum: minimum, found: matched.count))
            } else if let maximum, matched.count > maximum {
                fail(&outcome, keyword, node, Messages.containsMaximum(stream, node, maximum: maximum, found: matched.count), as: "maxContains")
            }
            if annotate { outcome.itemIndices.formUnion(matched) }
        case .maxItems(let limit):
            if instance.kind == .sequence {
                let count = stream.elements(node).count
                if count > limit { fail(&outcome, keyword, node, Messages.count(stream, node, limit, maximum: true, found: count, noun: "item")) }
            }
        case .minItems(let limit):
            if instance.kind == .sequence {
                let count = stream.elements(node).count
                if count < limit { fail(&outcome, keyword, node, Messages.count(stream, node, limit, maximum: false, found: count, noun: "item")) }
            }
        case .uniqueItems:
            guard instance.kind == .sequence else { return }
            let items = stream.elements(node)
            var seen: [JSONValue: Int] = [:]
            for (i, item) in items.enumerated() {
                let value = JSONValue(stream, item)
                if let first = seen[value] {
                    fail(&outcome, keyword, item, Messages.duplicateItem(stream, node, first: first, second: i))
                    return
                }
                seen[value] = i
            }
        case .unevaluatedItems(let itemSchema):
            guard instance.kind == .sequence, !outcome.allItems else { return }
            let items = stream.elements(node)
            for i in outcome.itemPrefix..<max(outcome.itemPrefix, items.count) where !outcome.itemIndices.contains(i) {
                let result = evaluate(itemSchema, items[i], annotate: false)
                if !result.valid {
                    if itemSchema.constant == false {
                        fail(&outcome, keyword, items[i], Messages.unevaluatedItem(stream, node, index: i))
                    } else {
                        outcome.absorbVerdict(result)
                    }
                    if !wantErrors { return }
                }
            }
            if annotate { outcome.allItems = true }

        case .properties(let map):
            guard instance.kind == .mapping else { return }
            for (key, value) in stream.entries(node) {
                let name = stream.keyToken(key)
                guard let propertySchema = map[name] else { continue }
                applyToMember(propertySchema, key: key, value: value, name: name, keyword, suggestion: nil, into: &outcome)
                if annotate { outcome.properties.insert(name) }
                if !outcome.valid && !wantErrors { return }
            }
        case .patternProperties(let list):
            guard instance.kind == .mapping else { return }
            for (key, value) in stream.entries(node) {
                let name = stream.keyToken(key)
                for (regex, propertySchema) in list where regex.firstMatch(in: name) == .match {
                    applyToMember(propertySchema, key: key, value: value, name: name, keyword, suggestion: nil, into: &outcome)
                    if annotate { outcome.properties.insert(name) }
                    if !outcome.valid && !wantErrors { return }
                }
            }
        case .additionalProperties(let extraSchema, let known, let patterns):
            guard instance.kind == .mapping else { return }
            for (key, value) in stream.entries(node) {
                let name = stream.keyToken(key)
                if known.contains(name) || patterns.contains(where: { $0.firstMatch(in: name) == .match }) { continue }
                applyToMember(
                    extraSchema, key: key, value: value, name: name, keyword,
                    suggestion: extraSchema.constant == false ? { Messages.closest(name, in: known) } : nil, into: &outcome)
                if annotate { outcome.properties.insert(name) }
                if !outcome.valid && !wantErrors { return }
            }
        case .propertyNames(let nameSchema):
            guard instance.kind == .mapping else { return }
            for (key, _) in stream.entries(node) {
                // The key is validated as a string instance; violations point at the key.
                let result = evaluate(nameSchema, key, annotate: false)
                if !result.valid {
                    fail(&outcome, keyword, key, Messages.propertyName(stream, key, result.errors.first?.message))
                    if !wantErrors { return }
                }
            }
        case .required(let names):
            guard instance.kind == .mapping else { return }
            let keys = stream.entries(node).map { stream.keyToken($0.key) }
            // Most mappings are small: a scan beats hashing every key into a set.
            let present: (String) -> Bool
            if keys.count > 16 {
                let set = Set(keys)
                present = { set.contains($0) }
            } else {
                present = { keys.contains($0) }
            }
            for name in names where !present(name) {
                fail(&outcome, keyword, node, Messages.required(stream, node, name))
                if !wantErrors { return }
            }
        case .maxProperties(let limit):
            if instance.kind == .mapping {
                let count = stream.entries(node).count
                if count > limit { fail(&outcome, keyword, node, Messages.count(stream, node, limit, maximum: true, found: count, noun: "key")) }
            }
        case .minProperties(let limit):
            if instance.kind == .mapping {
                let count = stream.entries(node).count
                if count < limit { fail(&outcome, keyword, node, Messages.count(stream, node, limit, maximum: false, found: count, noun: "key")) }
            }
        case .dependentRequired(let map):
            guard instance.kind == .mapping else { return }
            let entries = stream.entries(node)
            let present = Set(entries.map { stream.keyToken($0.key) })
            for (key, _) in entries {
                let name = stream.keyToken(key)
                for needed in map[name] ?? [] where !present.contains(needed) {
                    fail(&outcome, keyword, key, Messages.dependentRequired(stream, node, name, needs: needed))
                    if !wantErrors { return }
                }
            }
        case .dependentSchemas(let map):
            guard instance.kind == .mapping else { return }
            for (key, _) in stream.entries(node) {
                guard let dependent = map[stream.keyToken(key)] else { continue }
                outcome.absorb(evaluate(dependent, node, annotate: annotate))
                if !outcome.valid && !wantErrors { return }
            }
        case .unevaluatedProperties(let extraSchema):
            guard instance.kind == .mapping else { return }
            for (key, value) in stream.entries(node) {
                let name = stream.keyToken(key)
                if outcome.properties.contains(name) { continue }
                let result = evaluate(extraSchema, value, annotate: false)
                if !result.valid {
                    if extraSchema.constant == false {
                        fail(&outcome, keyword, key, Messages.notAllowed(stream, key, name, suggestion: nil))
                    } else {
                        outcome.absorbVerdict(result)
                    }
                    if !wantErrors { return }
                }
                if annotate { outcome.properties.insert(name) }
            }

        case .allOf(let schemas):
            for sub in schemas {
                outcome.absorb(evaluate(sub, node, annotate: annotate))
                if !outcome.valid && !wantErrors { return }
            }
        case .anyOf(let schemas):
            var failures: [Outcome] = []
            var matched = false
            for sub in schemas {
                let result = evaluate(sub, node, annotate: annotate)
                if result.valid {
                    matched = true
                    outcome.absorbAnnotations(result)
                    if !annotate { break }
                } else {
                    failures.append(result)
                }
            }
            if !matched { reportBestBranch(failures, keyword, instance, into: &outcome) }
        case .oneOf(let schemas):
            var failures: [Outcome] = []
            var valid: [Int] = []
            var annotations = Outcome()
            for (i, sub) in schemas.enumerated() {
                let result = evaluate(sub, node, annotate: annotate)
                if result.valid {
                    valid.append(i)
                    annotations.absorbAnnotations(result)
                } else {
                    failures.append(result)
                }
            }
            if valid.isEmpty {
                reportBestBranch(failures, keyword, instance, into: &outcome)
            } else if valid.count > 1 {
                fail(&outcome, keyword, node, Messages.oneOfSeveral(stream, node, valid))
            } else {
                outcome.absorbAnnotations(annotations)
            }
        case .not(let sub):
            let saved = wantErrors
            wantErrors = false
            let result = evaluate(sub, node, annotate: false)
            wantErrors = saved
            if result.valid { fail(&outcome, keyword, node, Messages.not(stream, node)) }
        case .conditional(let condition, let thenSchema, let elseSchema):
            let saved = wantErrors
            wantErrors = false
            let test = evaluate(condition, node, annotate: annotate)
            wantErrors = saved
            if test.valid {
                outcome.absorbAnnotations(test)
                if let thenSchema { outcome.absorb(evaluate(thenSchema, node, annotate: annotate)) }
            } else if let elseSchema {
                outcome.absorb(evaluate(elseSchema, node, annotate: annotate))
            }
        case .ref(let box):
            if let target = box.schema { outcome.absorb(evaluate(target, node, annotate: annotate)) }
        case .dynamicRef(let box, let anchor):
            var target = box.schema
            if let anchor {
                // The outermost resource in the dynamic scope that defines the anchor wins.
                for resource in scope {
                    if let found = schema.dynamicTargets[resource]?[anchor] {
                        target = found
                        break
                    }
                }
            }
            if let target { outcome.absorb(evaluate(target, node, annotate: annotate)) }
        case .recursiveRef(let box):
            var target = box.schema
            if let initial = target, schema.recursiveTargets[initial.resource] != nil {
                for resource in scope {
                    if let found = schema.recursiveTargets[resource] {
                        target = found
                        break
                    }
                }
            }
            if let target { outcome.absorb(evaluate(target, node, annotate: annotate)) }
        }
    }

    /// Applies a property's schema to its value. A `false` schema means the key may not be there
    /// at all, so the violation points at the key and says so; otherwise the value's own
    /// violations are kept.
    private mutating func applyToMember(
        _ sub: CompiledSchema, key: NodeID, value: NodeID, name: String, _ keyword: Keyword, suggestion: (() -> String?)?,
        into outcome: inout Outcome
    ) {
        let result = evaluate(sub, value, annotate: false)
        if !result.valid, sub.constant == false {
            fail(&outcome, keyword, key, Messages.notAllowed(stream, key, name, suggestion: suggestion?()))
        } else {
            outcome.absorbVerdict(result)
        }
    }

    /// For `anyOf`/`oneOf` with no matching branch: the violations of the branch that came closest.
    /// A branch that rejects the value's type (or forbids it outright) is a poor match: its other
    /// complaints are noise. Among the rest, the one with the fewest violations wins. When every
    /// branch rejects the type, one `anyOf`/`oneOf` violation says none matched.
    private mutating func reportBestBranch(_ failures: [Outcome], _ keyword: Keyword, _ instance: Instance, into outcome: inout Outcome) {
        outcome.valid = false
        guard wantErrors else { return }
        func rejectsType(_ o: Outcome) -> Bool {
            o.errors.contains { ($0.keyword == "type" || $0.keyword == "false") && $0.node == instance.node }
        }
        let close = failures.filter { !rejectsType($0) && !$0.errors.isEmpty }
        if let best = close.min(by: { $0.errors.count < $1.errors.count }) {
            // A complaint below the value says which branch it comes from: without it, "x is not
            // allowed" reads as a plain object rule while another branch would have allowed x.
            let context = " (by the closest \(keyword.name) branch for \(Messages.subject(stream, instance.node)))"
            outcome.errors.append(contentsOf: best.errors.map { violation in
                var v = violation
                if v.node != instance.node && !v.message.contains(" branch for ") { v.message += context }
                return v
            })
            return
        }
        fail(&outcome, keyword, instance.node, Messages.noBranch(stream, instance.node, keyword.name, failures.flatMap(\.errors), found: instance.type))
    }
}

/// The instance node under evaluation, with what most keywords ask of it.
struct Instance {
    let stream: ParsedStream
    let node: NodeID
    let draft: Draft
    let kind: NodeKind
    let scalarType: ScalarType?

    init(stream: ParsedStream, node: NodeID, draft: Draft) {
        self.stream = stream
        self.node = node
        self.draft = draft
        kind = stream.kind(node)
        scalarType = kind == .scalar ? stream.scalarType(node) : nil
    }

    var number: SchemaNumber? {
        guard scalarType == .integer || scalarType == .number else { return nil }
        let bytes = stream.valueBytes(node)
        // Fast path for the common case, a plain decimal integer that fits in an Int.
        if scalarType == .integer, bytes.count <= 18, let first = bytes.first, first != UInt8(ascii: "0") || bytes.count == 1 {
            var value = 0
            var negative = false
            var ok = true
            for (i, b) in bytes.enumerated() {
                if i == 0 && (b == UInt8(ascii: "-") || b == UInt8(ascii: "+")) && bytes.count > 1 {
                    negative = b == UInt8(ascii: "-")
                } else if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                    value = value * 10 + Int(b - UInt8(ascii: "0"))
                } else {
                    ok = false
                    break
                }
            }
            if ok { return SchemaNumber(negative ? -value : value) }
        }
        return SchemaNumber(bytes)
    }

    /// The instance as a detached value (a key is a string, whatever it looks like).
    var value: JSONValue {
        if stream.isKey(node) && kind == .scalar { return .string(stream.keyToken(node)) }
        return JSONValue(stream, node)
    }

    var string: String? {
        // Keys reach here for propertyNames: every key is a string to JSON Schema.
        if stream.isKey(node) && kind == .scalar { return stream.keyToken(node) }
        return scalarType == .string ? stream.string(node) : nil
    }

    var type: JSONType {
        switch kind {
        case .mapping: return .object
        case .sequence: return .array
        default:
            if stream.isKey(node) { return .string }
            switch scalarType ?? .string {
            case .null: return .null
            case .bool: return .boolean
            case .string: return .string
            case .integer: return .integer
            case .number: return (number?.isInteger ?? false) && draft > .draft4 ? .integer : .number
            }
        }
    }

    func matches(_ t: JSONType) -> Bool {
        let actual = type
        if actual == t { return true }
        return t == .number && actual == .integer
    }
}

extension Draft {
    var formatDraft: FormatDraft {
        switch self {
        case .draft4: .draft4
        case .draft6: .draft6
        case .draft7: .draft7
        case .draft2019_09: .draft2019_09
        case .draft2020_12: .draft2020_12
        }
    }
}

/// RFC 4648 base64 (standard alphabet, padding required), for draft 7's `contentEncoding`.
enum Base64 {
    static func decode(_ input: [UInt8]) -> [UInt8]? {
        guard input.count % 4 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): c - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): c - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): 62
            case UInt8(ascii: "/"): 63
            default: nil
            }
        }
        var output: [UInt8] = []
        var i = 0
        while i < input.count {
            let chunk = input[i..<(i + 4)]
            let padding = chunk.reversed().prefix { $0 == UInt8(ascii: "=") }.count
            guard padding <= 2, i + 4 == input.count || padding == 0 else { return nil }
            var bits: UInt32 = 0
            for (j, c) in chunk.enumerated() {
                if j >= 4 - padding { bits <<= 6; continue }
                guard let v = value(c) else { return nil }
                bits = bits << 6 | UInt32(v)
            }
            output.append(UInt8(bits >> 16 & 0xFF))
            if padding < 2 { output.append(UInt8(bits >> 8 & 0xFF)) }
            if padding < 1 { output.append(UInt8(bits & 0xFF)) }
            i += 4
        }
        return output
    }
}
