/// Builds the flat arena from a stream of events; shared by the YAML and the JSON reader so both
/// formats get the same positions, pointers, duplicate-key checks and input limits.
struct TreeBuilder {
    private(set) var nodes: [NodeRecord] = []
    private(set) var values: [UInt8] = []
    private var strings: [String] = []
    private var stringIndex: [String: Int32] = [:]
    private(set) var documents: [DocumentInfo] = []
    private(set) var diagnostics: [ReadDiagnostic] = []

    private struct Frame {
        var index: Int32
        var isMapping: Bool
        var childCount: Int32 = 0
        var pendingKey: Int32 = -1
        var expandedAtOpen: Int
        /// The last child added, -1 while there is none.
        var lastChild: Int32 = -1
    }
    private var stack: [Frame] = []
    private var documentStart: SourceLocation?
    private var documentRoot: Int32 = -1
    /// Index of the first node of the document being read; its nodes are dropped if it is cut short.
    private var documentFirstNode: Int32 = 0
    private var anchors: [String: Int32] = [:]
    private var anchorSizes: [Int32: Int] = [:]
    private var expandedTotal = 0
    /// Whether an alias or a merge key was added (``ParsedStream/sharesNodes``).
    private var sharesNodes = false
    let limits: InputLimits
    let source: [UInt8]

    init(source: [UInt8], limits: InputLimits) {
        self.source = source
        self.limits = limits
        nodes.reserveCapacity(max(16, source.count / 12))
    }

    /// A limit or composition error that stops reading.
    struct Stop: Error {
        var diagnostic: ReadDiagnostic
    }

    var depth: Int { stack.count }
    var documentIndex: Int { documents.count }

    // MARK: - Documents

    mutating func beginDocument(at location: SourceLocation) {
        documentStart = location
        documentRoot = -1
        documentFirstNode = Int32(nodes.count)
        anchors.removeAll(keepingCapacity: true)
        anchorSizes.removeAll(keepingCapacity: true)
        expandedTotal = 0
    }

    mutating func endDocument(at location: SourceLocation) {
        guard documentRoot >= 0 else { return }
        documents.append(
            DocumentInfo(
                index: documents.count, root: NodeID(documentRoot),
                range: SourceRange(start: documentStart ?? location, end: location)))
        documentRoot = -1
    }

    // MARK: - Nodes

    private mutating func intern(_ s: String?) -> Int32 {
        guard let s else { return -1 }
        if let i = stringIndex[s] { return i }
        let i = Int32(strings.count)
        strings.append(s)
        stringIndex[s] = i
        return i
    }

    private func stopDiagnostic(_ kind: ReadDiagnostic.Kind, _ message: String, _ range: SourceRange) -> Stop {
        Stop(diagnostic: ReadDiagnostic(kind: kind, message: message, range: range, document: documentIndex))
    }

    /// Appends a node record under the current open collection and returns its index.
    private mutating func append(
        kind: NodeKind, style: UInt8, type: ScalarType, flags: UInt8, range: SourceRange,
        valueStart: Int32, valueLength: Int32, tag: String?, anchor: String?, target: Int32 = -1
    ) throws(Stop) -> Int32 {
        let index = Int32(nodes.count)
        var parent: Int32 = -1, slot: Int32 = -1, flags = flags
        if var frame = stack.last {
            parent = frame.index
            if frame.isMapping {
                if frame.pendingKey < 0 {
                    flags |= NodeRecord.isKey
                    frame.pendingKey = index
                } else {
                    slot = frame.pendingKey
                    frame.pendingKey = -1
                }
            } else {
                slot = frame.childCount
            }
            frame.childCount += 1
            frame.lastChild = index
            stack[stack.count - 1] = frame
        } else {
            documentRoot = index
        }
        expandedTotal += 1
        if expandedTotal > limits.maxNodes {
            throw stopDiagnostic(.inputLimit, "document has more than \(limits.maxNodes) nodes (limit max-nodes)", range)
        }
        nodes.append(
            NodeRecord(
                kind: kind, style: style, type: type, flags: flags,
                startLine: Int32(range.start.line), startColumn: Int32(range.start.column),
                startOffset: Int32(range.start.offset),
                endLine: Int32(range.end.line), endColumn: Int32(range.end.column),
                endOffset: Int32(range.end.offset),
                parent: parent, slot: slot, next: index + 1, childCount: 0,
                valueStart: valueStart, valueLength: valueLength,
                tag: intern(tag), anchor: intern(anchor), target: target))
        // An alias carries the name it refers to in `anchor`; it must not redefine the anchor, or later
        // aliases would count as one node and an alias bomb would slip past `maxNodes`.
        if let anchor, kind != .alias { anchors[anchor] = index }
        return index
    }

