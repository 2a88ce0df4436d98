import ConfgateDocument
import Foundation
import Testing

/// Replays every input the fuzz targets crashed on (`fuzz/regressions/`, see fuzz/README.md) and checks
/// what the reader makes of it exactly: diagnostics (kind, range, document, pointer, message), the
/// documents kept, and the pointers that were wrong. A reproducer without an expectation here fails.
@Suite("fuzz regressions")
struct FuzzRegressionTests {
    /// `<root>/fuzz/regressions`: this file is `<root>/Tests/ConfgateDocumentTests/FuzzRegressionTests.swift`.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz/regressions", isDirectory: true)

    /// The limits the fuzz targets read with (`fuzzLimits` in fuzz/Invariants.swift): one reproducer
    /// reaches `maxNodes` only at these values.
    static let fuzzLimits = InputLimits(maxFileBytes: 1 << 20, maxDepth: 64, maxNodes: 10_000, maxScalarBytes: 16_384)

    struct Expectation: Sendable {
        var diagnostics: [String]
        var documents: Int
    }

    /// One entry per file in fuzz/regressions/. Diagnostics as `describe(_:)` writes them.
    static let expectations: [String: Expectation] = [
        // `{"":` in .json (mode byte 0x00): the key's value is missing; the cut-short document is dropped.
        "json-key-without-value": Expectation(
            diagnostics: ["syntax-error 1:5-1:5 doc=0 ptr=-: expected a JSON value, found end of file"],
            documents: 0),
        // `? []: x`: the explicit key is the mapping {[]: x}; its value is null.
        "yaml-node-inside-complex-key": Expectation(diagnostics: [], documents: 1),
        // `{1: a, "1": [b]}`: an integer and a string key, both token "1".
        "yaml-keys-sharing-a-pointer-token": Expectation(diagnostics: [], documents: 1),
        // A duplicate inside a complex key (`?` + block sequence) still open at a syntax error.
        "yaml-duplicate-key-inside-open-complex-key": Expectation(
            diagnostics: [
                "duplicate-key 2:10-2:11 doc=0 ptr=- first=2:4-2:5: duplicate key \"a\"; it is first defined at line 2, column 4",
                "syntax-error 4:1-4:1 doc=0 ptr=-: found character that cannot start any token",
            ],
            documents: 0),
        // A duplicate inside a closed complex key whose value is the node past max-nodes.
        "yaml-duplicate-key-inside-complex-key-without-value": Expectation(
            diagnostics: [
                "duplicate-key 5:10-5:11 doc=0 ptr=- first=5:4-5:5: duplicate key \"a\"; it is first defined at line 5, column 4",
                "input-limit 6:3-6:4 doc=0 ptr=-: document has more than 10000 nodes (limit max-nodes)",
            ],
            documents: 0),
        // `{true: 1, True: [2]}`: one key spelt twice; the logical view lists it under the first spelling.
        "yaml-equal-keys-spelt-differently": Expectation(
            diagnostics: [
                "duplicate-key 1:11-1:15 doc=0 ptr=/True first=1:2-1:6: duplicate key \"True\"; it is first defined at line 1, column 2"
            ],
            documents: 1),
        // A key starting with U+0598, a combining mark: `/` and the mark are one Character.
        "yaml-key-starting-with-combining-mark": Expectation(diagnostics: [], documents: 1),
        // Keys `~` + U+0301 and U+0301 + `/`: `~` and `/` must be escaped although a mark joins them.
        "yaml-pointer-escape-before-combining-mark": Expectation(diagnostics: [], documents: 1),
    ]

    static func describe(_ d: ReadDiagnostic) -> String {
        var text = "\(d.kind.rawValue) \(d.range) doc=\(d.document.map(String.init) ?? "-") ptr=\(d.pointer ?? "-")"
        if let related = d.related { text += " first=\(related.range)" }
        return text + ": " + d.message
    }

