import Foundation
import Testing

/// The CI gate options of `lint`: extra reports (`--report FORMAT=FILE`), `--max-warnings` and the
/// pre-commit secrets mode (`--secrets-only`).
@Suite struct GateOptionsTests {
    /// A project with one warning (a placeholder in a production file), one secret error, one
    /// duplicate key and one schema violation.
    static func project() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write(".confgate.yaml", "version: 1\ntemplates:\n  - schema: app.schema.json\n    files: [\"*.yaml\"]\n")
        try dir.write("app.schema.json", #"{"type": "object", "properties": {"replicas": {"type": "integer"}}}"#)
        try dir.write("production.yaml", "replicas: two\ndb:\n  password: changeme\n")
        try dir.write("staging.yaml", "db:\n  password: Staging-Pa55-2026\n  port: 1\n  port: 2\n")
        return dir
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test func extraReportsAreWrittenBesideTheMainOne() throws {
        let dir = try Self.project()
        let result = try CLI.run(
            ["lint", "--report", "json=out/r.json", "--report", "text=out/r.txt", "--fail-on", "never", "."], in: dir.url,
            environment: [:])
        // out/ does not exist: both extra reports fail to be written, the main one is printed.
        #expect(result.exited(3), "\(result)")
        #expect(Self.lines(result.stdout).last == "3 errors, 1 warning, 1 info (4 files checked)", "\(result)")
        #expect(Self.lines(result.stderr) == [
            "confgate: --report json: cannot write out/r.json: No such file or directory",
            "confgate: --report text: cannot write out/r.txt: No such file or directory",
        ])

        try FileManager.default.createDirectory(atPath: dir.path + "/out", withIntermediateDirectories: true)
        let written = try CLI.run(
            ["lint", "--format", "json", "--report", "json=out/r.json", "--report", "text=out/r.txt", "."], in: dir.url)
        #expect(written.exited(1), "\(written)")
        let json = try String(contentsOfFile: dir.path + "/out/r.json", encoding: .utf8)
        #expect(json == written.stdout, "the --report json file is the same report as --format json")
        let text = try String(contentsOfFile: dir.path + "/out/r.txt", encoding: .utf8)
        // The info: app.schema.json itself has no template (unmapped-config).
        #expect(Self.lines(text).last == "3 errors, 1 warning, 1 info (4 files checked)")
        #expect(!text.contains("\u{1B}["), "no colour in a file")
    }

    @Test(arguments: [
        (["--report", "json"], "--report must be FORMAT=FILE, found \"json\""),
        (["--report", "json="], "--report must be FORMAT=FILE, found \"json=\""),
        (["--report", "yaml=r.yaml"], "--report: unknown format \"yaml\"; valid formats: "),
        (["--max-warnings=-1"], "--max-warnings must be 0 or more, found -1"),
        (["--secrets-only", "--no-secrets"], "--secrets-only and --no-secrets exclude each other"),
    ])
    func badGateOptionsAreUsageErrors(_ arguments: [String], _ message: String) throws {
        let dir = try Self.project()
        let result = try CLI.run(["lint"] + arguments + ["."], in: dir.url)
        #expect(result.exited(2), "\(result)")
        #expect(result.stderr.contains("confgate: Error: " + message), "\(result)")
    }

    /// (arguments, exit code, stderr)
    static let warningLimits: [([String], Int32, String)] = [
        (["--fail-on", "never"], 0, ""),
        (["--fail-on", "never", "--max-warnings", "1"], 0, ""),
        (["--fail-on", "never", "--max-warnings", "0"], 1, "confgate: 1 warning, more than --max-warnings 0\n"),
        (["--max-warnings", "5"], 1, ""),
    ]

    @Test(arguments: warningLimits)
    func maxWarnings(_ arguments: [String], _ code: Int32, _ stderr: String) throws {
        let dir = try Self.project()
        let result = try CLI.run(["lint"] + arguments + ["production.yaml"], in: dir.url)
        // production.yaml: one warning (the placeholder) and one schema error.
        #expect(result.exited(code), "\(result)")
        #expect(result.stderr == stderr, "\(result)")
    }

    @Test func secretsOnlyReportsSecretsAndUnreadableFiles() throws {
        let dir = try Self.project()
        try dir.write("broken.yaml", "a: [1\n")
        let result = try CLI.run(["lint", "--secrets-only", "--format", "json", "."], in: dir.url)
        #expect(result.exited(1), "\(result)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let rules = ((report?["findings"] as? [[String: Any]]) ?? []).map { "\($0["file"] ?? ""):\($0["line"] ?? "") \($0["rule"] ?? "")" }
        #expect(rules == [
            "broken.yaml:2 syntax-error",
            "production.yaml:3 secret-placeholder",
            "staging.yaml:2 secret-plaintext-value",
        ])
        // Without it, the schema error and the duplicate key are there too.
        let full = try CLI.run(["lint", "--format", "json", "."], in: dir.url)
        #expect(full.stdout.contains("schema-type") && full.stdout.contains("duplicate-key"), "\(full)")
    }
}
