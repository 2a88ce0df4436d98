import ConfgateDocument
import Testing

/// The YAML reader: scalar styles and source text, block scalars, multi-document streams, anchors,
/// aliases, tags, duplicate keys and libyaml's syntax errors, all with exact positions.
@Suite("YAML reader")
struct YAMLReaderTests {
    // MARK: - Scalars: style, decoded value, source text, range

    struct ScalarCase: Sendable, CustomTestStringConvertible {
        var pointer: String
        var style: ScalarStyle
        var value: String
        var source: String
        var range: String
        var testDescription: String { pointer }
    }

    static let scalarText = """
        plain: hello world
        single: 'it''s'
        double: "a\\tb\\u00e9"
        ml: first
          second
        lit: |
          line1
          line2
        fold: >
          a
          b

          c
        strip: |-
          s

        keep: |+
          k


        end: 1

        """

    static let scalarCases: [ScalarCase] = [
        ScalarCase(pointer: "/plain", style: .plain, value: "hello world", source: "hello world", range: "1:8+7-1:19+18"),
        ScalarCase(pointer: "/single", style: .singleQuoted, value: "it's", source: "'it''s'", range: "2:9+27-2:16+34"),
        ScalarCase(
            pointer: "/double", style: .doubleQuoted, value: "a\tbé", source: "\"a\\tb\\u00e9\"", range: "3:9+43-3:21+55"),
        // A multi-line plain scalar is folded; its range spans both lines.
        ScalarCase(pointer: "/ml", style: .plain, value: "first second", source: "first\n  second", range: "4:5+60-5:9+74"),
        // Block scalars run from the indicator to the start of the line after their last line.
        ScalarCase(
            pointer: "/lit", style: .literal, value: "line1\nline2\n", source: "|\n  line1\n  line2\n",
            range: "6:6+80-9:1+98"),
        ScalarCase(
            pointer: "/fold", style: .folded, value: "a b\nc\n", source: ">\n  a\n  b\n\n  c\n", range: "9:7+104-14:1+119"),
        // Trailing blank lines are inside the range whatever the chomping; chomping only decides the value.
        ScalarCase(pointer: "/strip", style: .literal, value: "s", source: "|-\n  s\n\n", range: "14:8+126-17:1+134"),
        ScalarCase(pointer: "/keep", style: .literal, value: "k\n\n\n", source: "|+\n  k\n\n\n", range: "17:7+140-21:1+149"),
        ScalarCase(pointer: "/end", style: .plain, value: "1", source: "1", range: "21:6+154-21:7+155"),
    ]

    @Test("scalar style, decoded value, source text and range", arguments: scalarCases)
    func scalar(_ c: ScalarCase) throws {
        let s = try DocFixture.stream(Self.scalarText)
        let node = try DocFixture.node(s, c.pointer)
        #expect(s.kind(node) == .scalar)
        #expect(s.scalarStyle(node) == c.style)
        #expect(s.string(node) == c.value)
        #expect(s.sourceText(node) == c.source)
        #expect(DocFixture.span(s.range(node)) == c.range)
        #expect(s.collectionStyle(node) == nil)
    }

