import ConfgateDocument
import ConfgateEngine
import Testing

/// Suppression comments and `ignore:` entries (docs/suppressions.md): which findings they silence,
/// exactly, and what they report about themselves.
@Suite struct SuppressionTests {
    /// A finding as one line: `line:column rule`, and for a suppressed one what silenced it.
    static func describe(_ f: Finding) -> String {
        let at = f.range.map { "\($0.start.line):\($0.start.column)" } ?? "-"
        guard let s = f.suppression else { return "\(at) \(f.rule)" }
        return "\(at) \(f.rule) | \(s.kind.rawValue) \(s.source) \"\(s.justification)\""
    }

    /// Active findings, then suppressed ones, each as a line.
    static func outcome(_ result: FileResult) -> [String] {
        result.findings.map(describe) + result.suppressed.map(describe)
    }

    // MARK: - Comments

    struct CommentCase: Sendable, CustomTestStringConvertible {
        var name: String
        var file: String = "c.yaml"
        var text: String
        var expected: [String]
        var testDescription: String { name }
    }

    static let commentCases: [CommentCase] = [
        CommentCase(
            name: "a comment on its own line covers the next line",
            text: "a: 1\n# confgate: ignore[duplicate-key] generated file\na: 2\n",
            expected: [#"3:1 duplicate-key | inSource comment at line 2 "generated file""#]),
        CommentCase(
            name: "a trailing comment covers its own line",
            text: "a: 1\na: 2  # confgate: ignore[duplicate-key] generated file\n",
            expected: [#"2:1 duplicate-key | inSource comment at line 2 "generated file""#]),
        CommentCase(
            name: "a trailing comment does not cover the next line",
            text: "a: 1 # confgate: ignore[duplicate-key] wrong line\na: 2\n",
            expected: ["2:1 duplicate-key"]),
        CommentCase(
            name: "an own-line comment two lines up covers nothing",
            text: "a: 1\n# confgate: ignore[duplicate-key] too far\n\na: 2\n",
            expected: ["4:1 duplicate-key"]),
        CommentCase(
            name: "comments on their own lines stack",
            text: "a: 1\n# confgate: ignore[schema-type] another rule\n  # confgate: ignore[duplicate-key] stacked\na: 2\n",
            expected: [#"4:1 duplicate-key | inSource comment at line 3 "stacked""#]),
        CommentCase(
            name: "a prefix id",
            text: "a: 1\na: 2 # confgate: ignore[duplicate-*] any duplicate\n",
            expected: [#"2:1 duplicate-key | inSource comment at line 2 "any duplicate""#]),
        CommentCase(
            name: "a lone star is every rule",
            text: "a: 1\na: 2 # confgate: ignore[*] anything\n",
            expected: [#"2:1 duplicate-key | inSource comment at line 2 "anything""#]),
        CommentCase(
            name: "several ids, spaces around them",
            text: "a: 1\na: 2 # confgate: ignore[ schema-type ,duplicate-key] both\n",
            expected: [#"2:1 duplicate-key | inSource comment at line 2 "both""#]),
        CommentCase(
            name: "another rule's id does not suppress",
            text: "a: 1\na: 2 # confgate: ignore[schema-type, duplicate-keys] typo\n",
            expected: ["2:1 duplicate-key"]),
        CommentCase(
            name: "no space is needed after # or after the colon",
            text: "a: 1\na: 2 #confgate:ignore[duplicate-key] terse\n",
            expected: [#"2:1 duplicate-key | inSource comment at line 2 "terse""#]),
        CommentCase(
            name: "a malformed id makes the directive void rather than broader",
            text: "a: 1\na: 2 # confgate: ignore[Duplicate-Key] capitals\nb: 1\nb: 2 # confgate: ignore duplicate-key\n",
            expected: ["2:1 duplicate-key", "4:1 duplicate-key"]),
        CommentCase(
            name: "without a reason it still suppresses, and is a warning at the comment",
            text: "a: 1\na: 2 # confgate: ignore[duplicate-key]   \n",
            expected: [
                "2:6 suppression-missing-reason", #"2:1 duplicate-key | inSource comment at line 2 """#,
            ]),
        CommentCase(
            name: "a # inside a quoted string on the finding's line is not a comment",
            text: "a: 1\na: \"x # confgate: ignore[duplicate-key] not a comment\"\n",
            expected: ["2:1 duplicate-key"]),
        CommentCase(
            name: "a # on a continuation line of a quoted string is not a comment",
            text: "a: 'x\n  # confgate: ignore[duplicate-key] not a comment'\na: 2\n",
            expected: ["3:1 duplicate-key"]),
        CommentCase(
            name: "a # in a block scalar is not a comment; a less indented one after it is",
            text: "a: |\n  # confgate: ignore[duplicate-key] text\na: 2\nb: >\n  x\n# confgate: ignore[duplicate-key] after the scalar\nb: 3\n",
            expected: ["3:1 duplicate-key", #"7:1 duplicate-key | inSource comment at line 6 "after the scalar""#]),
        CommentCase(
            name: "a # glued to a plain scalar is part of it",
            text: "a: 1\na: x#confgate:ignore[duplicate-key]glued\n",
            expected: ["2:1 duplicate-key"]),
        CommentCase(
            name: "CRLF line endings and multi-byte characters before the comment",
            text: "a: 1\r\nä: 東京\r\n# confgate: ignore[duplicate-key] crlf\r\na: 2\r\n",
            expected: [#"4:1 duplicate-key | inSource comment at line 3 "crlf""#]),
        CommentCase(
            name: "the warning's column counts characters",
            text: "a: 1\na: 東京 # confgate: ignore[duplicate-key]\n",
            expected: ["2:7 suppression-missing-reason", #"2:1 duplicate-key | inSource comment at line 2 """#]),
        CommentCase(
            name: "a comment at the very end of the file, without a line break",
            text: "a: 1\na: 2 # confgate: ignore[duplicate-key] eof",
            expected: [#"2:1 duplicate-key | inSource comment at line 2 "eof""#]),
        CommentCase(
            name: "a later document of a stream",
            text: "x: 1\n---\na: 1\n# confgate: ignore[duplicate-key] second document\na: 2\n",
            expected: [#"5:1 duplicate-key | inSource comment at line 4 "second document""#]),
        CommentCase(
            name: "comments are not read past a syntax error",
            text: "a: 1\na: 2 # confgate: ignore[duplicate-key] before the error\n---\nb: [\n",
            expected: [
                "5:1 syntax-error", #"2:1 duplicate-key | inSource comment at line 2 "before the error""#,
            ]),
        CommentCase(
            name: "the suppression warnings cannot be suppressed by a comment",
            text: "a: 1\na: 2 # confgate: ignore[*]\n",
            expected: ["2:6 suppression-missing-reason", #"2:1 duplicate-key | inSource comment at line 2 """#]),
        CommentCase(
            name: "JSON has no comments",
            file: "c.json", text: "{\"a\": 1,\n \"a\": 2}\n",
            expected: ["2:2 duplicate-key"]),
        CommentCase(
            name: "JSONC: // comments, not inside strings or block comments",
            file: "c.jsonc",
            text: "{\"a\": 1,\n // confgate: ignore[duplicate-key] jsonc\n \"a\": 2,\n \"b\": \"// confgate: ignore[duplicate-key] string\",\n \"b\": 3, /* // confgate: ignore[duplicate-key] block */\n \"b\": 4}\n",
            expected: [
                "5:2 duplicate-key", "6:2 duplicate-key",
                #"3:2 duplicate-key | inSource comment at line 2 "jsonc""#,
            ]),
    ]

    @Test(arguments: commentCases)
    func comments(_ c: CommentCase) {
        #expect(SuppressionTests.outcome(lint(c.text, as: c.file)) == c.expected)
    }

    @Test func aCommentFindingIsExact() throws {
        let result = lint("a: 1\na: 2 # confgate: ignore[duplicate-key, schema-*]\n", as: "c.yaml")
        #expect(
            result.findings == [
                Finding(
                    rule: "suppression-missing-reason", category: .config, severity: .warning,
                    message: "suppression comment for \"duplicate-key\", \"schema-*\" has no reason", file: "c.yaml",
                    range: span(line: 2, column: 6, offset: 10, endColumn: 49, endOffset: 53))
            ])
        let suppressed = try #require(result.suppressed.first)
        #expect(
            suppressed.suppression
                == Suppression(
                    origin: .comment, justification: "", source: "comment at line 2", file: "c.yaml",
                    range: span(line: 2, column: 6, offset: 10, endColumn: 49, endOffset: 53)))
        #expect(suppressed.suppression?.kind == .inSource)
        // The excerpt of a suppressed finding's line is kept, for reporters that show it.
        #expect(result.excerpts[2] == "a: 2 # confgate: ignore[duplicate-key, schema-*]")
    }

    // MARK: - Rule patterns

    @Test func rulePatterns() {
        for valid in ["duplicate-key", "schema-type", "secret-*", "schema*", "*", "a1-b2"] {
            #expect(RulePattern(valid) != nil, "\(valid)")
        }
        for invalid in ["", "Duplicate", "dup_key", "-key", "key-", "a--b", "a b", "**", "a*b", "-*"] {
            #expect(RulePattern(invalid) == nil, "\(invalid)")
        }
        #expect(RulePattern("secret-*")?.matches("secret-github-pat") == true)
        #expect(RulePattern("secret-*")?.matches("secrets") == false)
        #expect(RulePattern("duplicate-key")?.matches("duplicate-key") == true)
        #expect(RulePattern("duplicate-key")?.matches("duplicate-keys") == false)
        #expect(RulePattern("*")?.matches("anything") == true)
    }

    // MARK: - Ignore entries

    static func config(_ text: String) throws(ConfigError) -> ProjectConfig {
        try ProjectConfig.parse(Array(text.utf8), file: ".confgate.yaml", root: "/project")
    }

    static let entries = """
        version: 1
        ignore:
          - files: "legacy/*.json"
            rules: duplicate-key
            reason: exported by the old tool
          - files: ["svc/*.yaml", "other/**"]
            pointer: /db
            rules: ["dup*"]
            reason: "db block is generated"
            expires: 2999-12-31
          - files: "**"
            rules: [duplicate-key]
            reason: expired long ago
            expires: 2001-01-01

        """

    struct EntryCase: Sendable, CustomTestStringConvertible {
        var file: String
        var text: String
        var expected: [String]
        var testDescription: String { file }
    }

    static let entryCases: [EntryCase] = [
        // A glob on the file; no pointer: the whole file.
        EntryCase(
            file: "legacy/a.json", text: "{\"a\": 1, \"a\": 2, \"b\": {\"c\": 1, \"c\": 2}}",
            expected: [
                #"1:10 duplicate-key | external .confgate.yaml ignore[0] "exported by the old tool""#,
                #"1:32 duplicate-key | external .confgate.yaml ignore[0] "exported by the old tool""#,
            ]),
        // `*` stays within a folder; the expired entry that would cover everything covers nothing.
        EntryCase(file: "legacy/deeper/a.json", text: "{\"a\": 1, \"a\": 2}", expected: ["1:10 duplicate-key"]),
        // A pointer covers its node and everything below it, not a sibling that shares a prefix.
        EntryCase(
            file: "svc/app.yaml", text: "db:\n  host: a\n  host: b\ndb2:\n  x: 1\n  x: 2\nport: 1\nport: 2\n",
            expected: [
                "6:3 duplicate-key", "8:1 duplicate-key",
                #"3:3 duplicate-key | external .confgate.yaml ignore[1] "db block is generated""#,
            ]),
        EntryCase(
            file: "other/x/y.yaml", text: "db: 1\ndb: 2\n",
            expected: [#"2:1 duplicate-key | external .confgate.yaml ignore[1] "db block is generated""#]),
        // A comment is nearer than an entry, and wins.
        EntryCase(
            file: "legacy/b.jsonc", text: "{\"a\": 1,\n // confgate: ignore[duplicate-key] comment wins\n \"a\": 2}",
            expected: [#"3:2 duplicate-key | inSource comment at line 2 "comment wins""#]),
    ]

    @Test(arguments: entryCases)
    func ignoreEntries(_ c: EntryCase) throws {
        var config = try SuppressionTests.config(SuppressionTests.entries)
        config.jsonc = [Glob("*.jsonc")]
        #expect(SuppressionTests.outcome(lint(c.text, as: c.file, config: config)) == c.expected)
    }

    @Test func entriesAreReadWithTheirPositions() throws {
        let config = try SuppressionTests.config(SuppressionTests.entries)
        #expect(config.ignore.count == 3)
        let second = config.ignore[1]
        #expect(second.index == 1)
        #expect(second.files == [Glob("svc/*.yaml"), Glob("other/**")])
        #expect(second.pointer == "/db")
        #expect(second.rules == [RulePattern("dup*")])
        #expect(second.reason == "db block is generated")
        #expect(second.expires == CalendarDate(year: 2999, month: 12, day: 31))
        #expect(second.range.start == SourceLocation(line: 6, column: 5, offset: 112))
        #expect(second.expiresRange == span(line: 10, column: 14, offset: 232, endColumn: 24, endOffset: 242))
        #expect(config.ignore[0].pointer == nil && config.ignore[0].expires == nil)
    }

    /// The configuration's own findings: an expired entry (at its date), an entry without a reason
    /// (at the entry). A blank reason is no reason.
    @Test func configurationFindings() throws {
        let config = try SuppressionTests.config(
            SuppressionTests.entries + "  - files: a.yaml\n    rules: duplicate-key\n    reason: \"  \"\n  - files: b.yaml\n    rules: duplicate-key\n    reason:\n")
        #expect(
            Linter(config: config).configurationFindings() == [
                Finding(
                    rule: "suppression-expired", category: .config, severity: .warning,
                    message: "ignore[2] expired on 2001-01-01 and no longer suppresses anything", file: ".confgate.yaml",
                    range: span(line: 14, column: 14, offset: 328, endColumn: 24, endOffset: 338),
                    pointer: "/ignore/2/expires", document: 0),
                Finding(
                    rule: "suppression-missing-reason", category: .config, severity: .warning,
                    message: "ignore[3] has no reason", file: ".confgate.yaml",
                    range: SourceRange(
                        start: SourceLocation(line: 15, column: 5, offset: 343),
                        end: SourceLocation(line: 17, column: 17, offset: 398)),
                    pointer: "/ignore/3", document: 0),
                Finding(
                    rule: "suppression-missing-reason", category: .config, severity: .warning,
                    message: "ignore[4] has no reason", file: ".confgate.yaml",
                    range: SourceRange(
                        start: SourceLocation(line: 18, column: 5, offset: 403),
                        end: SourceLocation(line: 20, column: 12, offset: 453)),
                    pointer: "/ignore/4", document: 0),
            ])
    }

    /// An entry applies through its `expires` day (UTC) and stops the day after.
    @Test(arguments: [
        (CalendarDate(year: 2024, month: 6, day: 29), true),
        (CalendarDate(year: 2024, month: 6, day: 30), true),
        (CalendarDate(year: 2024, month: 7, day: 1), false),
    ])
    func expiry(today: CalendarDate?, suppresses: Bool) throws {
        let config = try SuppressionTests.config(
            "version: 1\nignore:\n  - files: \"*.yaml\"\n    rules: duplicate-key\n    reason: migration\n    expires: 2024-06-30\n")
        var linter = Linter(config: config)
        linter.today = try #require(today)
        let result = linter.lint(bytes: Array("a: 1\na: 2\n".utf8), target: LintTarget(displayPath: "a.yaml", path: "a.yaml", format: .yaml))
        #expect(result.suppressed.count == (suppresses ? 1 : 0))
        #expect(result.findings.count == (suppresses ? 0 : 1))
        #expect(linter.configurationFindings().map(\.rule) == (suppresses ? [] : ["suppression-expired"]))
    }

    /// Entries apply to findings of files that cannot be read, too.
    @Test func entriesCoverUnreadableFiles() throws {
        let config = try SuppressionTests.config(
            "version: 1\nignore:\n  - files: \"gone/**\"\n    rules: io-error\n    reason: mounted in production only\n")
        let linter = Linter(config: config)
        let result = linter.lintFile(LintTarget(displayPath: "gone/x.yaml", path: "/nonexistent/gone/x.yaml", format: .yaml))
        #expect(result.findings.isEmpty)
        #expect(result.suppressed.map(\.rule) == ["io-error"])
        #expect(result.suppressed.first?.suppression?.source == ".confgate.yaml ignore[0]")
    }

    // MARK: - Configuration errors

    static let errorCases: [(String, String)] = [
        ("ignore: {files: a}\n", #".confgate.yaml:2:9: "ignore" must be a list of {files, rules, reason} mappings, found a mapping"#),
        ("ignore:\n  - files: a\n    rule: x\n", #".confgate.yaml:4:5: unknown key "rule" in "ignore[0]"; did you mean "rules"?"#),
        ("ignore:\n  - rules: x\n", #".confgate.yaml:3:5: "ignore[0]": needs "files": a glob or a list of globs ("**" for every file)"#),
        ("ignore:\n  - files: a\n", #".confgate.yaml:3:5: "ignore[0]": needs "rules": a rule id or a list of them ("schema-*" for a prefix)"#),
        ("ignore:\n  - files: []\n    rules: x\n", #".confgate.yaml:3:12: "ignore[0].files" must be a glob pattern or a non-empty list of them, found a list"#),
        ("ignore:\n  - files: [1]\n    rules: x\n", #".confgate.yaml:3:13: "ignore[0].files[0]" must be a string, found an integer"#),
        ("ignore:\n  - files: a\n    rules: {a: b}\n", #".confgate.yaml:4:12: "ignore[0].rules" must be a rule id or a non-empty list of them, found a mapping"#),
        ("ignore:\n  - files: a\n    rules: [ok, Not_An_Id]\n", #".confgate.yaml:4:17: "ignore[0].rules[1]": must be a rule id such as duplicate-key, or a prefix such as schema-*, found "Not_An_Id""#),
        ("ignore:\n  - files: a\n    rules: x\n    pointer: db\n", #".confgate.yaml:5:14: "ignore[0].pointer": must be a JSON Pointer such as /database/password ("" for the whole document), found "db""#),
        ("ignore:\n  - files: a\n    rules: x\n    reason: 5\n", #".confgate.yaml:5:13: "ignore[0].reason" must be a string, found an integer"#),
        ("ignore:\n  - files: a\n    rules: x\n    expires: 2024-02-30\n", #".confgate.yaml:5:14: "ignore[0].expires": must be a date YYYY-MM-DD, found "2024-02-30""#),
        ("ignore:\n  - files: a\n    rules: x\n    expires: 30.06.2024\n", #".confgate.yaml:5:14: "ignore[0].expires": must be a date YYYY-MM-DD, found "30.06.2024""#),
        ("ignore:\n  - files: a\n    rules: x\n    expires: 20240630\n", #".confgate.yaml:5:14: "ignore[0].expires" must be a date YYYY-MM-DD, found an integer"#),
    ]

    @Test(arguments: errorCases)
    func configurationErrors(_ text: String, _ message: String) {
        do {
            _ = try SuppressionTests.config("version: 1\n" + text)
            Issue.record("no error for \(text.debugDescription)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aBadDateIsATypedErrorWithItsPosition() {
        #expect(
            throws: ConfigError.invalidValue(
                file: ".confgate.yaml", at: SourceLocation(line: 6, column: 14, offset: 72), path: "ignore[0].expires",
                message: "must be a date YYYY-MM-DD, found \"2023-02-29\""),
            performing: {
                try SuppressionTests.config(
                    "version: 1\nignore:\n  - files: a\n    rules: x\n    reason: r\n    expires: 2023-02-29\n")
            })
    }

    // MARK: - Dates

    @Test func calendarDates() {
        #expect(CalendarDate(parsing: "2024-02-29") == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(CalendarDate(parsing: "2000-02-29") != nil)
        for invalid in ["2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01", "24-01-01", "2024-01-01T00:00:00Z", "2024/01/01", "0000-01-01"] {
            #expect(CalendarDate(parsing: invalid) == nil, "\(invalid)")
        }
        #expect(CalendarDate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(CalendarDate(daysSinceEpoch: 11_016).description == "2000-02-29")
        #expect(CalendarDate(daysSinceEpoch: 19_723).description == "2024-01-01")
        #expect(CalendarDate(daysSinceEpoch: -1).description == "1969-12-31")
        #expect(CalendarDate(year: 2001, month: 1, day: 1)! < CalendarDate(year: 2001, month: 1, day: 2)!)
        #expect(CalendarDate.today() > CalendarDate(year: 2024, month: 1, day: 1)!)
    }
}