    private mutating func markMergeKeyIfNeeded(_ index: Int32, plain: Bool, tag: String?) {
        // `<<` is a merge key only as an untagged plain scalar (or explicitly `!!merge`) in key position.
        guard nodes[Int(index)].flags & NodeRecord.isKey != 0 else { return }
        let isMerge = (plain && tag == nil && valueEquals(index, "<<")) || tag == "tag:yaml.org,2002:merge"
        if isMerge {
            nodes[Int(index)].flags |= NodeRecord.isMergeKey
            nodes[Int(nodes[Int(index)].parent)].flags |= NodeRecord.hasMergeKey
            sharesNodes = true
        }
    }

    private func valueEquals(_ index: Int32, _ text: String) -> Bool {
        let n = nodes[Int(index)]
        let lo = Int(n.valueStart), hi = lo + Int(n.valueLength)
        let bytes = n.flags & NodeRecord.valueInSource != 0 ? source[lo..<hi] : values[lo..<hi]
        return bytes.elementsEqual(text.utf8)
    }

    /// Adds a scalar whose decoded value is `value` (copied into the value buffer).
    @discardableResult
    mutating func addScalar(
        value: UnsafeBufferPointer<UInt8>, style: ScalarStyle, type: ScalarType, range: SourceRange,
        tag: String?, anchor: String?
    ) throws(Stop) -> Int32 {
        if value.count > limits.maxScalarBytes {
            throw stopDiagnostic(
                .inputLimit, "scalar is longer than \(limits.maxScalarBytes) bytes (limit max-scalar-bytes)", range)
        }
        let start = Int32(values.count)
        values.append(contentsOf: value)
        let index = try append(
            kind: .scalar, style: style.rawValue, type: type, flags: 0, range: range,
            valueStart: start, valueLength: Int32(value.count), tag: tag, anchor: anchor)
        markMergeKeyIfNeeded(index, plain: style == .plain, tag: tag)
        return index
    }

    /// Adds a scalar whose decoded value is a slice of the source (a JSON string without escapes).
    @discardableResult
    mutating func addSourceScalar(
        sourceRange: Range<Int>, style: ScalarStyle, type: ScalarType, range: SourceRange
    ) throws(Stop) -> Int32 {
        if sourceRange.count > limits.maxScalarBytes {
            throw stopDiagnostic(
                .inputLimit, "scalar is longer than \(limits.maxScalarBytes) bytes (limit max-scalar-bytes)", range)
        }
        return try append(
            kind: .scalar, style: style.rawValue, type: type, flags: NodeRecord.valueInSource, range: range,
            valueStart: Int32(sourceRange.lowerBound), valueLength: Int32(sourceRange.count), tag: nil, anchor: nil)
    }

    mutating func openCollection(
        isMapping: Bool, style: CollectionStyle, range: SourceRange, tag: String?, anchor: String?
    ) throws(Stop) {
        if stack.count >= limits.maxDepth {
            throw stopDiagnostic(
                .inputLimit, "nesting is deeper than \(limits.maxDepth) levels (limit max-depth)", range)
        }
        let before = expandedTotal
        let index = try append(
            kind: isMapping ? .mapping : .sequence, style: style.rawValue, type: .null, flags: 0, range: range,
            valueStart: 0, valueLength: 0, tag: tag, anchor: anchor)
        stack.append(Frame(index: index, isMapping: isMapping, expandedAtOpen: before))
    }

    mutating func closeCollection(end: SourceLocation) {
        guard let frame = stack.popLast() else { return }
        let i = Int(frame.index)
        nodes[i].childCount = frame.childCount
        nodes[i].next = Int32(nodes.count)
        if nodes[i].style == CollectionStyle.block.rawValue && frame.lastChild >= 0 {
            // libyaml ends a block collection at the token that closes it (the next, less indented
            // key), past blank lines, comments and indentation; its last child's end is where it ends.
            let last = nodes[Int(frame.lastChild)]
            nodes[i].endLine = last.endLine
            nodes[i].endColumn = last.endColumn
            nodes[i].endOffset = last.endOffset
        } else {
            nodes[i].endLine = Int32(end.line)
            nodes[i].endColumn = Int32(end.column)
            nodes[i].endOffset = Int32(end.offset)
        }
        if nodes[i].anchor >= 0 { anchorSizes[frame.index] = expandedTotal - frame.expandedAtOpen }
        if frame.isMapping && frame.childCount >= 4 { checkDuplicateKeys(mapping: frame.index) }
    }

