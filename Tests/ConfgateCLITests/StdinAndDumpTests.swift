import Foundation
import Testing

/// `lint -` reads standard input; `--stdin-filename` names it in the report and picks the format.
@Suite struct StdinTests {
    /// `{"a": 1,}` is valid YAML (a flow mapping) but not valid JSON: the name decides which it is.
    @Test func stdinFilenamePicksFormatAndReportedPath() throws {
        let dir = try TemporaryDirectory()
        let input = Array("{\"a\": 1,}".utf8)
        let asJSON = try CLI.run(["lint", "-", "--stdin-filename", "conf/x.json"], in: dir.url, stdin: input)
        #expect(
            lines(asJSON.stdout) == [
                "conf/x.json:1:8: error: trailing comma before '}' is not allowed in JSON [syntax-error]",
                " 1 | {\"a\": 1,}",
                "   |        ^",
                "1 error, 0 warnings, 0 info (1 file checked)",
            ])
        #expect(asJSON.exited(1), "\(asJSON)")

        let asYAML = try CLI.run(["lint", "-"], in: dir.url, stdin: input)
        #expect(asYAML.stdout == "no findings (1 file checked)\n")
        #expect(asYAML.exited(0), "\(asYAML)")

        let named = try CLI.run(["lint", "--stdin-filename", "x.yml", "-"], in: dir.url, stdin: input)
        #expect(named.stdout == "no findings (1 file checked)\n")
        #expect(named.exited(0), "\(named)")

        // .jsonc allows comments and trailing commas.
        let jsonc = try CLI.run(
            ["lint", "-", "--stdin-filename", "tsconfig.jsonc"], in: dir.url, stdin: Array("{\"a\": 1, // note\n}\n".utf8))
        #expect(jsonc.stdout == "no findings (1 file checked)\n")
        #expect(jsonc.exited(0), "\(jsonc)")
    }

    @Test func stdinDefaultNameAndJSONReport() throws {
        let dir = try TemporaryDirectory()
        let result = try CLI.run(["lint", "--format", "json", "-"], in: dir.url, stdin: Array("k: 1\nk: 2\n".utf8))
        #expect(result.exited(1), "\(result)")
        let findings = try JSONReport(result.stdout).findings.map { try FindingFields($0) }
        #expect(
            findings == [
                FindingFields(
                    rule: "duplicate-key", message: "duplicate key \"k\"; it is first defined at line 1, column 1",
                    file: "<stdin>", line: 2, column: 1, endLine: 2, endColumn: 2, pointer: "/k", document: 0)
            ])
    }

    /// Standard input is reported first, then the other paths in order.
    @Test func stdinAmongOtherPaths() throws {
        let dir = try TemporaryDirectory()
        try dir.write("f.yaml", "k: 1\nk: 2\n")
        let result = try CLI.run(
            ["lint", "f.yaml", "-", "--stdin-filename", "piped.json"], in: dir.url, stdin: Array("[1,]".utf8))
        #expect(
            lines(result.stdout) == [
                "piped.json:1:3: error: trailing comma before ']' is not allowed in JSON [syntax-error]",
                " 1 | [1,]",
                "   |   ^",
                "f.yaml:2:1: error: duplicate key \"k\"; it is first defined at line 1, column 1 [duplicate-key]",
                " 2 | k: 2",
                "   | ^",
                "f.yaml:1:1: note: first definition of \"k\"",
                "2 errors, 0 warnings, 0 info (2 files checked)",
            ])
        #expect(result.exited(1), "\(result)")
    }

    @Test func emptyStdinIsValid() throws {
        let dir = try TemporaryDirectory()
        for name in ["e.yaml", "e.json"] {
            let result = try CLI.run(["lint", "-", "--stdin-filename", name], in: dir.url, stdin: [])
            if name == "e.yaml" {
                #expect(result.stdout == "no findings (1 file checked)\n")
                #expect(result.exited(0), "\(result)")
            } else {
                // An empty JSON text is not a JSON value (RFC 8259).
                #expect(
                    lines(result.stdout) == [
                        "e.json:1:1: error: empty JSON file: expected a value [syntax-error]",
                        " 1 | ",
                        "   | ^",
                        "1 error, 0 warnings, 0 info (1 file checked)",
                    ])
                #expect(result.exited(1), "\(result)")
            }
        }
    }
}

