#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One node of the flat arena. Internal: the public face is ``ParsedStream``'s accessors.
/// `@usableFromInline`: the accessors the compliance walk and the secret scanner call for every
/// node are `@inlinable`, so that another module's loop does not make a call per node and field.
///
/// The arena is one array in document order; a collection's children follow it, and `next` is the
/// index just past its subtree. This flat layout reads at the speed of libyaml itself, twice as fast
/// as a tree of class objects (../shared/notes/swift-c-libraries-spike.md, §3).
@usableFromInline
struct NodeRecord: Sendable {
    @usableFromInline var kind: NodeKind
    /// ``ScalarStyle`` raw value for scalars, ``CollectionStyle`` raw value for collections.
    @usableFromInline var style: UInt8
    @usableFromInline var type: ScalarType
    @usableFromInline var flags: UInt8
    @usableFromInline var startLine: Int32, startColumn: Int32, startOffset: Int32
    @usableFromInline var endLine: Int32, endColumn: Int32, endOffset: Int32
    /// Parent collection, -1 for a document root.
    @usableFromInline var parent: Int32
    /// For a mapping value: the index of its key node. For a sequence item: its position.
    /// For a mapping key: -1. For a root: -1.
    @usableFromInline var slot: Int32
    @usableFromInline var next: Int32
    @usableFromInline var childCount: Int32
    /// Scalar value: a range of ``ParsedStream/source`` (flag `valueInSource`) or of `values`.
    @usableFromInline var valueStart: Int32, valueLength: Int32
    @usableFromInline var tag: Int32
    @usableFromInline var anchor: Int32
    /// For an alias: the anchored node. For a mapping key: unused.
    @usableFromInline var target: Int32

    @inlinable static var valueInSource: UInt8 { 1 }
    @inlinable static var isKey: UInt8 { 2 }
    @inlinable static var hasMergeKey: UInt8 { 4 }
    @inlinable static var hasDuplicateKey: UInt8 { 8 }
    @inlinable static var isMergeKey: UInt8 { 16 }
}

/// One document of a stream: its root node and where it lies.
public struct DocumentInfo: Sendable, Hashable {
    /// 0-based position in the stream.
    public let index: Int
    public let root: NodeID
    /// Where the document starts (its `---`, or its first content) and ends.
    public let range: SourceRange
}

/// A parsed YAML stream or JSON text: the positioned tree shared by both formats.
///
/// Immutable after reading, so it can be shared across threads. Every node, mapping keys included,
/// has a start and end ``SourceLocation``, a JSON Pointer, and for scalars the decoded value, the
/// exact source text, the style and the resolved ``ScalarType``.
public final class ParsedStream: Sendable {
    /// The bytes that were read.
    public let source: [UInt8]
    public let format: SourceFormat
    public let documents: [DocumentInfo]
    @usableFromInline let nodes: [NodeRecord]
    @usableFromInline let values: [UInt8]
    let strings: [String]

    init(
        source: [UInt8], format: SourceFormat, documents: [DocumentInfo], nodes: [NodeRecord],
        values: [UInt8], strings: [String], sharesNodes: Bool
    ) {
        self.source = source
        self.format = format
        self.documents = documents
        self.nodes = nodes
        self.values = values
        self.strings = strings
        self.sharesNodes = sharesNodes
    }

    /// Whether a walk of the logical tree (aliases followed, merge keys applied) may reach a node
    /// more than once: the stream has an alias or a merge key (`<<`). Almost no configuration
    /// has either, and a walk that knows it can skip remembering the nodes it has seen. (The
    /// reader says so: looking through the nodes cost a plain lint of the benchmark corpus 0.2%.)
    public let sharesNodes: Bool

    /// Number of nodes in the arena (aliases count once, not expanded).
    public var nodeCount: Int { nodes.count }

    // MARK: - Node properties

    @inlinable @inline(__always)
    public func kind(_ id: NodeID) -> NodeKind { nodes[Int(id.index)].kind }

    public func range(_ id: NodeID) -> SourceRange {
        let n = nodes[Int(id.index)]
        return SourceRange(
            start: SourceLocation(line: Int(n.startLine), column: Int(n.startColumn), offset: Int(n.startOffset)),
            end: SourceLocation(line: Int(n.endLine), column: Int(n.endColumn), offset: Int(n.endOffset)))
    }

