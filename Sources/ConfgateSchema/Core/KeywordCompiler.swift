import ConfgateDocument

/// Compiles the keywords of one schema object, checking each value's shape.
struct KeywordContext {
    let compiler: SchemaCompiler
    let stream: ParsedStream
    let document: Int32
    let name: String
    let schema: CompiledSchema
    let base: URIReference
    let vocabularies: Set<Vocabulary>?

    private var values: [String: (key: NodeID, value: NodeID)] = [:]

    init(
        compiler: SchemaCompiler, stream: ParsedStream, document: Int32, name: String, schema: CompiledSchema,
        base: URIReference, vocabularies: Set<Vocabulary>?
    ) {
        self.compiler = compiler
        self.stream = stream
        self.document = document
        self.name = name
        self.schema = schema
        self.base = base
        self.vocabularies = vocabularies
    }

    var draft: Draft { schema.draft }

    // MARK: - Keyword order

    mutating func compileKeywords(of node: NodeID) throws(SchemaError) {
        for (key, value) in stream.entries(node) { values[stream.keyToken(key)] = (key, value) }

        if draft.refOverridesSiblings, values["$ref"] != nil {
            try compileReference("$ref")
            return
        }
        try compileReference("$ref")
        if draft == .draft2020_12 { try compileReference("$dynamicRef") }
        if draft == .draft2019_09 { try compileReference("$recursiveRef") }

        // Cheap assertions first: they fail fast and need no subschema.
        try compileType()
        if let v = value("enum") {
            guard stream.kind(v) == .sequence else { throw invalid("enum", "must be an array") }
            add(.enumeration(stream.elements(v).map { JSONValue(stream, $0) }), "enum")
        }
        if draft >= .draft6, let v = value("const") { add(.constant(JSONValue(stream, v)), "const") }
        try compileNumeric()
        if let n = try nonNegativeInteger("maxLength") { add(.maxLength(n), "maxLength") }
        if let n = try nonNegativeInteger("minLength") { add(.minLength(n), "minLength") }
        if let v = value("pattern") { add(.pattern(try regex(v, keyword: "pattern")), "pattern") }
        if let v = value("format"), let format = stringValue(v) {
            add(.format(format, assert: formatAsserts), "format")
        }
        if draft == .draft7 {
            // Draft 7 lets validators check encoded content; later drafts make it an annotation only.
            let encoding = value("contentEncoding").flatMap(stringValue)
            let mediaType = value("contentMediaType").flatMap(stringValue)
            if encoding == "base64" || mediaType == "application/json" {
                add(.content(base64: encoding == "base64", json: mediaType == "application/json"),
                    mediaType != nil ? "contentMediaType" : "contentEncoding")
            }
        }
        try compileArrayKeywords()
        try compileObjectKeywords()
        try compileApplicators()
        if draft >= .draft2019_09 {
            if let v = value("unevaluatedItems") { add(.unevaluatedItems(try subschema(v)), "unevaluatedItems") }
            if let v = value("unevaluatedProperties") {
                add(.unevaluatedProperties(try subschema(v)), "unevaluatedProperties")
            }
            schema.needsAnnotations = values["unevaluatedItems"] != nil || values["unevaluatedProperties"] != nil
        }
    }

    /// Whether `format` asserts: when the run asks for it, or when the meta-schema turns on the
    /// format-assertion vocabulary.
    private var formatAsserts: Bool {
        compiler.options.formatAssertion || (vocabularies?.contains(.formatAssertion) ?? false)
    }

    // MARK: - Helpers

    /// The value of a keyword, or nil when absent or when its vocabulary is turned off.
    private func value(_ keyword: String) -> NodeID? {
        guard let entry = values[keyword] else { return nil }
        if let vocabularies, draft >= .draft2019_09, let vocabulary = Vocabulary.of(keyword) {
            let on: Bool
            switch vocabulary {
            case .formatAnnotation, .formatAssertion, .format:
                on = true  // format is always at least an annotation
            case .unevaluated:
                on = vocabularies.contains(.unevaluated) || vocabularies.contains(.applicator)
            default:
                on = vocabularies.contains(vocabulary)
            }
            if !on { return nil }
        }
        return stream.resolved(entry.value)
    }

