import ConfgateDocument
import Testing

/// The JSON reader: strict RFC 8259 for `.json`, comments and trailing commas for `.jsonc`, exact
/// number text, decoded strings, and an exact message and position for every way to get it wrong.
@Suite("JSON reader")
struct JSONReaderTests {
    // MARK: - Values

    @Test("numbers keep their exact text; integers and other numbers are told apart")
    func numbers() throws {
        let s = try DocFixture.stream(
            "[1.10, 1e3, -0, 123456789012345678901234567890, 1E+2, 0.5e-10, 1.0, 0, -12]", .json)
        let items = s.elements(s.documents[0].root)
        #expect(items.map(s.sourceText) == [
            "1.10", "1e3", "-0", "123456789012345678901234567890", "1E+2", "0.5e-10", "1.0", "0", "-12",
        ])
        #expect(items.map(s.string) == items.map(s.sourceText))
        #expect(items.map { s.scalarType($0) } == [
            .number, .number, .integer, .integer, .number, .number, .number, .integer, .integer,
        ])
        #expect(items.allSatisfy { s.scalarStyle($0) == .plain })
        #expect(DocFixture.json(s) == "[1.10,1e3,-0,123456789012345678901234567890,1e2,0.5e-10,1.0,0,-12]")
    }

    @Test("literals, strings and escapes: decoded value, source text, style and type")
    func stringsAndLiterals() throws {
        let s = try DocFixture.stream(
            "[true, false, null, \"plain\", \"\\/\\b\\f\\n\\r\\t\\\"\\\\\", \"\\u00e9\\u6771\\ud83d\\ude00\", \"é\"]", .json)
        let items = s.elements(s.documents[0].root)
        #expect(items.map { s.scalarType($0) } == [.bool, .bool, .null, .string, .string, .string, .string])
        #expect(items.map { s.scalarStyle($0) } == [.plain, .plain, .plain, .doubleQuoted, .doubleQuoted, .doubleQuoted, .doubleQuoted])
        #expect(items.map(s.string) == ["true", "false", "null", "plain", "/\u{8}\u{C}\n\r\t\"\\", "é東😀", "é"])
        #expect(s.sourceText(items[5]) == "\"\\u00e9\\u6771\\ud83d\\ude00\"")
        #expect(DocFixture.span(s.range(items[5])) == "1:50+49-1:76+75")
        #expect(DocFixture.span(s.range(items[6])) == "1:78+77-1:81+81")
    }

    @Test("a JSON file is one document; whitespace around it is not part of it")
    func documentRange() throws {
        let s = try DocFixture.stream("\t[\n\t1]\n\n", .json)
        #expect(s.documents.count == 1)
        #expect(s.format == .json)
        #expect(DocFixture.span(s.documents[0].range) == "1:2+1-2:4+6")
        #expect(DocFixture.span(s.range(try DocFixture.node(s, "/0"))) == "2:2+4-2:3+5")
    }

    // MARK: - JSON with comments

    @Test(".jsonc: comments and trailing commas are accepted and positions stay exact")
    func jsonc() throws {
        let text = "// head\n{\n  /* a */ \"a\": [1, /* x */ 2,], // tail\n  \"b\": {\"c\": true,},\n}\n// end\n"
        let s = try DocFixture.stream(text, .jsonc)
        #expect(s.format == .jsonc)
        #expect(DocFixture.json(s) == "{\"a\":[1,2],\"b\":{\"c\":true}}")
        #expect(DocFixture.span(s.documents[0].range) == "2:1+8-5:2+72")
        #expect(DocFixture.span(try s.range(DocFixture.key(s, "/a"))) == "3:11+20-3:14+23")
        #expect(DocFixture.span(s.range(try DocFixture.node(s, "/a"))) == "3:16+25-3:31+40")
        #expect(DocFixture.span(s.range(try DocFixture.node(s, "/a/1"))) == "3:28+37-3:29+38")
        #expect(DocFixture.span(s.range(try DocFixture.node(s, "/b"))) == "4:8+57-4:20+69")
    }

    @Test(".jsonc files still report duplicate keys")
    func jsoncDuplicates() throws {
        let d = try DocFixture.only(DocFixture.read("{\"a\": 1, // first\n \"a\": 2,}", .jsonc))
        #expect(DocFixture.diagnostic(d) == "duplicate-key @2:2+19 doc=0 ptr=/a: duplicate key \"a\"; it is first defined at line 1, column 2")
    }

    // MARK: - Errors

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var format: SourceFormat = .json
        var expected: String
        var testDescription: String { name }
    }

    static let errorCases: [ErrorCase] = [
        // Strings
        ErrorCase(
            name: "unterminated string, at its opening quote", text: "{\"a\": \"abc",
            expected: "syntax-error @1:7+6 doc=0 ptr=nil: unterminated string: no closing '\"'"),
        ErrorCase(
            name: "file ends inside an escape", text: "[\"a\\",
            expected: "syntax-error @1:2+1 doc=0 ptr=nil: unterminated string: no closing '\"'"),
        ErrorCase(
            name: "bad escape, at the escaped character", text: "{\"a\": \"a\\qb\"}",
            expected: "syntax-error @1:10+9 doc=0 ptr=nil: invalid escape '\\q' in a JSON string; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"),
        ErrorCase(
            name: "tab in a string", text: "{\"a\": \"a\tb\"}",
            expected: "syntax-error @1:9+8 doc=0 ptr=nil: control character U+0009 must be escaped in a JSON string"),
        ErrorCase(
            name: "NUL in a string: binary content", text: "[\"a\u{0}\"]",
            expected: "invalid-encoding @1:4+3 doc=0 ptr=nil: control character U+0000 must be escaped in a JSON string"),
        ErrorCase(
            name: "line break in a string", text: "{\"é\": \"a\r\nb\"}",
            expected: "syntax-error @1:9+9 doc=0 ptr=nil: unterminated string: a line break must be escaped as \\n in a JSON string"),
        ErrorCase(
            name: "lone high surrogate", text: "[\"\\ud800\"]",
            expected: "syntax-error @1:3+2 doc=0 ptr=nil: lone surrogate \\uD800 is not a Unicode character"),
        ErrorCase(
            name: "lone low surrogate", text: "[\"x\\udc00\"]",
            expected: "syntax-error @1:4+3 doc=0 ptr=nil: lone surrogate \\uDC00 is not a Unicode character"),
        ErrorCase(
            name: "high surrogate followed by a non-surrogate", text: "[\"\\ud800\\u0041\"]",
            expected: "syntax-error @1:3+2 doc=0 ptr=nil: lone surrogate \\uD800 is not a Unicode character"),
        ErrorCase(
            name: "short \\u escape", text: "[\"\\u12\"]",
            expected: "syntax-error @1:7+6 doc=0 ptr=nil: \\u must be followed by four hexadecimal digits, found '\"'"),
        ErrorCase(
            name: "non-hex \\u escape", text: "[\"\\u12G4\"]",
            expected: "syntax-error @1:7+6 doc=0 ptr=nil: \\u must be followed by four hexadecimal digits, found 'G4'"),
        ErrorCase(
            name: "single quotes", text: "['x']", expected: "syntax-error @1:2+1 doc=0 ptr=nil: expected a JSON value, found a single quote (JSON strings use double quotes)"),
        // Numbers
        ErrorCase(
            name: "leading zero, at the number", text: "[01]",
            expected: "syntax-error @1:2+1 doc=0 ptr=nil: invalid number: leading zeros are not allowed in JSON"),
        ErrorCase(
            name: "negative leading zero, at the sign", text: "[ -01]",
            expected: "syntax-error @1:3+2 doc=0 ptr=nil: invalid number: leading zeros are not allowed in JSON"),
        ErrorCase(name: "lone minus", text: "[-]", expected: "syntax-error @1:3+2 doc=0 ptr=nil: expected a digit after '-', found ']'"),
        ErrorCase(
            name: "no digit after the point", text: "[1.]",
            expected: "syntax-error @1:4+3 doc=0 ptr=nil: expected a digit after the decimal point, found ']'"),
        ErrorCase(
            name: "no exponent digit", text: "[1e]",
            expected: "syntax-error @1:4+3 doc=0 ptr=nil: expected a digit in the exponent, found ']'"),
        ErrorCase(name: "YAML-only number", text: "[.5]", expected: "syntax-error @1:2+1 doc=0 ptr=nil: expected a JSON value, found '.'"),
        // Literals
        ErrorCase(name: "truncated literal", text: "tru", expected: "syntax-error @1:1+0 doc=0 ptr=nil: expected a JSON value, found 'tru'"),
        ErrorCase(name: "literal run on", text: "[truex]", expected: "syntax-error @1:2+1 doc=0 ptr=nil: expected a JSON value, found 'truex'"),
        ErrorCase(name: "capitalised literal", text: "[True]", expected: "syntax-error @1:2+1 doc=0 ptr=nil: expected a JSON value, found 'True'"),
        // Structure
        ErrorCase(
            name: "trailing comma in an object", text: "{\"a\": 1,}",
            expected: "syntax-error @1:8+7 doc=0 ptr=nil: trailing comma before '}' is not allowed in JSON"),
        ErrorCase(
            name: "trailing comma in an array, before a line break", text: "[1, 2,\n]",
            expected: "syntax-error @1:6+5 doc=0 ptr=nil: trailing comma before ']' is not allowed in JSON"),
        ErrorCase(
            name: "a comma alone is wrong in .jsonc too", text: "[,]", format: .jsonc,
            expected: "syntax-error @1:2+1 doc=0 ptr=nil: expected a JSON value, found ','"),
        ErrorCase(
            name: "a comma alone in an object, .jsonc", text: "{,}", format: .jsonc,
            expected: "syntax-error @1:2+1 doc=0 ptr=nil: expected a string key in double quotes, found ','"),
        ErrorCase(
            name: "two commas, .jsonc", text: "[1,,]", format: .jsonc,
            expected: "syntax-error @1:4+3 doc=0 ptr=nil: expected a JSON value, found ','"),
        ErrorCase(
            name: "line comment in .json", text: "// c\n{\"a\": 1}",
            expected: "syntax-error @1:1+0 doc=0 ptr=nil: expected a JSON value, found a comment (comments are allowed in .jsonc files and in files listed under jsonc: in .confgate.yaml)"),
        ErrorCase(
            name: "block comment after a member in .json", text: "{\"a\": 1 /* c */}",
            expected: "syntax-error @1:9+8 doc=0 ptr=nil: expected ',' or '}' after an object member, found a comment (comments are allowed in .jsonc files and in files listed under jsonc: in .confgate.yaml)"),
        ErrorCase(
            name: "comment before a key in .json", text: "{ // c\n\"a\": 1}",
            expected: "syntax-error @1:3+2 doc=0 ptr=nil: expected a string key in double quotes, found a comment (comments are allowed in .jsonc files and in files listed under jsonc: in .confgate.yaml)"),
        ErrorCase(
            name: "unterminated block comment, at its start", text: "{\"a\": 1}\n  /* open", format: .jsonc,
            expected: "syntax-error @2:3+11 doc=0 ptr=nil: unterminated /* comment"),
        ErrorCase(
            name: "a lone slash in .jsonc", text: "[1] /", format: .jsonc,
            expected: "syntax-error @1:5+4 doc=0 ptr=nil: unexpected '/' at end of file"),
        ErrorCase(
            name: "missing comma", text: "[1 2]",
            expected: "syntax-error @1:4+3 doc=0 ptr=nil: expected ',' or ']' after an array element, found '2'"),
        ErrorCase(
            name: "missing colon", text: "{\"a\" 1}", expected: "syntax-error @1:6+5 doc=0 ptr=nil: expected ':' after an object key, found '1'"),
        ErrorCase(name: "missing value", text: "{\"a\": }", expected: "syntax-error @1:7+6 doc=0 ptr=nil: expected a JSON value, found '}'"),
        ErrorCase(
            name: "unquoted key", text: "{a: 1}", expected: "syntax-error @1:2+1 doc=0 ptr=nil: expected a string key in double quotes, found 'a'"),
        ErrorCase(
            name: "number key", text: "{1: 2}", expected: "syntax-error @1:2+1 doc=0 ptr=nil: expected a string key in double quotes, found '1'"),
        ErrorCase(
            name: "unclosed array", text: "[1, 2", expected: "syntax-error @1:6+5 doc=0 ptr=nil: unexpected end of file: expected ',' or ']'"),
        ErrorCase(
            name: "unclosed object", text: "{\"a\": 1\n",
            expected: "syntax-error @2:1+8 doc=0 ptr=nil: unexpected end of file: expected ',' or '}'"),
        ErrorCase(
            name: "object ends after a key", text: "{\"a\"",
            expected: "syntax-error @1:5+4 doc=0 ptr=nil: expected ':' after an object key, found end of file"),
        ErrorCase(name: "lone brace", text: "{", expected: "syntax-error @1:2+1 doc=0 ptr=nil: unexpected end of file: expected a string key"),
        ErrorCase(
            name: "garbage after the value", text: "{} x", expected: "syntax-error @1:4+3 doc=0 ptr=nil: unexpected content after the JSON value: found 'x'"),
        ErrorCase(
            name: "a second value on another line", text: "{\"a\": 1}\r\n{\"b\": 2}",
            expected: "syntax-error @2:1+10 doc=0 ptr=nil: unexpected content after the JSON value: found '{'"),
        ErrorCase(
            name: "a stray bracket after blank lines", text: "{}\n\n  ]",
            expected: "syntax-error @3:3+6 doc=0 ptr=nil: unexpected content after the JSON value: found ']'"),
        // Empty input
        ErrorCase(name: "empty file", text: "", expected: "syntax-error @1:1+0 doc=0 ptr=nil: empty JSON file: expected a value"),
        ErrorCase(
            name: "whitespace only", text: "  \n ", expected: "syntax-error @2:2+4 doc=0 ptr=nil: expected a JSON value, found end of file"),
        ErrorCase(
            name: "only a comment in .jsonc", text: "// nothing\n", format: .jsonc,
            expected: "syntax-error @2:1+11 doc=0 ptr=nil: expected a JSON value, found end of file"),
        // Bytes that are not text, between values
        ErrorCase(name: "NUL between values", text: "[1,\u{0}2]", expected: "invalid-encoding @1:4+3 doc=0 ptr=nil: expected a JSON value, found a NUL byte"),
        ErrorCase(
            name: "a non-ASCII character is shown with its code point", text: "[1, é]",
            expected: "syntax-error @1:5+4 doc=0 ptr=nil: expected a JSON value, found 'é' (U+00E9)"),
        ErrorCase(
            name: "control character between values", text: "[1,\u{1}]",
            expected: "syntax-error @1:4+3 doc=0 ptr=nil: expected a JSON value, found control character U+0001"),
    ]

    @Test("syntax errors: exact message and position", arguments: errorCases)
    func error(_ c: ErrorCase) throws {
        let result = DocFixture.read(c.text, c.format)
        let d = try DocFixture.only(result)
        #expect(DocFixture.diagnostic(d) == c.expected)
        #expect(d.isFatal)
        #expect(d.range.start == d.range.end)
        #expect(result.stream?.documents.isEmpty == true, "nothing of a broken JSON file is kept")
    }

    /// Text with one raw byte sequence spliced in.
    static func splice(_ before: String, _ bad: [UInt8], _ after: String) -> [UInt8] {
        Array(before.utf8) + bad + Array(after.utf8)
    }

    static let invalidUTF8Cases: [([UInt8], String)] = [
        (splice("[\"a", [0xFF], "b\"]"), "invalid-encoding @1:4+3 doc=0 ptr=nil: invalid UTF-8 byte 0xFF"),
        (splice("[\"é", [0xC3], "\"]"), "invalid-encoding @1:4+4 doc=0 ptr=nil: invalid UTF-8 byte 0xC3"),
        // An encoded surrogate (U+D800) is not UTF-8.
        (splice("{\"k\":\n \"東", [0xED, 0xA0, 0x80], "\"}"), "invalid-encoding @2:4+11 doc=0 ptr=nil: invalid UTF-8 byte 0xED"),
        (splice("[", [0xFF], "]"), "invalid-encoding @1:2+1 doc=0 ptr=nil: expected a JSON value, found invalid UTF-8 byte 0xFF"),
        // An overlong NUL inside a .jsonc comment.
        (splice("// ", [0xC0, 0x80], "\n1"), "invalid-encoding @1:4+3 doc=0 ptr=nil: invalid UTF-8 byte 0xC0"),
    ]

    @Test("invalid UTF-8 is invalid-encoding, inside a string or a comment or between values", arguments: invalidUTF8Cases)
    func invalidUTF8(bytes: [UInt8], expected: String) throws {
        let format: SourceFormat = bytes.starts(with: "//".utf8) ? .jsonc : .json
        let d = try DocFixture.only(DocFixture.read(bytes: bytes, format))
        #expect(DocFixture.diagnostic(d) == expected)
    }

    @Test("nesting deeper than the default limit of 256 stops at the 257th bracket")
    func deepNesting() throws {
        let text = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        let d = try DocFixture.only(DocFixture.read(text, .json))
        #expect(DocFixture.diagnostic(d) == "input-limit @1:257+256 doc=0 ptr=nil: nesting is deeper than 256 levels (limit max-depth)")
        let ok = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(DocFixture.read(ok, .json).diagnostics.isEmpty)
        let objects = String(repeating: "{\"k\":", count: 257) + "1" + String(repeating: "}", count: 257)
        let o = try DocFixture.only(DocFixture.read(objects, .json))
        #expect(DocFixture.diagnostic(o) == "input-limit @1:1281+1280 doc=0 ptr=nil: nesting is deeper than 256 levels (limit max-depth)")
    }

    // MARK: - Duplicate keys

    @Test("duplicate keys in JSON: compared after unescaping, nested, and past eight keys", arguments: [
        ("{\"a\": 1, \"\\u0061\": 2}", ["duplicate-key @1:10+9 doc=0 ptr=/a: duplicate key \"a\"; it is first defined at line 1, column 2"]),
        ("{\"a\": {\"x\": 1, \"y\": 2, \"x\": 3}, \"a\": 4}", [
            "duplicate-key @1:24+23 doc=0 ptr=/a/x: duplicate key \"x\"; it is first defined at line 1, column 8",
            "duplicate-key @1:33+32 doc=0 ptr=/a: duplicate key \"a\"; it is first defined at line 1, column 2",
        ]),
        ("{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5, \"f\": 6, \"g\": 7, \"h\": 8, \"i\": 9, \"a\": 10}", [
            "duplicate-key @1:74+73 doc=0 ptr=/a: duplicate key \"a\"; it is first defined at line 1, column 2",
        ]),
        ("{\n  \"port\": 1,\n  \"port\": 2\n}", [
            "duplicate-key @3:3+17 doc=0 ptr=/port: duplicate key \"port\"; it is first defined at line 2, column 3",
        ]),
        ("[{\"k\": 1}, {\"k\": 2, \"K\": 3}]", []),
    ])
    func duplicates(text: String, expected: [String]) throws {
        let result = DocFixture.read(text, .json)
        #expect(result.diagnostics.map(DocFixture.diagnostic) == expected)
        #expect(result.stream?.documents.count == 1)
    }

    @Test("the last duplicate wins in the logical view, at the first key's place")
    func duplicateValue() throws {
        let result = DocFixture.read("{\"a\": 1, \"b\": 2, \"a\": 3}", .json)
        let s = try #require(result.stream)
        #expect(DocFixture.json(s) == "{\"a\":3,\"b\":2}")
        let d = try #require(result.diagnostics.first)
        #expect(d.related.map { DocFixture.span($0.range) } == "1:2+1-1:5+4")
        #expect(d.related?.message == "first definition of \"a\"")
    }
}
