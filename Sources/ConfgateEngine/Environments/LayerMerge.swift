import ConfgateDocument

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ConfgateSchema

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

/// Member names compare as bytes, as JSON compares them (String's `==` would also equate
/// Unicode-equivalent spellings, which are different JSON keys, and pays for that on every miss
/// of the linear searches that find the few keys an override writes).
@inline(__always)
func sameKey(_ a: String, _ b: String) -> Bool {
    let count = a.utf8.count
    guard count == b.utf8.count else { return false }
    if count == 0 { return true }
    var a = a, b = b
    return a.withUTF8 { x in b.withUTF8 { y in memcmp(x.baseAddress!, y.baseAddress!, count) == 0 } }
}

/// Finds keys in a list of them by scanning on from where the last one was found. An override
/// writes its keys in the order of the base, nearly always, so a walk over its keys costs about
/// one comparison per key instead of a scan of the base mapping each (or a hash of all of it).
struct KeyCursor {
    private var next = 0

    mutating func find<C: RandomAccessCollection>(_ key: String, in items: C, key keyOf: (C.Element) -> String) -> Int?
    where C.Index == Int {
        let count = items.count
        guard count > 0 else { return nil }
        var i = next < count ? next : 0
        for _ in 0..<count {
            if sameKey(keyOf(items[items.startIndex + i]), key) {
                next = i + 1
                return items.startIndex + i
            }
            i = i + 1 == count ? 0 : i + 1
        }
        return nil
    }
}

/// Where the lookups of `ResolvedValue.child(_:_:cursor:)` in one mapping go on from.
struct ChildCursor {
    var keys = KeyCursor()
    var node: NodeID?
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
    /// A subtree of the first layer exactly as it is written (aliases followed, merge keys
    /// applied), not yet opened: the part of the base no override touches, shared by every
    /// environment without being copied. Only the engine's lazy resolution makes these;
    /// `LayerMerge.resolve` and `ResolvedEnvironment.value` never contain one.
    case layerNode(Origin)

    public var origin: Origin {
        switch self {
        case .scalar(let origin), .mapping(_, let origin), .sequence(_, let origin), .layerNode(let origin): origin
        }
    }

    /// A `.layerNode` opened one level: the mapping, sequence or scalar it is, its children still
    /// `.layerNode`s. Any other value as it is.
    func step(_ layers: [Layer]) -> ResolvedValue {
        guard case .layerNode(let origin) = self else { return self }
        let stream = layers[origin.layer].stream
        let node = stream.resolved(origin.node)
        let layer = origin.layer
        switch stream.kind(node) {
        case .mapping:
            return .mapping(
                stream.entries(node).map { pair in
                    ResolvedEntry(
                        key: stream.keyToken(pair.key), keyOrigin: Origin(layer: layer, node: pair.key),
                        value: .layerNode(Origin(layer: layer, node: stream.resolved(pair.value))))
                }, origin: Origin(layer: layer, node: node))
        case .sequence:
            return .sequence(stream.elements(node).map { .layerNode(Origin(layer: layer, node: $0)) }, origin: Origin(layer: layer, node: node))
        case .scalar, .alias:
            return .scalar(Origin(layer: layer, node: node))
        }
    }

    /// The value at `key` of a mapping, without opening a `.layerNode` (a lookup in its stream).
    func child(_ key: String, _ layers: [Layer]) -> ResolvedValue? {
        switch self {
        case .mapping(let entries, _):
            return entries.first { sameKey($0.key, key) }?.value
        case .layerNode(let origin):
            guard let found = layers[origin.layer].stream.entry(origin.node, key: key) else { return nil }
            return .layerNode(Origin(layer: origin.layer, node: found.value))
        case .scalar, .sequence:
            return nil
        }
    }

    /// `child(_:_:)` for a run of lookups in one mapping, each scan starting after the last key found.
    func child(_ key: String, _ layers: [Layer], cursor: inout ChildCursor) -> ResolvedValue? {
        switch self {
        case .mapping(let entries, _):
            return cursor.keys.find(key, in: entries, key: \.key).map { entries[$0].value }
        case .layerNode(let origin):
            guard let found = layers[origin.layer].stream.entry(origin.node, key: key, cursor: &cursor.node) else { return nil }
            return .layerNode(Origin(layer: origin.layer, node: found.value))
        case .scalar, .sequence:
            return nil
        }
    }