    private func keyNode(_ keyword: String) -> NodeID { values[keyword]!.key }

    private func location(_ keyword: String) -> String {
        JSONPointer.appending(schema.location, keyword)
    }

    private func add(_ kind: Keyword.Kind, _ keyword: String) {
        let source = values[keyword].map { stream.start($0.key) }
        schema.keywords.append(Keyword(kind: kind, name: keyword, location: location(keyword), source: source))
    }

    private func invalid(_ keyword: String, _ message: String) -> SchemaError {
        let key = keyNode(keyword)
        return .invalidKeyword(
            schema: name, pointer: stream.pointer(key), location: stream.start(key), message: "\"\(keyword)\" \(message)")
    }

    private func stringValue(_ node: NodeID) -> String? {
        stream.kind(node) == .scalar && stream.scalarType(node) == .string ? stream.string(node) : nil
    }

    private func number(_ node: NodeID) -> SchemaNumber? {
        guard stream.kind(node) == .scalar, let t = stream.scalarType(node), t == .integer || t == .number else {
            return nil
        }
        return SchemaNumber(stream.valueBytes(node))
    }

    private func nonNegativeInteger(_ keyword: String) throws(SchemaError) -> Int? {
        guard let v = value(keyword) else { return nil }
        guard let n = number(v), case .finite(let d) = n, d.isInteger, !d.isNegative else {
            throw invalid(keyword, "must be a non-negative integer")
        }
        return d.clampedInt
    }

    private func subschema(_ node: NodeID) throws(SchemaError) -> CompiledSchema {
        try compiler.compile(SchemaLocation(document: document, node: node))
    }

    private func subschemas(_ keyword: String, _ node: NodeID) throws(SchemaError) -> [CompiledSchema] {
        guard stream.kind(node) == .sequence else { throw invalid(keyword, "must be an array of schemas") }
        var result: [CompiledSchema] = []
        for item in stream.elements(node) { result.append(try subschema(item)) }
        return result
    }

    private func regex(_ node: NodeID, keyword: String) throws(SchemaError) -> ECMARegex {
        guard let pattern = stringValue(node) else { throw invalid(keyword, "must be a string") }
        return try compileRegex(pattern, at: node)
    }

    private func compileRegex(_ pattern: String, at node: NodeID) throws(SchemaError) -> ECMARegex {
        do {
            return try ECMARegex(pattern)
        } catch {
            throw .invalidPattern(
                schema: name, pointer: stream.pointer(node), location: stream.start(node), pattern: pattern,
                reason: error.description)
        }
    }

    // MARK: - Keyword groups

    private mutating func compileReference(_ keyword: String) throws(SchemaError) {
        guard let v = values[keyword]?.value else { return }
        guard let reference = stringValue(stream.resolved(v)) else { throw invalid(keyword, "must be a string") }
        let (target, targetLocation) = try compiler.resolveReference(
            reference, base: base, stream: stream, keyNode: keyNode(keyword), documentName: name)
        compiler.recordReference(from: SchemaLocation(document: document, node: stream.resolved(v)), to: targetLocation)
        let box = SchemaBox()
        box.schema = target
        switch keyword {
        case "$dynamicRef":
            // Dynamic only when the statically found schema is itself the dynamic anchor named.
            let fragment = URIReference(reference).fragment
            var anchor: String?
            if let fragment, !fragment.isEmpty, !fragment.hasPrefix("/") {
                let targetInfo = compiler.registry.info[targetLocation]
                if let resource = targetInfo?.resource,
                    compiler.registry.dynamicAnchors[resource]?[fragment] == SchemaLocation(
                        document: targetLocation.document,
                        node: compiler.registry.document(targetLocation).stream.resolved(targetLocation.node))
                {
                    anchor = fragment
                    try compiler.compileDynamicAnchors(named: fragment)
                }
            }
            add(.dynamicRef(box, anchor: anchor), keyword)
        case "$recursiveRef":
            try compiler.compileRecursiveAnchors()
            add(.recursiveRef(box), keyword)
        default:
            add(.ref(box), keyword)
        }
    }

