import Foundation
import Testing

/// Suppressions and the baseline as a user meets them: `confgate baseline`, `lint --baseline`,
/// comments and `ignore:` entries, exit codes and the JSON report (docs/suppressions.md,
/// docs/baseline.md).
@Suite struct SuppressionCLITests {
    /// Two files with a duplicate key each: one YAML, one JSON.
    static func tree() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write("app.yaml", "server:\n  port: 8080\n  port: 9090\n")
        try dir.write("legacy/data.json", "{\"motto\": \"s3cr3t-value-1\", \"motto\": \"s3cr3t-value-2\"}\n")
        return dir
    }

    // MARK: - Comments and ignore entries

    /// A suppressed error does not fail the run; the summary counts it, the text report does not list it.
    @Test func aSuppressedErrorDoesNotFail() throws {
        let dir = try TemporaryDirectory()
        try dir.write("app.yaml", "server:\n  port: 8080\n  # confgate: ignore[duplicate-key] the exporter writes both\n  port: 9090\n")
        let result = try CLI.run(["lint", "app.yaml"], in: dir.url)
        #expect(result.exited(0), "\(result)")
        #expect(result.stdout == "no findings (1 file checked, 1 suppressed)\n")
        #expect(result.stderr == "")
    }

    @Test func ignoreEntriesAndTheirWarnings() throws {
        let dir = try Self.tree()
        try dir.write(
            ".confgate.yaml",
            """
            version: 1
            include: ["**/*.yaml", "**/*.json"]
            exclude: [".confgate.yaml"]
            ignore:
              - files: "legacy/*.json"
                pointer: /motto
                rules: duplicate-key
              - files: "*.yaml"
                rules: ["duplicate-*"]
                reason: fixed in the next release
                expires: 2001-01-01

            """)
        let result = try CLI.run(["lint"], in: dir.url)
        #expect(result.exited(1), "\(result)")
        #expect(
            lines(result.stdout) == [
                ".confgate.yaml:5:5: warning: ignore[0] has no reason [suppression-missing-reason]",
                ".confgate.yaml:11:14: warning: ignore[1] expired on 2001-01-01 and no longer suppresses anything [suppression-expired]",
                "app.yaml:3:3: error: duplicate key \"port\"; it is first defined at line 2, column 3 [duplicate-key]",
                " 3 |   port: 9090",
                "   |   ^~~~",
                "app.yaml:2:3: note: first definition of \"port\"",
                "1 error, 2 warnings, 0 info (2 files checked, 1 suppressed)",
            ])
        // Warnings do not fail the run by default: without the expired entry's finding it passes.
        try dir.write("app.yaml", "server:\n  port: 8080\n")
        let warnings = try CLI.run(["lint"], in: dir.url)
        #expect(warnings.exited(0), "\(warnings)")
    }

    /// `--format json`: active findings in `findings`, the others in `suppressed` with their
    /// suppression; the summary counts both kinds apart.
    @Test func jsonReportShape() throws {
        let dir = try Self.tree()
        try dir.write("app.yaml", "server:\n  port: 8080\n  port: 9090  # confgate: ignore[duplicate-key] two ports on purpose\n")
        try CLI.run(["baseline", "legacy"], in: dir.url).expectExit(0)
        try dir.write("new.yaml", "a: 1\na: 2\n")
        let result = try CLI.run(["lint", "--format", "json", "--baseline", ".confgate-baseline.json"], in: dir.url)
        #expect(result.exited(1), "\(result)")
        let report = try JSONReport(result.stdout)
        #expect(
            report.summary as? [String: Int] == [
                "files": 4, "findings": 1, "errors": 1, "warnings": 0, "infos": 0, "suppressed": 1, "baselineMatched": 1,
            ])
        let baseline = try #require(report.root["baseline"] as? [String: Any])
        #expect(baseline["file"] as? String == ".confgate-baseline.json")
        #expect(baseline["entries"] as? Int == 1)
        #expect(baseline["matched"] as? Int == 1)
        #expect(baseline["stale"] as? Int == 0)
        #expect(try report.findings.map { try FindingFields($0) } == [
            FindingFields(
                rule: "duplicate-key", message: "duplicate key \"a\"; it is first defined at line 1, column 1",
                file: "new.yaml", line: 2, column: 1, endLine: 2, endColumn: 2, pointer: "/a", document: 0),
        ])
        #expect(report.findings.first?["suppression"] == nil)
        let suppressed = try #require(report.root["suppressed"] as? [[String: Any]])
        #expect(try suppressed.map { try FindingFields($0) } == [
            FindingFields(
                rule: "duplicate-key", message: "duplicate key \"port\"; it is first defined at line 2, column 3",
                file: "app.yaml", line: 3, column: 3, endLine: 3, endColumn: 7, pointer: "/server/port", document: 0),
            FindingFields(
                rule: "duplicate-key", message: "duplicate key \"motto\"; it is first defined at line 1, column 2",
                file: "legacy/data.json", line: 1, column: 29, endLine: 1, endColumn: 36, pointer: "/motto", document: 0),
        ])
        #expect(
            suppressed.map { $0["suppression"] as? [String: String] } == [
                ["kind": "inSource", "justification": "two ports on purpose", "source": "comment at line 3"],
                ["kind": "external", "justification": "", "source": "baseline .confgate-baseline.json"],
            ])
    }

    // MARK: - The baseline

    @Test func baselineThenLintReportsOnlyNewFindings() throws {
        let dir = try Self.tree()
        let write = try CLI.run(["baseline"], in: dir.url)
        #expect(write.exited(0), "\(write)")
        #expect(write.stdout == "wrote 2 findings to .confgate-baseline.json\n")
        #expect(write.stderr == "")
        let file = try dir.read(".confgate-baseline.json")
        let entries = lines(file).filter { $0.hasPrefix("    {") }
        #expect(entries.count == 2)
        #expect(entries[0].hasPrefix(#"    {"rule": "duplicate-key", "file": "app.yaml", "pointer": "/server/port", "valueHash": ""#))
        #expect(entries[1].hasPrefix(#"    {"rule": "duplicate-key", "file": "legacy/data.json", "pointer": "/motto", "valueHash": ""#))
        // Never the value, not even part of it.
        for value in ["s3cr3t", "value-1", "value-2", "8080", "9090"] { #expect(!file.contains(value), "\(value)") }

        let clean = try CLI.run(["lint", "--baseline", ".confgate-baseline.json"], in: dir.url)
        #expect(clean.exited(0), "\(clean)")
        #expect(clean.stdout == "no findings (3 files checked, 2 of 2 baseline entries matched)\n")

        // Lines move: still nothing new. The secret changes: that finding is new, and its old entry stale.
        try dir.write("app.yaml", "# moved down\n\nserver:\n  port: 8080\n  port: 9090\n")
        try dir.write("legacy/data.json", "{\n  \"motto\": \"s3cr3t-value-1\",\n  \"motto\": \"rotated\"\n}\n")
        let changed = try CLI.run(["lint", "--baseline", ".confgate-baseline.json"], in: dir.url)
        #expect(changed.exited(1), "\(changed)")
        #expect(
            lines(changed.stdout) == [
                "legacy/data.json:3:3: error: duplicate key \"motto\"; it is first defined at line 2, column 3 [duplicate-key]",
                " 3 |   \"motto\": \"rotated\"",
                "   |   ^~~~~~~",
                "legacy/data.json:2:3: note: first definition of \"motto\"",
                "1 error, 0 warnings, 0 info (3 files checked, 1 of 2 baseline entries matched)",
            ])
    }

    /// Rewriting a baseline keeps its salt, so unchanged findings keep their lines; `--output` and
    /// paths work as for lint; a path that does not exist stops it.
    @Test func rewritingKeepsTheSalt() throws {
        let dir = try Self.tree()
        try dir.makeDirectory("ci")
        try CLI.run(["baseline", "--output", "ci/base.json", "app.yaml", "legacy"], in: dir.url).expectExit(0)
        let first = try dir.read("ci/base.json")
        let again = try CLI.run(["baseline", "app.yaml", "--output", "ci/base.json", "legacy"], in: dir.url)
        #expect(again.exited(0), "\(again)")
        #expect(again.stdout == "wrote 2 findings to ci/base.json\n")
        #expect(try dir.read("ci/base.json") == first)

        let one = try CLI.run(["baseline", "--output", "ci/base.json", "app.yaml"], in: dir.url)
        #expect(one.stdout == "wrote 1 finding to ci/base.json\n")
        #expect(lines(try dir.read("ci/base.json"))[3] == lines(first)[3], "the salt line")

        let missing = try CLI.run(["baseline", "--output", "ci/base.json", "nope.yaml"], in: dir.url)
        #expect(missing.exited(2), "\(missing)")
        #expect(missing.stderr == "confgate: cannot read \"nope.yaml\": no such file or directory\n")
        #expect(missing.stdout == "")

        let stdin = try CLI.run(["baseline", "-"], in: dir.url)
        #expect(stdin.exited(2), "\(stdin)")
        #expect(lines(stdin.stderr).first == "confgate: Error: baseline cannot read standard input; name files or folders")

        let unwritable = try CLI.run(["baseline", "--output", "no/such/dir/b.json"], in: dir.url)
        #expect(unwritable.exited(3), "\(unwritable)")
        #expect(unwritable.stderr == "confgate: cannot write no/such/dir/b.json: No such file or directory\n")
    }

    /// The default baseline sits beside `.confgate.yaml`, and its paths are relative to that
    /// folder: running from a subfolder matches the same entries.
    @Test func pathsAreRelativeToTheProject() throws {
        let dir = try Self.tree()
        try dir.write(".confgate.yaml", "version: 1\n")
        try CLI.run(["baseline"], in: dir.url("legacy")).expectExit(0)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/.confgate-baseline.json"))
        #expect(try dir.read(".confgate-baseline.json").contains(#""file": "legacy/data.json""#))
        let fromRoot = try CLI.run(["lint", "--baseline", ".confgate-baseline.json", "legacy"], in: dir.url)
        #expect(fromRoot.exited(0), "\(fromRoot)")
        #expect(fromRoot.stdout == "no findings (1 file checked, 1 of 1 baseline entry matched)\n")
    }

    @Test func aMissingOrBrokenBaselineIsAUsageError() throws {
        let dir = try Self.tree()
        let missing = try CLI.run(["lint", "--baseline", "nope.json"], in: dir.url)
        #expect(missing.exited(2), "\(missing)")
        #expect(missing.stdout == "")
        #expect(missing.stderr == "confgate: nope.json: cannot read the baseline: no such file or directory\n")

        try dir.write("broken.json", "{\"version\": 1, \"salt\": \"00\",\n")
        let broken = try CLI.run(["lint", "--baseline", "broken.json", "app.yaml"], in: dir.url)
        #expect(broken.exited(2), "\(broken)")
        #expect(broken.stderr.hasPrefix("confgate: broken.json:2:1: invalid baseline: "), "\(broken)")

        try dir.write("other.json", "{\"version\": 1, \"salt\": \"00\", \"entries\": []}\n")
        let salt = try CLI.run(["lint", "--baseline", "other.json", "app.yaml"], in: dir.url)
        #expect(salt.exited(2), "\(salt)")
        #expect(salt.stderr == "confgate: other.json:1:24: invalid baseline: \"salt\" must be at least 32 hexadecimal digits\n")
    }

    @Test func helpNamesTheBaseline() throws {
        let dir = try TemporaryDirectory()
        let root = try CLI.run(["--help"], in: dir.url)
        #expect(root.stdout.contains("baseline"), "\(root)")
        let help = try CLI.run(["baseline", "--help"], in: dir.url)
        #expect(help.exited(0), "\(help)")
        #expect(help.stdout.hasPrefix("OVERVIEW: Record the current findings in a baseline file"))
        let lint = try CLI.run(["lint", "--help"], in: dir.url)
        #expect(lint.stdout.contains("--baseline <file>"), "\(lint)")
    }
}

extension RunResult {
    /// Fails the test unless the run exited with `code`.
    func expectExit(_ code: Int32, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(exited(code), "\(self)", sourceLocation: sourceLocation)
    }
}
