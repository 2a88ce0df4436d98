import ConfgateDocument
import Testing

/// YAML scalar typing: the YAML 1.2 core schema, except that text a YAML 1.1 reader would type
/// differently stays a string (docs/yaml-typing.md). Each case is read as the value of `k:`.
@Suite("scalar typing")
struct ScalarTypingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var type: ScalarType
        /// The value as `confgate dump` writes it.
        var json: String
        var tag: String? = nil
        var testDescription: String { text }
    }

    static let core: [Case] = [
        // null
        Case(text: "~", type: .null, json: "null"),
        Case(text: "null", type: .null, json: "null"),
        Case(text: "Null", type: .null, json: "null"),
        Case(text: "NULL", type: .null, json: "null"),
        Case(text: "", type: .null, json: "null"),
        Case(text: "nULL", type: .string, json: "\"nULL\""),
        Case(text: "~~", type: .string, json: "\"~~\""),
        Case(text: "nil", type: .string, json: "\"nil\""),
        Case(text: "None", type: .string, json: "\"None\""),
        // bool
        Case(text: "true", type: .bool, json: "true"),
        Case(text: "True", type: .bool, json: "true"),
        Case(text: "TRUE", type: .bool, json: "true"),
        Case(text: "false", type: .bool, json: "false"),
        Case(text: "False", type: .bool, json: "false"),
        Case(text: "FALSE", type: .bool, json: "false"),
        Case(text: "tRUE", type: .string, json: "\"tRUE\""),
        // integer: exact text kept, hexadecimal written in decimal
        Case(text: "0", type: .integer, json: "0"),
        Case(text: "-0", type: .integer, json: "-0"),
        Case(text: "42", type: .integer, json: "42"),
        Case(text: "+12", type: .integer, json: "12"),
        Case(text: "-7", type: .integer, json: "-7"),
        Case(text: "0x1F", type: .integer, json: "31"),
        Case(text: "0xff", type: .integer, json: "255"),
        Case(text: "0x123456789ABCDEF0123456789", type: .integer, json: "90144042682896311822508713865"),
        Case(text: "123456789012345678901234567890", type: .integer, json: "123456789012345678901234567890"),
        // number: exact text kept
        Case(text: "1.5", type: .number, json: "1.5"),
        Case(text: "1.10", type: .number, json: "1.10"),
        Case(text: ".5", type: .number, json: "0.5"),
        Case(text: "-.5", type: .number, json: "-0.5"),
        Case(text: "+.5", type: .number, json: "0.5"),
        Case(text: "1.", type: .number, json: "1.0"),
        Case(text: "0.", type: .number, json: "0.0"),
        Case(text: "1e3", type: .number, json: "1e3"),
        Case(text: "1E+3", type: .number, json: "1e3"),
        Case(text: "1.0e+3", type: .number, json: "1.0e3"),
        Case(text: "-1.5e-3", type: .number, json: "-1.5e-3"),
        Case(text: "6.8523015e+5", type: .number, json: "6.8523015e5"),
        Case(text: "1e400", type: .number, json: "1e400"),
        Case(text: ".inf", type: .number, json: "1e999"),
        Case(text: "-.Inf", type: .number, json: "-1e999"),
        Case(text: "+.INF", type: .number, json: "1e999"),
        Case(text: ".nan", type: .number, json: "null"),
        Case(text: ".NaN", type: .number, json: "null"),
        Case(text: ".NAN", type: .number, json: "null"),
        // Look like numbers but are not core-schema numbers.
        Case(text: "-.nan", type: .string, json: "\"-.nan\""),
        Case(text: ".Inf.", type: .string, json: "\".Inf.\""),
        Case(text: ".", type: .string, json: "\".\""),
        Case(text: "1e", type: .string, json: "\"1e\""),
        Case(text: "12e3.5", type: .string, json: "\"12e3.5\""),
        Case(text: "1.0.0", type: .string, json: "\"1.0.0\""),
        Case(text: "1,000", type: .string, json: "\"1,000\""),
        Case(text: "0X1F", type: .string, json: "\"0X1F\""),
        Case(text: "-0x1F", type: .string, json: "\"-0x1F\""),
        Case(text: "+0x1", type: .string, json: "\"+0x1\""),
        Case(text: "0b101", type: .string, json: "\"0b101\""),
    ]

    /// Text that YAML 1.1 readers (PyYAML, Psych, go-yaml v2, SnakeYAML) type as something else: it
    /// stays a string, so neither reading is silently applied.
    static let yaml11: [Case] = [
        Case(text: "yes", type: .string, json: "\"yes\""),
        Case(text: "no", type: .string, json: "\"no\""),
        Case(text: "Yes", type: .string, json: "\"Yes\""),
        Case(text: "NO", type: .string, json: "\"NO\""),
        Case(text: "on", type: .string, json: "\"on\""),
        Case(text: "off", type: .string, json: "\"off\""),
        Case(text: "ON", type: .string, json: "\"ON\""),
        Case(text: "y", type: .string, json: "\"y\""),
        Case(text: "n", type: .string, json: "\"n\""),
        Case(text: "0777", type: .string, json: "\"0777\""),
        Case(text: "00", type: .string, json: "\"00\""),
        Case(text: "0o17", type: .string, json: "\"0o17\""),
        Case(text: "1_000", type: .string, json: "\"1_000\""),
        Case(text: "1_000.5", type: .string, json: "\"1_000.5\""),
        Case(text: "685.230_15e+03", type: .string, json: "\"685.230_15e+03\""),
        Case(text: "1:30", type: .string, json: "\"1:30\""),
        Case(text: "190:20:30", type: .string, json: "\"190:20:30\""),
        Case(text: "2001-12-14", type: .string, json: "\"2001-12-14\""),
        Case(text: "2001-12-14t21:59:43.10-05:00", type: .string, json: "\"2001-12-14t21:59:43.10-05:00\""),
    ]

    /// Quoted and block scalars are strings whatever their text.
    static let quoted: [Case] = [
        Case(text: "\"12\"", type: .string, json: "\"12\""),
        Case(text: "'true'", type: .string, json: "\"true\""),
        Case(text: "\"null\"", type: .string, json: "\"null\""),
        Case(text: "\"\"", type: .string, json: "\"\""),
        Case(text: "'~'", type: .string, json: "\"~\""),
        Case(text: "|\n  12", type: .string, json: "\"12\\n\""),
        Case(text: ">-\n  true", type: .string, json: "\"true\""),
    ]

    /// Core-schema tags decide the type when the text fits it (else string); other tags are kept as
    /// data and leave the type as written.
    static let tagged: [Case] = [
        Case(text: "!!str 123", type: .string, json: "\"123\"", tag: "tag:yaml.org,2002:str"),
        Case(text: "!!str null", type: .string, json: "\"null\"", tag: "tag:yaml.org,2002:str"),
        Case(text: "!!int \"12\"", type: .integer, json: "12", tag: "tag:yaml.org,2002:int"),
        Case(text: "!!int 0x1F", type: .integer, json: "31", tag: "tag:yaml.org,2002:int"),
        Case(text: "!!int \"0777\"", type: .string, json: "\"0777\"", tag: "tag:yaml.org,2002:int"),
        Case(text: "!!int 1.5", type: .string, json: "\"1.5\"", tag: "tag:yaml.org,2002:int"),
        Case(text: "!!float 1", type: .number, json: "1", tag: "tag:yaml.org,2002:float"),
        Case(text: "!!float \"1.5\"", type: .number, json: "1.5", tag: "tag:yaml.org,2002:float"),
        Case(text: "!!float .inf", type: .number, json: "1e999", tag: "tag:yaml.org,2002:float"),
        Case(text: "!!bool \"true\"", type: .bool, json: "true", tag: "tag:yaml.org,2002:bool"),
        Case(text: "!!bool yes", type: .string, json: "\"yes\"", tag: "tag:yaml.org,2002:bool"),
        Case(text: "!!null \"\"", type: .null, json: "null", tag: "tag:yaml.org,2002:null"),
        Case(text: "!!null x", type: .string, json: "\"x\"", tag: "tag:yaml.org,2002:null"),
        Case(text: "!!timestamp 2001-12-14", type: .string, json: "\"2001-12-14\"", tag: "tag:yaml.org,2002:timestamp"),
        Case(text: "!!binary aGk=", type: .string, json: "\"aGk=\"", tag: "tag:yaml.org,2002:binary"),
        Case(text: "! 12", type: .string, json: "\"12\"", tag: "!"),
        Case(text: "!Ref x", type: .string, json: "\"x\"", tag: "!Ref"),
        Case(text: "!Ref 12", type: .integer, json: "12", tag: "!Ref"),
        Case(text: "!Ref \"12\"", type: .string, json: "\"12\"", tag: "!Ref"),
        Case(text: "!vault true", type: .bool, json: "true", tag: "!vault"),
    ]

    func check(_ c: Case) throws {
        let s = try DocFixture.stream("k: \(c.text)\n")
        let node = try DocFixture.node(s, "/k")
        #expect(s.scalarType(node) == c.type)
        #expect(JSONWriter.compact(s, node) == c.json)
        #expect(s.tag(node) == c.tag)
        // The exact text is kept whatever the type: properties and quotes in the source text,
        // the plain scalar itself as the value.
        #expect(s.sourceText(node) == c.text.replacingNewlines)
        if s.scalarStyle(node) == .plain && c.tag == nil {
            #expect(s.string(node) == c.text)
        }
    }

    @Test("YAML 1.2 core schema", arguments: core)
    func coreSchema(_ c: Case) throws { try check(c) }

    @Test("YAML 1.1 values stay strings", arguments: yaml11)
    func yaml11Strings(_ c: Case) throws { try check(c) }

    @Test("quoted and block scalars are strings", arguments: quoted)
    func quotedStrings(_ c: Case) throws { try check(c) }

    @Test("tags", arguments: tagged)
    func tags(_ c: Case) throws { try check(c) }

    @Test("a key is typed like a value, and a dump writes it as its text")
    func keys() throws {
        let s = try DocFixture.stream("1: a\ntrue: b\n~: c\n0x1F: d\n\"2\": e\n")
        let keys = s.entries(s.documents[0].root).map(\.key)
        #expect(keys.map { s.scalarType($0) } == [.integer, .bool, .null, .integer, .string])
        #expect(DocFixture.json(s) == "{\"1\":\"a\",\"true\":\"b\",\"~\":\"c\",\"0x1F\":\"d\",\"2\":\"e\"}")
    }

    @Test("scalar type names as printed in messages")
    func typeNames() {
        #expect(
            [ScalarType.null, .bool, .integer, .number, .string].map(\.description)
                == ["null", "boolean", "integer", "number", "string"])
    }
}

extension String {
    /// The source text of a block scalar case as it appears after `k: ` (the reader keeps the final
    /// line break the test appends).
    fileprivate var replacingNewlines: String {
        hasPrefix("|") || hasPrefix(">") ? self + "\n" : self
    }
}
