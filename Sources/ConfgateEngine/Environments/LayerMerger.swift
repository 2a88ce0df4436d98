import ConfgateDocument
import ConfgateSchema

/// One run of `LayerMerge.resolve`: applies each layer's nodes on top of the tree so far.
struct LayerMerger {
    let layers: [Layer]
    let strategies: LayerMerge.Strategies?
    /// The resolved path of the value being merged, kept only when there are strategies to ask
    /// or new keys to record, so that a plain resolution allocates nothing per node.
    private var path: [String] = []
    private var tracksPath: Bool { strategies != nil || recordsNewKeys }

    /// Whether the first layer's subtrees stay `.layerNode`s until an override opens them.
    let lazily: Bool

    /// Whether to list `newKeys`: the parity checks' typo catcher needs every key an override
    /// adds that the layers before it do not have, and the merge finds them anyway.
    let recordsNewKeys: Bool
    /// Keys a layer after the first adds to a mapping of the layers before it (outside lists),
    /// with the path of the mapping they are added to; below a new key nothing more is listed.
    private(set) var newKeys: [(parent: [String], key: NodeID, value: NodeID)] = []
    /// Inside the items of a merged list, where new keys are not listed.
    private var itemDepth = 0

    init(layers: [Layer], strategies: LayerMerge.Strategies?, lazily: Bool = false, recordsNewKeys: Bool = false) {
        self.layers = layers
        self.strategies = strategies
        self.lazily = lazily
        self.recordsNewKeys = recordsNewKeys
    }

    /// `node` (of layer `layer`) applied on top of `base`; `nil` when an override's `null` deletes it.
    mutating func merge(_ base: ResolvedValue?, layer: Int, node: NodeID) -> ResolvedValue? {
        let stream = layers[layer].stream
        let node = stream.resolved(node)
        if layer > 0, stream.kind(node) == .scalar, stream.scalarType(node) == .null { return nil }
        let kind = stream.kind(node)
        // The base is opened only where the override merges into it: a scalar replaces it unseen.
        guard kind == .mapping || (kind == .sequence && strategies != nil) else {
            return LayerMerge.convert(layers, layer: layer, node: node, lazily: lazily)
        }
        switch (base?.step(layers), kind) {
        case (.mapping(let entries, let origin)?, .mapping):
            return .mapping(mergeEntries(entries, layer: layer, node: node), origin: origin)
        case (.sequence(let items, let origin)?, .sequence) where strategies != nil:
            if let merged = mergeItems(items, origin: origin, layer: layer, node: node) { return merged }
        default:
            break
        }
        return LayerMerge.convert(layers, layer: layer, node: node, lazily: lazily)
    }

    // MARK: - Mappings

    private mutating func mergeEntries(_ baseEntries: [ResolvedEntry], layer: Int, node: NodeID) -> [ResolvedEntry] {
        let stream = layers[layer].stream
        var entries = baseEntries
        // Mappings are searched in place, on from the last key found (KeyCursor): hashing every key
        // of the base to find the few an override writes costs more (most of `lint`'s merging is
        // this). Only a very wide mapping gets a dictionary.
        var position: [String: Int]?
        var cursor = KeyCursor()
        if entries.count > 64 {
            position = [:]
            for (i, entry) in entries.enumerated() { position![entry.key] = i }
        }
        var deleted = Set<Int>()
        for (keyNode, valueNode) in stream.entries(node) {
            let key = stream.keyToken(keyNode)
            let keyOrigin = Origin(layer: layer, node: keyNode)
            // `entries` has each key once (a key written twice keeps its last value), so a key
            // is merged or added once per layer.
            if let i = position.map({ $0[key] }) ?? cursor.find(key, in: entries, key: \.key) {
                if tracksPath { path.append(key) }
                let merged = merge(entries[i].value, layer: layer, node: valueNode)
                if tracksPath { path.removeLast() }
                if let merged {
                    entries[i] = ResolvedEntry(key: key, keyOrigin: keyOrigin, value: merged)
                } else {
                    deleted.insert(i)
                }
            } else if let value = merge(nil, layer: layer, node: valueNode) {
                if recordsNewKeys && layer > 0 && itemDepth == 0 { newKeys.append((path, keyNode, valueNode)) }
                position?[key] = entries.count
                entries.append(ResolvedEntry(key: key, keyOrigin: keyOrigin, value: value))
            }
        }
        return deleted.isEmpty ? entries : entries.enumerated().filter { !deleted.contains($0.offset) }.map(\.element)
    }

    // MARK: - Sequences

    /// The override's sequence `node` combined with the base's `items` by the path's strategy;
    /// `nil` for `replace` (the caller takes the override's sequence whole). The result keeps the
    /// base sequence's origin, as a merged mapping keeps the base mapping's.
    private mutating func mergeItems(_ baseItems: [ResolvedValue], origin: Origin, layer: Int, node: NodeID) -> ResolvedValue? {
        guard let strategy = strategies?(path) else { return nil }
        let stream = layers[layer].stream
        var items = baseItems
        switch strategy {
        case .replace:
            return nil
        case .append:
            items += stream.elements(node).map { LayerMerge.convert(layers, layer: layer, node: $0) }
        case .mergeByKey(let key):
            // The first base item with a value wins a match; the override's items are matched in
            // order, so a later duplicate merges into the item an earlier one merged into or added.
            var position: [String: Int] = [:]
            for (i, item) in items.enumerated() {
                if let identity = identity(of: item, key: key), position[identity] == nil { position[identity] = i }
            }
            for itemNode in stream.elements(node) {
                let identity = identity(of: itemNode, in: stream, key: key)
                if let identity, let i = position[identity] {
                    path.append(String(i))
                    itemDepth += 1
                    // Both are mappings (only those have an identity), so the merge never deletes.
                    if let merged = merge(items[i], layer: layer, node: itemNode) { items[i] = merged }
                    itemDepth -= 1
                    path.removeLast()
                } else {
                    if let identity { position[identity] = items.count }
                    items.append(LayerMerge.convert(layers, layer: layer, node: itemNode))
                }
            }
        }
        return .sequence(items, origin: origin)
    }

    /// The compact JSON text of a resolved item's `key` (`"web"` from YAML `web` and JSON
    /// `"web"` alike; `1` and `"1"` differ); `nil` when the item is not a mapping or its value
    /// there is missing, null or not a scalar.
    private func identity(of item: ResolvedValue, key: String) -> String? {
        guard case .mapping(let entries, _) = item.step(layers), let entry = entries.first(where: { $0.key == key }),
            case .scalar(let origin) = entry.value.step(layers)
        else { return nil }
        return Self.scalarJSON(layers[origin.layer].stream, origin.node)
    }

    /// The same for an item as a layer writes it.
    private func identity(of item: NodeID, in stream: ParsedStream, key: String) -> String? {
        let item = stream.resolved(item)
        guard stream.kind(item) == .mapping, let value = stream.entries(item).first(where: { stream.keyToken($0.key) == key })?.value
        else { return nil }
        return Self.scalarJSON(stream, stream.resolved(value))
    }

    private static func scalarJSON(_ stream: ParsedStream, _ node: NodeID) -> String? {
        guard stream.kind(node) == .scalar, stream.scalarType(node) != .null else { return nil }
        return JSONWriter.compact(stream, node)
    }
}
