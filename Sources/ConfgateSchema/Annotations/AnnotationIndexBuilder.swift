import ConfgateDocument

/// Reads the schema documents of a registry into `SchemaAnnotations` entries, from a root, following
/// the keywords that lead to subschemas of an instance's paths. Runs while the schema compiles,
/// when the registry is in one thread's hands and every reference it meets is already loaded.
final class AnnotationIndexBuilder {
    private let registry: SchemaRegistry
    /// Where the compiler's references led, by the reference's value node.
    private let referenceTargets: [SchemaLocation: SchemaLocation]
    private var entries: [SchemaAnnotations.Entry] = []
    private var ids: [SchemaLocation: Int] = [:]
    private var pending: [(id: Int, at: SchemaLocation)] = []

    init(registry: SchemaRegistry, referenceTargets: [SchemaLocation: SchemaLocation] = [:]) {
        self.registry = registry
        self.referenceTargets = referenceTargets
    }

    /// The index of the schema at `root` and everything it reaches.
    func build(root: SchemaLocation) -> SchemaAnnotations {
        let rootID = id(of: root)
        while let (id, at) = pending.popLast() {
            let entry = read(at)
            entries[id] = entry
        }
        return SchemaAnnotations(entries: entries, root: rootID)
    }

    /// The entry index of a schema node, queued for reading the first time it is met (a worklist,
    /// not recursion: references may loop, and deep templates must not exhaust the stack).
    private func id(of location: SchemaLocation) -> Int {
        let at = SchemaLocation(document: location.document, node: registry.document(location).stream.resolved(location.node))
        if let id = ids[at] { return id }
        let id = entries.count
        ids[at] = id
        entries.append(SchemaAnnotations.Entry())
        pending.append((id, at))
        return id
    }

    private func read(_ at: SchemaLocation) -> SchemaAnnotations.Entry {
        let stream = registry.document(at).stream
        var entry = SchemaAnnotations.Entry()
        switch stream.kind(at.node) {
        case .scalar where stream.scalarType(at.node) == .bool:
            entry.constant = JSONValue.isTrue(stream.valueBytes(at.node))
            return entry
        case .mapping:
            break
        default:
            return entry  // not a schema: the compiler has rejected it already
        }
        var values: [String: NodeID] = [:]
        for (key, value) in stream.entries(at.node) { values[stream.keyToken(key)] = stream.resolved(value) }
        // Invalid values are skipped here; a template loader reports them (`SchemaAnnotations.problems`).
        entry.parity = values[AnnotationKeywords.parityKeyword].flatMap { try? AnnotationKeywords.parity(stream, $0).get() }
        entry.merge = values[AnnotationKeywords.mergeKeyword].flatMap { try? AnnotationKeywords.merge(stream, $0).get() }

        let info = registry.info[at]
        let draft = info?.draft ?? registry.defaultDraft
        func child(_ node: NodeID) -> Int { id(of: SchemaLocation(document: at.document, node: node)) }
        func reference(_ keyword: String) {
            guard let value = values[keyword] else { return }
            // The compiler resolved every reference it met (a JSON Pointer walk each); resolve
            // again only one it skipped (a keyword of a vocabulary turned off).
            if let target = referenceTargets[SchemaLocation(document: at.document, node: value)] {
                entry.inPlace.append(id(of: target))
            } else if stream.kind(value) == .scalar, stream.scalarType(value) == .string, let base = info?.base,
                let target = registry.lookup(URIReference(stream.string(value)).resolved(against: base))
            {
                entry.inPlace.append(id(of: target))
            }
        }
        func schemaList(_ keyword: String) -> [Int] {
            guard let value = values[keyword], stream.kind(value) == .sequence else { return [] }
            return stream.elements(value).map(child)
        }

        if draft.refOverridesSiblings, values["$ref"] != nil {
            reference("$ref")
            return entry
        }
        reference("$ref")
        if draft == .draft2020_12 { reference("$dynamicRef") }
        if draft == .draft2019_09 { reference("$recursiveRef") }
        for keyword in ["allOf", "anyOf", "oneOf"] { entry.inPlace += schemaList(keyword) }
        if draft >= .draft7 {
            for keyword in ["if", "then", "else"] { if let value = values[keyword] { entry.inPlace.append(child(value)) } }
        }
        for keyword in ["dependentSchemas", "dependencies"] where keyword == "dependencies" || draft >= .draft2019_09 {
            guard let value = values[keyword], stream.kind(value) == .mapping else { continue }
            // `dependencies` also holds lists of required names (dependentRequired's older form).
            for (_, schema) in stream.entries(value) where stream.kind(schema) != .sequence {
                entry.inPlace.append(child(schema))
            }
        }

        if let value = values["properties"], stream.kind(value) == .mapping {
            for (key, schema) in stream.entries(value) {
                let name = stream.keyToken(key)
                let id = child(schema)
                entry.properties.append((name, id))
                entry.propertyIndex[name] = id
            }
        }
        if let value = values["patternProperties"], stream.kind(value) == .mapping {
            for (key, schema) in stream.entries(value) {
                // The compiler has compiled each pattern already; one it rejected never gets here.
                guard let regex = try? ECMARegex(stream.keyToken(key)) else { continue }
                entry.patterns.append((regex, child(schema)))
            }
        }
        entry.additionalProperties = values["additionalProperties"].map(child)

        if draft == .draft2020_12 {
            entry.prefixItems = schemaList("prefixItems")
            entry.items = values["items"].map(child)
        } else if let items = values["items"] {
            if stream.kind(items) == .sequence {
                entry.prefixItems = schemaList("items")
                entry.items = values["additionalItems"].map(child)
            } else {
                entry.items = child(items)
            }
        }
        if draft >= .draft2019_09 {
            entry.unevaluatedProperties = values["unevaluatedProperties"].map(child)
            entry.unevaluatedItems = values["unevaluatedItems"].map(child)
        }
        return entry
    }
}
