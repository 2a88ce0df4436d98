import ConfgateDocument
import Testing

/// What `DocumentReader` checks before a parser sees a file: byte-order marks, UTF-16/32 text,
/// NUL bytes and UTF-8 validity, each an `invalid-encoding` diagnostic at an exact position.
@Suite("encodings")
struct EncodingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var format: SourceFormat = .yaml
        var expected: String
        var testDescription: String { "\(name) (\(format))" }
    }

    static func text(_ parts: [UInt8]...) -> [UInt8] { parts.flatMap { $0 } }
    static func t(_ s: String) -> [UInt8] { Array(s.utf8) }

    // MARK: - Wide encodings

    static let wideCases: [Case] = SourceFormat.allCases.flatMap { format in
        [
            Case(
                name: "UTF-16LE BOM", bytes: [0xFF, 0xFE, 0x61, 0x00, 0x3A, 0x00], format: format,
                expected: "invalid-encoding @1:1+0 doc=nil ptr=nil: file is encoded as UTF-16LE (byte-order mark); confgate reads UTF-8 only"),
            Case(
                name: "UTF-16BE BOM", bytes: [0xFE, 0xFF, 0x00, 0x61, 0x00, 0x3A], format: format,
                expected: "invalid-encoding @1:1+0 doc=nil ptr=nil: file is encoded as UTF-16BE (byte-order mark); confgate reads UTF-8 only"),
            Case(
                name: "UTF-32LE BOM", bytes: [0xFF, 0xFE, 0x00, 0x00, 0x61, 0x00, 0x00, 0x00], format: format,
                expected: "invalid-encoding @1:1+0 doc=nil ptr=nil: file is encoded as UTF-32LE (byte-order mark); confgate reads UTF-8 only"),
            Case(
                name: "UTF-32BE BOM", bytes: [0x00, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x61], format: format,
                expected: "invalid-encoding @1:1+0 doc=nil ptr=nil: file is encoded as UTF-32BE (byte-order mark); confgate reads UTF-8 only"),
            Case(
                name: "UTF-16LE without a mark", bytes: [0x7B, 0x00, 0x22, 0x00, 0x61, 0x00], format: format,
                expected: "invalid-encoding @1:1+0 doc=nil ptr=nil: file is encoded as UTF-16LE; confgate reads UTF-8 only"),
            Case(
                name: "UTF-16BE without a mark", bytes: [0x00, 0x7B, 0x00, 0x22, 0x00, 0x61], format: format,
                expected: "invalid-encoding @1:1+0 doc=nil ptr=nil: file is encoded as UTF-16BE; confgate reads UTF-8 only"),
        ]
    }

    @Test("UTF-16 and UTF-32 files are refused with the encoding's name", arguments: wideCases)
    func wide(_ c: Case) throws {
        let result = DocFixture.read(bytes: c.bytes, c.format)
        let d = try DocFixture.only(result)
        #expect(DocFixture.diagnostic(d) == c.expected)
        #expect(d.kind == .invalidEncoding && d.isFatal)
        #expect(result.stream == nil, "nothing is parsed")
    }

    // MARK: - Binary and invalid UTF-8

    static let byteCases: [Case] = [
        Case(
            name: "NUL in YAML", bytes: t("a: 1\nb: x\u{0}y\n"),
            expected: "invalid-encoding @2:5+9 doc=nil ptr=nil: binary file: it contains a NUL byte, which YAML text cannot"),
        Case(
            name: "NUL after CRLF", bytes: t("a: 1\r\n\u{0}"),
            expected: "invalid-encoding @2:1+6 doc=nil ptr=nil: binary file: it contains a NUL byte, which YAML text cannot"),
        Case(
            name: "NUL after a lone CR and a multi-byte character", bytes: t("a\r東\u{0}"),
            expected: "invalid-encoding @2:2+5 doc=nil ptr=nil: binary file: it contains a NUL byte, which YAML text cannot"),
        Case(
            name: "NUL before invalid UTF-8: the first wins", bytes: text(t("a: 1\nb: "), [0x00, 0xFF], t("\n")),
            expected: "invalid-encoding @2:4+8 doc=nil ptr=nil: binary file: it contains a NUL byte, which YAML text cannot"),
        Case(
            name: "invalid UTF-8 before NUL: the first wins", bytes: text(t("a: "), [0xFF, 0x00]),
            expected: "invalid-encoding @1:4+3 doc=nil ptr=nil: invalid UTF-8: byte 0xFF does not start a valid character"),
        Case(
            name: "invalid byte after a multi-byte character", bytes: text(t("a: 1\nb: é"), [0xFF], t("\n")),
            expected: "invalid-encoding @2:5+10 doc=nil ptr=nil: invalid UTF-8: byte 0xFF does not start a valid character"),
        Case(
            name: "Latin-1 é after CRLF", bytes: text(t("a: 1\r\nb: é"), [0xE9], t("t\n")),
            expected: "invalid-encoding @2:5+11 doc=nil ptr=nil: invalid UTF-8: byte 0xE9 does not start a valid character"),
        Case(
            name: "after a UTF-8 BOM: offsets count it, columns do not", bytes: text([0xEF, 0xBB, 0xBF], t("a: "), [0xFF]),
            expected: "invalid-encoding @1:4+6 doc=nil ptr=nil: invalid UTF-8: byte 0xFF does not start a valid character"),
        Case(
            name: "overlong encoding", bytes: text(t("a: "), [0xC0, 0xAF]),
            expected: "invalid-encoding @1:4+3 doc=nil ptr=nil: invalid UTF-8: byte 0xC0 does not start a valid character"),
        Case(
            name: "encoded surrogate", bytes: text(t("a: "), [0xED, 0xA0, 0x80]),
            expected: "invalid-encoding @1:4+3 doc=nil ptr=nil: invalid UTF-8: byte 0xED does not start a valid character"),
        Case(
            name: "above U+10FFFF", bytes: text(t("a: "), [0xF4, 0x90, 0x80, 0x80]),
            expected: "invalid-encoding @1:4+3 doc=nil ptr=nil: invalid UTF-8: byte 0xF4 does not start a valid character"),
        Case(
            name: "lone continuation byte", bytes: text(t("a: "), [0x80]),
            expected: "invalid-encoding @1:4+3 doc=nil ptr=nil: invalid UTF-8: byte 0x80 does not start a valid character"),
        Case(
            name: "truncated at the end of the file", bytes: text(t("a: "), [0xE6, 0x97]),
            expected: "invalid-encoding @1:4+3 doc=nil ptr=nil: invalid UTF-8: byte 0xE6 does not start a valid character"),
        Case(
            name: "a PNG read as YAML", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00],
            expected: "invalid-encoding @1:1+0 doc=nil ptr=nil: invalid UTF-8: byte 0x89 does not start a valid character"),
        Case(
            name: "a PNG read as JSON", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00], format: .json,
            expected: "invalid-encoding @1:1+0 doc=nil ptr=nil: binary file: it contains NUL bytes and is not JSON text"),
    ]

    @Test("NUL bytes and invalid UTF-8: the first bad byte, by line, column and offset", arguments: byteCases)
    func badBytes(_ c: Case) throws {
        let result = DocFixture.read(bytes: c.bytes, c.format)
        #expect(DocFixture.diagnostic(try DocFixture.only(result)) == c.expected)
        #expect(result.stream == nil)
    }

    // MARK: - Characters libyaml refuses

    static let controlCases: [([UInt8], String)] = [
        (t("a: x\u{7F}\n"), "syntax-error @1:5+4 doc=0 ptr=nil: control characters are not allowed"),
        (t("a: \u{80}\n"), "syntax-error @1:4+3 doc=0 ptr=nil: control characters are not allowed"),
        (t("a: \u{FFFE}\n"), "syntax-error @1:4+3 doc=0 ptr=nil: control characters are not allowed"),
        (t("a: 1\r\nb: \u{1}\n"), "syntax-error @2:4+9 doc=0 ptr=nil: control characters are not allowed"),
        (text([0xEF, 0xBB, 0xBF], t("é: [1, \u{1}]\n")), "syntax-error @1:8+11 doc=0 ptr=nil: control characters are not allowed"),
    ]

    @Test("control characters in YAML are syntax errors at their position", arguments: controlCases)
    func controlCharacters(bytes: [UInt8], expected: String) throws {
        #expect(DocFixture.diagnostic(try DocFixture.only(DocFixture.read(bytes: bytes))) == expected)
    }

    // MARK: - UTF-8 byte-order mark

    @Test("a UTF-8 BOM is skipped: a block mapping keeps its indentation, syntax errors their offsets")
    func utf8BOM() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let s = try DocFixture.stream(bytes: bom + Self.t("a: 1\nb:\n  c: 2\n"))
        #expect(DocFixture.json(s) == "{\"a\":1,\"b\":{\"c\":2}}")
        #expect(DocFixture.span(s.range(s.documents[0].root)) == "1:1+3-3:7+17")
        #expect(DocFixture.span(s.documents[0].range) == "1:1+3-4:1+18")
        #expect(s.sourceText(s.documents[0].root) == "a: 1\nb:\n  c: 2")
        let yamlError = try DocFixture.only(DocFixture.read(bytes: bom + Self.t("a: [1\n")))
        #expect(
            DocFixture.diagnostic(yamlError)
                == "syntax-error @2:1+9 doc=0 ptr=nil: unexpected end of file: did not find expected ',' or ']' (while parsing a flow sequence that started at line 1, column 4)")
        let jsonError = try DocFixture.only(DocFixture.read(bytes: bom + Self.t("{\"a\": }"), .json))
        #expect(DocFixture.diagnostic(jsonError) == "syntax-error @1:7+9 doc=0 ptr=nil: expected a JSON value, found '}'")
    }

    // MARK: - Empty input

    @Test("an empty or BOM-only YAML file is valid with no document", arguments: [[], [0xEF, 0xBB, 0xBF], [0xEF, 0xBB, 0xBF, 0x0A]] as [[UInt8]])
    func emptyYAML(bytes: [UInt8]) throws {
        let s = try DocFixture.stream(bytes: bytes)
        #expect(s.documents.isEmpty)
    }

    @Test("an empty or BOM-only JSON file is a syntax error", arguments: [([], "1:1+0"), ([0xEF, 0xBB, 0xBF], "1:1+3")] as [([UInt8], String)])
    func emptyJSON(bytes: [UInt8], at: String) throws {
        let result = DocFixture.read(bytes: bytes, .json)
        #expect(DocFixture.diagnostic(try DocFixture.only(result)) == "syntax-error @\(at) doc=0 ptr=nil: empty JSON file: expected a value")
        #expect(result.stream?.documents.isEmpty == true)
    }
}
