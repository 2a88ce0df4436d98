import ConfgateDocument

/// One file of a service's configuration stack, read: the base, then an environment's override.
/// Layers are merged in order (docs/environments.md, "Merge semantics").
public struct Layer: Sendable {
    /// What the layer is (`base`, `production`), for messages and `--explain`.
    public let name: String
    /// The file as the user names it.
    public let file: String
    public let stream: ParsedStream
    /// The document that takes part (a layer file holds one document; extra ones are ignored).
    public let root: NodeID

    public init(name: String, file: String, stream: ParsedStream, root: NodeID) {
        self.name = name
        self.file = file
        self.stream = stream
        self.root = root
    }
}

/// Where a resolved value was set: a node of one layer.
public struct Origin: Sendable, Hashable {
    /// Index into the layers that were merged.
    public let layer: Int
    public let node: NodeID

    public init(layer: Int, node: NodeID) {
        self.layer = layer
        self.node = node
    }
}

/// One key of a resolved mapping.
public struct ResolvedEntry: Sendable {
    /// The key as a JSON Pointer token sees it (`ParsedStream.keyToken`).
    public let key: String
    /// The key node that wrote it last (an override's key for an overridden value).
    public let keyOrigin: Origin
    public let value: ResolvedValue
}

/// The effective configuration of an environment, every node remembering the layer node that
/// set it. Scalars keep their node (their text and type are read from the layer's stream).
public indirect enum ResolvedValue: Sendable {
    case scalar(Origin)
    /// `origin` is the mapping of the first layer that has it: a key required but set in no layer
    /// is reported there (the base file's mapping).
    case mapping([ResolvedEntry], origin: Origin)
    case sequence([ResolvedValue], origin: Origin)

    public var origin: Origin {
        switch self {
        case .scalar(let origin), .mapping(_, let origin), .sequence(_, let origin): origin
        }
    }
}

/// Merges layers into one resolved tree. Rules (docs/environments.md):
/// - mappings merge key by key, recursively; keys keep the order of the first layer that has
///   them, new keys follow in the order the override writes them;
/// - scalars and sequences are replaced whole, and so is a value whose kind changes;
/// - `null` in an override (a layer after the first) deletes the key; in the first layer it is a
///   value like any other;
/// - aliases are followed and merge keys (`<<`) applied within each layer before merging, as
///   `ParsedStream.entries` presents them; JSON and YAML layers mix freely.
public enum LayerMerge {
    /// The resolved tree of `layers` in order, `nil` when the result is empty (no layers, or an
    /// override that deletes the whole document with a top-level `null`).
    public static func resolve(_ layers: [Layer]) -> ResolvedValue? {
        var result: ResolvedValue?
        for (index, layer) in layers.enumerated() {
            result = merge(result, layers, layer: index, node: layer.root)
        }
        return result
    }

    /// `over` (a node of layer `layer`) applied on top of `base`.
    static func merge(_ base: ResolvedValue?, _ layers: [Layer], layer: Int, node: NodeID) -> ResolvedValue? {
        let stream = layers[layer].stream
        let node = stream.resolved(node)
        if layer > 0, stream.kind(node) == .scalar, stream.scalarType(node) == .null { return nil }
        guard case .mapping(let baseEntries, let baseOrigin) = base, stream.kind(node) == .mapping else {
            return convert(layers, layer: layer, node: node)
        }
        var entries = baseEntries
        var position: [String: Int] = [:]
        for (i, entry) in entries.enumerated() { position[entry.key] = i }
        var deleted = Set<Int>()
        for (keyNode, valueNode) in stream.entries(node) {
            let key = stream.keyToken(keyNode)
            let keyOrigin = Origin(layer: layer, node: keyNode)
            // `entries` has each key once (a key written twice keeps its last value), so a key
            // is merged or added once per layer.
            if let i = position[key] {
                if let merged = merge(entries[i].value, layers, layer: layer, node: valueNode) {
                    entries[i] = ResolvedEntry(key: key, keyOrigin: keyOrigin, value: merged)
                } else {
                    deleted.insert(i)
                }
            } else if let value = merge(nil, layers, layer: layer, node: valueNode) {
                position[key] = entries.count
                entries.append(ResolvedEntry(key: key, keyOrigin: keyOrigin, value: value))
            }
        }
        let kept = entries.enumerated().filter { !deleted.contains($0.offset) }.map(\.element)
        return .mapping(kept, origin: baseOrigin)
    }

    /// A layer's subtree as it stands, aliases followed and merge keys applied. `null` values of an
    /// override's new keys are dropped, as deletions of nothing.
    static func convert(_ layers: [Layer], layer: Int, node: NodeID) -> ResolvedValue {
        let stream = layers[layer].stream
        let node = stream.resolved(node)
        let origin = Origin(layer: layer, node: node)
        switch stream.kind(node) {
        case .mapping:
            var entries: [ResolvedEntry] = []
            for (keyNode, valueNode) in stream.entries(node) {
                guard let value = merge(nil, layers, layer: layer, node: valueNode) else { continue }
                entries.append(ResolvedEntry(key: stream.keyToken(keyNode), keyOrigin: Origin(layer: layer, node: keyNode), value: value))
            }
            return .mapping(entries, origin: origin)
        case .sequence:
            // Items are values, not keys: a `null` item stays (it deletes nothing).
            return .sequence(stream.elements(node).map { convert(layers, layer: layer, node: $0) }, origin: origin)
        case .scalar, .alias:
            return .scalar(origin)
        }
    }

    // MARK: - Reading the result

    /// The compact JSON text of a resolved value.
    public static func json(_ value: ResolvedValue, _ layers: [Layer]) -> String {
        var out: [UInt8] = []
        write(value, layers, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func write(_ value: ResolvedValue, _ layers: [Layer], into out: inout [UInt8]) {
        switch value {
        case .scalar(let origin):
            JSONWriter.write(layers[origin.layer].stream, origin.node, into: &out)
        case .mapping(let entries, _):
            out.append(UInt8(ascii: "{"))
            for (i, entry) in entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(entry.key.utf8, into: &out)
                out.append(UInt8(ascii: ":"))
                write(entry.value, layers, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .sequence(let items, _):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, layers, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    /// Every path of the resolved tree with the origin of its value, in document order: what
    /// `resolve --explain` prints and what parity compares. Pointers are RFC 6901.
    public static func origins(_ value: ResolvedValue) -> [(pointer: String, origin: Origin)] {
        var result: [(pointer: String, origin: Origin)] = []
        func visit(_ value: ResolvedValue, _ pointer: String) {
            result.append((pointer, value.origin))
            switch value {
            case .scalar: break
            case .mapping(let entries, _):
                for entry in entries { visit(entry.value, pointer + "/" + JSONPointer.escape(entry.key)) }
            case .sequence(let items, _):
                for (i, item) in items.enumerated() { visit(item, pointer + "/" + String(i)) }
            }
        }
        visit(value, "")
        return result
    }
}
