import ConfgateDocument
import ConfgateEngine
import ConfgateReporters
import Foundation
import Testing

/// The text and JSON reporters on a fixed report: exact output.
@Suite struct ReporterTests {
    // MARK: - A fixed report

    static let missing = Finding(
        rule: "io-error", category: .io, severity: .error,
        message: "cannot read \"missing.yaml\": no such file or directory", file: "missing.yaml", range: nil)

    static let duplicate = Finding(
        rule: "duplicate-key", category: .syntax, severity: .error,
        message: "duplicate key \"port\"; it is first defined at line 2, column 3", file: "config/app.yaml",
        range: span(line: 3, column: 3, offset: 23, endColumn: 7, endOffset: 27), pointer: "/server/port", document: 0,
        related: [
            RelatedLocation(
                message: "first definition of \"port\"",
                range: span(line: 2, column: 3, offset: 10, endColumn: 7, endOffset: 14))
        ])

    static let rootWarning = Finding(
        rule: "example-warning", category: .schema, severity: .warning, message: "document is empty",
        file: "config/app.yaml", range: span(line: 12, column: 1, offset: 60, endColumn: 4, endOffset: 63), pointer: "",
        document: 1,
        related: [
            RelatedLocation(
                message: "overridden in production.yaml:4",
                range: span(line: 4, column: 5, offset: 40, endColumn: 9, endOffset: 44), file: "production.yaml")
        ])

    static let trailingComma = Finding(
        rule: "syntax-error", category: .syntax, severity: .error,
        message: "trailing comma before '}' is not allowed in JSON", file: "data.json",
        range: point(line: 1, column: 8, offset: 7), pointer: nil, document: 0)

    static let info = Finding(
        rule: "example-info", category: .compliance, severity: .info, message: "tab-indented \"key\"",
        file: "data.json", range: span(line: 2, column: 2, offset: 11, endColumn: 7, endOffset: 16), pointer: "/key",
        document: 0)

    static let report = LintReport(
        files: [
            FileResult(
                target: LintTarget(displayPath: "config/app.yaml", path: "/p/config/app.yaml", format: .yaml),
                findings: [duplicate, rootWarning],
                excerpts: [2: "  port: 8080", 3: "  port: 9090", 12: "---"], documentCount: 2),
            FileResult(
                target: LintTarget(displayPath: "data.json", path: "/p/data.json", format: .json),
                findings: [trailingComma, info], excerpts: [1: "{\"a\": 1,}", 2: "\t\"key\": 1"], documentCount: 1),
            FileResult(
                target: LintTarget(displayPath: "clean.yaml", path: "/p/clean.yaml", format: .yaml), findings: [],
                documentCount: 1),
        ],
        inputFindings: [missing])

    // MARK: - Text

