import ConfgateDocument
import Testing

/// The renderer the generic rule test restyles examples with (`Support/PositionedRenderer.swift`)
/// is an oracle for reader positions, so it is checked against the readers: every style reads back
/// as the same value, and every node starts where the renderer says.
@Suite struct PositionedRendererTests {
    /// Documents in YAML (or JSON when they start with `{`) whose values cover the cases that
    /// change how a node is written: strings that need quotes, multi-byte text, empty and nested
    /// collections, pointer tokens that need escaping.
    static let documents: [String] = [
        "a: 1\n",
        "hello\n",
        "{}\n",
        "[]\n",
        "- 1\n- [x, y]\n- - nested\n  - again\n- {}\n- []\n- a: 1\n  b: {c: d}\n",
        """
        server:
          host: example.com
          port: 8443
          ratio: 0.5
          big: 1e999
          exact: 1.10
          negative: -7
          tls: true
          proxy: null
          empty_map: {}
          empty_list: []
        """,
        """
        city: München
        東京: 渋谷区
        emoji 🚀: "café ☕"
        naïve:
          - ünïcödé
          - {日本: 語}
        """,
        """
        strings:
          - "true"
          - "12"
          - "1.5"
          - "null"
          - "~"
          - "yes"
          - "No"
          - ""
          - " leading space"
          - "trailing space "
          - "a: b"
          - "x #y"
          - "ends:"
          - "-dash"
          - "{braces}"
          - "a,b"
          - "[x]"
          - "url://host:1/path"
          - "${VAR:-default}"
          - "line\\nbreak"
          - "tab\\there"
          - "quote \\" and back\\\\slash"
          - "\\x01 \\x7F \\u0085 \\u00A0 \\u2028 \\u2029 \\uFEFF"
          - "mixed é東🚀 text"
        """,
        """
        "a/b": 1
        "m~n": 2
        "": empty key
        "key with spaces": value with spaces
        "1": quoted digit key
        """,
        #"{"database": {"url": "postgres://app:pw@db:5432/app", "pool": [1, 2.5, -0, 1E+3]}, "flags": [true, false, null]}"#,
        #"{"é": {"東京": ["🚀", {}], "": []}}"#,
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var style: PositionedRenderer.Style
        var testDescription: String { "\(style): \(text.prefix(30).debugDescription)" }
    }

    static let cases = documents.flatMap { text in PositionedRenderer.Style.allCases.map { Case(text: text, style: $0) } }

    @Test(arguments: cases)
    func readsBackAtTheRecordedPositions(_ c: Case) throws {
        let source = try read(c.text, format: c.text.hasPrefix("{") ? .json : .yaml)
        let value = DocumentValue(source, try #require(source.documents.first).root)
        let rendered = PositionedRenderer(style: c.style).render(value)
        let stream = try read(rendered.text, format: c.style.format)
        #expect(stream.documents.count == 1, "\(rendered.text)")
        let root = try #require(stream.documents.first).root
        #expect(DocumentValue(stream, root) == value, "\(rendered.text)")

        // Every node the reader sees is where the renderer put it, and nothing else was recorded.
        var seen = Set<String>()
        var stack = [root]
        while let node = stack.popLast() {
            let pointer = stream.pointer(node)
            seen.insert(pointer)
            let position = try #require(rendered.positions[pointer], "\(pointer) not recorded in \(rendered.text)")
            #expect(stream.start(node) == position.value, "\(pointer) value in \(rendered.text)")
            #expect(stream.key(of: node).map(stream.start) == position.key, "\(pointer) key in \(rendered.text)")
            check(c.style, stream, node)
            stack += stream.entries(node).map(\.value) + stream.elements(node)
        }
        #expect(seen == Set(rendered.positions.keys), "\(rendered.text)")
    }

    /// The styles differ as promised: collections are block or flow, scalars plain or quoted.
    private func check(_ style: PositionedRenderer.Style, _ stream: ParsedStream, _ node: NodeID) {
        switch stream.kind(node) {
        case .mapping, .sequence:
            let empty = stream.childCount(node) == 0
            let block = style == .blockYAML || style == .quotedYAML
            #expect(stream.collectionStyle(node) == (block && !empty ? .block : .flow), "\(style) \(stream.pointer(node))")
        case .scalar:
            for scalar in [node] + (stream.key(of: node).map { [$0] } ?? []) where stream.scalarType(scalar) == .string {
                if style == .quotedYAML || style == .json {
                    #expect(stream.scalarStyle(scalar) == .doubleQuoted, "\(style) \(stream.pointer(scalar))")
                } else if PositionedRenderer.isPlainSafe(stream.string(scalar), inFlow: style == .flowYAML) {
                    #expect(stream.scalarStyle(scalar) == .plain, "\(style) \(stream.pointer(scalar))")
                }
            }
        case .alias:
            Issue.record("the renderer wrote an alias")
        }
    }

    @Test func plainWhereTheCoreSchemaAgrees() {
        let value = DocumentValue.object([
            .init("name", .string("web")), .init("port", .string("8080")), .init("tls", .bool(false)),
            .init("nested", .object([.init("list", .array([.string("a b"), .number("2")]))])),
        ])
        #expect(
            PositionedRenderer(style: .blockYAML).render(value).text
                == "name: web\nport: \"8080\"\ntls: false\nnested:\n  list:\n    - a b\n    - 2\n")
        #expect(
            PositionedRenderer(style: .quotedYAML).render(value).text
                == "\"name\": \"web\"\n\"port\": \"8080\"\n\"tls\": false\n\"nested\":\n  \"list\":\n    - \"a b\"\n    - 2\n")
        #expect(
            PositionedRenderer(style: .flowYAML).render(value).text
                == "{\n  name: web,\n  port: \"8080\",\n  tls: false,\n  nested: {\n    list: [\n      a b,\n      2\n    ]\n  }\n}\n")
        #expect(PositionedRenderer(style: .json).render(value).text == value.prettyJSON + "\n")
    }

    private func read(_ text: String, format: SourceFormat) throws -> ParsedStream {
        let result = DocumentReader().read(Array(text.utf8), format: format)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics) in \(text)")
        return try #require(result.stream)
    }
}
