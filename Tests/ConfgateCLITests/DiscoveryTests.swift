import Foundation
import Testing

/// Which files `confgate lint` picks. Every file in these trees holds a duplicate key, so the files
/// with findings in the JSON report are exactly the files that were linted.
@Suite struct DiscoveryTests {
    static let yamlDuplicate = "k: 1\nk: 2\n"
    static let jsonDuplicate = "{\"k\": 1, \"k\": 2}\n"

    static func write(_ files: [String], in dir: TemporaryDirectory) throws {
        for file in files {
            try dir.write(file, file.hasSuffix(".json") || file.hasSuffix(".jsonc") ? jsonDuplicate : yamlDuplicate)
        }
    }

    /// Runs `lint --format json` and returns the linted files (in report order) and the file count.
    static func linted(
        _ arguments: [String], in directory: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (files: [String], count: Int?) {
        let result = try CLI.run(["lint", "--format", "json"] + arguments, in: directory)
        #expect(result.exited(0) || result.exited(1), "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr == "", sourceLocation: sourceLocation)
        let report = try JSONReport(result.stdout, sourceLocation: sourceLocation)
        return (report.filesWithFindings, report.fileCount)
    }

    @Test func walkPicksConfigExtensionsAndSkipsVCSFolders() throws {
        let dir = try TemporaryDirectory()
        try #require(!dir.isInsideGitWorkTree, "the temporary directory must not be inside a git work tree")
        try Self.write(
            [
                "a.yaml", "b.yml", "c.json", "d.jsonc", "sub/deeper/e.yaml", ".hidden/f.yaml", ".dot.yaml",
                // Not picked: other extensions, and VCS folders (.git here is not a real repository).
                "notes.txt", "backup.yaml.bak", "yaml", ".git/g.yaml", ".hg/h.yaml", ".svn/i.yaml",
            ], in: dir)
        let expected = [".dot.yaml", ".hidden/f.yaml", "a.yaml", "b.yml", "c.json", "d.jsonc", "sub/deeper/e.yaml"]
        let here = try Self.linted([], in: dir.url)
        #expect(here.files == expected)
        #expect(here.count == 7)

        // Named directories keep the name as written (a leading ./ dropped) in front of each file.
        let parent = dir.url.deletingLastPathComponent()
        let name = dir.url.lastPathComponent
        for spelling in [name, "./\(name)", "\(name)/"] {
            let named = try Self.linted([spelling], in: parent)
            #expect(named.files == expected.map { "\(name)/\($0)" }, "\(spelling)")
        }
        let sub = try Self.linted(["sub"], in: dir.url)
        #expect(sub.files == ["sub/deeper/e.yaml"])
    }

    /// Outside a git work tree a `.gitignore` is just a file: it does not hide anything.
    @Test func gitignoreIgnoredOutsideAGitWorkTree() throws {
        let dir = try TemporaryDirectory()
        try #require(!dir.isInsideGitWorkTree, "the temporary directory must not be inside a git work tree")
        try dir.write(".gitignore", "ignored/\n*.gen.yaml\n")
        try Self.write(["a.yaml", "b.gen.yaml", "ignored/x.yaml"], in: dir)
        let run = try Self.linted([], in: dir.url)
        #expect(run.files == ["a.yaml", "b.gen.yaml", "ignored/x.yaml"])
    }

    @Test func gitignoreHonouredInsideAGitWorkTree() throws {
        let dir = try TemporaryDirectory()
        try CLI.git(["init", "-q", "."], in: dir.url)
        try dir.write(".gitignore", "ignored/\n*.gen.yaml\n!keep.gen.yaml\n")
        try dir.write("sub/.gitignore", "local.yaml\n")
        try Self.write(
            [
                "a.yaml", "tracked/t.yaml", "untracked.yaml", "b.gen.yaml", "keep.gen.yaml", "ignored/x.yaml",
                "sub/local.yaml", "sub/s.json",
            ], in: dir)
        try CLI.git(["add", "a.yaml", "tracked/t.yaml"], in: dir.url)
        // Something under .git that a plain walk would find, were .git not skipped.
        try dir.write(".git/stray.yaml", Self.yamlDuplicate)

        let all = try Self.linted([], in: dir.url)
        #expect(all.files == ["a.yaml", "keep.gen.yaml", "sub/s.json", "tracked/t.yaml", "untracked.yaml"])
        #expect(all.count == 5)

        // From a subfolder, paths are relative to it and the nested .gitignore still applies.
        let fromSub = try Self.linted([], in: dir.url("sub"))
        #expect(fromSub.files == ["s.json"])
        let up = try Self.linted([".."], in: dir.url("sub"))
        #expect(up.files == ["../a.yaml", "../keep.gen.yaml", "../sub/s.json", "../tracked/t.yaml", "../untracked.yaml"])

        // A file or folder named explicitly is linted even though git ignores it.
        let explicit = try Self.linted(["b.gen.yaml", "sub/local.yaml", "ignored"], in: dir.url)
        #expect(explicit.files == ["b.gen.yaml", "sub/local.yaml", "ignored/x.yaml"])
        #expect(explicit.count == 3)
    }

    @Test func includeAndExcludeGlobsFromConfig() throws {
        let dir = try TemporaryDirectory()
        try dir.write(
            ".confgate.yaml", "version: 1\ninclude: [\"config/**/*.yaml\", \"*.json\"]\nexclude: [\"**/secret*\", \"config/legacy/**\"]\n")
        try Self.write(
            [
                "config/a.yaml", "config/deep/b.yaml", "config/legacy/c.yaml", "config/secret.yaml", "other/d.yaml",
                "x.json", "other/y.json", "other/secrets.json", "top.yaml",
            ], in: dir)
        let walked = try Self.linted([], in: dir.url)
        #expect(walked.files == ["config/a.yaml", "config/deep/b.yaml", "other/y.json", "x.json"])

        // Globs are relative to the configuration's folder, also when linting from below it.
        let fromConfig = try Self.linted([], in: dir.url("config"))
        #expect(fromConfig.files == ["a.yaml", "deep/b.yaml"])

        // Named files are linted whatever the globs say, and whatever their extension (read as YAML).
        try dir.write("notes.txt", Self.yamlDuplicate)
        let named = try Self.linted(["config/legacy/c.yaml", "other/secrets.json", "notes.txt", "top.yaml"], in: dir.url)
        #expect(named.files == ["config/legacy/c.yaml", "other/secrets.json", "notes.txt", "top.yaml"])
    }

    /// `.confgate.yaml` is found by walking up from the working directory; `--config` replaces it.
    @Test func configFoundWalkingUpOrGivenWithFlag() throws {
        let dir = try TemporaryDirectory()
        try dir.write(".confgate.yaml", "version: 1\nexclude: [\"sub/skip.yaml\"]\n")
        try Self.write(["sub/keep.yaml", "sub/skip.yaml", "sub/deeper/more.yaml"], in: dir)
        let deep = try Self.linted([], in: dir.url("sub"))
        #expect(deep.files == ["deeper/more.yaml", "keep.yaml"])
        let deeper = try Self.linted([".."], in: dir.url("sub/deeper"))
        #expect(deeper.files == ["../deeper/more.yaml", "../keep.yaml"])

        // --config wins over the file found above; its globs are relative to its own folder.
        try dir.write("alt/only-keep.yaml", "version: 1\nexclude: [\"**/more.yaml\", \"**/keep.yaml\"]\n")
        let flagged = try Self.linted(["--config", "../alt/only-keep.yaml"], in: dir.url("sub"))
        #expect(flagged.files == ["skip.yaml"])

        // Limits from the configuration apply to every file.
        try dir.write("sub/.confgate.yaml", "version: 1\nlimits:\n  max-depth: 2\n")
        try dir.write("sub/nested.json", "[[[1]]]")
        let limited = try CLI.run(["lint", "--format", "json", "nested.json"], in: dir.url("sub"))
        let findings = try JSONReport(limited.stdout).findings.map { try FindingFields($0) }
        #expect(
            findings == [
                FindingFields(
                    rule: "input-limit", message: "nesting is deeper than 2 levels (limit max-depth)", file: "nested.json",
                    line: 1, column: 3, endLine: 1, endColumn: 3, pointer: nil, document: 0)
            ])
        #expect(limited.exited(1), "\(limited)")
    }