    @Test("style names as printed in messages")
    func styleNames() {
        #expect(
            [ScalarStyle.plain, .singleQuoted, .doubleQuoted, .literal, .folded].map(\.description)
                == ["plain", "single-quoted", "double-quoted", "literal", "folded"])
    }

    @Test("block and flow collections keep their style")
    func collectionStyles() throws {
        let s = try DocFixture.stream("block:\n  - 1\nflow: [1]\nmap: {a: 1}\n")
        #expect(s.collectionStyle(s.documents[0].root) == .block)
        #expect(s.collectionStyle(try DocFixture.node(s, "/block")) == .block)
        #expect(s.collectionStyle(try DocFixture.node(s, "/flow")) == .flow)
        #expect(s.collectionStyle(try DocFixture.node(s, "/map")) == .flow)
        #expect(s.scalarStyle(try DocFixture.node(s, "/map")) == nil)
    }

    // MARK: - Tags and anchors

    @Test("tags are kept as data, resolved through %TAG; a node's range starts at its properties")
    func tags() throws {
        let s = try DocFixture.stream(
            "%TAG !e! tag:example.com,2000:\n---\na: !e!thing x\nb: !<tag:x.org,1:y> z\nc: !Custom {k: v}\n"
                + "d: !!map {k: v}\ne: !vault |\n  secret\nf: !!str 1\ng: plain\n")
        let expected: [(String, String?, String)] = [
            ("/a", "tag:example.com,2000:thing", "3:4+38-3:14+48"),
            ("/b", "tag:x.org,1:y", "4:4+52-4:22+70"),
            ("/c", "!Custom", "5:4+74-5:18+88"),
            ("/d", "tag:yaml.org,2002:map", "6:4+92-6:16+104"),
            ("/e", "!vault", "7:4+108-9:1+126"),
            ("/f", "tag:yaml.org,2002:str", "9:4+129-9:11+136"),
            ("/g", nil, "10:4+140-10:9+145"),
        ]
        for (pointer, tag, range) in expected {
            let node = try DocFixture.node(s, pointer)
            #expect(s.tag(node) == tag, "\(pointer)")
            #expect(DocFixture.span(s.range(node)) == range, "\(pointer)")
        }
        #expect(s.sourceText(try DocFixture.node(s, "/c")) == "!Custom {k: v}")
        #expect(s.string(try DocFixture.node(s, "/e")) == "secret\n")
        // The document begins at its directive.
        #expect(DocFixture.at(s.documents[0].range.start) == "1:1+0")
        #expect(DocFixture.at(s.start(s.documents[0].root)) == "3:1+35")
    }

    @Test("anchors and aliases: an alias refers to the latest anchor of its name, as key or value")
    func anchorsAndAliases() throws {
        let s = try DocFixture.stream("a: &x 1\nb: *x\nc: &x 2\nd: *x\n*x : k\n")
        #expect(DocFixture.json(s) == "{\"a\":1,\"b\":1,\"c\":2,\"d\":2,\"2\":\"k\"}")
        let children = s.rawChildren(s.documents[0].root)
        #expect(s.anchor(children[1]) == "x")
        #expect(s.sourceText(children[1]) == "&x 1")
        #expect(DocFixture.span(s.range(children[1])) == "1:4+3-1:8+7")
        let b = children[3]
        #expect(s.kind(b) == .alias)
        #expect(s.anchor(b) == "x")
        #expect(s.resolved(b) == children[1])
        #expect(s.resolved(children[7]) == children[5])
        // An alias in key position: the key is the alias node, its pointer names the resolved text.
        let aliasKey = children[8]
        #expect(s.kind(aliasKey) == .alias && s.isKey(aliasKey))
        #expect(s.pointer(aliasKey) == "/2")
        #expect(DocFixture.span(s.range(aliasKey)) == "5:1+28-5:3+30")
        #expect(s.scalarType(aliasKey) == nil)
        #expect(s.scalarType(s.resolved(aliasKey)) == .integer)
    }

    @Test("an undefined alias is a syntax error at the alias; earlier documents are kept")
    func undefinedAlias() throws {
        let result = DocFixture.read("a: 1\n---\nb: *nope\n")
        let d = try DocFixture.only(result)
        #expect(DocFixture.diagnostic(d) == "syntax-error @3:4+12 doc=1 ptr=nil: alias *nope refers to no anchor defined before it")
        #expect(DocFixture.span(d.range) == "3:4+12-3:9+17")
        #expect(d.isFatal)
        let s = try #require(result.stream)
        #expect(DocFixture.json(s) == "{\"a\":1}")
    }

    @Test("an anchor is not visible in the next document")
    func anchorsAreDocumentLocal() throws {
        let d = try DocFixture.only(DocFixture.read("a: &x 1\n---\nb: *x\n"))
        #expect(DocFixture.diagnostic(d) == "syntax-error @3:4+15 doc=1 ptr=nil: alias *x refers to no anchor defined before it")
    }

    @Test("an alias inside the collection it names is refused as an input limit", arguments: [
        ("a: &x [1, *x]\n", "input-limit @1:11+10 doc=0 ptr=nil: alias *x refers to a collection that contains it; a recursive structure cannot be read"),
        ("&x {a: {b: *x}}\n", "input-limit @1:12+11 doc=0 ptr=nil: alias *x refers to a collection that contains it; a recursive structure cannot be read"),
    ])
    func recursiveAlias(text: String, expected: String) throws {
        let result = DocFixture.read(text)
        #expect(DocFixture.diagnostic(try DocFixture.only(result)) == expected)
        #expect(result.stream?.documents.count == 0)
    }

    // MARK: - Multi-document streams

    @Test("each document of a stream has its own range and root; empty documents are null")
    func multiDocument() throws {
        let s = try DocFixture.stream("# c\n\n---\na: 1\n---\n# only a comment\n---\nb\n...\n--- [x]\n")
        #expect(s.documents.map(\.index) == [0, 1, 2, 3])
        #expect(s.documents.map { DocFixture.span($0.range) } == [
            "3:1+5-5:1+14", "5:1+14-7:1+35", "7:1+35-9:4+44", "10:1+45-11:1+53",
        ])
        #expect(s.documents.map { DocFixture.at(s.start($0.root)) } == ["4:1+9", "7:1+35", "8:1+39", "10:5+49"])
        #expect(DocFixture.json(s) == "{\"a\":1}\nnull\n\"b\"\n[\"x\"]")
        #expect(s.scalarType(s.documents[1].root) == .null)
        #expect(s.pointer(s.documents[3].root) == "")
        #expect(s.pointer(try DocFixture.node(s, "/0", document: 3)) == "/0")
    }

    @Test("diagnostics name their document; a document cut short by a fatal error is dropped whole")
    func documentIndexInDiagnostics() throws {
        let result = DocFixture.read("a: 1\n---\nb: 1\nb: 2\n---\nc: [1\n")
        #expect(result.diagnostics.map(DocFixture.diagnostic) == [
            "duplicate-key @4:1+14 doc=1 ptr=/b: duplicate key \"b\"; it is first defined at line 3, column 1",
            "syntax-error @7:1+29 doc=2 ptr=nil: unexpected end of file: did not find expected ',' or ']' (while parsing a flow sequence that started at line 6, column 4)",
        ])
        let s = try #require(result.stream)
        #expect(s.documents.count == 2)
        #expect(DocFixture.json(s) == "{\"a\":1}\n{\"b\":2}")
        #expect(s.nodeCount == 8, "the nodes of the dropped document are gone")
    }

    @Test("a duplicate key found before a fatal error in the same document keeps its pointer")
    func duplicateBeforeFatal() throws {
        let result = DocFixture.read("top:\n  inner: {k: 1, k: 2}\n  bad: [\n")
        #expect(result.diagnostics.map(DocFixture.diagnostic) == [
            "duplicate-key @2:17+21 doc=0 ptr=/top/inner/k: duplicate key \"k\"; it is first defined at line 2, column 11",
            "syntax-error @4:1+36 doc=0 ptr=nil: unexpected end of file: did not find expected node content",
        ])
        #expect(result.stream?.documents.count == 0)
    }

    @Test("a duplicate in a mapping still open at a fatal error is not reported (checked at close)")
    func duplicateInOpenMapping() throws {
        let result = DocFixture.read("a: 1\na: 2\nb: [1, 2,\n")
        #expect(result.diagnostics.map(DocFixture.diagnostic) == [
            "syntax-error @4:1+20 doc=0 ptr=nil: unexpected end of file: did not find expected node content",
        ])
    }

    @Test("empty, blank and comment-only YAML files are valid and hold no document", arguments: [
        "", "   \n  \n", "\r\n", "# just a comment\n# another\n", "# no final newline",
    ])
    func emptyStreams(text: String) throws {
        let s = try DocFixture.stream(text)
        #expect(s.documents.isEmpty)
        #expect(s.nodeCount == 0)
    }

    @Test("an explicit empty document is one null document")
    func emptyDocument() throws {
        let s = try DocFixture.stream("---\n")
        #expect(s.documents.count == 1)
        let root = s.documents[0].root
        #expect(s.scalarType(root) == .null)
        #expect(s.scalarStyle(root) == .plain)
        #expect(DocFixture.span(s.range(root)) == "2:1+4-2:1+4")
        #expect(DocFixture.span(s.documents[0].range) == "1:1+0-2:1+4")
    }

    // MARK: - Duplicate keys

    struct DuplicateCase: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var format: SourceFormat = .yaml
        /// `diagnostic` strings, then for each the related range.
        var expected: [String]
        var related: [String]
        var testDescription: String { name }
    }

    static let duplicateCases: [DuplicateCase] = [
        DuplicateCase(
            name: "plain and quoted spellings of one key", text: "server:\n  port: 1\n  \"port\": 2\n",
            expected: ["duplicate-key @3:3+20 doc=0 ptr=/server/port: duplicate key \"port\"; it is first defined at line 2, column 3"],
            related: ["2:3+10-2:7+14"]),
        DuplicateCase(
            name: "~ and null are one key, \"null\" is another", text: "~: 1\nnull: 2\n\"null\": 3\n",
            expected: ["duplicate-key @2:1+5 doc=0 ptr=/null: duplicate key \"null\"; it is first defined at line 1, column 1"],
            related: ["1:1+0-1:2+1"]),
        DuplicateCase(
            name: "true and True are one key; 1 and \"1\" are two", text: "true: 1\nTrue: 2\n1: a\n\"1\": b\n",
            expected: ["duplicate-key @2:1+8 doc=0 ptr=/True: duplicate key \"True\"; it is first defined at line 1, column 1"],
            related: ["1:1+0-1:5+4"]),
        DuplicateCase(
            name: "more than eight keys (the hashing path)",
            text: "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\nj: 10\nc: 11\n",
            expected: ["duplicate-key @11:1+51 doc=0 ptr=/c: duplicate key \"c\"; it is first defined at line 3, column 1"],
            related: ["3:1+10-3:2+11"]),
        DuplicateCase(
            name: "three times: each repeat points at the first", text: "{k: 1, k: 2, k: 3}",
            expected: [
                "duplicate-key @1:8+7 doc=0 ptr=/k: duplicate key \"k\"; it is first defined at line 1, column 2",
                "duplicate-key @1:14+13 doc=0 ptr=/k: duplicate key \"k\"; it is first defined at line 1, column 2",
            ],
            related: ["1:2+1-1:3+2", "1:2+1-1:3+2"]),
        DuplicateCase(
            name: "nested, inner mapping reported first", text: "a:\n  x: 1\n  x: 2\na: 3\n",
            expected: [
                "duplicate-key @3:3+12 doc=0 ptr=/a/x: duplicate key \"x\"; it is first defined at line 2, column 3",
                "duplicate-key @4:1+17 doc=0 ptr=/a: duplicate key \"a\"; it is first defined at line 1, column 1",
            ],
            related: ["2:3+5-2:4+6", "1:1+0-1:2+1"]),
        DuplicateCase(
            name: "a key with a quote and a line break is escaped in the message",
            text: "\"a\\\"b\\nc\": 1\n\"a\\\"b\\nc\": 2\n",
            expected: ["duplicate key \"a\\\"b\\nc\"; it is first defined at line 1, column 1"], related: ["1:1+0-1:10+9"]),
        DuplicateCase(
            name: "multi-byte keys report columns in characters", text: "名前: 1\n名前: 2\n",
            expected: ["duplicate-key @2:1+10 doc=0 ptr=/名前: duplicate key \"名前\"; it is first defined at line 1, column 1"],
            related: ["1:1+0-1:3+6"]),
    ]

    @Test("duplicate keys: message, position, pointer and the first occurrence", arguments: duplicateCases)
    func duplicateKeys(_ c: DuplicateCase) throws {
        let result = DocFixture.read(c.text, c.format)
        let lines = result.diagnostics.map { c.expected.first?.hasPrefix("duplicate-key") == true ? DocFixture.diagnostic($0) : $0.message }
        #expect(lines == c.expected)
        #expect(result.diagnostics.map { $0.related.map { DocFixture.span($0.range) } ?? "none" } == c.related)
        #expect(result.diagnostics.allSatisfy { $0.kind == .duplicateKey && !$0.isFatal })
        #expect(result.stream?.documents.count == 1, "a duplicate key does not stop reading")
    }

    @Test("a duplicate key's range is the second key; its note names the first")
    func duplicateKeyDetails() throws {
        let d = try DocFixture.only(DocFixture.read("server:\n  port: 1\n  port: 2\n"))
        #expect(d.message == "duplicate key \"port\"; it is first defined at line 2, column 3")
        #expect(DocFixture.span(d.range) == "3:3+20-3:7+24")
        #expect(d.pointer == "/server/port")
        #expect(d.document == 0)
        #expect(d.related?.message == "first definition of \"port\"")
        #expect(d.related.map { DocFixture.span($0.range) } == "2:3+10-2:7+14")
        #expect(d.related?.file == nil)
    }

    @Test("not duplicates: merge keys, distinct types, complex keys, different mappings", arguments: [
        "b: &b {x: 1}\nm:\n  <<: *b\n  x: 2\n",
        "b: &b {x: 1}\nc: &c {y: 1}\nm:\n  <<: *b\n  <<: *c\n",
        "1: a\n\"1\": b\n1.0: c\n1.00: d\n",
        "? [a]\n: 1\n? [a]\n: 2\n",
        "a: {k: 1}\nb: {k: 1}\n",
        "true: 1\n\"true\": 2\nyes: 3\n",
    ])
    func notDuplicates(text: String) throws {
        let result = DocFixture.read(text)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(DocFixture.diagnostic))")
    }

    // MARK: - Syntax errors

    struct SyntaxCase: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: String
        var testDescription: String { text.debugDescription }
    }

    /// libyaml's own words (users search for them), the position where it gave up, and where the
    /// construct it was reading began.
    static let syntaxCases: [SyntaxCase] = [
        SyntaxCase(
            text: "a: [1, 2\n",
            expected: "syntax-error @2:1+9 doc=0 ptr=nil: unexpected end of file: did not find expected ',' or ']' (while parsing a flow sequence that started at line 1, column 4)"),
        SyntaxCase(text: "a: b: c\n", expected: "syntax-error @1:5+4 doc=0 ptr=nil: mapping values are not allowed in this context"),
        SyntaxCase(
            text: "key: \"unterminated\n",
            expected: "syntax-error @2:1+19 doc=0 ptr=nil: unexpected end of file (while scanning a quoted scalar that started at line 1, column 6)"),
        SyntaxCase(
            text: "a:\n  - b\n  c: d\n",
            expected: "syntax-error @3:3+11 doc=0 ptr=nil: did not find expected '-' indicator (while parsing a block collection that started at line 2, column 3)"),
        SyntaxCase(
            text: "\ta: 1\n",
            expected: "syntax-error @1:1+0 doc=0 ptr=nil: found a tab character that cannot start any token (YAML indents with spaces, not tabs)"),
        SyntaxCase(
            text: "server:\n  port: 8080\n host: example.com\n",
            expected: "syntax-error @3:2+22 doc=0 ptr=nil: did not find expected key (while parsing a block mapping that started at line 1, column 1)"),
        SyntaxCase(
            text: "é: [\"ü\", 東\n",
            expected: "syntax-error @2:1+15 doc=0 ptr=nil: unexpected end of file: did not find expected ',' or ']' (while parsing a flow sequence that started at line 1, column 4)"),
        SyntaxCase(
            text: "a: 1\r\nb: [\r\n",
            expected: "syntax-error @3:1+12 doc=0 ptr=nil: unexpected end of file: did not find expected node content"),
        SyntaxCase(text: "a: \u{1}\n", expected: "syntax-error @1:4+3 doc=0 ptr=nil: control characters are not allowed"),
    ]

    @Test("syntax errors: libyaml's message at the exact position", arguments: syntaxCases)
    func syntaxError(_ c: SyntaxCase) throws {
        let result = DocFixture.read(c.text)
        let d = try DocFixture.only(result)
        #expect(DocFixture.diagnostic(d) == c.expected)
        #expect(d.range.start == d.range.end, "a syntax error is a position")
        #expect(result.stream?.documents.isEmpty == true)
    }
}
