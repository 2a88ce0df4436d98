import ConfgateDocument
import Testing

// MARK: - Fixtures shared by the reader tests

/// Small helpers for the reader tests (YAMLReaderTests, JSONReaderTests, EncodingTests,
/// InputLimitTests, ScalarTypingTests and this file). Positions are compared as text,
/// `line:column+offset`, so a failing expectation shows all three numbers at once.
enum DocFixture {
    static func read(_ text: String, _ format: SourceFormat = .yaml, limits: InputLimits = .default) -> ReadResult {
        DocumentReader(limits: limits).read(Array(text.utf8), format: format)
    }

    static func read(bytes: [UInt8], _ format: SourceFormat = .yaml, limits: InputLimits = .default) -> ReadResult {
        DocumentReader(limits: limits).read(bytes, format: format)
    }

    /// Reads a file that must have no diagnostic at all.
    static func stream(_ text: String, _ format: SourceFormat = .yaml, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        throws -> ParsedStream
    {
        try stream(bytes: Array(text.utf8), format, sourceLocation: sourceLocation)
    }

    static func stream(bytes: [UInt8], _ format: SourceFormat = .yaml, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        throws -> ParsedStream
    {
        let result = read(bytes: bytes, format)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(diagnostic))", sourceLocation: sourceLocation)
        return try #require(result.stream, sourceLocation: sourceLocation)
    }

    /// The node at a pointer in a document (logical view: aliases and merges applied).
    static func node(_ s: ParsedStream, _ pointer: String, document: Int = 0, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        throws -> NodeID
    {
        let doc = try #require(s.documents.indices.contains(document) ? s.documents[document] : nil, sourceLocation: sourceLocation)
        return try #require(s.node(at: pointer, in: doc), "no node at \(pointer)", sourceLocation: sourceLocation)
    }

    /// The key node of the mapping entry a pointer names.
    static func key(_ s: ParsedStream, _ pointer: String, document: Int = 0, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        throws -> NodeID
    {
        let value = try node(s, pointer, document: document, sourceLocation: sourceLocation)
        return try #require(s.key(of: value), "no key for \(pointer)", sourceLocation: sourceLocation)
    }

    /// `line:column+offset`.
    static func at(_ l: ConfgateDocument.SourceLocation) -> String { "\(l.line):\(l.column)+\(l.offset)" }

    /// `line:column+offset-line:column+offset`.
    static func span(_ r: SourceRange) -> String { "\(at(r.start))-\(at(r.end))" }

    /// `kind @line:column+offset doc=N ptr=P: message`.
    static func diagnostic(_ d: ReadDiagnostic) -> String {
        "\(d.kind.rawValue) @\(at(d.range.start)) doc=\(d.document.map(String.init) ?? "nil") ptr=\(d.pointer ?? "nil"): \(d.message)"
    }

    /// The only diagnostic of a read, which must exist.
    static func only(_ result: ReadResult, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ReadDiagnostic {
        #expect(result.diagnostics.count == 1, "\(result.diagnostics.map(diagnostic))", sourceLocation: sourceLocation)
        return try #require(result.diagnostics.last, sourceLocation: sourceLocation)
    }

    /// The logical JSON of every document, one per line (what `confgate dump` prints).
    static func json(_ s: ParsedStream) -> String {
        s.documents.map { JSONWriter.compact(s, $0.root) }.joined(separator: "\n")
    }
}

// MARK: - Positions

@Suite("document model")
struct DocumentModelTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var pointer: String
        /// Range of the key naming the node, nil for the root and sequence items.
        var key: String?
        var value: String
        var testDescription: String { pointer.isEmpty ? "(root)" : pointer }
    }

    /// Checks the key and value range of every listed pointer, and that the list covers the document.
    func check(_ s: ParsedStream, _ expected: [Expected], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for e in expected {
            let value = try DocFixture.node(s, e.pointer, sourceLocation: sourceLocation)
            #expect(DocFixture.span(s.range(value)) == e.value, "value at \(e.pointer)", sourceLocation: sourceLocation)
            #expect(s.pointer(value) == e.pointer, sourceLocation: sourceLocation)
            if let key = e.key {
                let k = try #require(s.key(of: value), sourceLocation: sourceLocation)
                #expect(DocFixture.span(s.range(k)) == key, "key of \(e.pointer)", sourceLocation: sourceLocation)
                #expect(s.pointer(k) == e.pointer, "a key has its value's pointer", sourceLocation: sourceLocation)
                #expect(s.isKey(k), sourceLocation: sourceLocation)
            } else {
                #expect(s.key(of: value) == nil, sourceLocation: sourceLocation)
            }
        }
        #expect(s.nodeCount == expected.count + expected.filter { $0.key != nil }.count, sourceLocation: sourceLocation)
    }

    @Test("YAML block style: 1-based lines and columns, byte offsets, exclusive ends")
    func yamlBlock() throws {
        let s = try DocFixture.stream("server:\n  host: a\n  port: 8080\nname: x\n")
        try check(s, [
            Expected(pointer: "", key: nil, value: "1:1+0-4:8+38"),
            Expected(pointer: "/server", key: "1:1+0-1:7+6", value: "2:3+10-3:13+30"),
            Expected(pointer: "/server/host", key: "2:3+10-2:7+14", value: "2:9+16-2:10+17"),
            Expected(pointer: "/server/port", key: "3:3+20-3:7+24", value: "3:9+26-3:13+30"),
            Expected(pointer: "/name", key: "4:1+31-4:5+35", value: "4:7+37-4:8+38"),
        ])
        #expect(DocFixture.span(s.documents[0].range) == "1:1+0-5:1+39")
    }

    @Test("columns count Unicode scalars, offsets count bytes")
    func multiByteColumns() throws {
        // é is 2 bytes, 東 and 京 3 bytes each, 😀 4 bytes; each is one column.
        let s = try DocFixture.stream("é: 1\n東京: {a: 1, b: [x, y]}\n😀 k: v\n")
        try check(s, [
            Expected(pointer: "", key: nil, value: "1:1+0-3:7+41"),
            Expected(pointer: "/é", key: "1:1+0-1:2+2", value: "1:4+4-1:5+5"),
            Expected(pointer: "/東京", key: "2:1+6-2:3+12", value: "2:5+14-2:22+31"),
            Expected(pointer: "/東京/a", key: "2:6+15-2:7+16", value: "2:9+18-2:10+19"),
            Expected(pointer: "/東京/b", key: "2:12+21-2:13+22", value: "2:15+24-2:21+30"),
            Expected(pointer: "/東京/b/0", key: nil, value: "2:16+25-2:17+26"),
            Expected(pointer: "/東京/b/1", key: nil, value: "2:19+28-2:20+29"),
            Expected(pointer: "/😀 k", key: "3:1+32-3:4+38", value: "3:6+40-3:7+41"),
        ])
    }

    @Test("a combining mark is a column of its own; a CJK character and a tab are one column each", arguments: [SourceFormat.yaml, .json])
    func combiningAndTab(format: SourceFormat) throws {
        // "e\u{301}" is two scalars (three bytes), 東 one scalar (three bytes); the tab is one column.
        let s = try DocFixture.stream("{\"e\u{301}東\":\t1, \"k\": 2}", format)
        let k = try DocFixture.key(s, "/k")
        #expect(DocFixture.at(s.start(k)) == "1:12+14")
        #expect(DocFixture.at(try s.start(DocFixture.node(s, "/k"))) == "1:17+19")
        #expect(DocFixture.at(try s.start(DocFixture.node(s, "/e\u{301}東"))) == "1:9+11")
    }

    @Test("JSON positions, CRLF line ends, exclusive ends after the closing bracket")
    func jsonPositions() throws {
        let s = try DocFixture.stream("{\"name\": \"Zoë\",\r\n \"東\": [1, {\"b\": true}]}\r\n", .json)
        try check(s, [
            Expected(pointer: "", key: nil, value: "1:1+0-2:24+43"),
            Expected(pointer: "/name", key: "1:2+1-1:8+7", value: "1:10+9-1:15+15"),
            Expected(pointer: "/東", key: "2:2+19-2:5+24", value: "2:7+26-2:23+42"),
            Expected(pointer: "/東/0", key: nil, value: "2:8+27-2:9+28"),
            Expected(pointer: "/東/1", key: nil, value: "2:11+30-2:22+41"),
            Expected(pointer: "/東/1/b", key: "2:12+31-2:15+34", value: "2:17+36-2:21+40"),
        ])
        // A JSON document ends right after its value; trailing whitespace is not part of it.
        #expect(DocFixture.span(s.documents[0].range) == "1:1+0-2:24+43")
    }

    @Test("CRLF and lone CR are one line break each in YAML")
    func yamlLineBreaks() throws {
        let crlf = try DocFixture.stream("a: 1\r\nb:\r\n  c: 2\r\n")
        #expect(DocFixture.span(rangeAt(crlf, "/b/c")) == "3:6+15-3:7+16")
        #expect(DocFixture.span(try crlf.range(DocFixture.key(crlf, "/b/c"))) == "3:3+12-3:4+13")
        #expect(DocFixture.span(rangeAt(crlf, "/b")) == "3:3+12-3:7+16")
        let cr = try DocFixture.stream("a: 1\rb: 2\r")
        #expect(DocFixture.span(rangeAt(cr, "/b")) == "2:4+8-2:5+9")
    }

    private func rangeAt(_ stream: ParsedStream, _ pointer: String) -> SourceRange {
        guard let doc = stream.documents.first, let id = stream.node(at: pointer, in: doc) else {
            Issue.record("no node at \(pointer)")
            return SourceRange(at: .start)
        }
        return stream.range(id)
    }

    @Test("a UTF-8 BOM is not a column, but it is counted in byte offsets", arguments: [SourceFormat.yaml, .json])
    func byteOrderMark(format: SourceFormat) throws {
        let text = format == .yaml ? "a: 1\nb: [x]\n" : "{\"a\": 1,\n\"b\": [\"x\"]}"
        let s = try DocFixture.stream(bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8), format)
        let a = try DocFixture.key(s, "/a")
        #expect(DocFixture.at(s.start(a)) == (format == .yaml ? "1:1+3" : "1:2+4"))
        let b = try DocFixture.node(s, "/b/0")
        #expect(DocFixture.span(s.range(b)) == (format == .yaml ? "2:5+12-2:6+13" : "2:7+18-2:10+21"))
        #expect(DocFixture.json(s) == "{\"a\":1,\"b\":[\"x\"]}")
    }

    @Test("a block collection ends where its last entry ends, not at the next key")
    func blockCollectionEnds() throws {
        let s = try DocFixture.stream(
            "a:\n  b:\n    c: 1\n\n# comment\n\n  d: 2\ne:\n- x\n- y\n# trailing\n\nf:\n  g:\n\n# c\nh: 1\n")
        #expect(DocFixture.span(rangeAt(s, "/a/b")) == "3:5+12-3:9+16")
        #expect(s.sourceText(try DocFixture.node(s, "/a/b")) == "c: 1")
        #expect(DocFixture.span(rangeAt(s, "/a")) == "2:3+5-7:7+35")
        #expect(DocFixture.span(rangeAt(s, "/e")) == "9:1+39-10:4+46")
        #expect(s.sourceText(try DocFixture.node(s, "/e")) == "- x\n- y")
        // An empty value is an empty range right after its colon.
        #expect(DocFixture.span(rangeAt(s, "/f/g")) == "14:5+66-14:5+66")
        #expect(DocFixture.span(rangeAt(s, "/f")) == "14:3+64-14:5+66")
        #expect(DocFixture.span(rangeAt(s, "")) == "1:1+0-17:5+76")
        // The document runs to the end of the stream.
        #expect(DocFixture.span(s.documents[0].range) == "1:1+0-18:1+77")
    }

    @Test("positions of keys at every column of a generated document match where they were written")
    func generatedPositions() throws {
        // Keys of 1- to 4-byte characters, nested in block and flow style, CRLF line ends.
        let pieces = ["a", "é", "東", "😀", "ß", "z"]
        var text = ""
        var expected: [(pointer: String, line: Int, column: Int, offset: Int)] = []
        var line = 1
        for i in 0..<40 {
            let key = (0...(i % 5)).map { pieces[($0 + i) % pieces.count] }.joined() + "\(i)"
            let indentKey = "k\(i)"
            text += "\(indentKey):\r\n"
            line += 1
            let prefix = "  "
            let inner = "  \(key): {\(key): \(i)}"
            expected.append(("/\(indentKey)/\(key)", line, prefix.count + 1, text.utf8.count + prefix.utf8.count))
            let flowColumn = prefix.count + key.unicodeScalars.count + 2 + 2
            let flowOffset = text.utf8.count + prefix.utf8.count + key.utf8.count + 3
            expected.append(("/\(indentKey)/\(key)/\(key)", line, flowColumn, flowOffset))
            text += inner + "\r\n"
            line += 1
        }
        let s = try DocFixture.stream(text)
        for e in expected {
            let key = try DocFixture.key(s, e.pointer)
            #expect(DocFixture.at(s.start(key)) == "\(e.line):\(e.column)+\(e.offset)", "\(e.pointer)")
            #expect(s.string(key) == e.pointer.split(separator: "/").last.map(String.init))
        }
    }

    /// libyaml reads YAML 1.1, where U+2028 (like U+0085 and U+2029) is a line break: lines after it
    /// are counted one higher than an editor shows (docs/document-model.md, "Known difference").
    /// Offsets stay exact. The JSON reader counts LF, CRLF and CR only.
    @Test("U+2028: a line break to libyaml in YAML, an ordinary character in JSON")
    func lineSeparator() throws {
        let yaml = try DocFixture.stream("# c\u{2028}\nb: 1\n")
        #expect(DocFixture.at(try yaml.start(DocFixture.key(yaml, "/b"))) == "3:1+7")
        let json = try DocFixture.stream("{\"a\": \"x\u{2028}y\",\n\"b\": 1}", .json)
        #expect(DocFixture.at(try json.start(DocFixture.key(json, "/b"))) == "2:1+15")
        #expect(json.string(try DocFixture.node(json, "/a")) == "x\u{2028}y")
    }

    // MARK: - Pointers

    @Test("pointers escape ~ and /, name sequence items by index, and give a key its value's pointer")
    func pointers() throws {
        let s = try DocFixture.stream("a/b:\n  c~d: 1\n\"\": empty\nlist:\n  - x\n  - {k: v}\n~: nothing\n")
        for pointer in ["/a~1b", "/a~1b/c~0d", "/", "/list", "/list/0", "/list/1", "/list/1/k", "/~0"] {
            let node = try DocFixture.node(s, pointer)
            #expect(s.pointer(node) == pointer)
        }
        #expect(s.string(try DocFixture.node(s, "/")) == "empty")
        #expect(s.string(try DocFixture.node(s, "/~0")) == "nothing")
        #expect(s.pointer(s.documents[0].root) == "")
        #expect(s.node(at: "/list/2", in: s.documents[0]) == nil)
        #expect(s.node(at: "/list/01", in: s.documents[0]) == nil)
        #expect(s.node(at: "list", in: s.documents[0]) == nil)
    }

    @Test("a complex key is named by its compact JSON; a node inside it has the key's pointer")
    func complexKeys() throws {
        let s = try DocFixture.stream("? [x, y]\n: v\n? {k: [p, q]}\n: w\n")
        let root = s.documents[0].root
        let children = s.rawChildren(root)
        try #require(children.count == 4)
        #expect(s.keyToken(children[0]) == "[\"x\",\"y\"]")
        #expect(s.pointer(children[0]) == "/[\"x\",\"y\"]")
        #expect(s.pointer(children[1]) == "/[\"x\",\"y\"]")
        let x = s.rawChildren(children[0])[0]
        #expect(s.string(x) == "x")
        #expect(s.pointer(x) == "/[\"x\",\"y\"]")
        #expect(DocFixture.span(s.range(x)) == "1:4+3-1:5+4")
        // Two levels deep inside a complex key.
        let q = s.rawChildren(s.rawChildren(children[2])[1])[1]
        #expect(s.string(q) == "q")
        #expect(s.pointer(q) == "/{\"k\":[\"p\",\"q\"]}")
        #expect(s.string(try DocFixture.node(s, "/{\"k\":[\"p\",\"q\"]}")) == "w")
        #expect(s.isKey(children[2]) && !s.isKey(children[3]))
    }

    @Test("a node reached through an alias has the pointer of the place it is written")
    func aliasPointers() throws {
        let s = try DocFixture.stream("base: &b {x: 1}\ncopy: *b\n")
        let viaAlias = try DocFixture.node(s, "/copy/x")
        #expect(s.pointer(viaAlias) == "/base/x")
        let alias = s.rawChildren(s.documents[0].root)[3]
        #expect(s.kind(alias) == .alias)
        #expect(s.pointer(alias) == "/copy")
        #expect(s.anchor(alias) == "b")
        #expect(s.resolved(alias) == (try DocFixture.node(s, "/base")))
        #expect(DocFixture.span(s.range(alias)) == "2:7+22-2:9+24")
    }

    // MARK: - Entries, merge keys, order

    @Test("mappings keep key order as written")
    func keyOrder() throws {
        let s = try DocFixture.stream("zeta: 1\nalpha: 2\nmid: {z: 1, a: 2}\n")
        let names = s.entries(s.documents[0].root).map { s.string($0.key) }
        #expect(names == ["zeta", "alpha", "mid"])
        #expect(DocFixture.json(s) == "{\"zeta\":1,\"alpha\":2,\"mid\":{\"z\":1,\"a\":2}}")
        let json = try DocFixture.stream("{\"b\": 1, \"a\": 2, \"c\": 3}", .json)
        #expect(json.entries(json.documents[0].root).map { json.string($0.key) } == ["b", "a", "c"])
    }

    @Test("a key written twice: entries keep the last value at the first key's place")
    func entriesLastWins() throws {
        let result = DocFixture.read("a: 1\nb: 2\na: 3\n")
        let s = try #require(result.stream)
        let entries = s.entries(s.documents[0].root)
        #expect(entries.map { s.string($0.key) } == ["a", "b"])
        #expect(entries.map { s.string($0.value) } == ["3", "2"])
        #expect(DocFixture.at(s.start(entries[0].key)) == "1:1+0")
        #expect(s.string(try DocFixture.node(s, "/a")) == "3")
        #expect(s.rawChildren(s.documents[0].root).count == 6, "the tree keeps both entries as written")
        #expect(result.diagnostics.map(\.kind) == [.duplicateKey])
    }

    @Test("merge keys: single and list form, explicit keys win, earlier merged mappings win")
    func mergeKeys() throws {
        let s = try DocFixture.stream(
            """
            base: &base
              host: localhost
              port: 80
            extra: &extra {port: 81, tls: true, host: other}
            single:
              <<: *base
              port: 8080
            list:
              port: 8080
              <<: [*extra, *base]
              name: api
            inline:
              <<: {a: 1}
              b: 2
            twice:
              <<: *base
              <<: *extra

            """)
        #expect(
            DocFixture.json(s)
                == "{\"base\":{\"host\":\"localhost\",\"port\":80},\"extra\":{\"port\":81,\"tls\":true,\"host\":\"other\"},"
                + "\"single\":{\"host\":\"localhost\",\"port\":8080},"
                + "\"list\":{\"port\":8080,\"tls\":true,\"host\":\"other\",\"name\":\"api\"},"
                + "\"inline\":{\"a\":1,\"b\":2},"
                + "\"twice\":{\"host\":\"localhost\",\"port\":80,\"tls\":true}}")
        let list = try DocFixture.node(s, "/list")
        let entries = s.entries(list)
        // Merged keys are returned as written, in the merged mapping: positions point at their text.
        #expect(entries.map { DocFixture.at(s.start($0.key)) } == ["9:3+131", "4:26+66", "4:37+77", "11:3+166"])
        #expect(s.string(try DocFixture.node(s, "/single/port")) == "8080")
        #expect(s.string(try DocFixture.node(s, "/list/host")) == "other")
        // The merge key itself stays in the tree as written.
        let raw = s.rawChildren(try DocFixture.node(s, "/single"))
        #expect(s.string(raw[0]) == "<<")
        #expect(s.kind(raw[1]) == .alias)
    }

