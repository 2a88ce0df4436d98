// Shared checks for the confgate fuzz targets (fuzz/FuzzYAML.swift, fuzz/FuzzJSON.swift).
//
// Compiled into ONE module together with Sources/ConfgateDocument/*.swift (see fuzz/run.sh). The
// checks use the library's public API, with one exception: pass 1 visits every arena slot through
// the module-internal `NodeID(_:)` initialiser, so that node ranges are checked even where the tree
// structure itself is broken.
//
// A broken invariant prints "INVARIANT FAILED: ..." and aborts; a trap inside the library (array
// index out of range, overflow) is a crash by itself. libFuzzer reports both and saves the input
// as fuzz/out/artifacts-<target>/crash-<sha1>.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small limits keep every execution fast and make every limit reachable with small inputs
/// (10,000 JSON nodes need only ~20 KB of input, an alias bomb a few hundred bytes).
let fuzzLimits = InputLimits(maxFileBytes: 1 << 20, maxDepth: 64, maxNodes: 10_000, maxScalarBytes: 16_384)

/// Caps on the work the harness itself does per input, so that a timeout points at the library
/// and not at the checks.
private let logicalWalkBudget = 4_096
private let pointerRoundTripBudget = 256

@inline(never)
func invariantFailed(_ message: String) -> Never {
    let line = Array("INVARIANT FAILED: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    abort()
}

@inline(__always)
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { invariantFailed(message()) }
}

private func checkLocation(_ l: SourceLocation, count: Int, _ what: @autoclosure () -> String) {
    require(l.line >= 1, "\(what()): line \(l.line) < 1")
    require(l.column >= 1, "\(what()): column \(l.column) < 1")
    require(l.offset >= 0 && l.offset <= count, "\(what()): offset \(l.offset) outside 0...\(count)")
}

private func checkRange(_ r: SourceRange, count: Int, _ what: @autoclosure () -> String) {
    checkLocation(r.start, count: count, "\(what()) start")
    checkLocation(r.end, count: count, "\(what()) end")
    require(r.start.offset <= r.end.offset, "\(what()): start offset \(r.start.offset) > end offset \(r.end.offset)")
    require(
        (r.start.line, r.start.column) <= (r.end.line, r.end.column),
        "\(what()): start \(r.start) after end \(r.end)")
}

/// Whether the node is written (directly or deeper) under a YAML merge key `<<`. Its written pointer
/// then contains a `<<` token, which the logical view of `node(at:in:)` does not have (by design:
/// `pointer(_:)` names where a node is written, `node(at:in:)` looks in the merged view).
private func isUnderMergeKey(_ stream: ParsedStream, _ id: NodeID) -> Bool {
    var current: NodeID? = id
    while let c = current {
        if let key = stream.key(of: c) {
            let tag = stream.tag(key)
            if tag == "tag:yaml.org,2002:merge" { return true }
            if tag == nil, stream.scalarStyle(key) == .plain, stream.string(key) == "<<" { return true }
        }
        current = stream.parent(c)
    }
    return false
}

