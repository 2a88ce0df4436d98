import ConfgateDocument
import Testing

/// `YAMLWriter`: block YAML that reads back to the same value, strings quoted only when a reader
/// could take them for something else.
@Suite struct YAMLWriterTests {
    /// Strings and how they are written: plain when safe, else JSON-style double quotes.
    static let strings: [(String, String)] = [
        ("api", "api"), ("hello world", "hello world"), ("${DB_HOST}", "${DB_HOST}"), ("/var/run", "/var/run"),
        ("a,b", "a,b"), ("it's", "it's"), ("a:b", "a:b"), ("a#b", "a#b"), ("x-y", "x-y"), ("ünïcode", "ünïcode"),
        ("", #""""#), ("true", #""true""#), ("False", #""False""#), ("yes", #""yes""#), ("NO", #""NO""#), ("on", #""on""#),
        ("off", #""off""#), ("y", #""y""#), ("null", #""null""#), ("~", #""~""#), ("<<", #""<<""#), ("=", #""=""#),
        ("8080", #""8080""#), ("0777", #""0777""#), ("1_000", #""1_000""#), ("1.2.3", #""1.2.3""#),
        ("2024-01-01", #""2024-01-01""#), ("1:30", #""1:30""#), (".5", #"".5""#), (".inf", #"".inf""#), ("+1", #""+1""#),
        ("-1", #""-1""#), ("- item", #""- item""#), ("---", #""---""#), ("...", #""...""#), (" lead", #"" lead""#),
        ("trail ", #""trail ""#), ("key: value", #""key: value""#), ("ends:", #""ends:""#), ("a #b", #""a #b""#),
        ("#c", ##""#c""##), ("&a", #""&a""#), ("*a", #""*a""#), ("!tag", #""!tag""#), ("|", #""|""#), (">", #"">""#),
        ("'q'", #""'q'""#), ("\"q\"", #""\"q\"""#), ("%x", #""%x""#), ("@x", #""@x""#), ("`x`", #""`x`""#),
        ("{a}", #""{a}""#), ("[a]", #""[a]""#), ("?x", #""?x""#), ("tab\there", #""tab\there""#),
        ("two\nlines", #""two\nlines""#), ("back\\slash", #"back\slash"#), ("bell\u{7}", #""bell\u0007""#),
        ("nel\u{85}", #""nel\u0085""#), ("ls\u{2028}", #""ls\u2028""#), ("\u{FEFF}bom", #""\uFEFFbom""#),
    ]

    @Test func stringsAreQuotedOnlyWhenNeeded() {
        for (value, written) in Self.strings {
            #expect(YAMLWriter.string(value) == written, "\(value.debugDescription)")
        }
    }

    /// Every string, as a key and as a value, reads back through confgate's YAML reader as itself.
    @Test func everyStringReadsBack() throws {
        let members = Self.strings.map { DocumentValue.Member($0.0, .string($0.0)) }
        let value = DocumentValue.object([.init("items", .array(Self.strings.map { .string($0.0) }))] + members.filter { $0.key != "items" })
        let yaml = YAMLWriter.write(value)
        let read = DocumentReader().read(Array(yaml.utf8), format: .yaml)
        let stream = try #require(read.stream)
        #expect(read.diagnostics.isEmpty, "\(read.diagnostics)")
        #expect(JSONWriter.compact(stream, stream.documents[0].root) == value.compactJSON)
    }

    @Test func blockLayout() {
        let value = DocumentValue.object([
            .init("server", .object([.init("host", .string("0.0.0.0")), .init("port", .number("8443"))])),
            .init("hosts", .array([.string("a"), .object([.init("name", .string("b")), .init("weight", .number("0.5"))]), .array([.bool(true), .null]), .array([])])),
            .init("empty", .object([])),
            .init("nothing", .null),
        ])
        #expect(
            YAMLWriter.write(value, comment: { $0 == "/server/port" || $0 == "/empty" || $0 == "/hosts/1/weight" ? "why" : nil })
                == """
                server:
                  host: "0.0.0.0"
                  port: 8443  # why
                hosts:
                  - a
                  - name: b
                    weight: 0.5  # why
                  - - true
                    - null
                  - []
                empty: {}  # why
                nothing: null

                """)
        #expect(YAMLWriter.write(.string("yes")) == "\"yes\"\n")
        #expect(YAMLWriter.write(.object([])) == "{}\n")
        #expect(value.prettyJSON.hasPrefix("{\n  \"server\": {\n    \"host\": \"0.0.0.0\",\n    \"port\": 8443\n  },\n"))
    }
}