    public func start(_ id: NodeID) -> SourceLocation { range(id).start }

    /// The resolved type of a scalar; `nil` for collections and aliases.
    @inlinable @inline(__always)
    public func scalarType(_ id: NodeID) -> ScalarType? {
        let n = nodes[Int(id.index)]
        return n.kind == .scalar ? n.type : nil
    }

    public func scalarStyle(_ id: NodeID) -> ScalarStyle? {
        let n = nodes[Int(id.index)]
        return n.kind == .scalar ? ScalarStyle(rawValue: n.style) : nil
    }

    public func collectionStyle(_ id: NodeID) -> CollectionStyle? {
        let n = nodes[Int(id.index)]
        return n.kind == .mapping || n.kind == .sequence ? CollectionStyle(rawValue: n.style) : nil
    }

    /// The decoded value of a scalar (escapes processed, folding applied); "" for other nodes.
    public func string(_ id: NodeID) -> String {
        // Through a raw buffer: a slice of the array would be retained and released per call.
        var result = ""
        withUnsafeValueBytes(id) { result = String(decoding: $0, as: UTF8.self) }
        return result
    }

    /// The scalar's decoded value as bytes, without copying.
    public func valueBytes(_ id: NodeID) -> ArraySlice<UInt8> {
        let n = nodes[Int(id.index)]
        guard n.kind == .scalar else { return [] }
        let lo = Int(n.valueStart), hi = lo + Int(n.valueLength)
        return n.flags & NodeRecord.valueInSource != 0 ? source[lo..<hi] : values[lo..<hi]
    }

