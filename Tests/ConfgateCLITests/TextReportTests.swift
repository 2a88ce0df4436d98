import Foundation
import Testing

/// `--format text` (the default): `path:line:col: severity: message [rule-id]`, the source line with
/// a gutter and a caret under the range, related notes, a one-line summary; colour only on a
/// terminal without `NO_COLOR`, or with `--color always`.
@Suite struct TextReportTests {
    /// Three files: a duplicate key (YAML), a trailing comma (JSON), a clean one.
    static func sampleTree() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write("a.yaml", "server:\n  port: 8080\n  port: 9090\n")
        try dir.write("b.json", "{\"a\": 1,}\n")
        try dir.write("c.yml", "ok: 1\n")
        return dir
    }

    static let sampleReport = """
        a.yaml:3:3: error: duplicate key "port"; it is first defined at line 2, column 3 [duplicate-key]
         3 |   port: 9090
           |   ^~~~
        a.yaml:2:3: note: first definition of "port"
        b.json:1:8: error: trailing comma before '}' is not allowed in JSON [syntax-error]
         1 | {"a": 1,}
           |        ^
        2 errors, 0 warnings, 0 info (3 files checked)

        """

    @Test func reportsFindingsWithExcerptCaretNoteAndSummary() throws {
        let dir = try Self.sampleTree()
        let result = try CLI.run(["lint"], in: dir.url)
        #expect(lines(result.stdout) == lines(Self.sampleReport))
        #expect(result.stdout == Self.sampleReport)
        #expect(result.stderr == "")
        #expect(result.exited(1), "\(result)")
    }

    @Test func cleanRunPrintsOnlyTheSummary() throws {
        let dir = try TemporaryDirectory()
        try dir.write("ok.yaml", "a: 1\n")
        let one = try CLI.run(["lint", "ok.yaml"], in: dir.url)
        #expect(one.stdout == "no findings (1 file checked)\n")
        #expect(one.stderr == "")
        #expect(one.exited(0), "\(one)")

        try dir.write("ok2.json", "{}")
        let two = try CLI.run(["lint"], in: dir.url)
        #expect(two.stdout == "no findings (2 files checked)\n")
        #expect(two.exited(0), "\(two)")
    }

    @Test func singleFindingSummaryUsesSingular() throws {
        let dir = try TemporaryDirectory()
        try dir.write("bad.json", "[1 2]")
        let result = try CLI.run(["lint", "bad.json"], in: dir.url)
        #expect(
            lines(result.stdout) == [
                "bad.json:1:4: error: expected ',' or ']' after an array element, found '2' [syntax-error]",
                " 1 | [1 2]",
                "   |    ^",
                "1 error, 0 warnings, 0 info (1 file checked)",
            ])
        #expect(result.exited(1), "\(result)")
    }

    /// Columns count Unicode scalars, tabs in the line are reproduced under it so the caret lines up,
    /// the gutter widens with the line number, and long lines are cut to a window around the column.
    static let excerptCases: [(String, String, [String])] = [
        (
            "u.json", "{\"ü\": 1, \"ü\": 2}\n",
            [
                "u.json:1:10: error: duplicate key \"ü\"; it is first defined at line 1, column 2 [duplicate-key]",
                " 1 | {\"ü\": 1, \"ü\": 2}",
                "   |          ^~~",
                "u.json:1:2: note: first definition of \"ü\"",
            ]
        ),
        (
            "tab.json", "{\n\t\"k\": 1,\n\t\"k\": 2\n}\n",
            [
                "tab.json:3:2: error: duplicate key \"k\"; it is first defined at line 2, column 2 [duplicate-key]",
                " 3 | \t\"k\": 2",
                "   | \t^~~",
                "tab.json:2:2: note: first definition of \"k\"",
            ]
        ),
        (
            "gutter.yaml", String(repeating: "# filler\n", count: 11) + "k: 1\nk: 2\n",
            [
                "gutter.yaml:13:1: error: duplicate key \"k\"; it is first defined at line 12, column 1 [duplicate-key]",
                " 13 | k: 2",
                "    | ^",
                "gutter.yaml:12:1: note: first definition of \"k\"",
            ]
        ),
        (
            "crlf.yaml", "# comment\r\nk: 1\r\nk: 2\r\n",
            [
                "crlf.yaml:3:1: error: duplicate key \"k\"; it is first defined at line 2, column 1 [duplicate-key]",
                " 3 | k: 2",
                "   | ^",
                "crlf.yaml:2:1: note: first definition of \"k\"",
            ]
        ),
        (
            "bom.yaml", "\u{FEFF}k: 1\nk: 2\n",
            [
                "bom.yaml:2:1: error: duplicate key \"k\"; it is first defined at line 1, column 1 [duplicate-key]",
                " 2 | k: 2",
                "   | ^",
                "bom.yaml:1:1: note: first definition of \"k\"",
            ]
        ),
        (
            // 7 + 200 + 10 = 217 characters; the second "k" is at column 211. The window starts 53
            // characters before it (160 / 3), so 60 characters are shown after an ellipsis.
            "long.json", "{\"k\": \"" + String(repeating: "x", count: 200) + "\", \"k\": 1}\n",
            [
                "long.json:1:211: error: duplicate key \"k\"; it is first defined at line 1, column 2 [duplicate-key]",
                " 1 | …" + String(repeating: "x", count: 50) + "\", \"k\": 1}",
                "   | " + String(repeating: " ", count: 54) + "^~~",
                "long.json:1:2: note: first definition of \"k\"",
            ]
        ),
    ]

    @Test(arguments: excerptCases)
    func excerptLayout(file: String, text: String, expected: [String]) throws {
        let dir = try TemporaryDirectory()
        try dir.write(file, text)
        let result = try CLI.run(["lint", file], in: dir.url)
        #expect(lines(result.stdout) == expected + ["1 error, 0 warnings, 0 info (1 file checked)"])
        #expect(result.exited(1), "\(result)")
    }

    // MARK: - Colour

    @Test func noColourWhenPiped() throws {
        let dir = try Self.sampleTree()
        for arguments in [["lint"], ["lint", "--color", "auto"], ["lint", "--color", "never"]] {
            let result = try CLI.run(arguments, in: dir.url)
            #expect(!result.stdout.contains("\u{1B}"), "\(arguments)")
            #expect(result.stdout == Self.sampleReport, "\(arguments)")
        }
    }

    @Test func colourAlwaysEvenWhenPiped() throws {
        let dir = try TemporaryDirectory()
        try dir.write("b.json", "{\"a\": 1,}\n")
        try dir.write("ok.yaml", "a: 1\n")
        let e = "\u{1B}["
        let result = try CLI.run(["lint", "--color", "always", "b.json"], in: dir.url)
        #expect(
            lines(result.stdout) == [
                "\(e)1mb.json:1:8:\(e)0m \(e)1;31merror\(e)0m: trailing comma before '}' is not allowed in JSON \(e)2m[syntax-error]\(e)0m",
                " \(e)2m1 |\(e)0m {\"a\": 1,}",
                " \(e)2m  |\(e)0m        \(e)1;32m^\(e)0m",
                "\(e)1m1 error, 0 warnings, 0 info\(e)0m (1 file checked)",
            ])
        #expect(result.exited(1), "\(result)")

        // An explicit flag wins over NO_COLOR (no-color.org: user-level configuration overrides it).
        let clean = try CLI.run(["lint", "--color", "always", "ok.yaml"], in: dir.url, environment: ["NO_COLOR": "1"])
        #expect(clean.stdout == "\(e)2mno findings (1 file checked)\(e)0m\n")
        #expect(clean.exited(0), "\(clean)")
    }

    @Test func noColourInReportFileOrJSON() throws {
        let dir = try TemporaryDirectory()
        try dir.write("b.json", "{\"a\": 1,}\n")
        let file = try CLI.run(["lint", "--color", "always", "--output", "report.txt", "b.json"], in: dir.url)
        #expect(file.stdout == "")
        #expect(!(try dir.read("report.txt")).contains("\u{1B}"))
        let json = try CLI.run(["lint", "--color", "always", "--format", "json", "b.json"], in: dir.url)
        #expect(!json.stdout.contains("\u{1B}"))
    }

    /// On a terminal, `auto` colours unless `NO_COLOR` is set to a non-empty value.
    @Test func colourOnATerminalUnlessNoColor() throws {
        let dir = try TemporaryDirectory()
        try dir.write("b.json", "{\"a\": 1,}\n")
        let e = "\u{1B}["
        let coloured = [
            "\(e)1mb.json:1:8:\(e)0m \(e)1;31merror\(e)0m: trailing comma before '}' is not allowed in JSON \(e)2m[syntax-error]\(e)0m",
            " \(e)2m1 |\(e)0m {\"a\": 1,}",
            " \(e)2m  |\(e)0m        \(e)1;32m^\(e)0m",
            "\(e)1m1 error, 0 warnings, 0 info\(e)0m (1 file checked)",
        ]
        let plain = [
            "b.json:1:8: error: trailing comma before '}' is not allowed in JSON [syntax-error]",
            " 1 | {\"a\": 1,}",
            "   |        ^",
            "1 error, 0 warnings, 0 info (1 file checked)",
        ]
        let auto = try CLI.runOnTerminal(["lint", "b.json"], in: dir.url)
        #expect(lines(auto.stdout) == coloured)
        #expect(auto.exited(1), "\(auto)")

        let emptyNoColor = try CLI.runOnTerminal(["lint", "b.json"], in: dir.url, environment: ["NO_COLOR": ""])
        #expect(lines(emptyNoColor.stdout) == coloured)

        let noColor = try CLI.runOnTerminal(["lint", "b.json"], in: dir.url, environment: ["NO_COLOR": "1"])
        #expect(lines(noColor.stdout) == plain)
        #expect(noColor.exited(1), "\(noColor)")

        let never = try CLI.runOnTerminal(["lint", "--color", "never", "b.json"], in: dir.url)
        #expect(lines(never.stdout) == plain)
    }
}