    /// Adds an alias node. Its expanded size counts against `maxNodes`, so nested aliases that would
    /// expand to billions of nodes stop here, without expanding anything.
    mutating func addAlias(name: String, range: SourceRange) throws(Stop) {
        guard let target = anchors[name] else {
            throw stopDiagnostic(.syntax, "alias *\(name) refers to no anchor defined before it", range)
        }
        if stack.contains(where: { $0.index == target }) {
            throw stopDiagnostic(
                .inputLimit, "alias *\(name) refers to a collection that contains it; a recursive structure cannot be read",
                range)
        }
        let size = anchorSizes[target] ?? 1
        sharesNodes = true
        // The alias node itself counts once in append(); the rest of its expansion is added here.
        expandedTotal += size - 1
        let index = try append(
            kind: .alias, style: 0, type: .null, flags: 0, range: range, valueStart: 0, valueLength: 0, tag: nil,
            anchor: name, target: target)
        // An alias in key position to a `<<`-free scalar is an ordinary key.
        _ = index
    }

    // MARK: - Duplicate keys

    /// A mapping key reduced to what decides equality (see ``KeyIdentity``): its type and the bytes of
    /// its decoded value. Plain integers and offsets, so the check allocates nothing per mapping.
    private struct KeySlot {
        var key: Int32
        var type: UInt8
        var inSource: Bool
        var start: Int32
        var count: Int32
        var hash: UInt64 = 0
    }
    /// Reused between mappings: most files have thousands of small mappings.
    private var keySlots: [KeySlot] = []
    private var keyTable: [Int32] = []

    /// Finds keys written twice in a just-closed mapping. This runs for every mapping of every file,
    /// so it avoids `KeyIdentity` (an `ArraySlice` per key, retained and hashed through `Hasher`):
    /// that version took a third of the JSON reader's time.
    private mutating func checkDuplicateKeys(mapping: Int32) {
        let childCount = Int(nodes[Int(mapping)].childCount)
        guard childCount >= 4 else { return }
        var slots = keySlots
        keySlots = []
        slots.removeAll(keepingCapacity: true)
        var child = mapping + 1
        for i in 0..<childCount {
            let n = nodes[Int(child)]
            if i % 2 == 0 && n.flags & NodeRecord.isMergeKey == 0 {
                var k = child
                while nodes[Int(k)].kind == .alias { k = nodes[Int(k)].target }
                let r = nodes[Int(k)]
                // Complex keys (collections) are never called duplicates.
                if r.kind == .scalar {
                    var slot = KeySlot(
                        key: child, type: r.type.rawValue, inSource: r.flags & NodeRecord.valueInSource != 0,
                        start: r.valueStart, count: r.valueLength)
                    switch r.type {
                    case .null:
                        slot.count = 0  // `~`, `null` and empty are one key
                    case .bool:
                        // `true`, `True`, `TRUE` are one key: keep only the first letter, folded.
                        slot.count = 1
                        slot.start = keyByte(slot, 0) | 0x20 == UInt8(ascii: "t") ? 1 : 0
                        slot.inSource = false
                        slot.type |= 0x80
                    default:
                        break
                    }
                    slots.append(slot)
                }
            }
            child = n.next
        }
        var duplicates: [(first: Int32, second: Int32)] = []
        if slots.count <= 8 {
            // Small mappings (most of them) are cheaper to compare pairwise than to hash.
            for j in slots.indices.dropFirst() {
                for i in 0..<j where keysEqual(slots[i], slots[j]) {
                    duplicates.append((slots[i].key, slots[j].key))
                    break
                }
            }
        } else {
            // Open addressing over FNV-1a hashes; the table holds slot indices, -1 when empty.
            var capacity = 16
            while capacity < slots.count * 2 { capacity <<= 1 }
            var table = keyTable
            keyTable = []
            table.removeAll(keepingCapacity: true)
            table.append(contentsOf: repeatElement(-1, count: capacity))
            let mask = capacity - 1
            for j in slots.indices {
                var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(slots[j].type)
                for b in 0..<Int(slots[j].count) { h = (h ^ UInt64(keyByte(slots[j], b))) &* 0x0000_0100_0000_01B3 }
                slots[j].hash = h
                var bucket = Int(truncatingIfNeeded: h) & mask
                while table[bucket] >= 0 {
                    let i = Int(table[bucket])
                    if slots[i].hash == h && keysEqual(slots[i], slots[j]) {
                        duplicates.append((slots[i].key, slots[j].key))
                        break
                    }
                    bucket = (bucket + 1) & mask
                }
                if table[bucket] < 0 { table[bucket] = Int32(j) }
            }
            keyTable = table
        }
        keySlots = slots
        for (first, key) in duplicates {
            nodes[Int(mapping)].flags |= NodeRecord.hasDuplicateKey
            let firstRange = rangeOf(first)
            // Quoted and escaped as a JSON string, so a key holding a quote or a line break cannot
            // break the one-line message.
            let name = JSONWriter.quoted(decodedValue(key))
            diagnostics.append(
                ReadDiagnostic(
                    kind: .duplicateKey,
                    message: "duplicate key \(name); it is first defined at line \(firstRange.start.line), column \(firstRange.start.column)",
                    range: rangeOf(key), document: documentIndex, pointer: nil,
                    related: RelatedLocation(message: "first definition of \(name)", range: firstRange)))
            pendingPointers.append((diagnostics.count - 1, key))
        }
    }