/// `confgate dump FILE`: one JSON value per YAML document, one per line.
@Suite struct DumpTests {
    /// YAML 1.2 core schema typing: YAML 1.1 booleans, octals, underscores and sexagesimals stay
    /// strings; aliases are expanded and merge keys applied.
    @Test func dumpPrintsJSONLinesForAMultiDocumentStream() throws {
        let dir = try TemporaryDirectory()
        try dir.write(
            "t.yaml",
            """
            a: 0777
            b: yes
            c: 1_000
            d: on
            e: 0x1F
            f: 1.5e3
            g: ~
            h: 12:30
            i: 0o17
            k: "x\\ty"
            l: 007
            n: 1.0
            ---
            - &x {k: v}
            - *x
            ---
            base: &b {p: 1, q: 0}
            derived:
              <<: *b
              q: 2
            ---

            """)
        let result = try CLI.run(["dump", "t.yaml"], in: dir.url)
        #expect(
            lines(result.stdout) == [
                #"{"a":"0777","b":"yes","c":"1_000","d":"on","e":31,"f":1.5e3,"g":null,"h":"12:30","i":"0o17","k":"x\ty","l":"007","n":1.0}"#,
                #"[{"k":"v"},{"k":"v"}]"#,
                #"{"base":{"p":1,"q":0},"derived":{"p":1,"q":2}}"#,
                "null",
            ])
        #expect(result.stderr == "")
        #expect(result.exited(0), "\(result)")
        // Every line is a JSON value on its own.
        for line in lines(result.stdout) {
            #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: Data(line.utf8), options: .fragmentsAllowed) }
        }
    }

    @Test func dumpKeepsJSONNumbersAsWritten() throws {
        let dir = try TemporaryDirectory()
        try dir.write("n.json", "{\"big\": 12345678901234567890123, \"exact\": 0.10, \"e\": 1E+2, \"s\": \"\\u00e9\"}")
        let result = try CLI.run(["dump", "n.json"], in: dir.url)
        // Digits are kept exactly (no rounding through a Double); only the exponent's spelling is normalised.
        #expect(result.stdout == "{\"big\":12345678901234567890123,\"exact\":0.10,\"e\":1e2,\"s\":\"é\"}\n")
        #expect(result.exited(0), "\(result)")

        let stdin = try CLI.run(["dump", "-", "--stdin-filename", "x.json"], in: dir.url, stdin: Array("[1, 2.50]".utf8))
        #expect(stdin.stdout == "[1,2.50]\n")
        #expect(stdin.exited(0), "\(stdin)")
    }

    /// A syntax error: the documents before it are printed, the finding goes to stderr, exit 1.
    @Test func dumpReportsASyntaxErrorOnStderr() throws {
        let dir = try TemporaryDirectory()
        try dir.write("e.yaml", "a: 1\n---\nb: [1, 2\n")
        let result = try CLI.run(["dump", "e.yaml"], in: dir.url)
        #expect(result.stdout == "{\"a\":1}\n")
        #expect(
            lines(result.stderr) == [
                "e.yaml:4:1: error: unexpected end of file: did not find expected ',' or ']' (while parsing a flow sequence that started at line 3, column 4) [syntax-error]",
                " 4 | ",
                "   | ^",
                "1 error, 0 warnings, 0 info (1 file checked)",
            ])
        #expect(result.exited(1), "\(result)")

        try dir.write("e.json", "{\"a\": tru}")
        let json = try CLI.run(["dump", "e.json"], in: dir.url)
        #expect(json.stdout == "")
        #expect(
            lines(json.stderr) == [
                "e.json:1:7: error: expected a JSON value, found 'tru' [syntax-error]",
                " 1 | {\"a\": tru}",
                "   |       ^",
                "1 error, 0 warnings, 0 info (1 file checked)",
            ])
        #expect(json.exited(1), "\(json)")
    }

    /// A duplicate key is a finding but not a reading failure: the document is printed (last value
    /// wins, as loaders do) and the finding reported.
    @Test func dumpWithDuplicateKey() throws {
        let dir = try TemporaryDirectory()
        try dir.write("d.yaml", "k: 1\nk: 2\n")
        let result = try CLI.run(["dump", "d.yaml"], in: dir.url)
        #expect(
            lines(result.stderr) == [
                "d.yaml:2:1: error: duplicate key \"k\"; it is first defined at line 1, column 1 [duplicate-key]",
                " 2 | k: 2",
                "   | ^",
                "d.yaml:1:1: note: first definition of \"k\"",
                "1 error, 0 warnings, 0 info (1 file checked)",
            ])
        #expect(result.exited(1), "\(result)")
        #expect(result.stdout == "{\"k\":2}\n")
    }
}