    private mutating func compileType() throws(SchemaError) {
        guard let v = value("type") else { return }
        func parse(_ node: NodeID) throws(SchemaError) -> JSONType {
            guard let text = stringValue(node), let type = JSONType(rawValue: text) else {
                throw invalid("type", "must be one of \(JSONType.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
            }
            return type
        }
        var types: [JSONType] = []
        if stream.kind(v) == .sequence {
            for item in stream.elements(v) { types.append(try parse(item)) }
        } else {
            types.append(try parse(v))
        }
        add(.type(types), "type")
    }

    private mutating func compileNumeric() throws(SchemaError) {
        if let v = value("multipleOf") {
            guard let n = number(v), case .finite(let d) = n, !d.isNegative, !d.isZero else {
                throw invalid("multipleOf", "must be a number greater than 0")
            }
            add(.multipleOf(d), "multipleOf")
        }
        for (keyword, isMaximum) in [("maximum", true), ("minimum", false)] {
            guard let v = value(keyword) else { continue }
            guard let n = number(v) else { throw invalid(keyword, "must be a number") }
            var exclusive = false
            if draft == .draft4, let e = value(isMaximum ? "exclusiveMaximum" : "exclusiveMinimum") {
                guard stream.scalarType(e) == .bool else {
                    throw invalid(isMaximum ? "exclusiveMaximum" : "exclusiveMinimum", "must be a boolean in draft-04")
                }
                exclusive = JSONValue.isTrue(stream.valueBytes(e))
            }
            add(isMaximum ? .maximum(n, exclusive: exclusive) : .minimum(n, exclusive: exclusive), keyword)
        }
        if draft >= .draft6 {
            for (keyword, isMaximum) in [("exclusiveMaximum", true), ("exclusiveMinimum", false)] {
                guard let v = value(keyword) else { continue }
                guard let n = number(v) else { throw invalid(keyword, "must be a number") }
                add(isMaximum ? .maximum(n, exclusive: true) : .minimum(n, exclusive: true), keyword)
            }
        }
    }

    private mutating func compileArrayKeywords() throws(SchemaError) {
        var prefixCount = 0
        if draft == .draft2020_12 {
            if let v = value("prefixItems") {
                let items = try subschemas("prefixItems", v)
                prefixCount = items.count
                add(.prefixItems(items), "prefixItems")
            }
            if let v = value("items") { add(.items(try subschema(v), from: prefixCount), "items") }
        } else if let v = value("items") {
            if stream.kind(v) == .sequence {
                let items = try subschemas("items", v)
                add(.prefixItems(items), "items")
                if let extra = value("additionalItems") {
                    add(.items(try subschema(extra), from: items.count), "additionalItems")
                }
            } else {
                add(.items(try subschema(v), from: 0), "items")
            }
        }
        if draft >= .draft6, let v = value("contains") {
            var minimum = 1
            var maximum: Int?
            if draft >= .draft2019_09 {
                minimum = try nonNegativeInteger("minContains") ?? 1
                maximum = try nonNegativeInteger("maxContains")
            }
            add(.contains(try subschema(v), min: minimum, max: maximum), "contains")
        }
        if let n = try nonNegativeInteger("maxItems") { add(.maxItems(n), "maxItems") }
        if let n = try nonNegativeInteger("minItems") { add(.minItems(n), "minItems") }
        if let v = value("uniqueItems") {
            guard stream.scalarType(v) == .bool else { throw invalid("uniqueItems", "must be a boolean") }
            if JSONValue.isTrue(stream.valueBytes(v)) { add(.uniqueItems, "uniqueItems") }
        }
    }

    private mutating func compileObjectKeywords() throws(SchemaError) {
        var known: Set<String> = []
        var patterns: [ECMARegex] = []
        if let v = value("properties") {
            guard stream.kind(v) == .mapping else { throw invalid("properties", "must be an object") }
            var map: [String: CompiledSchema] = [:]
            for (k, item) in stream.entries(v) {
                let key = stream.keyToken(k)
                map[key] = try subschema(item)
                known.insert(key)
            }
            add(.properties(map), "properties")
        }
        if let v = value("patternProperties") {
            guard stream.kind(v) == .mapping else { throw invalid("patternProperties", "must be an object") }
            var list: [(ECMARegex, CompiledSchema)] = []
            for (k, item) in stream.entries(v) {
                let regex = try compileRegex(stream.keyToken(k), at: k)
                patterns.append(regex)
                list.append((regex, try subschema(item)))
            }
            add(.patternProperties(list), "patternProperties")
        }
        if let v = value("additionalProperties") {
            add(.additionalProperties(try subschema(v), known: known, patterns: patterns), "additionalProperties")
        }
        if draft >= .draft6, let v = value("propertyNames") { add(.propertyNames(try subschema(v)), "propertyNames") }
        if let v = value("required") {
            guard stream.kind(v) == .sequence else { throw invalid("required", "must be an array of strings") }
            var names: [String] = []
            for item in stream.elements(v) {
                guard let s = stringValue(item) else { throw invalid("required", "must be an array of strings") }
                names.append(s)
            }
            if !names.isEmpty { add(.required(names), "required") }
        }
        if let n = try nonNegativeInteger("maxProperties") { add(.maxProperties(n), "maxProperties") }
        if let n = try nonNegativeInteger("minProperties") { add(.minProperties(n), "minProperties") }
        if draft >= .draft2019_09 {
            if let v = value("dependentRequired") {
                add(.dependentRequired(try stringLists("dependentRequired", v)), "dependentRequired")
            }
            if let v = value("dependentSchemas") {
                add(.dependentSchemas(try schemaMap("dependentSchemas", v)), "dependentSchemas")
            }
        }
        // `dependencies` was split in 2019-09; later drafts still honour it, as most validators do.
        if let v = value("dependencies") {
            guard stream.kind(v) == .mapping else { throw invalid("dependencies", "must be an object") }
            var required: [String: [String]] = [:]
            var schemas: [String: CompiledSchema] = [:]
            for (k, item) in stream.entries(v) {
                let key = stream.keyToken(k)
                if stream.kind(item) == .sequence {
                    required[key] = stream.elements(item).compactMap(stringValue)
                } else {
                    schemas[key] = try subschema(item)
                }
            }
            if !required.isEmpty { add(.dependentRequired(required), "dependencies") }
            if !schemas.isEmpty { add(.dependentSchemas(schemas), "dependencies") }
        }
    }

    private func stringLists(_ keyword: String, _ node: NodeID) throws(SchemaError) -> [String: [String]] {
        guard stream.kind(node) == .mapping else { throw invalid(keyword, "must be an object") }
        var result: [String: [String]] = [:]
        for (k, item) in stream.entries(node) {
            guard stream.kind(item) == .sequence else { throw invalid(keyword, "values must be arrays of strings") }
            result[stream.keyToken(k)] = stream.elements(item).compactMap(stringValue)
        }
        return result
    }

    private func schemaMap(_ keyword: String, _ node: NodeID) throws(SchemaError) -> [String: CompiledSchema] {
        guard stream.kind(node) == .mapping else { throw invalid(keyword, "must be an object") }
        var result: [String: CompiledSchema] = [:]
        for (k, item) in stream.entries(node) { result[stream.keyToken(k)] = try subschema(item) }
        return result
    }

    private mutating func compileApplicators() throws(SchemaError) {
        if let v = value("allOf") { add(.allOf(try subschemas("allOf", v)), "allOf") }
        if let v = value("anyOf") { add(.anyOf(try subschemas("anyOf", v)), "anyOf") }
        if let v = value("oneOf") { add(.oneOf(try subschemas("oneOf", v)), "oneOf") }
        if let v = value("not") { add(.not(try subschema(v)), "not") }
        if draft >= .draft7, let v = value("if") {
            let thenSchema = try value("then").map { n throws(SchemaError) in try subschema(n) }
            let elseSchema = try value("else").map { n throws(SchemaError) in try subschema(n) }
            add(.conditional(if: try subschema(v), then: thenSchema, else: elseSchema), "if")
        }
    }
}

extension ExactDecimal {
    /// The value as an Int, clamped to Int's range (only whole numbers are passed here).
    var clampedInt: Int {
        if isNegative { return 0 }
        let d = doubleValue
        if d >= Double(Int.max) { return Int.max }
        return Int(description) ?? Int(d)
    }
}
