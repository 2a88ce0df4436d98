import ConfgateDocument
import ConfgateEngine
import Foundation
import Testing

/// Turning command-line paths into files to lint, in temporary directories.
@Suite struct FileDiscoveryTests {
    /// A discovery rooted at `dir`, with git off unless asked for.
    func discovery(
        _ dir: TemporaryDirectory, include: [String]? = nil, exclude: [String] = [], jsonc: [String] = [],
        git: Bool = false
    ) -> FileDiscovery {
        var config = ProjectConfig(root: dir.path)
        if let include { config.include = include.map(Glob.init) }
        config.exclude = exclude.map(Glob.init)
        config.jsonc = jsonc.map(Glob.init)
        var discovery = FileDiscovery(config: config, workingDirectory: dir.path)
        discovery.useGit = git
        return discovery
    }

    /// A tree with config files of every kind, files of other kinds and VCS folders.
    func makeTree() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        for file in [
            "b.yml", "a.yaml", "c.json", "d.jsonc", "B.yaml", "notes.txt", "README.md", "upper.YAML",
            "sub/e.yaml", "sub.yaml", "sub-a.yaml", "sub/deeper/f.json", "sub/deeper/g.txt",
            ".hidden.yaml", ".git/config.yaml", ".hg/x.yaml", ".svn/x.yaml", ".confgate/cache.json",
            "nested/.git/objects.json", "yaml/plain",
        ] {
            try dir.write(file)
        }
        try dir.makeDirectory("empty")
        try dir.makeDirectory("dir.yaml")
        return dir
    }

    @Test func walkFindsConfigFilesInByteOrder() throws {
        let dir = try makeTree()
        let (targets, missing) = discovery(dir).discover(["."])
        #expect(missing.isEmpty)
        #expect(
            targets.map(\.displayPath) == [
                ".hidden.yaml", "B.yaml", "a.yaml", "b.yml", "c.json", "d.jsonc", "sub-a.yaml", "sub.yaml",
                "sub/deeper/f.json", "sub/e.yaml",
            ])
        #expect(targets.map(\.path) == targets.map { dir.path + "/" + $0.displayPath })
        #expect(
            targets.map(\.format) == [.yaml, .yaml, .yaml, .yaml, .json, .jsonc, .yaml, .yaml, .json, .yaml])
        // The default include globs are case-sensitive, so `upper.YAML` is not walked; named
        // explicitly, it is read as YAML.
        #expect(discovery(dir).discover(["upper.YAML"]).targets.map(\.format) == [.yaml])
    }

    @Test func displayPathsFollowTheInputAsWritten() throws {
        let dir = try makeTree()
        let d = discovery(dir)
        #expect(d.discover(["sub"]).targets.map(\.displayPath) == ["sub/deeper/f.json", "sub/e.yaml"])
        #expect(d.discover(["sub/"]).targets.map(\.displayPath) == ["sub/deeper/f.json", "sub/e.yaml"])
        #expect(d.discover(["./sub"]).targets.map(\.displayPath) == ["sub/deeper/f.json", "sub/e.yaml"])
        #expect(d.discover(["./"]).targets.first?.displayPath == ".hidden.yaml")
        #expect(d.discover(["./a.yaml"]).targets.map(\.displayPath) == ["a.yaml"])
        #expect(
            d.discover([dir.path + "/sub"]).targets.map(\.displayPath) == [
                dir.path + "/sub/deeper/f.json", dir.path + "/sub/e.yaml",
            ])
        #expect(d.discover(["sub/deeper/../e.yaml"]).targets.map(\.path) == [dir.path + "/sub/e.yaml"])
    }

    @Test func orderIsDeterministic() throws {
        let dir = try makeTree()
        let first = discovery(dir).discover(["."]).targets
        for _ in 0..<5 { #expect(discovery(dir).discover(["."]).targets == first) }
    }

    @Test func inputsKeepTheirOrderAndEachFileComesOnce() throws {
        let dir = try makeTree()
        let (targets, _) = discovery(dir).discover(["sub", "a.yaml", ".", "sub/e.yaml", "a.yaml"])
        #expect(
            targets.map(\.displayPath) == [
                "sub/deeper/f.json", "sub/e.yaml", "a.yaml", ".hidden.yaml", "B.yaml", "b.yml", "c.json", "d.jsonc",
                "sub-a.yaml", "sub.yaml",
            ])
    }

    @Test func includeAndExcludeGlobsApplyToWalks() throws {
        let dir = try makeTree()
        #expect(
            discovery(dir, include: ["sub/**"]).discover(["."]).targets.map(\.displayPath) == [
                "sub/deeper/f.json", "sub/e.yaml",
            ])
        #expect(
            discovery(dir, exclude: ["sub/**", "*.json", "[ab].*"]).discover(["."]).targets.map(\.displayPath) == [
                ".hidden.yaml", "B.yaml", "d.jsonc", "sub-a.yaml", "sub.yaml",
            ])
        // Globs are relative to the project root, not to the directory named.
        #expect(discovery(dir, include: ["sub/e.yaml"]).discover(["sub"]).targets.map(\.displayPath) == ["sub/e.yaml"])
        #expect(discovery(dir, include: ["e.yaml"]).discover(["sub"]).targets.map(\.displayPath) == ["sub/e.yaml"])
        #expect(discovery(dir, exclude: ["/e.yaml"]).discover(["sub"]).targets.map(\.displayPath) == [
            "sub/deeper/f.json", "sub/e.yaml",
        ])
        // Include cannot add files of other kinds to a walk.
        #expect(discovery(dir, include: ["*.txt"]).discover(["."]).targets.isEmpty)
    }

    @Test func jsoncGlobsChangeTheFormat() throws {
        let dir = try makeTree()
        let targets = discovery(dir, jsonc: ["c.json"]).discover(["."]).targets
        #expect(targets.first { $0.displayPath == "c.json" }?.format == .jsonc)
        #expect(targets.first { $0.displayPath == "sub/deeper/f.json" }?.format == .json)
        #expect(discovery(dir, jsonc: ["c.json"]).discover(["c.json"]).targets.map(\.format) == [.jsonc])
    }

    @Test func aFileNamedExplicitlyIsAlwaysIncluded() throws {
        let dir = try makeTree()
        let d = discovery(dir, include: ["nothing/**"], exclude: ["**"])
        let (targets, missing) = d.discover(["notes.txt", "sub/e.yaml", ".git/config.yaml", "c.json"])
        #expect(missing.isEmpty)
        #expect(
            targets == [
                LintTarget(displayPath: "notes.txt", path: dir.path + "/notes.txt", format: .yaml),
                LintTarget(displayPath: "sub/e.yaml", path: dir.path + "/sub/e.yaml", format: .yaml),
                LintTarget(displayPath: ".git/config.yaml", path: dir.path + "/.git/config.yaml", format: .yaml),
                LintTarget(displayPath: "c.json", path: dir.path + "/c.json", format: .json),
            ])
        // ...while the walk finds nothing.
        #expect(d.discover(["."]).targets.isEmpty)
    }

    @Test func missingInputsAreIOErrors() throws {
        let dir = try makeTree()
        let (targets, missing) = discovery(dir).discover(["nope.yaml", "a.yaml", "./gone/", "notes.txt/x"])
        #expect(targets.map(\.displayPath) == ["a.yaml"])
        #expect(
            missing == [
                Finding(
                    rule: "io-error", category: .io, severity: .error,
                    message: "cannot read \"nope.yaml\": no such file or directory", file: "nope.yaml", range: nil),
                Finding(
                    rule: "io-error", category: .io, severity: .error,
                    message: "cannot read \"./gone/\": no such file or directory", file: "gone/", range: nil),
                Finding(
                    rule: "io-error", category: .io, severity: .error,
                    message: "cannot read \"notes.txt/x\": no such file or directory", file: "notes.txt/x", range: nil),
            ])
    }

    @Test func anEmptyDirectoryHasNoFiles() throws {
        let dir = try makeTree()
        let (targets, missing) = discovery(dir).discover(["empty"])
        #expect(targets.isEmpty)
        #expect(missing.isEmpty)
    }

    @Test func symbolicLinksAreFollowedButLoopsEnd() throws {
        let dir = try TemporaryDirectory()
        try dir.write("real/a.yaml")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/link", withDestinationPath: "real")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/real/loop", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/b.yaml", withDestinationPath: "real/a.yaml")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/dangling.yaml", withDestinationPath: "gone")
        let targets = discovery(dir).discover(["."]).targets
        // Each directory is walked once, however many links lead to it (the first path in byte order
        // names it), so a loop ends at once; a link to a file is a file of its own name.
        #expect(targets.map(\.displayPath) == ["b.yaml", "link/a.yaml"])
    }

    // MARK: - git

    @Test(.enabled(if: gitAvailable))
    func insideAGitWorkTreeGitignoreIsHonoured() throws {
        let dir = try TemporaryDirectory()
        try dir.git("init", "-q")
        try dir.write(".gitignore", "ignored/\n*.gen.yaml\n!keep.gen.yaml\n")
        try dir.write("sub/.gitignore", "local.json\n")
        try dir.write(".git/info/exclude", "private.yaml\n")
        for file in [
            "a.yaml", "tracked.gen.yaml", "x.gen.yaml", "keep.gen.yaml", "ignored/b.yaml", "sub/c.yaml",
            "sub/local.json", "local.json", "private.yaml", "notes.txt",
        ] {
            try dir.write(file)
        }
        // A tracked file is linted even when a pattern would ignore it, as git lists it.
        try dir.git("add", "-f", "tracked.gen.yaml")
        let d = discovery(dir, git: true)
        #expect(
            d.discover(["."]).targets.map(\.displayPath) == [
                "a.yaml", "keep.gen.yaml", "local.json", "sub/c.yaml", "tracked.gen.yaml",
            ])
        // A subdirectory of the work tree: paths relative to it.
        #expect(d.discover(["sub"]).targets.map(\.displayPath) == ["sub/c.yaml"])
        // Without git, everything is walked.
        #expect(
            discovery(dir, git: false).discover(["."]).targets.map(\.displayPath) == [
                "a.yaml", "ignored/b.yaml", "keep.gen.yaml", "local.json", "private.yaml", "sub/c.yaml",
                "sub/local.json", "tracked.gen.yaml", "x.gen.yaml",
            ])
        // A file named explicitly is linted even when ignored.
        #expect(d.discover(["x.gen.yaml"]).targets.map(\.displayPath) == ["x.gen.yaml"])
    }

    @Test(.enabled(if: gitAvailable))
    func anExplicitlyNamedIgnoredDirectoryIsStillWalked() throws {
        let dir = try TemporaryDirectory()
        try dir.git("init", "-q")
        try dir.write(".gitignore", "ignored/\n")
        try dir.write("a.yaml")
        try dir.write("ignored/b.yaml")
        try dir.write("ignored/deep/c.json")
        let d = discovery(dir, git: true)
        #expect(d.discover(["."]).targets.map(\.displayPath) == ["a.yaml"])
        #expect(d.discover(["ignored"]).targets.map(\.displayPath) == ["ignored/b.yaml", "ignored/deep/c.json"])
        #expect(d.discover(["ignored/deep"]).targets.map(\.displayPath) == ["ignored/deep/c.json"])
    }

    @Test(.enabled(if: gitAvailable))
    func theGitListStillSkipsVCSFoldersAndKeepsGlobs() throws {
        let dir = try TemporaryDirectory()
        try dir.git("init", "-q")
        try dir.write("a.yaml")
        try dir.write("b.json")
        try dir.write(".confgate/cache.yaml")
        try dir.write("vendor/v.yaml")
        let d = discovery(dir, exclude: ["vendor/**"], git: true)
        #expect(d.discover(["."]).targets.map(\.displayPath) == ["a.yaml", "b.json"])
    }
}