    /// Runs `body` with the scalar's decoded value as raw bytes, without reference counting (a
    /// slice of an array costs two atomic operations; the secret scanner reads every value).
    /// The pointer is valid only inside `body`.
    @inlinable
    public func withUnsafeValueBytes(_ id: NodeID, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        // Not generic: across a module boundary a generic result costs a metadata lookup per call.
        let n = nodes[Int(id.index)]
        guard n.kind == .scalar, n.valueLength > 0 else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        let lo = Int(n.valueStart), count = Int(n.valueLength)
        // Two branches rather than a local copy of the array: a copy would be retained.
        if n.flags & NodeRecord.valueInSource != 0 {
            source.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[lo..<(lo + count)])) }
        } else {
            values.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[lo..<(lo + count)])) }
        }
    }

    /// The length in bytes of the scalar's decoded value (0 for other nodes), without making a
    /// slice: a cheap test before `valueBytes` on hot paths.
    @inlinable @inline(__always)
    public func valueCount(_ id: NodeID) -> Int {
        let n = nodes[Int(id.index)]
        return n.kind == .scalar ? Int(n.valueLength) : 0
    }

    /// The node exactly as written in the file (quotes, escapes and all).
    public func sourceText(_ id: NodeID) -> String {
        let n = nodes[Int(id.index)]
        let lo = max(0, min(Int(n.startOffset), source.count))
        let hi = max(lo, min(Int(n.endOffset), source.count))
        return String(decoding: source[lo..<hi], as: UTF8.self)
    }

    /// The node's tag as the parser resolved it (`tag:yaml.org,2002:str` for `!!str`, `!vault` for a
    /// local tag), kept as data and never acted on beyond the core schema's own tags.
    public func tag(_ id: NodeID) -> String? {
        let t = nodes[Int(id.index)].tag
        return t < 0 ? nil : strings[Int(t)]
    }

    /// The node's anchor name (`&name`), or for an alias the name it refers to.
    public func anchor(_ id: NodeID) -> String? {
        let a = nodes[Int(id.index)].anchor
        return a < 0 ? nil : strings[Int(a)]
    }

    /// The collection (mapping or sequence) that holds this node, `nil` for a root.
    public func parent(_ id: NodeID) -> NodeID? {
        let p = nodes[Int(id.index)].parent
        return p < 0 ? nil : NodeID(p)
    }

    /// Whether the node is a mapping key.
    public func isKey(_ id: NodeID) -> Bool { nodes[Int(id.index)].flags & NodeRecord.isKey != 0 }

    /// For a mapping value, its key node.
    public func key(of id: NodeID) -> NodeID? {
        let n = nodes[Int(id.index)]
        guard n.flags & NodeRecord.isKey == 0, n.parent >= 0, nodes[Int(n.parent)].kind == .mapping else {
            return nil
        }
        return NodeID(n.slot)
    }

    /// The node an alias stands for (following chains); the node itself otherwise.
    @inlinable @inline(__always)
    public func resolved(_ id: NodeID) -> NodeID {
        // The test inlined, the rare alias chain followed out of line: a loop here kept callers
        // from inlining it at all.
        nodes[Int(id.index)].kind == .alias ? aliasTarget(id) : id
    }

    @usableFromInline
    func aliasTarget(_ id: NodeID) -> NodeID {
        var current = id
        while nodes[Int(current.index)].kind == .alias {
            current = NodeID(nodes[Int(current.index)].target)
        }
        return current
    }

    // MARK: - Children

    /// The children as written: for a mapping, keys and values alternate; aliases are not followed.
    public func rawChildren(_ id: NodeID) -> [NodeID] {
        let n = nodes[Int(id.index)]
        guard n.childCount > 0 else { return [] }
        var result: [NodeID] = []
        result.reserveCapacity(Int(n.childCount))
        var child = id.index + 1
        for _ in 0..<n.childCount {
            result.append(NodeID(child))
            child = nodes[Int(child)].next
        }
        return result
    }

    /// The number of children as written (keys and values count one each in a mapping).
    @inlinable @inline(__always)
    public func childCount(_ id: NodeID) -> Int { Int(nodes[Int(id.index)].childCount) }

    /// The first child as written; only valid when `childCount(id) > 0`. With `nextSibling` it
    /// walks children without allocating an array (the secret scanner visits every node).
    @inlinable @inline(__always)
    public func firstChild(_ id: NodeID) -> NodeID { NodeID(id.index + 1) }

    /// The child after `id` in its collection; only valid when `id` is not the last child.
    @inlinable @inline(__always)
    public func nextSibling(_ id: NodeID) -> NodeID { NodeID(nodes[Int(id.index)].next) }

    /// A sequence's items with aliases followed; empty for other nodes.
    public func elements(_ id: NodeID) -> [NodeID] {
        let target = resolved(id)
        guard nodes[Int(target.index)].kind == .sequence else { return [] }
        return rawChildren(target).map(resolved)
    }

    /// A mapping's entries as a consumer sees them: aliases followed, merge keys (`<<`) applied
    /// (explicit keys win over merged ones; among merged mappings the first wins), and for a key
    /// written twice the last value kept at the first key's place. Keys are returned as written
    /// (not alias-resolved) so that positions point at the key text.
    public func entries(_ id: NodeID) -> [(key: NodeID, value: NodeID)] {
        let target = resolved(id)
        let n = nodes[Int(target.index)]
        guard n.kind == .mapping else { return [] }
        // One array: the pairs, walked through the sibling links (no list of children first).
        var pairs: [(key: NodeID, value: NodeID)] = []
        let count = Int(n.childCount / 2)
        pairs.reserveCapacity(count)
        if count > 0 {
            var child = NodeID(target.index + 1)
            for pair in 0..<count {
                let value = nextSibling(child)
                pairs.append((child, resolved(value)))
                if pair + 1 < count { child = nextSibling(value) }
            }
        }
        if n.flags & (NodeRecord.hasMergeKey | NodeRecord.hasDuplicateKey) == 0 { return pairs }
        return normalizedEntries(pairs, depth: 0)
    }

    /// Calls `body` with each entry of a mapping, as `entries` lists them, without building the
    /// list when the mapping has no merge key and no duplicate key (nearly always): the
    /// environment checks walk every mapping an override writes, several times.
    @inlinable
    public func forEachEntry(_ id: NodeID, _ body: (_ key: NodeID, _ value: NodeID) -> Void) {
        let target = resolved(id)
        let n = nodes[Int(target.index)]
        guard n.kind == .mapping else { return }
        if n.flags & (NodeRecord.hasMergeKey | NodeRecord.hasDuplicateKey) != 0 {
            for pair in entries(target) { body(pair.key, pair.value) }
            return
        }
        let pairs = Int(n.childCount / 2)
        guard pairs > 0 else { return }
        var child = NodeID(target.index + 1)
        for pair in 0..<pairs {
            let value = nextSibling(child)
            body(child, resolved(value))
            if pair + 1 < pairs { child = nextSibling(value) }
        }
    }

    /// `entry(_:key:)` for a run of lookups in one mapping: the scan starts at the key after the
    /// one found last (`cursor`, nil at first) and wraps around, so keys looked up in the
    /// mapping's own order cost one comparison each.
    public func entry(_ id: NodeID, key: String, cursor: inout NodeID?) -> (key: NodeID, value: NodeID)? {
        let target = resolved(id)
        let n = nodes[Int(target.index)]
        guard n.kind == .mapping, n.flags & (NodeRecord.hasMergeKey | NodeRecord.hasDuplicateKey) == 0 else {
            return entry(id, key: key)
        }
        let pairs = Int(n.childCount / 2)
        guard pairs > 0 else { return nil }
        let first = NodeID(target.index + 1), end = n.next
        var child = cursor ?? first
        var wanted = key
        return wanted.withUTF8 { wantedBytes -> (key: NodeID, value: NodeID)? in
            let count = wantedBytes.count
            for _ in 0..<pairs {
                let value = nextSibling(child)
                let keyNode = resolved(child)
                var same = false
                if nodes[Int(keyNode.index)].kind == .scalar {
                    if valueCount(keyNode) == count {
                        withUnsafeValueBytes(keyNode) { bytes in
                            same = count == 0 || memcmp(bytes.baseAddress!, wantedBytes.baseAddress!, count) == 0
                        }
                    }
                } else {
                    same = keyToken(child) == key
                }
                let after = nodes[Int(value.index)].next
                let next = after >= end ? first : NodeID(after)
                if same {
                    cursor = next
                    return (child, resolved(value))
                }
                child = next
            }
            return nil
        }
    }

    /// The entry of a mapping whose key's token (`keyToken`) is `key`, as `entries` would give it,
    /// without building the entries: keys are compared as bytes in place. Environments look up
    /// the few keys an override writes in a base mapping of dozens.
    public func entry(_ id: NodeID, key: String) -> (key: NodeID, value: NodeID)? {
        let target = resolved(id)
        let n = nodes[Int(target.index)]
        guard n.kind == .mapping else { return nil }
        if n.flags & (NodeRecord.hasMergeKey | NodeRecord.hasDuplicateKey) != 0 {
            return entries(target).first { keyToken($0.key) == key }
        }
        var wanted = key
        return wanted.withUTF8 { wantedBytes -> (key: NodeID, value: NodeID)? in
            guard n.childCount >= 2 else { return nil }
            var child = NodeID(target.index + 1)
            for pair in 0..<Int(n.childCount / 2) {
                let value = nextSibling(child)
                let keyNode = resolved(child)
                var same = false
                if nodes[Int(keyNode.index)].kind == .scalar {
                    let count = wantedBytes.count
                    if valueCount(keyNode) == count {
                        withUnsafeValueBytes(keyNode) { bytes in
                            same = count == 0 || memcmp(bytes.baseAddress!, wantedBytes.baseAddress!, count) == 0
                        }
                    }
                } else {
                    same = keyToken(child) == key
                }
                if same { return (child, resolved(value)) }
                if pair + 1 < Int(n.childCount / 2) { child = nextSibling(value) }
            }
            return nil
        }
    }

    private func normalizedEntries(_ pairs: [(key: NodeID, value: NodeID)], depth: Int)
        -> [(key: NodeID, value: NodeID)]
    {
        // Explicit keys first decide what merged keys may add.
        var explicitKeys = Set<KeyIdentity>()
        for pair in pairs where !isMergeKey(pair.key) { explicitKeys.insert(keyIdentity(pair.key)) }
        var result: [(key: NodeID, value: NodeID)] = []
        var position: [KeyIdentity: Int] = [:]
        func add(_ pair: (key: NodeID, value: NodeID), overwrite: Bool) {
            let identity = keyIdentity(pair.key)
            if let at = position[identity] {
                if overwrite { result[at].value = pair.value }
            } else {
                position[identity] = result.count
                result.append(pair)
            }
        }
        for pair in pairs {
            if isMergeKey(pair.key), depth < 64 {
                for source in mergeSources(pair.value) {
                    for merged in normalizedEntries(entries(source), depth: depth + 1)
                    where !explicitKeys.contains(keyIdentity(merged.key)) {
                        add(merged, overwrite: false)
                    }
                }
            } else {
                add(pair, overwrite: true)
            }
        }
        return result
    }

    private func isMergeKey(_ key: NodeID) -> Bool { nodes[Int(key.index)].flags & NodeRecord.isMergeKey != 0 }

    private func mergeSources(_ value: NodeID) -> [NodeID] {
        let v = resolved(value)
        switch nodes[Int(v.index)].kind {
        case .mapping: return [v]
        case .sequence: return elements(v).filter { nodes[Int($0.index)].kind == .mapping }
        default: return []
        }
    }

    func keyIdentity(_ key: NodeID) -> KeyIdentity {
        KeyIdentity.of(key.index, nodes: nodes, values: values, source: source)
    }

    // MARK: - Paths

    /// The RFC 6901 JSON Pointer of a node from its document's root (`""` for the root). A mapping key
    /// has the pointer of the value it names. A node reached through an alias has the pointer of the
    /// place it is written.
    public func pointer(_ id: NodeID) -> String {
        var tokens: [String] = []
        var current = id.index
        while true {
            if nodes[Int(current)].flags & NodeRecord.isKey != 0 {
                // A key's pointer is its value's: the key is followed directly by its value's subtree.
                // This also gives a node inside a complex key (`? [a, b]`) the pointer of that key:
                // the path inside the key is dropped, as no pointer can address a part of a key.
                tokens.removeAll()
                current = nodes[Int(current)].next
            }
            let n = nodes[Int(current)]
            guard n.parent >= 0 else { break }
            if nodes[Int(n.parent)].kind == .mapping {
                tokens.append(keyToken(NodeID(n.slot)))
            } else {
                tokens.append(String(n.slot))
            }
            current = n.parent
        }
        return tokens.reversed().reduce(into: "") { $0 += "/" + JSONPointer.escape($1) }
    }

    /// The text a key contributes to a JSON Pointer or a JSON object: a scalar's decoded value, a
    /// complex key's compact JSON.
    public func keyToken(_ key: NodeID) -> String {
        let k = resolved(key)
        if nodes[Int(k.index)].kind == .scalar { return string(k) }
        return JSONWriter.compact(self, k)
    }

    /// The document a node belongs to.
    public func document(containing id: NodeID) -> DocumentInfo? {
        var lo = 0, hi = documents.count - 1, found: DocumentInfo?
        while lo <= hi {
            let mid = (lo + hi) / 2
            if documents[mid].root.index <= id.index {
                found = documents[mid]
                lo = mid + 1
            } else {
                hi = mid - 1
            }
        }
        return found
    }

    /// The node at a JSON Pointer in a document (logical view: aliases and merges applied).
    ///
    /// Distinct YAML keys can share a token (`1` and `"1"`, two complex keys `[a]`); then each
    /// entry with that token is tried in order, and the first that resolves the rest wins. A key
    /// written twice with different spellings (`true`, then `True`) is one entry, listed under the
    /// first spelling; `pointer(_:)` names the later one as written, so that spelling finds it too.
    public func node(at pointer: String, in document: DocumentInfo) -> NodeID? {
        guard let tokens = JSONPointer.tokens(pointer) else { return nil }
        return node(at: tokens[...], from: resolved(document.root))
    }

    private func node(at tokens: ArraySlice<String>, from start: NodeID) -> NodeID? {
        var current = start
        for (position, token) in zip(tokens.indices, tokens) {
            switch nodes[Int(current.index)].kind {
            case .mapping:
                let pairs = entries(current)
                var matches = pairs.filter { keyToken($0.key) == token }
                if nodes[Int(current.index)].flags & NodeRecord.hasDuplicateKey != 0 {
                    let raw = rawChildren(current)
                    let written = Set(stride(from: 0, to: raw.count, by: 2).lazy
                        .filter { self.keyToken(raw[$0]) == token }.map { self.keyIdentity(raw[$0]) })
                    matches += pairs.filter { keyToken($0.key) != token && written.contains(keyIdentity($0.key)) }
                }
                guard let first = matches.first else { return nil }
                if matches.count > 1 {
                    let rest = tokens[(position + 1)...]
                    return matches.lazy.compactMap { self.node(at: rest, from: $0.value) }.first
                }
                current = first.value
            case .sequence:
                let items = elements(current)
                guard let i = Int(token), i >= 0, i < items.count, String(i) == token else { return nil }
                current = items[i]
            default:
                return nil
            }
        }
        return current
    }
}