/// Reads `input` and checks every invariant of the result and of the query API on it.
func fuzzOne(_ input: [UInt8], format: SourceFormat) {
    let result = DocumentReader(limits: fuzzLimits).read(input, format: format)
    let count = input.count

    // Diagnostics: positions inside the file; at most one fatal, and it comes last.
    var fatalDocument: Int?
    for (i, d) in result.diagnostics.enumerated() {
        checkRange(d.range, count: count, "diagnostic \(i) (\(d.kind.rawValue): \(d.message))")
        if let related = d.related {
            checkRange(related.range, count: count, "diagnostic \(i) related range")
        }
        if let document = d.document { require(document >= 0, "diagnostic \(i): document \(document) < 0") }
        if d.isFatal {
            require(i == result.diagnostics.count - 1, "fatal diagnostic \(i) is not the last one")
            fatalDocument = d.document ?? 0
        }
    }

    guard let stream = result.stream else {
        require(result.diagnostics.last?.isFatal == true, "no stream but no fatal diagnostic")
        return
    }
    require(stream.source == input, "stream.source differs from the input")
    let nodeCount = stream.nodeCount
    require(nodeCount <= fuzzLimits.maxNodes, "nodeCount \(nodeCount) > maxNodes")
    if format != .yaml {
        require(stream.documents.count <= 1, "JSON text with \(stream.documents.count) documents")
    }
    if let fatalDocument {
        // The document a fatal problem cut short is dropped whole, and the ones after it were never read.
        require(stream.documents.count <= fatalDocument, "the document cut short by a fatal problem was kept")
    }

    // Pass 1: every arena slot, independent of the tree structure.
    for i in 0..<nodeCount {
        let id = NodeID(i)
        checkRange(stream.range(id), count: count, "node \(i) (\(stream.kind(id)))")
        _ = stream.sourceText(id)
        _ = stream.tag(id)
        _ = stream.anchor(id)
        _ = stream.string(id)
        if stream.kind(id) == .scalar {
            require(stream.scalarType(id) != nil && stream.scalarStyle(id) != nil, "scalar \(i) without type/style")
        }
    }

    // Pass 2: the tree, from each document root through rawChildren; every node exactly once.
    var visited = 0
    for (docIndex, doc) in stream.documents.enumerated() {
        require(doc.index == docIndex, "document \(docIndex) has index \(doc.index)")
        require(Int(doc.root.index) >= 0 && Int(doc.root.index) < nodeCount, "document \(docIndex) root out of range")
        checkRange(doc.range, count: count, "document \(docIndex) range")
        require(stream.parent(doc.root) == nil, "document \(docIndex) root has a parent")
        require(stream.document(containing: doc.root)?.index == docIndex, "document(containing: root) is wrong")
        var stack = [doc.root]
        while let id = stack.popLast() {
            visited += 1
            require(visited <= nodeCount, "raw walk visits more nodes than the arena holds (a cycle?)")
            let kind = stream.kind(id)
            // A mapping key has the pointer of its value; every node, keys included, has a pointer.
            let pointer = stream.pointer(id)
            require(JSONPointer.tokens(pointer) != nil, "pointer(\(id.index)) is not a JSON Pointer: \(pointer)")
            require(stream.document(containing: id)?.index == docIndex, "document(containing: \(id.index)) is wrong")
            if format != .yaml {
                require(kind != .alias, "alias node in JSON")
                if kind != .scalar { require(stream.collectionStyle(id) == .flow, "JSON collection not in flow style") }
            }
            switch kind {
            case .scalar:
                break
            case .alias:
                let target = stream.resolved(id)
                require(Int(target.index) >= 0 && Int(target.index) < nodeCount, "alias target out of range")
                require(stream.kind(target) != .alias, "resolved() returned an alias")
            case .mapping, .sequence:
                let children = stream.rawChildren(id)
                if kind == .mapping {
                    require(children.count % 2 == 0, "mapping \(id.index) with an odd number of children")
                }
                for (i, child) in children.enumerated() {
                    require(
                        Int(child.index) > Int(id.index) && Int(child.index) < nodeCount,
                        "child \(child.index) of node \(id.index) out of range")
                    require(stream.parent(child) == id, "child \(child.index) does not name \(id.index) as parent")
                    if kind == .mapping {
                        require(stream.isKey(child) == (i % 2 == 0), "mapping child \(i) key flag is wrong")
                        if i % 2 == 1 { require(stream.key(of: child) == children[i - 1], "key(of:) is wrong") }
                    }
                    stack.append(child)
                }
            }
        }
    }

    // Pass 3: the logical view that `confgate dump` and the rules see (aliases followed, merges applied).
    for doc in stream.documents {
        let json = JSONWriter.compact(stream, doc.root)
        // `confgate dump` promises JSON: the compact text of any document re-reads as JSON.
        let again = DocumentReader(limits: InputLimits()).read(Array(json.utf8), format: .json)
        require(
            again.stream != nil && !again.diagnostics.contains(where: { $0.isFatal }),
            "JSONWriter output does not re-read as JSON (\(again.diagnostics.first?.message ?? "")): \(json.prefix(200))")
        var queue = [stream.resolved(doc.root)]
        var walked = 0
        while let id = queue.popLast(), walked < logicalWalkBudget {
            walked += 1
            require(stream.kind(id) != .alias, "the logical walk reached an alias")
            if walked <= pointerRoundTripBudget {
                let pointer = stream.pointer(id)
                require(JSONPointer.tokens(pointer) != nil, "pointer() gave an invalid pointer \(pointer)")
                if !isUnderMergeKey(stream, id) {
                    require(
                        stream.node(at: pointer, in: doc) != nil,
                        "node(at: \"\(pointer)\") finds nothing for node \(id.index) of document \(doc.index)")
                }
            }
            switch stream.kind(id) {
            case .mapping:
                for (key, value) in stream.entries(id) {
                    _ = stream.keyToken(key)
                    queue.append(value)
                }
            case .sequence:
                queue.append(contentsOf: stream.elements(id))
            default:
                break
            }
        }
    }

    // Duplicate-key diagnostics carry the pointer of the key. Only in a document cut short may it be
    // missing (a complex key around it never got its value, so there is nothing to point at).
    for d in result.diagnostics where d.kind == .duplicateKey {
        if let pointer = d.pointer {
            require(JSONPointer.tokens(pointer) != nil, "duplicate-key diagnostic with an invalid pointer \(pointer)")
        } else {
            require((d.document ?? 0) >= stream.documents.count, "duplicate-key diagnostic in a kept document without a pointer")
        }
    }
}