    /// Whether the value is a mapping, without opening a `.layerNode`.
    func isMapping(_ layers: [Layer]) -> Bool {
        switch self {
        case .mapping: return true
        case .layerNode(let origin): return layers[origin.layer].stream.kind(layers[origin.layer].stream.resolved(origin.node)) == .mapping
        case .scalar, .sequence: return false
        }
    }

    /// The whole tree with every `.layerNode` opened.
    public func expanded(_ layers: [Layer]) -> ResolvedValue {
        switch step(layers) {
        case .mapping(let entries, let origin):
            return .mapping(entries.map { ResolvedEntry(key: $0.key, keyOrigin: $0.keyOrigin, value: $0.value.expanded(layers)) }, origin: origin)
        case .sequence(let items, let origin):
            return .sequence(items.map { $0.expanded(layers) }, origin: origin)
        case let other:
            return other
        }
    }
}

/// Merges layers into one resolved tree. Rules (docs/environments.md):
/// - mappings merge key by key, recursively; keys keep the order of the first layer that has
///   them, new keys follow in the order the override writes them;
/// - scalars are replaced, and so is a value whose kind changes; sequences are replaced too,
///   unless `strategies` names another `ListMergeStrategy` for the path;
/// - `null` in an override (a layer after the first) deletes the key; in the first layer it is a
///   value like any other;
/// - aliases are followed and merge keys (`<<`) applied within each layer before merging, as
///   `ParsedStream.entries` presents them; JSON and YAML layers mix freely.
public enum LayerMerge {
    /// How the sequence at a resolved path merges (`nil` for `replace`), asked where an override
    /// writes a sequence over a sequence; `tokens` are the path's JSON Pointer tokens in the
    /// resolved tree (a merged item's index is its place in the result).
    public typealias Strategies = (_ tokens: [String]) -> ListMergeStrategy?

    /// The resolved tree of `layers` in order, `nil` when the result is empty (no layers, or an
    /// override that deletes the whole document with a top-level `null`). `strategies` (from a
    /// template's `x-confgate-merge`, `SchemaAnnotations.mergeStrategy(at:)`) chooses how lists merge.
    public static func resolve(_ layers: [Layer], strategies: Strategies? = nil) -> ResolvedValue? {
        resolve(layers, strategies: strategies, lazily: false)
    }

    /// `lazily`: the first layer's untouched subtrees stay `.layerNode`s (ResolvedService).
    static func resolve(_ layers: [Layer], strategies: Strategies?, lazily: Bool) -> ResolvedValue? {
        var merger = LayerMerger(layers: layers, strategies: strategies, lazily: lazily)
        var result: ResolvedValue?
        for (index, layer) in layers.enumerated() {
            result = merger.merge(result, layer: index, node: layer.root)
        }
        return result
    }

    /// A layer's subtree as it stands, aliases followed and merge keys applied. `null` values of an
    /// override's new keys are dropped, as deletions of nothing.
    static func convert(_ layers: [Layer], layer: Int, node: NodeID, lazily: Bool = false) -> ResolvedValue {
        let stream = layers[layer].stream
        let node = stream.resolved(node)
        let origin = Origin(layer: layer, node: node)
        // The first layer drops nothing (its `null`s are values), so its subtree is the value.
        if lazily && layer == 0 { return .layerNode(origin) }
        switch stream.kind(node) {
        case .mapping:
            var entries: [ResolvedEntry] = []
            for (keyNode, valueNode) in stream.entries(node) {
                let valueNode = stream.resolved(valueNode)
                // A new key set to `null` in an override deletes nothing.
                if layer > 0, stream.kind(valueNode) == .scalar, stream.scalarType(valueNode) == .null { continue }
                let value = convert(layers, layer: layer, node: valueNode)
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
        case .scalar(let origin), .layerNode(let origin):
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
        if case .layerNode = value { preconditionFailure("origins(_:) takes an expanded tree (ResolvedValue.expanded)") }
        var result: [(pointer: String, origin: Origin)] = []
        func visit(_ value: ResolvedValue, _ pointer: String) {
            result.append((pointer, value.origin))
            switch value {
            case .scalar, .layerNode: break
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