    /// Inputs in the order given; a file named twice (or also found by a walk) is linted once.
    @Test func deterministicOrderAndNoDuplicates() throws {
        let dir = try TemporaryDirectory()
        try Self.write(["b/2.yaml", "b/1.yaml", "a/z.json", "a/B.yaml", "a/a.yaml"], in: dir)
        let run = try Self.linted(["b", "a", "b/1.yaml", "a"], in: dir.url)
        #expect(run.files == ["b/1.yaml", "b/2.yaml", "a/B.yaml", "a/a.yaml", "a/z.json"])
        #expect(run.count == 5)
        for _ in 0..<3 {
            #expect(try Self.linted(["b", "a"], in: dir.url).files == run.files)
        }
    }

    /// A symbolic link back up the tree must not make the walk lint the same files again and again.
    @Test func symbolicLinkLoopIsWalkedOnce() throws {
        let dir = try TemporaryDirectory()
        try #require(!dir.isInsideGitWorkTree, "the temporary directory must not be inside a git work tree")
        try Self.write(["a/x.yaml"], in: dir)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/a/loop", withDestinationPath: "..")
        let run = try Self.linted([], in: dir.url)
        #expect(run.files == ["a/x.yaml"])
        #expect(run.count == 1)
    }

    // MARK: - Paths that cannot be linted

