import ConfgateDocument

/// A node of a schema document held by a registry.
struct SchemaLocation: Hashable, Sendable {
    var document: Int32
    var node: NodeID
}

/// The schema documents a validator can reach, indexed by every identifier they define: document
/// URIs, `$id`s, `$anchor`s, `$dynamicAnchor`s. The official meta-schemas are always present.
/// Nothing is ever fetched from the network: a reference outside the registry is an error, unless
/// `retriever` supplies the document (the CLI reads vendored schema folders through it).
public final class SchemaRegistry: @unchecked Sendable {
    struct Document {
        var stream: ParsedStream
        var root: NodeID
        /// The name used in messages (a file path, or the retrieval URI).
        var name: String
    }

    /// What the indexing walk learned about a schema node.
    struct NodeInfo {
        var base: URIReference
        var draft: Draft
        var vocabularies: Set<Vocabulary>?
        /// Index of the resource (a document root or a node with an `$id`) the node belongs to.
        var resource: Int
    }

    private(set) var documents: [Document] = []
    private(set) var resources: [String: SchemaLocation] = [:]
    private(set) var resourceList: [(uri: String, location: SchemaLocation)] = []
    private(set) var anchors: [String: SchemaLocation] = [:]
    /// Resource index → dynamic anchor name → node.
    private(set) var dynamicAnchors: [Int: [String: SchemaLocation]] = [:]
    /// Resources whose root has `"$recursiveAnchor": true` (2019-09).
    private(set) var recursiveAnchors: Set<Int> = []
    private(set) var info: [SchemaLocation: NodeInfo] = [:]
    /// Schema resources whose `$schema` names neither a known draft nor a loadable meta-schema.
    private(set) var unknownMetaSchemas: [SchemaLocation: String] = [:]

    /// Supplies a schema document for a URI that is not loaded (a vendored copy of a remote
    /// schema); `nil` when there is none.
    public var retriever: (@Sendable (String) -> (stream: ParsedStream, root: NodeID, name: String)?)?

    /// The draft for schemas without `$schema`.
    public let defaultDraft: Draft

    public init(defaultDraft: Draft = .draft2020_12) {
        self.defaultDraft = defaultDraft
    }

    /// The bundled meta-schemas, read once per process and shared by every registry.
    private static let metaSchemas: [(uri: String, stream: ParsedStream, root: NodeID)] = MetaSchemas.all.compactMap {
        let result = DocumentReader().read(Array($0.json.utf8), format: .json)
        guard let stream = result.stream, let root = stream.documents.first?.root else { return nil }
        return ($0.uri, stream, root)
    }

    /// Adds a schema document under `uri` (its retrieval URI: a file URI, or the URI a reference
    /// uses), indexing every identifier inside it. Returns the location of its root.
    @discardableResult
    func add(_ stream: ParsedStream, root: NodeID, uri: String, name: String) -> SchemaLocation {
        let document = Int32(documents.count)
        documents.append(Document(stream: stream, root: root, name: name))
        let location = SchemaLocation(document: document, node: root)
        let base = URIReference(uri).withoutFragment
        index(location, base: base, draft: nil, vocabularies: nil, resource: -1, isDocumentRoot: true)
        return location
    }

    /// Adds a document; the public face of `add`, for templates and harnesses.
    @discardableResult
    public func register(_ stream: ParsedStream, root: NodeID, uri: String, name: String? = nil) -> String {
        let location = add(stream, root: root, uri: uri, name: name ?? uri)
        return resourceURI(of: location)
    }

    func document(_ location: SchemaLocation) -> Document { documents[Int(location.document)] }

    func resourceURI(of location: SchemaLocation) -> String {
        info[location].map { resourceList[$0.resource].uri } ?? ""
    }

    // MARK: - Indexing

    /// The keywords whose values are schemas, arrays of schemas or maps of schemas. Only these are
    /// walked: an `$id` inside `enum`, `const` or an unknown keyword is data, not an identifier.
    static let schemaKeywords: Set<String> = [
        "additionalItems", "additionalProperties", "contains", "propertyNames", "not", "if", "then", "else",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema", "items",
    ]
    static let schemaArrayKeywords: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems", "items"]
    static let schemaMapKeywords: Set<String> = [
        "properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies",
    ]