    @Test("a quoted \"<<\" is an ordinary key; !!merge makes any key a merge key")
    func mergeKeySpelling() throws {
        let s = try DocFixture.stream("b: &b {x: 1}\nq:\n  \"<<\": *b\n  y: 2\nt:\n  ? !!merge m\n  : *b\n  y: 2\n")
        #expect(DocFixture.json(s) == "{\"b\":{\"x\":1},\"q\":{\"<<\":{\"x\":1},\"y\":2},\"t\":{\"x\":1,\"y\":2}}")
    }

    // MARK: - Tree navigation

    @Test("parent, key(of:), rawChildren, elements and document(containing:)")
    func navigation() throws {
        let t = try DocFixture.stream("--- {a: [1, 2]}\n--- [x]\n")
        let doc1 = t.documents[1]
        let x = try DocFixture.node(t, "/0", document: 1)
        #expect(t.document(containing: x)?.index == 1)
        #expect(t.document(containing: t.documents[0].root)?.index == 0)
        let two = try DocFixture.node(t, "/a/1")
        #expect(t.parent(two) == (try DocFixture.node(t, "/a")))
        #expect(t.parent(doc1.root) == nil)
        #expect(t.elements(try DocFixture.node(t, "/a")).map(t.string) == ["1", "2"])
        #expect(t.elements(try DocFixture.node(t, "/a/0")).isEmpty)
        #expect(t.entries(try DocFixture.node(t, "/a")).isEmpty)
        #expect(t.rawChildren(t.documents[0].root).map(t.kind) == [.scalar, .sequence])
        #expect(t.collectionStyle(t.documents[0].root) == .flow)
        #expect(t.scalarType(t.documents[0].root) == nil)
        #expect(t.string(t.documents[0].root) == "")
    }
}