    @Test func missingPathIsAnIOErrorFinding() throws {
        let dir = try TemporaryDirectory()
        try dir.write("ok.yaml", "a: 1\n")
        let result = try CLI.run(["lint", "ok.yaml", "missing.yaml", "gone/"], in: dir.url)
        #expect(
            lines(result.stdout) == [
                "missing.yaml: error: cannot read \"missing.yaml\": no such file or directory [io-error]",
                "gone/: error: cannot read \"gone/\": no such file or directory [io-error]",
                "2 errors, 0 warnings, 0 info (1 file checked)",
            ])
        #expect(result.stderr == "")
        #expect(result.exited(1), "\(result)")

        let never = try CLI.run(["lint", "--fail-on", "never", "missing.yaml"], in: dir.url)
        #expect(never.exited(0), "\(never)")
    }

    @Test func dumpRefusesADirectory() throws {
        let dir = try TemporaryDirectory()
        try dir.write("conf/a.yaml", "a: 1\n")
        let result = try CLI.run(["dump", "conf"], in: dir.url)
        #expect(result.stdout == "")
        #expect(result.stderr == "conf: error: cannot read \"conf\": is a directory, not a file [io-error]\n")
        #expect(result.exited(1), "\(result)")

        let missing = try CLI.run(["dump", "nope.yaml"], in: dir.url)
        #expect(missing.stdout == "")
        #expect(missing.stderr == "nope.yaml: error: cannot read \"nope.yaml\": no such file or directory [io-error]\n")
        #expect(missing.exited(1), "\(missing)")
    }

    @Test func unreadableFileIsAnIOErrorFinding() throws {
        guard getuid() != 0 else { return }  // root reads anything
        let dir = try TemporaryDirectory()
        let file = try dir.write("secret.yaml", "a: 1\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: file.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path) }
        let result = try CLI.run(["lint", "secret.yaml"], in: dir.url)
        #expect(
            lines(result.stdout) == [
                "secret.yaml: error: cannot read \"secret.yaml\": permission denied [io-error]",
                "1 error, 0 warnings, 0 info (1 file checked)",
            ])
        #expect(result.exited(1), "\(result)")
    }
}
