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
    }
    private var stack: [Frame] = []
    private var documentStart: SourceLocation?
    private var documentRoot: Int32 = -1
    /// Index of the first node of the document being read; its nodes are dropped if it is cut short.
    private var documentFirstNode: Int32 = 0
    private var anchors: [String: Int32] = [:]
    private var anchorSizes: [Int32: Int] = [:]
    private var expandedTotal = 0
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
        if let anchor { anchors[anchor] = index }
        return index
    }

    private mutating func markMergeKeyIfNeeded(_ index: Int32, plain: Bool, tag: String?) {
        // `<<` is a merge key only as an untagged plain scalar (or explicitly `!!merge`) in key position.
        guard nodes[Int(index)].flags & NodeRecord.isKey != 0 else { return }
        let isMerge = (plain && tag == nil && valueEquals(index, "<<")) || tag == "tag:yaml.org,2002:merge"
        if isMerge {
            nodes[Int(index)].flags |= NodeRecord.isMergeKey
            nodes[Int(nodes[Int(index)].parent)].flags |= NodeRecord.hasMergeKey
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
        nodes[i].endLine = Int32(end.line)
        nodes[i].endColumn = Int32(end.column)
        nodes[i].endOffset = Int32(end.offset)
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
        // The alias node itself counts once in append(); the rest of its expansion is added here.
        expandedTotal += size - 1
        let index = try append(
            kind: .alias, style: 0, type: .null, flags: 0, range: range, valueStart: 0, valueLength: 0, tag: nil,
            anchor: name, target: target)
        // An alias in key position to a `<<`-free scalar is an ordinary key.
        _ = index
    }

    // MARK: - Duplicate keys

    private mutating func checkDuplicateKeys(mapping: Int32) {
        let keyCount = Int(nodes[Int(mapping)].childCount) / 2
        guard keyCount >= 2 else { return }
        var keys: [Int32] = []
        keys.reserveCapacity(keyCount)
        var child = mapping + 1
        for i in 0..<Int(nodes[Int(mapping)].childCount) {
            if i % 2 == 0 { keys.append(child) }
            child = nodes[Int(child)].next
        }
        var duplicates: [(first: Int32, second: Int32, name: ArraySlice<UInt8>)] = []
        let identities = keys.map { KeyIdentity.of($0, nodes: nodes, values: values, source: source) }
        func comparable(_ i: Int) -> Bool {
            identities[i].node < 0 && nodes[Int(keys[i])].flags & NodeRecord.isMergeKey == 0
        }
        if keys.count <= 8 {
            // Small mappings (most of them) are cheaper to compare pairwise than to hash.
            for j in 1..<keys.count where comparable(j) {
                if let i = (0..<j).first(where: { comparable($0) && identities[$0] == identities[j] }) {
                    duplicates.append((keys[i], keys[j], identities[j].bytes))
                }
            }
        } else {
            var seen: [KeyIdentity: Int32] = [:]
            seen.reserveCapacity(keys.count)
            for j in 0..<keys.count where comparable(j) {
                if let first = seen[identities[j]] {
                    duplicates.append((first, keys[j], identities[j].bytes))
                } else {
                    seen[identities[j]] = keys[j]
                }
            }
        }
        for (first, key, _) in duplicates {
            nodes[Int(mapping)].flags |= NodeRecord.hasDuplicateKey
            let firstRange = rangeOf(first)
            let name = decodedValue(key)
            diagnostics.append(
                ReadDiagnostic(
                    kind: .duplicateKey,
                    message: "duplicate key \"\(name)\"; it is first defined at line \(firstRange.start.line), column \(firstRange.start.column)",
                    range: rangeOf(key), document: documentIndex, pointer: nil,
                    related: RelatedLocation(message: "first definition of \"\(name)\"", range: firstRange)))
            pendingPointers.append((diagnostics.count - 1, key))
        }
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

    /// Finishes the stream. A document cut short by a fatal problem is dropped whole: a half-built
    /// tree (a key without its value, a mapping closed at the error) would break every consumer's
    /// assumptions, and the rest of that file is not linted anyway. Documents before it are kept.
    /// `stop` is the fatal problem that ended reading, if any; it is appended to `diagnostics`.
    mutating func finish(format: SourceFormat, end: SourceLocation, stop: ReadDiagnostic?) -> ParsedStream {
        if let stop { diagnostics.append(stop) }
        let interrupted = !stack.isEmpty || documentRoot >= 0
        if interrupted && stop != nil {
            // Duplicate keys found before the stop lie in closed mappings, whose pointers can be
            // resolved on the arena as it is (the open ancestors' keys are complete nodes).
            let whole = ParsedStream(
                source: source, format: format, documents: documents, nodes: nodes, values: values, strings: strings)
            for (i, key) in pendingPointers { diagnostics[i].pointer = whole.pointer(NodeID(key)) }
            pendingPointers.removeAll()
            stack.removeAll()
            documentRoot = -1
            nodes.removeSubrange(Int(documentFirstNode)...)
        }
        while !stack.isEmpty { closeCollection(end: end) }
        if documentRoot >= 0 { endDocument(at: end) }
        let stream = ParsedStream(
            source: source, format: format, documents: documents, nodes: nodes, values: values, strings: strings)
        for (i, key) in pendingPointers { diagnostics[i].pointer = stream.pointer(NodeID(key)) }
        return stream
    }
}
