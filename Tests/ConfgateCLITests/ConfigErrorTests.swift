import Foundation
import Testing

/// `.confgate.yaml` problems are configuration errors: exit 2, nothing linted, one message on stderr
/// naming the file, line, column and key.
@Suite struct ConfigErrorTests {
    /// (configuration text, message after "confgate: ")
    static let cases: [(String, String)] = [
        ("version: 1\nexclud: [\"a\"]\n", ".confgate.yaml:2:1: unknown key \"exclud\"; did you mean \"exclude\"?"),
        ("version: 1\nlimits:\n  max-depht: 3\n",
         ".confgate.yaml:3:3: unknown key \"max-depht\" in \"limits\"; did you mean \"max-depth\"?"),
        ("version: 1\nchecks: {}\n", ".confgate.yaml:2:1: unknown key \"checks\""),
        ("version: 1\ninclude: \"*.yaml\"\n", ".confgate.yaml:2:10: \"include\" must be a list of glob patterns, found a string"),
        ("version: 1\nexclude: [1]\n", ".confgate.yaml:2:11: \"exclude[0]\" must be a string, found an integer"),
        ("version: \"1\"\n", ".confgate.yaml:1:10: \"version\" must be an integer, found a string"),
        ("version: 1\nlimits: 5\n", ".confgate.yaml:2:9: \"limits\" must be a mapping, found an integer"),
        ("version: 1\nlimits:\n  max-depth: 0\n",
         ".confgate.yaml:3:14: \"limits.max-depth\": must be between 1 and 1073741824, found 0"),
        ("version: 1\nfail-on: sometimes\n",
         ".confgate.yaml:2:10: \"fail-on\": must be one of error, warning, info, never, found \"sometimes\""),
        ("version: 2\n", ".confgate.yaml:1:10: \"version\": unsupported version 2; this confgate reads version 1"),
        ("include: [\"*.yaml\"]\n", ".confgate.yaml: the configuration must start with \"version: 1\""),
        ("", ".confgate.yaml: the configuration must start with \"version: 1\""),
        ("- version: 1\n", ".confgate.yaml:1:1: \"(top level)\" must be a mapping, found a list"),
        ("version: 1\nversion: 1\n",
         ".confgate.yaml:2:1: invalid configuration: duplicate key \"version\"; it is first defined at line 1, column 1"),
        ("version: [1\n",
         ".confgate.yaml:2:1: invalid configuration: unexpected end of file: did not find expected ',' or ']' (while parsing a flow sequence that started at line 1, column 10)"),
        ("version: 1\n---\nversion: 1\n", ".confgate.yaml:2:1: invalid configuration: a configuration file holds one YAML document"),
    ]

    @Test(arguments: cases)
    func configurationError(config: String, message: String) throws {
        let dir = try TemporaryDirectory()
        try dir.write(".confgate.yaml", config)
        try dir.write("bad.json", "{\"a\": 1, \"a\": 2}\n")
        for arguments in [["lint"], ["lint", "--format", "json", "bad.json"], ["dump", "bad.json"]] {
            let result = try CLI.run(arguments, in: dir.url)
            #expect(result.stderr == "confgate: \(message)\n", "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.exited(2), "\(arguments): \(result)")
        }
    }

    @Test func configFlagErrorsNameTheGivenPath() throws {
        let dir = try TemporaryDirectory()
        try dir.write("ok.yaml", "a: 1\n")
        try dir.write("conf/strict.yaml", "version: 1\nlimitz: {}\n")
        let missing = try CLI.run(["lint", "--config", "nope.yaml"], in: dir.url)
        #expect(missing.stderr == "confgate: nope.yaml: cannot read configuration: no such file or directory\n")
        #expect(missing.exited(2), "\(missing)")

        let directory = try CLI.run(["lint", "--config", "conf"], in: dir.url)
        #expect(directory.stderr == "confgate: conf: cannot read configuration: is a directory, not a file\n")
        #expect(directory.exited(2), "\(directory)")

        let unknown = try CLI.run(["lint", "--config", "conf/strict.yaml"], in: dir.url)
        #expect(unknown.stderr == "confgate: conf/strict.yaml:2:1: unknown key \"limitz\"; did you mean \"limits\"?\n")
        #expect(unknown.exited(2), "\(unknown)")
    }

    /// A configuration found in a parent folder is named by a path the user can open.
    @Test func configFoundAboveIsNamedInErrors() throws {
        let dir = try TemporaryDirectory()
        try dir.write(".confgate.yaml", "version: 1\nexcluded: []\n")
        try dir.write("sub/ok.yaml", "a: 1\n")
        let result = try CLI.run(["lint"], in: dir.url("sub"))
        #expect(
            result.stderr
                == "confgate: \(dir.path)/.confgate.yaml:2:1: unknown key \"excluded\"; did you mean \"exclude\"?\n")
        #expect(result.exited(2), "\(result)")
    }
}