    @Test func textWithoutColor() {
        let text = TextReporter().render(ReporterTests.report, context: ReportContext(color: false, fileCount: 3))
        #expect(
            text == """
                missing.yaml: error: cannot read "missing.yaml": no such file or directory [io-error]
                config/app.yaml:3:3: error: duplicate key "port"; it is first defined at line 2, column 3 [duplicate-key]
                 3 |   port: 9090
                   |   ^~~~
                config/app.yaml:2:3: note: first definition of "port"
                config/app.yaml:12:1: warning: document is empty [example-warning]
                 12 | ---
                    | ^~~
                production.yaml:4:5: note: overridden in production.yaml:4
                data.json:1:8: error: trailing comma before '}' is not allowed in JSON [syntax-error]
                 1 | {"a": 1,}
                   |        ^
                data.json:2:2: info: tab-indented "key" [example-info]
                 2 | \t"key": 1
                   | \t^~~~~
                3 errors, 1 warning, 1 info (3 files checked)

                """)
    }

    @Test func textWithColor() {
        let e = "\u{1B}["
        let text = TextReporter().render(
            LintReport(files: [ReporterTests.report.files[0]]), context: ReportContext(color: true, fileCount: 1))
        #expect(
            text == """
                \(e)1mconfig/app.yaml:3:3:\(e)0m \(e)1;31merror\(e)0m: duplicate key "port"; it is first defined at line 2, column 3 \(e)2m[duplicate-key]\(e)0m
                 \(e)2m3 |\(e)0m   port: 9090
                 \(e)2m  |\(e)0m   \(e)1;32m^~~~\(e)0m
                \(e)1mconfig/app.yaml:2:3:\(e)0m \(e)1;36mnote\(e)0m: first definition of "port"
                \(e)1mconfig/app.yaml:12:1:\(e)0m \(e)1;33mwarning\(e)0m: document is empty \(e)2m[example-warning]\(e)0m
                 \(e)2m12 |\(e)0m ---
                 \(e)2m   |\(e)0m \(e)1;32m^~~\(e)0m
                \(e)1mproduction.yaml:4:5:\(e)0m \(e)1;36mnote\(e)0m: overridden in production.yaml:4
                \(e)1m1 error, 1 warning, 0 info\(e)0m (1 file checked)

                """)
        let info = TextReporter().render(
            LintReport(files: [], inputFindings: [ReporterTests.info]), context: ReportContext(color: true, fileCount: 0))
        #expect(
            info == """
                \(e)1mdata.json:2:2:\(e)0m \(e)1;34minfo\(e)0m: tab-indented "key" \(e)2m[example-info]\(e)0m
                \(e)1m0 errors, 0 warnings, 1 info\(e)0m (0 files checked)

                """)
        #expect(
            TextReporter().render(LintReport(files: []), context: ReportContext(color: true, fileCount: 1))
                == "\(e)2mno findings (1 file checked)\(e)0m\n")
    }

    @Test func textSummaries() {
        func summary(_ findings: [Finding], files: Int) -> String {
            TextReporter().render(
                LintReport(files: [], inputFindings: findings), context: ReportContext(color: false, fileCount: files)
            ).split(separator: "\n").last.map(String.init) ?? ""
        }
        let e = ReporterTests.missing
        var w = ReporterTests.missing
        w.severity = .warning
        var i = ReporterTests.missing
        i.severity = .info
        #expect(summary([], files: 0) == "no findings (0 files checked)")
        #expect(summary([], files: 1) == "no findings (1 file checked)")
        #expect(summary([], files: 2) == "no findings (2 files checked)")
        #expect(summary([e], files: 1) == "1 error, 0 warnings, 0 info (1 file checked)")
        #expect(summary([e, e, w], files: 5) == "2 errors, 1 warning, 0 info (5 files checked)")
        #expect(summary([w, w, i, i], files: 2) == "0 errors, 2 warnings, 2 info (2 files checked)")
    }

    @Test func textExcerptEdgeCases() {
        func render(_ line: String, _ range: SourceRange) -> String {
            let finding = Finding(rule: "r", category: .syntax, severity: .error, message: "m", file: "f", range: range)
            let file = FileResult(
                target: LintTarget(displayPath: "f", path: "f", format: .yaml), findings: [finding],
                excerpts: [range.start.line: line])
            let text = TextReporter().render(LintReport(files: [file]), context: ReportContext(fileCount: 1))
            return text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().dropLast(2)
                .joined(separator: "\n")
        }
        // A range over several lines is marked by a caret at its start.
        #expect(
            render(
                "key: |",
                SourceRange(
                    start: SourceLocation(line: 1, column: 6, offset: 5), end: SourceLocation(line: 3, column: 1, offset: 20)))
                == " 1 | key: |\n   |      ^")
        // The marker never runs past the end of the line; at the end of the line it stands just after it.
        #expect(render("ab", span(line: 1, column: 2, offset: 1, endColumn: 9, endOffset: 8)) == " 1 | ab\n   |  ^")
        #expect(render("ab", point(line: 1, column: 3, offset: 2)) == " 1 | ab\n   |   ^")
        #expect(render("", point(line: 7, column: 1, offset: 30)) == " 7 | \n   | ^")
        // Columns count characters.
        #expect(render("é: ü: x", point(line: 1, column: 5, offset: 6)) == " 1 | é: ü: x\n   |     ^")
        // Control characters are never echoed to the terminal: they show as visible symbols, one column
        // each, so the caret stays aligned (a tab is kept for alignment).
        #expect(
            render("a\u{1B}[2Jb\0\u{7F}\tc", point(line: 1, column: 8, offset: 7))
                == " 1 | a\u{241B}[2Jb\u{2400}\u{2421}\tc\n   |        ^")
        // A long line is shown as a window around the column.
        let long = String(repeating: "a", count: 199) + "BBB" + String(repeating: "c", count: 98)
        let window = "…" + String(repeating: "a", count: 53) + "BBB" + String(repeating: "c", count: 98)
        #expect(
            render(long, span(line: 1, column: 200, offset: 199, endColumn: 203, endOffset: 202))
                == " 1 | \(window)\n   | \(String(repeating: " ", count: 54))^~~")
        let longer = String(repeating: "x", count: 400)
        let middle = "…" + String(repeating: "x", count: 160) + "…"
        #expect(
            render(longer, point(line: 1, column: 100, offset: 99))
                == " 1 | \(middle)\n   | \(String(repeating: " ", count: 54))^")
        #expect(
            render(longer, point(line: 1, column: 2, offset: 1))
                == " 1 | \(String(repeating: "x", count: 160))…\n   |  ^")
    }

    @Test func textWithoutExcerptWhenTheLineIsUnknown() {
        let text = TextReporter().render(
            LintReport(files: [], inputFindings: [ReporterTests.trailingComma]), context: ReportContext(fileCount: 1))
        #expect(
            text == """
                data.json:1:8: error: trailing comma before '}' is not allowed in JSON [syntax-error]
                1 error, 0 warnings, 0 info (1 file checked)

                """)
    }

    // MARK: - JSON

    @Test func jsonIsExact() {
        let small = LintReport(files: [ReporterTests.report.files[1]], inputFindings: [ReporterTests.missing])
        let json = JSONReporter().render(small, context: ReportContext(fileCount: 1))
        #expect(
            json == #"""
                {
                  "version": 1,
                  "tool": {"name": "confgate", "version": "\#(ToolInfo.version)"},
                  "summary": {"files": 1, "findings": 3, "errors": 2, "warnings": 0, "infos": 1, "suppressed": 0, "baselineMatched": 0},
                  "baseline": null,
                  "findings": [
                    {"rule": "io-error", "category": "io", "severity": "error", "message": "cannot read \"missing.yaml\": no such file or directory", "file": "missing.yaml", "line": null, "column": null, "endLine": null, "endColumn": null, "pointer": null, "document": null, "related": []},
                    {"rule": "syntax-error", "category": "syntax", "severity": "error", "message": "trailing comma before '}' is not allowed in JSON", "file": "data.json", "line": 1, "column": 8, "endLine": 1, "endColumn": 8, "pointer": null, "document": 0, "related": []},
                    {"rule": "example-info", "category": "compliance", "severity": "info", "message": "tab-indented \"key\"", "file": "data.json", "line": 2, "column": 2, "endLine": 2, "endColumn": 7, "pointer": "/key", "document": 0, "related": []}
                  ],
                  "suppressed": []
                }

                """#)
        #expect(
            JSONReporter().render(LintReport(files: []), context: ReportContext(fileCount: 0)) == """
                {
                  "version": 1,
                  "tool": {"name": "confgate", "version": "\(ToolInfo.version)"},
                  "summary": {"files": 0, "findings": 0, "errors": 0, "warnings": 0, "infos": 0, "suppressed": 0, "baselineMatched": 0},
                  "baseline": null,
                  "findings": [],
                  "suppressed": []
                }

                """)
    }

    @Test func jsonParsesWithEveryField() throws {
        let json = JSONReporter().render(ReporterTests.report, context: ReportContext(color: true, fileCount: 3))
        #expect(!json.contains("\u{1B}"), "colour never reaches the JSON report")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(object["tool"] as? [String: String] == ["name": "confgate", "version": ToolInfo.version])
        #expect(
            object["summary"] as? [String: Int]
                == [
                    "files": 3, "findings": 5, "errors": 3, "warnings": 1, "infos": 1, "suppressed": 0, "baselineMatched": 0,
                ])
        #expect(object["baseline"] is NSNull)
        #expect((object["suppressed"] as? [Any])?.isEmpty == true)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 5)
        #expect(findings.map { $0["rule"] as? String } == ["io-error", "duplicate-key", "example-warning", "syntax-error", "example-info"])
        #expect(findings.map { $0["category"] as? String } == ["io", "syntax", "schema", "syntax", "compliance"])
        #expect(findings.map { $0["severity"] as? String } == ["error", "error", "warning", "error", "info"])
        let expectedKeys: Set<String> = [
            "rule", "category", "severity", "message", "file", "line", "column", "endLine", "endColumn", "pointer",
            "document", "related",
        ]
        for finding in findings { #expect(Set(finding.keys) == expectedKeys) }

        // io-error: no position, no pointer, no document.
        let io = findings[0]
        for key in ["line", "column", "endLine", "endColumn", "pointer", "document"] {
            #expect(io[key] is NSNull, "\(key) must be null")
        }
        #expect(io["file"] as? String == "missing.yaml")
        #expect(io["message"] as? String == "cannot read \"missing.yaml\": no such file or directory")

        let dup = findings[1]
        #expect(dup["message"] as? String == "duplicate key \"port\"; it is first defined at line 2, column 3")
        #expect(dup["file"] as? String == "config/app.yaml")
        #expect(dup["line"] as? Int == 3)
        #expect(dup["column"] as? Int == 3)
        #expect(dup["endLine"] as? Int == 3)
        #expect(dup["endColumn"] as? Int == 7)
        #expect(dup["pointer"] as? String == "/server/port")
        #expect(dup["document"] as? Int == 0)
        let related = try #require(dup["related"] as? [[String: Any]])
        #expect(related.count == 1)
        #expect(related.first?["message"] as? String == "first definition of \"port\"")
        #expect(related.first?["file"] as? String == "config/app.yaml")
        #expect(related.first?["line"] as? Int == 2)
        #expect(related.first?["column"] as? Int == 3)
        #expect(related.first?["endLine"] as? Int == 2)
        #expect(related.first?["endColumn"] as? Int == 7)

        // The root's pointer is the empty string, not null; a related location in another file names it.
        let root = findings[2]
        #expect(root["pointer"] as? String == "")
        #expect(root["document"] as? Int == 1)
        let other = try #require((root["related"] as? [[String: Any]])?.first)
        #expect(other["file"] as? String == "production.yaml")
        #expect(other["line"] as? Int == 4)

        #expect(findings[3]["pointer"] is NSNull)
        #expect(findings[3]["document"] as? Int == 0)
        #expect((findings[3]["related"] as? [Any])?.isEmpty == true)
    }

    @Test func jsonEscapesStrings() throws {
        let finding = Finding(
            rule: "r", category: .secret, severity: .warning, message: "quote \" backslash \\ tab \t newline \n é 🚀 \u{7}",
            file: "dir/\"odd\".yaml", range: point(line: 1, column: 1, offset: 0), pointer: "/a~1b/~0c")
        let json = JSONReporter().render(LintReport(files: [], inputFindings: [finding]), context: ReportContext(fileCount: 1))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let parsed = try #require((object["findings"] as? [[String: Any]])?.first)
        #expect(parsed["message"] as? String == finding.message)
        #expect(parsed["file"] as? String == finding.file)
        #expect(parsed["pointer"] as? String == "/a~1b/~0c")
        #expect(parsed["category"] as? String == "secret")
        // One finding per line: raw line breaks never appear inside a string.
        #expect(json.split(separator: "\n").count == 10)
    }

    // MARK: - Suppressed findings

    /// A report with a finding suppressed by a comment, one by an ignore entry and one by the baseline.
    static var suppressedReport: LintReport {
        var byComment = ReporterTests.duplicate
        byComment.suppression = Suppression(
            origin: .comment, justification: "generated \"legacy\" file", source: "comment at line 2", file: "config/app.yaml")
        var byEntry = ReporterTests.info
        byEntry.suppression = Suppression(
            origin: .ignoreEntry, justification: "", source: ".confgate.yaml ignore[0]", file: ".confgate.yaml")
        var byBaseline = ReporterTests.trailingComma
        byBaseline.suppression = Suppression(
            origin: .baseline, justification: "", source: "baseline .confgate-baseline.json", file: ".confgate-baseline.json")
        var report = LintReport(
            files: [
                FileResult(
                    target: LintTarget(displayPath: "config/app.yaml", path: "/p/config/app.yaml", format: .yaml),
                    findings: [ReporterTests.rootWarning], suppressed: [byComment],
                    excerpts: [3: "  port: 9090", 12: "---"], documentCount: 2),
                FileResult(
                    target: LintTarget(displayPath: "data.json", path: "/p/data.json", format: .json), findings: [],
                    suppressed: [byBaseline, byEntry], documentCount: 1),
            ])
        report.baseline = BaselineOutcome(file: ".confgate-baseline.json", entries: 3, matched: 1)
        return report
    }

    @Test func textCountsSuppressedFindingsWithoutListingThem() {
        let text = TextReporter().render(ReporterTests.suppressedReport, context: ReportContext(fileCount: 2))
        #expect(
            text == """
                config/app.yaml:12:1: warning: document is empty [example-warning]
                 12 | ---
                    | ^~~
                production.yaml:4:5: note: overridden in production.yaml:4
                0 errors, 1 warning, 0 info (2 files checked, 2 suppressed, 1 of 3 baseline entries matched)

                """)
        var clean = ReporterTests.suppressedReport
        clean.files[0].findings = []
        #expect(
            TextReporter().render(clean, context: ReportContext(fileCount: 2))
                == "no findings (2 files checked, 2 suppressed, 1 of 3 baseline entries matched)\n")
        clean.baseline = BaselineOutcome(file: "b.json", entries: 1, matched: 0)
        clean.files[1].suppressed = []
        #expect(
            TextReporter().render(clean, context: ReportContext(fileCount: 2))
                == "no findings (2 files checked, 1 suppressed, 0 of 1 baseline entry matched)\n")
    }

    @Test func jsonListsSuppressedFindingsWithTheirSuppression() {
        let json = JSONReporter().render(ReporterTests.suppressedReport, context: ReportContext(fileCount: 2))
        #expect(
            json == #"""
                {
                  "version": 1,
                  "tool": {"name": "confgate", "version": "\#(ToolInfo.version)"},
                  "summary": {"files": 2, "findings": 1, "errors": 0, "warnings": 1, "infos": 0, "suppressed": 2, "baselineMatched": 1},
                  "baseline": {"file": ".confgate-baseline.json", "entries": 3, "matched": 1, "stale": 2},
                  "findings": [
                    {"rule": "example-warning", "category": "schema", "severity": "warning", "message": "document is empty", "file": "config/app.yaml", "line": 12, "column": 1, "endLine": 12, "endColumn": 4, "pointer": "", "document": 1, "related": [{"message": "overridden in production.yaml:4", "file": "production.yaml", "line": 4, "column": 5, "endLine": 4, "endColumn": 9}]}
                  ],
                  "suppressed": [
                    {"rule": "duplicate-key", "category": "syntax", "severity": "error", "message": "duplicate key \"port\"; it is first defined at line 2, column 3", "file": "config/app.yaml", "line": 3, "column": 3, "endLine": 3, "endColumn": 7, "pointer": "/server/port", "document": 0, "related": [{"message": "first definition of \"port\"", "file": "config/app.yaml", "line": 2, "column": 3, "endLine": 2, "endColumn": 7}], "suppression": {"kind": "inSource", "justification": "generated \"legacy\" file", "source": "comment at line 2"}},
                    {"rule": "syntax-error", "category": "syntax", "severity": "error", "message": "trailing comma before '}' is not allowed in JSON", "file": "data.json", "line": 1, "column": 8, "endLine": 1, "endColumn": 8, "pointer": null, "document": 0, "related": [], "suppression": {"kind": "external", "justification": "", "source": "baseline .confgate-baseline.json"}},
                    {"rule": "example-info", "category": "compliance", "severity": "info", "message": "tab-indented \"key\"", "file": "data.json", "line": 2, "column": 2, "endLine": 2, "endColumn": 7, "pointer": "/key", "document": 0, "related": [], "suppression": {"kind": "external", "justification": "", "source": ".confgate.yaml ignore[0]"}}
                  ]
                }

                """#)
    }

    // MARK: - Formats

    @Test func formatsByName() {
        #expect(ReportFormat.names == "text, json, sarif, junit, github, html")
        #expect(ReportFormat(rawValue: "text")?.reporter is TextReporter)
        #expect(ReportFormat(rawValue: "json")?.reporter is JSONReporter)
        #expect(ReportFormat(rawValue: "sarif")?.reporter is SARIFReporter)
        #expect(ReportFormat(rawValue: "junit")?.reporter is JUnitReporter)
        #expect(ReportFormat(rawValue: "github")?.reporter is GitHubReporter)
        #expect(ReportFormat(rawValue: "html")?.reporter is HTMLReporter)
        #expect(ReportFormat(rawValue: "xml") == nil)
    }
}
