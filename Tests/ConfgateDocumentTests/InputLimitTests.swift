import ConfgateDocument
import Testing

/// Input limits: each one stops reading with an `input-limit` diagnostic that names the limit's
/// key under `limits:` in `.confgate.yaml`, at the node that crossed it (docs/input-limits.md).
@Suite("input limits")
struct InputLimitTests {
    static func limits(file: Int = 1 << 24, depth: Int = 256, nodes: Int = 1_000_000, scalar: Int = 1 << 20) -> InputLimits {
        InputLimits(maxFileBytes: file, maxDepth: depth, maxNodes: nodes, maxScalarBytes: scalar)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var format: SourceFormat = .yaml
        var limits: InputLimits
        /// The diagnostic, or nil when the text is exactly at the limit and must read cleanly.
        var expected: String?
        var testDescription: String { name }
    }

    @Test("the defaults")
    func defaults() {
        let d = InputLimits.default
        #expect(d.maxFileBytes == 16 * 1024 * 1024)
        #expect(d.maxDepth == 256)
        #expect(d.maxNodes == 1_000_000)
        #expect(d.maxScalarBytes == 1024 * 1024)
        #expect(InputLimits() == d)
    }

    static let cases: [Case] = [
        // max-file-bytes: checked before anything is parsed, so the diagnostic has no document.
        Case(
            name: "YAML file one byte over", text: "a: b\n", limits: limits(file: 4),
            expected: "input-limit @1:1+0 doc=nil ptr=nil: file is 5 bytes, more than the limit of 4 (limit max-file-bytes)"),
        Case(name: "YAML file at the limit", text: "a: b\n", limits: limits(file: 5), expected: nil),
        Case(
            name: "JSON file one byte over", text: "[]", format: .json, limits: limits(file: 1),
            expected: "input-limit @1:1+0 doc=nil ptr=nil: file is 2 bytes, more than the limit of 1 (limit max-file-bytes)"),
        Case(
            name: "the size is checked first, a BOM included", text: "\u{FEFF}ab", format: .json,
            limits: limits(file: 3),
            expected: "input-limit @1:1+0 doc=nil ptr=nil: file is 5 bytes, more than the limit of 3 (limit max-file-bytes)"),
        // max-depth: the collection that would open one level too many.
        Case(
            name: "YAML flow nesting", text: "a: [[[1]]]\n", limits: limits(depth: 3),
            expected: "input-limit @1:6+5 doc=0 ptr=nil: nesting is deeper than 3 levels (limit max-depth)"),
        Case(name: "YAML flow nesting at the limit", text: "a: [[1]]\n", limits: limits(depth: 3), expected: nil),
        Case(
            name: "YAML block nesting", text: "a:\n  b:\n    c:\n      d: 1\n", limits: limits(depth: 3),
            expected: "input-limit @4:7+21 doc=0 ptr=nil: nesting is deeper than 3 levels (limit max-depth)"),
        Case(
            name: "JSON nesting", text: "{\"a\": [[1]]}", format: .json, limits: limits(depth: 2),
            expected: "input-limit @1:8+7 doc=0 ptr=nil: nesting is deeper than 2 levels (limit max-depth)"),
        Case(name: "JSON nesting at the limit", text: "{\"a\": [1]}", format: .json, limits: limits(depth: 2), expected: nil),
        Case(
            name: "nesting in a later document", text: "[1]\n---\n[[2]]\n", limits: limits(depth: 1),
            expected: "input-limit @3:2+9 doc=1 ptr=nil: nesting is deeper than 1 levels (limit max-depth)"),
        // max-nodes: every node counts, keys included; an alias counts as the subtree it stands for.
        Case(
            name: "YAML nodes", text: "a: [1, 2, 3]\n", limits: limits(nodes: 4),
            expected: "input-limit @1:8+7 doc=0 ptr=nil: document has more than 4 nodes (limit max-nodes)"),
        Case(name: "YAML nodes at the limit", text: "a: [1, 2]\n", limits: limits(nodes: 5), expected: nil),
        Case(
            name: "JSON nodes", text: "[1, 2, 3]", format: .json, limits: limits(nodes: 3),
            expected: "input-limit @1:8+7 doc=0 ptr=nil: document has more than 3 nodes (limit max-nodes)"),
        Case(
            name: "an alias counts its whole subtree", text: "a: &x [1, 2]\nb: *x\n", limits: limits(nodes: 8),
            expected: "input-limit @2:4+16 doc=0 ptr=nil: document has more than 8 nodes (limit max-nodes)"),
        Case(name: "an alias at the limit", text: "a: &x [1, 2]\nb: *x\n", limits: limits(nodes: 9), expected: nil),
        Case(
            name: "an alias does not redefine its anchor", text: "a: &a [1, 2, 3, 4]\nb: *a\nc: *a\n", limits: limits(nodes: 18),
            expected: "input-limit @3:4+28 doc=0 ptr=nil: document has more than 18 nodes (limit max-nodes)"),
        Case(name: "the count restarts at each document", text: "a: 1\n---\nb: 2\n---\nc: 3\n", limits: limits(nodes: 3), expected: nil),
        // max-scalar-bytes: the decoded value's bytes, keys included.
        Case(
            name: "plain scalar", text: "a: hello\n", limits: limits(scalar: 4),
            expected: "input-limit @1:4+3 doc=0 ptr=nil: scalar is longer than 4 bytes (limit max-scalar-bytes)"),
        Case(name: "plain scalar at the limit", text: "a: hell\n", limits: limits(scalar: 4), expected: nil),
        Case(
            name: "a key", text: "hello: 1\n", limits: limits(scalar: 4),
            expected: "input-limit @1:1+0 doc=0 ptr=nil: scalar is longer than 4 bytes (limit max-scalar-bytes)"),
        Case(
            name: "bytes, not characters", text: "a: \"hé\"\n", limits: limits(scalar: 2),
            expected: "input-limit @1:4+3 doc=0 ptr=nil: scalar is longer than 2 bytes (limit max-scalar-bytes)"),
        Case(name: "bytes, not characters, at the limit", text: "a: \"hé\"\n", limits: limits(scalar: 3), expected: nil),
        Case(
            name: "a folded block scalar, as decoded", text: "a: >\n  ab\n  cd\n", limits: limits(scalar: 5),
            expected: "input-limit @1:4+3 doc=0 ptr=nil: scalar is longer than 5 bytes (limit max-scalar-bytes)"),
        Case(name: "a folded block scalar at the limit", text: "a: >\n  ab\n  cd\n", limits: limits(scalar: 6), expected: nil),
        Case(
            name: "JSON string", text: "{\"a\": \"hello\"}", format: .json, limits: limits(scalar: 4),
            expected: "input-limit @1:7+6 doc=0 ptr=nil: scalar is longer than 4 bytes (limit max-scalar-bytes)"),
        Case(
            name: "JSON escapes count decoded", text: "[\"h\\u00e9llo\"]", format: .json, limits: limits(scalar: 5),
            expected: "input-limit @1:2+1 doc=0 ptr=nil: scalar is longer than 5 bytes (limit max-scalar-bytes)"),
        Case(name: "JSON escapes at the limit", text: "[\"h\\u00e9llo\"]", format: .json, limits: limits(scalar: 6), expected: nil),
        Case(
            name: "JSON number", text: "[123456]", format: .json, limits: limits(scalar: 5),
            expected: "input-limit @1:2+1 doc=0 ptr=nil: scalar is longer than 5 bytes (limit max-scalar-bytes)"),
    ]

