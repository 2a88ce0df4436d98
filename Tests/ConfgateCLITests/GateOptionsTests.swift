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

/// `--changed-since REF`: only files changed since REF (committed, staged, unstaged, untracked).
@Suite struct ChangedSinceTests {
    static func repository() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try CLI.git(["init", "-q", "."], in: dir.url)
        try dir.write("old.yaml", "a: 1\na: 1\n")
        try dir.write("edited.yaml", "b: 1\nb: 1\n")
        try dir.write("staged.yaml", "c: 1\n")
        try CLI.git(["add", "."], in: dir.url)
        try CLI.git(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "base"], in: dir.url)
        try CLI.git(["tag", "base"], in: dir.url)
        try dir.write("edited.yaml", "b: 1\nb: 2\n")
        try dir.write("staged.yaml", "c: 1\nc: 2\n")
        try CLI.git(["add", "staged.yaml"], in: dir.url)
        try dir.write("new.yaml", "d: 1\nd: 1\n")
        return dir
    }

    static func files(_ stdout: String) -> [String] {
        stdout.split(separator: "\n").filter { $0.contains(": error: ") }.map { String($0.prefix { $0 != ":" }) }
    }

    @Test func onlyChangedFilesAreLinted() throws {
        let dir = try Self.repository()
        let all = try CLI.run(["lint", "."], in: dir.url)
        #expect(Self.files(all.stdout) == ["edited.yaml", "new.yaml", "old.yaml", "staged.yaml"], "\(all)")
        let changed = try CLI.run(["lint", "--changed-since", "base", "."], in: dir.url)
        #expect(changed.exited(1), "\(changed)")
        #expect(Self.files(changed.stdout) == ["edited.yaml", "new.yaml", "staged.yaml"], "\(changed)")
        #expect(changed.stdout.hasSuffix("(3 files checked)\n"), "\(changed)")
        // Named paths are filtered too: an unchanged file named on the command line is skipped.
        let named = try CLI.run(["lint", "--changed-since", "HEAD", "old.yaml", "new.yaml"], in: dir.url)
        #expect(Self.files(named.stdout) == ["new.yaml"], "\(named)")
    }

    @Test func badRefsAndNoRepositoryAreUsageErrors() throws {
        let dir = try Self.repository()
        let unknown = try CLI.run(["lint", "--changed-since", "no-such-ref", "."], in: dir.url)
        #expect(unknown.exited(2), "\(unknown)")
        #expect(unknown.stderr == "confgate: --changed-since: \"no-such-ref\" is not a commit git knows (fetch it first in a shallow CI clone)\n")
        let option = try CLI.run(["lint", "--changed-since=--output=x", "."], in: dir.url)
        #expect(option.exited(2), "\(option)")

        let plain = try TemporaryDirectory()
        try #require(!plain.isInsideGitWorkTree)
        try plain.write("a.yaml", "a: 1\n")
        let outside = try CLI.run(["lint", "--changed-since", "HEAD", "."], in: plain.url)
        #expect(outside.exited(2), "\(outside)")
        #expect(outside.stderr.hasPrefix("confgate: --changed-since needs a git work tree; "), "\(outside)")
    }
}