    private func index(
        _ location: SchemaLocation, base: URIReference, draft inherited: Draft?, vocabularies inheritedVocabularies: Set<Vocabulary>?,
        resource inheritedResource: Int, isDocumentRoot: Bool
    ) {
        let stream = documents[Int(location.document)].stream
        let node = stream.resolved(location.node)
        let at = SchemaLocation(document: location.document, node: node)
        var base = base
        var draft = inherited ?? defaultDraft
        var vocabularies = inheritedVocabularies
        var resource = inheritedResource
        guard stream.kind(node) == .mapping else {
            if isDocumentRoot || resource < 0 { resource = addResource(base.description, at) }
            if info[at] == nil { info[at] = NodeInfo(base: base, draft: draft, vocabularies: vocabularies, resource: resource) }
            return
        }
        let entries = stream.entries(node)
        func value(_ key: String) -> NodeID? { entries.first { stream.keyToken($0.key) == key }?.value }
        func stringValue(_ key: String) -> String? {
            guard let v = value(key), stream.kind(v) == .scalar, stream.scalarType(v) == .string else { return nil }
            return stream.string(v)
        }

        // `$schema` applies where a resource starts (a document root or a schema with an `$id`).
        let idKeywordDraft = inherited ?? draftFromSchemaKeyword(stringValue("$schema")).draft ?? defaultDraft
        let idKey = idKeywordDraft.idKeyword
        var id = stringValue(idKey)
        if idKeywordDraft.refOverridesSiblings && value("$ref") != nil { id = nil }  // $ref hides its siblings
        var fragmentAnchor: String?
        if let text = id, idKeywordDraft < .draft2019_09, text.hasPrefix("#") {
            fragmentAnchor = String(text.dropFirst())  // draft 4-7: `"$id": "#foo"` is an anchor
            id = nil
        }
        if isDocumentRoot || id != nil, let declared = stringValue("$schema") {
            let found = draftFromSchemaKeyword(declared)
            if let d = found.draft { draft = d } else { unknownMetaSchemas[at] = declared }
            vocabularies = found.vocabularies
        } else if isDocumentRoot && inherited == nil {
            draft = defaultDraft
        }
        if let id {
            let uri = URIReference(id).resolved(against: base)
            if isDocumentRoot, resources[base.description] == nil {
                resources[base.description] = at  // the document stays reachable by the URI it was loaded from
            }
            base = uri.withoutFragment
            resource = addResource(base.description, at)
        } else if isDocumentRoot {
            resource = addResource(base.description, at)
        }
        info[at] = NodeInfo(base: base, draft: draft, vocabularies: vocabularies, resource: resource)

        if let fragmentAnchor, !fragmentAnchor.isEmpty {
            anchors[base.description + "#" + fragmentAnchor] = at
        }
        if draft >= .draft2019_09, let anchor = stringValue("$anchor") {
            anchors[base.description + "#" + anchor] = at
        }
        if draft >= .draft2020_12, let anchor = stringValue("$dynamicAnchor") {
            anchors[base.description + "#" + anchor] = at
            dynamicAnchors[resource, default: [:]][anchor] = at
        }
        if draft == .draft2019_09, let v = value("$recursiveAnchor"), stream.scalarType(v) == .bool,
            JSONValue.isTrue(stream.valueBytes(v)), id != nil || isDocumentRoot
        {
            recursiveAnchors.insert(resource)
        }
        for (key, child) in entries {
            let name = stream.keyToken(key)
            let childLocation = SchemaLocation(document: location.document, node: child)
            let kind = stream.kind(stream.resolved(child))
            if SchemaRegistry.schemaKeywords.contains(name) && kind != .sequence {
                index(childLocation, base: base, draft: draft, vocabularies: vocabularies, resource: resource, isDocumentRoot: false)
            }
            if SchemaRegistry.schemaArrayKeywords.contains(name) && kind == .sequence {
                for item in stream.elements(child) {
                    index(
                        SchemaLocation(document: location.document, node: item), base: base, draft: draft,
                        vocabularies: vocabularies, resource: resource, isDocumentRoot: false)
                }
            }
            if SchemaRegistry.schemaMapKeywords.contains(name) && kind == .mapping {
                for (_, item) in stream.entries(child) where stream.kind(stream.resolved(item)) != .sequence {
                    index(
                        SchemaLocation(document: location.document, node: item), base: base, draft: draft,
                        vocabularies: vocabularies, resource: resource, isDocumentRoot: false)
                }
            }
        }
    }