    @Test("each limit: exact message naming its key, at the node that crossed it", arguments: cases)
    func limit(_ c: Case) throws {
        let result = DocFixture.read(c.text, c.format, limits: c.limits)
        if let expected = c.expected {
            let d = try DocFixture.only(result)
            #expect(DocFixture.diagnostic(d) == expected)
            #expect(d.kind == .inputLimit && d.isFatal)
        } else {
            #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(DocFixture.diagnostic))")
        }
    }

    @Test("a document over a limit is dropped; the documents before it are kept")
    func partialStream() throws {
        let result = DocFixture.read("a: 1\n---\nb: [1, 2, 3]\n", limits: Self.limits(nodes: 4))
        let d = try DocFixture.only(result)
        #expect(DocFixture.diagnostic(d) == "input-limit @3:8+16 doc=1 ptr=nil: document has more than 4 nodes (limit max-nodes)")
        let s = try #require(result.stream)
        #expect(DocFixture.json(s) == "{\"a\":1}")
    }

    /// Nine levels of ten aliases each would expand to 10^9 nodes. The reader counts instead of
    /// expanding, so it stops at the eighth alias of the sixth level, after reading 280 bytes.
    @Test("a billion laughs is refused at the default max-nodes, without expanding anything")
    func billionLaughs() throws {
        var text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let names = Array("abcdefghi")
        for level in 1..<names.count {
            let alias = "*\(names[level - 1])"
            text += "\(names[level]): &\(names[level]) [" + Array(repeating: alias, count: 10).joined(separator: ", ") + "]\n"
        }
        text += "j: *i\n"
        let result = DocFixture.read(text)
        let d = try DocFixture.only(result)
        #expect(DocFixture.diagnostic(d) == "input-limit @6:36+280 doc=0 ptr=nil: document has more than 1000000 nodes (limit max-nodes)")
        #expect(DocFixture.span(d.range) == "6:36+280-6:38+282")
        #expect(result.stream?.documents.isEmpty == true)
    }

    @Test("a wide alias bomb: one large anchor aliased many times")
    func quadraticAliases() throws {
        let line1 = "big: &big {" + (0..<1000).map { "k\($0): v" }.joined(separator: ", ") + "}\n"
        let line2 = "uses: [" + Array(repeating: "*big", count: 600).joined(separator: ", ") + "]\n"
        let d = try DocFixture.only(DocFixture.read(line1 + line2))
        #expect(d.kind == .inputLimit)
        #expect(d.message == "document has more than 1000000 nodes (limit max-nodes)")
        // 2 + 2001 nodes before `uses`, 2 for `uses` and its sequence, 2001 per alias: the 499th alias crosses.
        let column = "uses: [".count + 498 * "*big, ".count + 1
        #expect(DocFixture.at(d.range.start) == "2:\(column)+\(line1.utf8.count + column - 1)")
    }
}
