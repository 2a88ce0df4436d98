import Foundation
import Testing

/// Exit codes (docs/exit-codes.md): 0 nothing at or above the threshold, 1 findings, 2 usage or
/// configuration error, 3 an operational step failed.
@Suite struct ExitCodeTests {
    static func tree() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write("ok.yaml", "a: 1\n")
        try dir.write("bad.json", "{\"a\": 1, \"a\": 2}\n")
        return dir
    }

    static let badReport = [
        "bad.json:1:10: error: duplicate key \"a\"; it is first defined at line 1, column 2 [duplicate-key]",
        " 1 | {\"a\": 1, \"a\": 2}",
        "   |          ^~~",
        "bad.json:1:2: note: first definition of \"a\"",
        "1 error, 0 warnings, 0 info (1 file checked)",
    ]

    /// (arguments, exit code)
    static let thresholds: [([String], Int32)] = [
        (["lint", "ok.yaml"], 0),
        (["lint", "bad.json"], 1),
        (["lint"], 1),
        (["lint", "--fail-on", "error", "bad.json"], 1),
        (["lint", "--fail-on", "warning", "bad.json"], 1),
        (["lint", "--fail-on", "info", "bad.json"], 1),
        (["lint", "--fail-on", "never", "bad.json"], 0),
        (["lint", "--fail-on", "never"], 0),
        (["lint", "--fail-on", "warning", "ok.yaml"], 0),
        (["lint", "--fail-on", "info", "ok.yaml"], 0),
    ]

    @Test(arguments: thresholds)
    func threshold(arguments: [String], code: Int32) throws {
        let dir = try Self.tree()
        let result = try CLI.run(arguments, in: dir.url)
        #expect(result.exited(code), "\(result)")
        #expect(result.stderr == "")
    }

    /// `--fail-on never` still prints every finding; only the exit code changes.
    @Test func failOnNeverStillReports() throws {
        let dir = try Self.tree()
        let result = try CLI.run(["lint", "--fail-on", "never", "bad.json"], in: dir.url)
        #expect(lines(result.stdout) == Self.badReport)
        #expect(result.exited(0), "\(result)")
    }

    /// `fail-on:` in `.confgate.yaml` sets the default; the flag wins over it.
    @Test func failOnFromConfigAndFlagPrecedence() throws {
        let dir = try Self.tree()
        try dir.write(".confgate.yaml", "version: 1\nfail-on: never\n")
        let fromConfig = try CLI.run(["lint", "bad.json"], in: dir.url)
        #expect(lines(fromConfig.stdout) == Self.badReport)
        #expect(fromConfig.exited(0), "\(fromConfig)")
        let flagWins = try CLI.run(["lint", "--fail-on", "error", "bad.json"], in: dir.url)
        #expect(flagWins.exited(1), "\(flagWins)")
    }

    // MARK: - Usage errors (2)

    /// Usage errors print the message, then the `lint` usage (not the root command's), on stderr.
    static let usageErrors: [([String], String)] = [
        (["lint", "--bogus"], "confgate: Error: Unknown option '--bogus'"),
        (["lint", "--format", "xml"], "confgate: Error: unknown format \"xml\"; valid formats: text, json, sarif, junit, github, html"),
        (["lint", "--format"], "confgate: Error: Missing value for '--format <format>'"),
        (["lint", "--color", "sometimes"], "confgate: Error: --color must be auto, always or never, found \"sometimes\""),
        (["lint", "--fail-on", "critical"], "confgate: Error: --fail-on must be error, warning, info or never, found \"critical\""),
        (["lint", "--stdin-filename", "x.json"], "confgate: Error: --stdin-filename needs '-' among the paths"),
        (["lint", "-", "-"], "confgate: Error: '-' (standard input) can be given only once"),
    ]

    @Test(arguments: usageErrors)
    func lintUsageError(arguments: [String], message: String) throws {
        let dir = try Self.tree()
        let result = try CLI.run(arguments, in: dir.url, stdin: [])
        #expect(result.exited(2), "\(result)")
        #expect(result.stdout == "")
        let errorLines = lines(result.stderr)
        #expect(errorLines.first == message)
        // ArgumentParser may add a "Help:" line for the option in between.
        #expect((3...4).contains(errorLines.count), "\(result)")
        if errorLines.count >= 3 {
            // The subcommand's usage, not the root's (ArgumentParser folds a long option list
            // into `[<options>]`).
            #expect(errorLines[errorLines.count - 2] == "Usage: confgate lint [<options>] [<paths> ...]")
            #expect(errorLines.last == "  See 'confgate lint --help' for more information.")
        }
    }

    @Test func unknownSubcommandAndMissingArgument() throws {
        let dir = try Self.tree()
        let unknown = try CLI.run(["frobnicate"], in: dir.url)
        #expect(unknown.exited(2), "\(unknown)")
        #expect(lines(unknown.stderr).first == "confgate: Error: Unexpected argument 'frobnicate'")

        let noFile = try CLI.run(["dump"], in: dir.url)
        #expect(noFile.exited(2), "\(noFile)")
        #expect(lines(noFile.stderr).first == "confgate: Error: Missing expected argument '<file>'")
        #expect(noFile.stdout == "")
    }

    @Test func helpAndVersionExitZero() throws {
        let dir = try Self.tree()
        let help = try CLI.run(["lint", "--help"], in: dir.url)
        #expect(help.exited(0), "\(help)")
        #expect(help.stdout.hasPrefix("OVERVIEW: Lint YAML and JSON files and directories."))
        let version = try CLI.run(["--version"], in: dir.url)
        #expect(version.exited(0), "\(version)")
        #expect(version.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(version)")
    }

    // MARK: - Operational failure (3) and --output

    @Test func outputIntoMissingDirectoryExitsThree() throws {
        let dir = try Self.tree()
        let target = dir.path + "/no/such/dir/report.txt"
        for file in ["bad.json", "ok.yaml"] {
            let result = try CLI.run(["lint", "--output", target, file], in: dir.url)
            #expect(result.exited(3), "\(result)")
            #expect(result.stdout == "")
            #expect(result.stderr == "confgate: cannot write \(target): No such file or directory\n")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/no"))
    }

    @Test func outputWritesTheReportFile() throws {
        let dir = try Self.tree()
        let text = try CLI.run(["lint", "--output", "report.txt", "bad.json"], in: dir.url)
        #expect(text.exited(1), "\(text)")
        #expect(text.stdout == "")
        #expect(text.stderr == "")
        #expect(lines(try dir.read("report.txt")) == Self.badReport)

        // An existing report is replaced, and no temporary file is left behind.
        let json = try CLI.run(["lint", "--output", "report.txt", "--format", "json", "ok.yaml"], in: dir.url)
        #expect(json.exited(0), "\(json)")
        #expect(json.stdout == "")
        let report = try JSONReport(try dir.read("report.txt"))
        #expect(report.fileCount == 1)
        #expect(report.findings.isEmpty)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("tmp") }
        #expect(leftovers.isEmpty)
    }
}