    static func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Reads a reproducer as its fuzz target does: `yaml-*` as YAML; `json-*` after a mode byte
    /// (even: .json, odd: .jsonc) that is not part of the document.
    static func read(_ name: String) throws -> ReadResult {
        var bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
        let format: SourceFormat
        if name.hasPrefix("yaml-") {
            format = .yaml
        } else if name.hasPrefix("json-"), let mode = bytes.first {
            format = mode & 1 == 0 ? .json : .jsonc
            bytes.removeFirst()
        } else {
            throw Failure(description: "\(name): not yaml-* or json-* with a mode byte")
        }
        return DocumentReader(limits: fuzzLimits).read(bytes, format: format)
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    static func stream(_ name: String) throws -> ParsedStream {
        try #require(try read(name).stream)
    }

    // MARK: - Every reproducer

    @Test("every file in fuzz/regressions/ has an expectation, and every expectation a file")
    func everyFileIsChecked() throws {
        let files = try Self.files()
        #expect(!files.isEmpty)
        #expect(Set(files) == Set(Self.expectations.keys))
    }

    @Test("each reproducer gives exactly the expected diagnostics and documents", arguments: FuzzRegressionTests.expectations.keys.sorted())
    func reproducer(name: String) throws {
        let expected = try #require(Self.expectations[name])
        let result = try Self.read(name)
        #expect(result.diagnostics.map(Self.describe) == expected.diagnostics)
        let stream = try #require(result.stream)
        #expect(stream.documents.count == expected.documents)
        // Every node of a kept document has a pointer that leads back to a node.
        for document in stream.documents {
            var stack = [document.root]
            while let id = stack.popLast() {
                let pointer = stream.pointer(id)
                #expect(JSONPointer.tokens(pointer) != nil, "node \(id.index): \(pointer)")
                #expect(stream.node(at: pointer, in: document) != nil, "node \(id.index): \(pointer)")
                stack += stream.rawChildren(id)
            }
        }
    }

    // MARK: - What each bug got wrong

    @Test("a document cut short is dropped with its nodes")
    func keyWithoutValue() throws {
        let stream = try Self.stream("json-key-without-value")
        #expect(stream.format == .json)
        #expect(stream.nodeCount == 0)
    }

    @Test("a node inside a complex key has the pointer of the key's value")
    func nodeInsideComplexKey() throws {
        let stream = try Self.stream("yaml-node-inside-complex-key")
        let root = stream.documents[0].root
        let entry = stream.rawChildren(root)
        #expect(entry.count == 2)
        let complexKey = entry[0], value = entry[1]
        #expect(stream.kind(complexKey) == .mapping)
        let emptySequence = try #require(stream.rawChildren(complexKey).first)
        #expect(stream.kind(emptySequence) == .sequence)
        #expect(stream.scalarType(value) == .null)
        #expect(stream.pointer(value) == "/{\"[]\":\"x\"}")
        #expect(stream.pointer(emptySequence) == stream.pointer(value))
    }

    @Test("keys that share a pointer token: node(at:) tries each entry with that token")
    func keysSharingAToken() throws {
        let stream = try Self.stream("yaml-keys-sharing-a-pointer-token")
        let document = stream.documents[0]
        let b = try #require(stream.node(at: "/1/0", in: document))
        #expect(stream.string(b) == "b")
        #expect(stream.pointer(b) == "/1/0")
        // Where the pointer itself is ambiguous, the first entry wins.
        let first = try #require(stream.node(at: "/1", in: document))
        #expect(stream.string(first) == "a")
    }

    @Test("a key spelt twice: node(at:) finds the entry under either spelling")
    func equalKeysSpeltDifferently() throws {
        let stream = try Self.stream("yaml-equal-keys-spelt-differently")
        let document = stream.documents[0]
        #expect(JSONWriter.compact(stream, document.root) == "{\"true\":[2]}")
        let two = try #require(stream.node(at: "/True/0", in: document))
        #expect(stream.string(two) == "2")
        #expect(stream.pointer(two) == "/True/0")
        #expect(stream.node(at: "/true/0", in: document) == two)

        // The later spelling may also be the token of another key: each candidate is tried.
        let mixed = DocumentReader().read(Array("~: 1\nnull: [x]\n\"null\": 3\n".utf8), format: .yaml)
        #expect(mixed.diagnostics.map(Self.describe) == [
            "duplicate-key 2:1-2:5 doc=0 ptr=/null first=1:1-1:2: duplicate key \"null\"; it is first defined at line 1, column 1"
        ])
        let s = try #require(mixed.stream)
        let x = try #require(s.node(at: "/null/0", in: s.documents[0]))
        #expect(s.string(x) == "x")
        #expect(s.pointer(x) == "/null/0")
    }

    @Test("pointers next to combining marks are escaped and split on bytes, not Characters")
    func combiningMarks() throws {
        let mark = try Self.stream("yaml-key-starting-with-combining-mark")
        let value = try #require(mark.rawChildren(mark.documents[0].root).last)
        #expect(mark.pointer(value) == "/\u{598}l")
        #expect(JSONPointer.tokens("/\u{598}l") == ["\u{598}l"])

        let escapes = try Self.stream("yaml-pointer-escape-before-combining-mark")
        let document = escapes.documents[0]
        let one = try #require(escapes.node(at: "/~0\u{301}/0", in: document))
        let two = try #require(escapes.node(at: "/\u{301}~1/0", in: document))
        #expect(escapes.string(one) == "1")
        #expect(escapes.string(two) == "2")
        #expect(escapes.pointer(one) == "/~0\u{301}/0")
        #expect(escapes.pointer(two) == "/\u{301}~1/0")
    }

    @Test(
        "JSONPointer escapes and splits around combining marks",
        arguments: [
            ("~\u{301}", "~0\u{301}"), ("\u{301}/", "\u{301}~1"), ("/\u{301}", "~1\u{301}"), ("a~1/b", "a~01~1b"),
        ])
    func pointerEscapes(token: String, escaped: String) {
        #expect(JSONPointer.escape(token) == escaped)
        #expect(JSONPointer.tokens("/" + escaped + "/\u{301}x") == [token, "\u{301}x"])
    }
}