    @inline(__always) private func keyByte(_ slot: KeySlot, _ i: Int) -> UInt8 {
        if slot.type & 0x80 != 0 { return UInt8(truncatingIfNeeded: slot.start) }
        return slot.inSource ? source[Int(slot.start) + i] : values[Int(slot.start) + i]
    }

    private func keysEqual(_ a: KeySlot, _ b: KeySlot) -> Bool {
        guard a.type == b.type, a.count == b.count else { return false }
        if a.type & 0x80 != 0 { return a.start == b.start }
        for i in 0..<Int(a.count) where keyByte(a, i) != keyByte(b, i) { return false }
        return true
    }

    /// Duplicate-key diagnostics whose pointer is filled in once the tree is complete.
    private var pendingPointers: [(Int, Int32)] = []

    private func decodedValue(_ index: Int32) -> String {
        var k = index
        while nodes[Int(k)].kind == .alias { k = nodes[Int(k)].target }
        let n = nodes[Int(k)]
        let lo = Int(n.valueStart), hi = lo + Int(n.valueLength)
        return String(decoding: n.flags & NodeRecord.valueInSource != 0 ? source[lo..<hi] : values[lo..<hi], as: UTF8.self)
    }

    private func rangeOf(_ index: Int32) -> SourceRange {
        let n = nodes[Int(index)]
        return SourceRange(
            start: SourceLocation(line: Int(n.startLine), column: Int(n.startColumn), offset: Int(n.startOffset)),
            end: SourceLocation(line: Int(n.endLine), column: Int(n.endColumn), offset: Int(n.endOffset)))
    }

    mutating func addDiagnostic(_ d: ReadDiagnostic) { diagnostics.append(d) }

    /// Whether every key on the way from `index` to its root, which `ParsedStream.pointer` replaces
    /// by the value that follows it, has that value. After a stop, a complex key may still be open
    /// (its `next` is still its first child: the walk would never end) or closed with its value not
    /// yet read (its `next` is past the arena).
    private func keysOnPathHaveValues(_ index: Int32) -> Bool {
        var current = index
        while true {
            if nodes[Int(current)].flags & NodeRecord.isKey != 0 {
                let key = current
                if stack.contains(where: { $0.index == key }) { return false }
                current = nodes[Int(current)].next
                if Int(current) >= nodes.count { return false }
            }
            let parent = nodes[Int(current)].parent
            if parent < 0 { return true }
            current = parent
        }
    }

    /// Finishes the stream. A document cut short by a fatal problem is dropped whole: a half-built
    /// tree (a key without its value, a mapping closed at the error) would break every consumer's
    /// assumptions, and the rest of that file is not linted anyway. Documents before it are kept.
    /// `stop` is the fatal problem that ended reading, if any; it is appended to `diagnostics`.
    mutating func finish(format: SourceFormat, end: SourceLocation, stop: ReadDiagnostic?) -> ParsedStream {
        if let stop { diagnostics.append(stop) }
        let interrupted = !stack.isEmpty || documentRoot >= 0
        if interrupted && stop != nil {
            // Duplicate keys found before the stop lie in closed mappings, whose pointers can be
            // resolved on the arena as it is, unless the way up passes a complex key that has no
            // value yet: such a key has no pointer to give, so the diagnostic gets none.
            let whole = ParsedStream(
                source: source, format: format, documents: documents, nodes: nodes, values: values, strings: strings,
                sharesNodes: sharesNodes)
            for (i, key) in pendingPointers where keysOnPathHaveValues(key) {
                diagnostics[i].pointer = whole.pointer(NodeID(key))
            }
            pendingPointers.removeAll()
            stack.removeAll()
            documentRoot = -1
            nodes.removeSubrange(Int(documentFirstNode)...)
        }
        while !stack.isEmpty { closeCollection(end: end) }
        if documentRoot >= 0 { endDocument(at: end) }
        let stream = ParsedStream(
            source: source, format: format, documents: documents, nodes: nodes, values: values, strings: strings,
                sharesNodes: sharesNodes)
        for (i, key) in pendingPointers { diagnostics[i].pointer = stream.pointer(NodeID(key)) }
        return stream
    }
}
