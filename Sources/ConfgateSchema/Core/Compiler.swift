import ConfgateDocument

/// Turns schema documents of a registry into `CompiledSchema` graphs. Every reference is resolved
/// here, once; validation never looks anything up by URI.
final class SchemaCompiler {
    let registry: SchemaRegistry
    let options: ValidationOptions
    private var cache: [SchemaLocation: CompiledSchema] = [:]
    /// Resource → `$dynamicAnchor` name → schema, for every resource in the registry that `$dynamicRef`s may reach.
    private(set) var dynamicTargets: [Int: [String: CompiledSchema]] = [:]
    /// Resource → its root, for resources with `"$recursiveAnchor": true`.
    private(set) var recursiveTargets: [Int: CompiledSchema] = [:]
    private var compiledDynamicNames: Set<String> = []
    private var compiledRecursive = false
    /// The value node of every `$ref`, `$dynamicRef` and `$recursiveRef` compiled → the schema it
    /// names (statically): the annotation index follows references without resolving them again.
    private(set) var referenceTargets: [SchemaLocation: SchemaLocation] = [:]

    init(registry: SchemaRegistry, options: ValidationOptions) {
        self.registry = registry
        self.options = options
    }

    // MARK: - Schemas

    func compile(_ location: SchemaLocation) throws(SchemaError) -> CompiledSchema {
        let document = registry.document(location)
        let stream = document.stream
        let node = stream.resolved(location.node)
        let at = SchemaLocation(document: location.document, node: node)
        if let cached = cache[at] { return cached }
        let info = registry.info[at] ?? registry.info[location]
        let draft = info?.draft ?? registry.defaultDraft
        let resource = info?.resource ?? 0
        let resourceURI = resource < registry.resourceList.count ? registry.resourceList[resource].uri : document.name
        let rootPointer = registry.resourceList.indices.contains(resource)
            ? pointer(of: node, in: stream, below: registry.resourceList[resource].location) : stream.pointer(node)
        if let unknown = registry.unknownMetaSchemas[at] {
            // Guessing a draft would apply the wrong rules without a word; say what is missing.
            throw .unknownMetaSchema(schema: document.name, location: stream.start(node), uri: unknown)
        }
        let schema = CompiledSchema(draft: draft, resource: resource, location: resourceURI + "#" + rootPointer)
        cache[at] = schema

        switch stream.kind(node) {
        case .scalar where stream.scalarType(node) == .bool:
            schema.constant = JSONValue.isTrue(stream.valueBytes(node))
            return schema
        case .mapping:
            break
        default:
            throw .invalidKeyword(
                schema: document.name, pointer: stream.pointer(node), location: stream.start(node),
                message: "a schema must be an object or a boolean, found \(JSONValue(stream, node).type.article)")
        }
        var context = KeywordContext(
            compiler: self, stream: stream, document: location.document, name: document.name, schema: schema,
            base: info?.base ?? URIReference(resourceURI), vocabularies: info?.vocabularies)
        try context.compileKeywords(of: node)
        return schema
    }

    /// The pointer of `node` relative to the resource root it belongs to.
    private func pointer(of node: NodeID, in stream: ParsedStream, below root: SchemaLocation) -> String {
        let full = stream.pointer(node)
        let rootPointer = stream.pointer(stream.resolved(root.node))
        if full.hasPrefix(rootPointer) { return String(full.dropFirst(rootPointer.count)) }
        return full
    }

    // MARK: - References

    /// Records where a reference (its value node) led, for the annotation index.
    func recordReference(from site: SchemaLocation, to target: SchemaLocation) {
        referenceTargets[site] = target
    }

    func resolveReference(
        _ reference: String, base: URIReference, stream: ParsedStream, keyNode: NodeID, documentName: String
    ) throws(SchemaError) -> (CompiledSchema, SchemaLocation) {
        let uri = URIReference(reference).resolved(against: base)
        guard let target = registry.lookup(uri) else {
            let pointer = stream.pointer(keyNode)
            if let scheme = uri.scheme, scheme == "http" || scheme == "https",
                registry.resources[uri.withoutFragment.description] == nil
            {
                throw .remoteReference(
                    schema: documentName, pointer: pointer, location: stream.start(keyNode), reference: uri.description)
            }
            throw .unresolvableReference(
                schema: documentName, pointer: pointer, location: stream.start(keyNode), reference: reference)
        }
        return (try compile(target), target)
    }

    /// Compiles every schema that a `$dynamicRef` to `name` may land on, among the resources
    /// loaded so far; `finish` repeats this for resources loaded later in the compilation.
    func compileDynamicAnchors(named name: String) throws(SchemaError) {
        compiledDynamicNames.insert(name)
        for (resource, anchors) in registry.dynamicAnchors where dynamicTargets[resource]?[name] == nil {
            if let location = anchors[name] {
                dynamicTargets[resource, default: [:]][name] = try compile(location)
            }
        }
    }

    /// Documents are loaded as references reach them, so a dynamic anchor may appear after the
    /// `$dynamicRef`s that can land on it were compiled: compile those until nothing new appears.
    func finish() throws(SchemaError) {
        while true {
            let before = registry.documents.count
            for name in compiledDynamicNames { try compileDynamicAnchors(named: name) }
            if compiledRecursive {
                for resource in registry.recursiveAnchors where recursiveTargets[resource] == nil {
                    recursiveTargets[resource] = try compile(registry.resourceList[resource].location)
                }
            }
            if registry.documents.count == before { return }
        }
    }

    /// Compiles the root of every resource with `"$recursiveAnchor": true`.
    func compileRecursiveAnchors() throws(SchemaError) {
        guard !compiledRecursive else { return }
        compiledRecursive = true
        for resource in registry.recursiveAnchors {
            recursiveTargets[resource] = try compile(registry.resourceList[resource].location)
        }
    }
}

extension JSONType {
    /// The type with its article, for messages: "an object", "a string".
    var article: String {
        switch self {
        case .integer, .object, .array: "an \(rawValue)"
        case .null: "null"
        default: "a \(rawValue)"
        }
    }
}
