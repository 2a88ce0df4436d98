import Foundation
import Testing

/// `lint` with environments through the binary: a service's other layers are read when only one
/// of its files is named or changed, `--no-environments` and `validate` check files as written,
/// and a bad `environments:` block is a configuration error.
@Suite struct EnvironmentCLITests {
    /// A zero-config service whose staging adds a key production lacks, and whose staging file
    /// also has a problem of its own (a duplicate key).
    static func project(_ dir: TemporaryDirectory) throws {
        try dir.write("svc/base.yaml", "replicas: 1\n")
        try dir.write("svc/staging.yaml", "replicas: 2\nreplicas: 2\ncache_ttl: 60\n")
        try dir.write("svc/development.yaml", "cache_ttl: 5\n")
        try dir.write("svc/production.yaml", "replicas: 3\n")
    }

    static let parityLine = "svc/staging.yaml:3:1: error: \"/cache_ttl\" is set in staging but missing in production [parity-missing-key]"
    static let duplicateLine = "svc/staging.yaml:2:1: error: duplicate key \"replicas\"; it is first defined at line 1, column 1 [duplicate-key]"

    @Test func theWholeTreeReportsParityAndEachFile() throws {
        let dir = try TemporaryDirectory()
        try Self.project(dir)
        let result = try CLI.run(["lint", "--color", "never", "."], in: dir.url)
        #expect(result.exited(1), "\(result)")
        #expect(result.stdout.contains(Self.parityLine + "\n"), "\(result)")
        #expect(result.stdout.contains("svc/production.yaml:1:1: note: the top level in production, without it\n"), "\(result)")
        #expect(result.stdout.contains(Self.duplicateLine + "\n"), "\(result)")
        #expect(result.stdout.hasSuffix("2 errors, 0 warnings, 0 info (4 files checked)\n"), "\(result)")
    }

    /// The pre-commit hook names only the changed file: its siblings are read from disk, and a
    /// finding the comparison puts in a sibling is reported, but not the sibling's own problems.
    @Test func oneNamedLayerIsComparedWithItsSiblings() throws {
        let dir = try TemporaryDirectory()
        try Self.project(dir)
        let result = try CLI.run(["lint", "--color", "never", "svc/production.yaml"], in: dir.url)
        #expect(result.exited(1), "\(result)")
        #expect(result.stdout.contains(Self.parityLine + "\n"), "\(result)")
        #expect(!result.stdout.contains("duplicate-key"), "\(result)")
        #expect(result.stdout.hasSuffix("1 error, 0 warnings, 0 info (2 files checked)\n"), "\(result)")
    }

    @Test func changedSinceComparesAChangedLayerWithItsSiblings() throws {
        let dir = try TemporaryDirectory()
        try CLI.git(["init", "-q", "."], in: dir.url)
        try dir.write("svc/base.yaml", "replicas: 1\n")
        try dir.write("svc/staging.yaml", "replicas: 2\ncache_ttl: 60\n")
        try dir.write("svc/development.yaml", "cache_ttl: 5\n")
        try dir.write("svc/production.yaml", "replicas: 3\ncache_ttl: 60\n")
        try CLI.git(["add", "."], in: dir.url)
        try CLI.git(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "base"], in: dir.url)
        // Production drops the key: the finding sits in staging, which did not change.
        try dir.write("svc/production.yaml", "replicas: 3\n")
        let result = try CLI.run(["lint", "--color", "never", "--changed-since", "HEAD", "."], in: dir.url)
        #expect(result.exited(1), "\(result)")
        #expect(
            result.stdout.contains("svc/staging.yaml:2:1: error: \"/cache_ttl\" is set in staging but missing in production [parity-missing-key]\n"),
            "\(result)")
        #expect(result.stdout.hasSuffix("1 error, 0 warnings, 0 info (2 files checked)\n"), "\(result)")
    }

    @Test func noEnvironmentsAndValidateCheckFilesAsWritten() throws {
        let dir = try TemporaryDirectory()
        try Self.project(dir)
        let plain = try CLI.run(["lint", "--color", "never", "--no-environments", "."], in: dir.url)
        #expect(!plain.stdout.contains("parity"), "\(plain)")
        #expect(plain.stdout.contains(Self.duplicateLine + "\n"), "\(plain)")
        try dir.write("schema.json", "{\"type\": \"object\"}\n")
        let validate = try CLI.run(["validate", "--schema", "schema.json", "--color", "never", "svc"], in: dir.url)
        #expect(!validate.stdout.contains("parity"), "\(validate)")
        #expect(validate.stdout.contains(Self.duplicateLine + "\n"), "\(validate)")
    }

    @Test func aBadEnvironmentsBlockIsAConfigurationError() throws {
        let dir = try TemporaryDirectory()
        try dir.write(".confgate.yaml", "version: 1\nenvironments:\n  names: [staging, production]\n  critical: [prod]\n")
        let result = try CLI.run(["lint", "."], in: dir.url)
        #expect(result.exited(2), "\(result)")
        #expect(
            result.stderr == "confgate: .confgate.yaml:4:13: \"environments.critical\": \"prod\" is not among environments.names (staging, production)\n",
            "\(result)")
    }
}