    private func addResource(_ uri: String, _ location: SchemaLocation) -> Int {
        if let existing = resourceList.firstIndex(where: { $0.uri == uri && $0.location == location }) { return existing }
        resourceList.append((uri, location))
        if resources[uri] == nil { resources[uri] = location }
        return resourceList.count - 1
    }

    /// The draft (and, for a custom meta-schema, the vocabularies it turns on) that a `$schema`
    /// value names.
    func draftFromSchemaKeyword(_ uri: String?) -> (draft: Draft?, vocabularies: Set<Vocabulary>?) {
        guard let uri else { return (nil, nil) }
        if let draft = Draft(metaSchemaURI: uri) { return (draft, nil) }
        // A custom meta-schema: its own `$schema` names the draft, its `$vocabulary` the vocabularies.
        let key = URIReference(uri).withoutFragment.description
        guard let location = resources[key] ?? retrieve(key) else { return (nil, nil) }
        let stream = documents[Int(location.document)].stream
        let entries = stream.entries(location.node)
        var draft: Draft?
        var vocabularies: Set<Vocabulary>?
        for (k, v) in entries {
            switch stream.keyToken(k) {
            case "$schema":
                draft = Draft(metaSchemaURI: stream.string(v))
            case "$vocabulary":
                var set: Set<Vocabulary> = [.core]
                for (vk, _) in stream.entries(v) {
                    if let vocabulary = Vocabulary(uri: stream.keyToken(vk)) { set.insert(vocabulary) }
                }
                vocabularies = set
            default:
                break
            }
        }
        return (draft, vocabularies)
    }

    // MARK: - Lookup

    /// The schema a resolved reference names, or `nil`.
    func lookup(_ uri: URIReference) -> SchemaLocation? {
        let resourceKey = uri.withoutFragment.description
        guard let fragment = uri.fragment, !fragment.isEmpty else {
            return resources[resourceKey] ?? retrieve(resourceKey)
        }
        if !fragment.hasPrefix("/") {
            if anchors[resourceKey + "#" + fragment] == nil { _ = resources[resourceKey] ?? retrieve(resourceKey) }
            return anchors[resourceKey + "#" + fragment.removingPercentEncoding]
        }
        guard let root = resources[resourceKey] ?? retrieve(resourceKey) else { return nil }
        guard let tokens = JSONPointer.tokens(fragment.removingPercentEncoding) else { return nil }
        let stream = documents[Int(root.document)].stream
        var current = stream.resolved(root.node)
        for token in tokens {
            switch stream.kind(current) {
            case .mapping:
                guard let pair = stream.entries(current).first(where: { stream.keyToken($0.key) == token }) else { return nil }
                current = pair.value
            case .sequence:
                let items = stream.elements(current)
                guard let i = Int(token), i >= 0, i < items.count else { return nil }
                current = items[i]
            default:
                return nil
            }
        }
        let target = SchemaLocation(document: root.document, node: current)
        if info[target] == nil, let parentInfo = info[root] {
            // A schema inside an unknown keyword, reached by pointer: index it now, in its resource.
            index(
                target, base: parentInfo.base, draft: parentInfo.draft, vocabularies: parentInfo.vocabularies,
                resource: parentInfo.resource, isDocumentRoot: false)
        }
        return target
    }

    /// Loads a document that is not registered yet: a bundled meta-schema (added on first use, so
    /// a run that needs none does not pay for indexing 32 documents), else the `retriever`'s.
    private func retrieve(_ uri: String) -> SchemaLocation? {
        if let builtin = SchemaRegistry.metaSchemas.first(where: { $0.uri == uri }) {
            return add(builtin.stream, root: builtin.root, uri: builtin.uri, name: builtin.uri)
        }
        guard let retriever, let found = retriever(uri) else { return nil }
        return add(found.stream, root: found.root, uri: uri, name: found.name)
    }
}

extension String {
    /// `%XX` sequences decoded (JSON Pointer fragments in URIs are percent-encoded).
    var removingPercentEncoding: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let b = utf8.first {
            utf8 = utf8.dropFirst()
            if b == UInt8(ascii: "%"), utf8.count >= 2, let hi = hexValue(utf8[utf8.startIndex]),
                let lo = hexValue(utf8[utf8.startIndex + 1])
            {
                bytes.append(hi << 4 | lo)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

private func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
    default: nil
    }
}
