import ConfgateDocument
import ConfgateEngine
import Foundation
import Testing

/// `.confgate.yaml`: parsing, typed errors with exact messages, and discovery.
@Suite struct ProjectConfigTests {
    static let file = ".confgate.yaml"

    func parse(_ text: String) throws(ConfigError) -> ProjectConfig {
        try ProjectConfig.parse(Array(text.utf8), file: ProjectConfigTests.file, root: "/project")
    }

    /// The error parsing `text` throws, or `nil` when it parses.
    func error(_ text: String) -> ConfigError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    func at(_ line: Int, _ column: Int, _ offset: Int) -> SourceLocation {
        SourceLocation(line: line, column: column, offset: offset)
    }

    // MARK: - Valid configurations

    @Test func minimalConfigurationKeepsTheDefaults() throws {
        let config = try parse("version: 1\n")
        #expect(config.file == ".confgate.yaml")
        #expect(config.root == "/project")
        #expect(config.include == ProjectConfig.defaultInclude)
        #expect(config.exclude.isEmpty)
        #expect(config.jsonc.isEmpty)
        #expect(config.limits == InputLimits.default)
        #expect(config.failOn == nil)
    }

    @Test func everyKeyIsRead() throws {
        let config = try parse(
            """
            # project settings
            version: 1
            include:
              - "config/**/*.yaml"
              - deploy/*.json
            exclude: ["**/generated/**", '*.tmp.yaml']
            jsonc: [tsconfig.json, "**/.vscode/*.json"]
            limits:
              max-file-bytes: 1048576
              max-depth: 64
              max-nodes: 5000
              max-scalar-bytes: 4096
            fail-on: warning

            """)
        #expect(config.include.map(\.pattern) == ["config/**/*.yaml", "deploy/*.json"])
        #expect(config.exclude.map(\.pattern) == ["**/generated/**", "*.tmp.yaml"])
        #expect(config.jsonc.map(\.pattern) == ["tsconfig.json", "**/.vscode/*.json"])
        #expect(config.limits == InputLimits(maxFileBytes: 1_048_576, maxDepth: 64, maxNodes: 5000, maxScalarBytes: 4096))
        #expect(config.failOn == .warning)
    }

    @Test func partialLimitsKeepTheOtherDefaults() throws {
        let config = try parse("version: 1\nlimits:\n  max-depth: 10\n")
        #expect(config.limits == InputLimits(maxDepth: 10))
    }

    @Test(arguments: FailThreshold.allCases)
    func everyFailThresholdIsAccepted(_ threshold: FailThreshold) throws {
        #expect(try parse("version: 1\nfail-on: \(threshold.rawValue)\n").failOn == threshold)
    }

    @Test func keyOrderDoesNotMatterAndAliasesAreFollowed() throws {
        let config = try parse("exclude: &x [a.yaml]\njsonc: *x\nversion: 1\n")
        #expect(config.exclude.map(\.pattern) == ["a.yaml"])
        #expect(config.jsonc.map(\.pattern) == ["a.yaml"])
    }

    @Test func emptyListsAreAllowed() throws {
        let config = try parse("version: 1\ninclude: []\nexclude: []\n")
        #expect(config.include.isEmpty)
        #expect(config.exclude.isEmpty)
    }

    @Test func jsoncGlobsDecideTheFormat() throws {
        let config = try parse("version: 1\njsonc: [tsconfig.json, \".vscode/*.json\"]\n")
        #expect(config.format(of: "tsconfig.json", relativePath: "tsconfig.json") == .jsonc)
        #expect(config.format(of: "web/tsconfig.json", relativePath: "web/tsconfig.json") == .jsonc)
        #expect(config.format(of: "settings.json", relativePath: ".vscode/settings.json") == .jsonc)
        #expect(config.format(of: "settings.json", relativePath: "settings.json") == .json)
        #expect(config.format(of: "a.jsonc", relativePath: "a.jsonc") == .jsonc)
        #expect(config.format(of: "a.YML", relativePath: "a.YML") == .yaml)
        #expect(config.format(of: "tsconfig.yaml", relativePath: "tsconfig.yaml") == .yaml)
        #expect(config.format(of: "README.md", relativePath: "README.md") == nil)
    }

    @Test(arguments: [
        (FailThreshold.error, [Severity.error]),
        (.warning, [.error, .warning]),
        (.info, [.error, .warning, .info]),
        (.never, []),
    ])
    func failThresholds(_ threshold: FailThreshold, _ failing: [Severity]) {
        #expect(Severity.allCases.filter(threshold.fails) == failing.reversed())
    }

    // MARK: - Errors

    struct ErrorRow: Sendable, CustomTestStringConvertible {
        var text: String
        var message: String
        var testDescription: String { text.debugDescription }
    }

    static let errorRows: [ErrorRow] = [
        // Unknown keys, with a suggestion only when one is close.
        ErrorRow(
            text: "version: 1\ninclde: [a]\n",
            message: #".confgate.yaml:2:1: unknown key "inclde"; did you mean "include"?"#),
        ErrorRow(
            text: "fail_on: error\nversion: 1\n",
            message: #".confgate.yaml:1:1: unknown key "fail_on"; did you mean "fail-on"?"#),
        ErrorRow(
            text: "version: 1\nfailOn: error\n",
            message: #".confgate.yaml:2:1: unknown key "failOn"; did you mean "fail-on"?"#),
        ErrorRow(
            text: "version: 1\ncolour: red\n",
            message: #".confgate.yaml:2:1: unknown key "colour""#),
        ErrorRow(
            text: "version: 1\nlimits:\n  max-dept: 3\n",
            message: #".confgate.yaml:3:3: unknown key "max-dept" in "limits"; did you mean "max-depth"?"#),
        ErrorRow(
            text: "version: 1\nlimits:\n  timeout: 3\n",
            message: #".confgate.yaml:3:3: unknown key "timeout" in "limits""#),
        // Wrong types name the path, what was expected and the kind found.
        ErrorRow(
            text: "version: 1\ninclude: '*.yaml'\n",
            message: #".confgate.yaml:2:10: "include" must be a list of glob patterns, found a string"#),
        ErrorRow(
            text: "version: 1\nexclude:\n  a: b\n",
            message: #".confgate.yaml:3:3: "exclude" must be a list of glob patterns, found a mapping"#),
        ErrorRow(
            text: "version: 1\njsonc: [a.json, 1]\n",
            message: #".confgate.yaml:2:17: "jsonc[1]" must be a string, found an integer"#),
        ErrorRow(
            text: "version: 1\ninclude: [~]\n",
            message: #".confgate.yaml:2:11: "include[0]" must be a string, found null"#),
        ErrorRow(
            text: "version: 1\nlimits: 3\n",
            message: #".confgate.yaml:2:9: "limits" must be a mapping, found an integer"#),
        ErrorRow(
            text: "version: 1\nlimits:\n  max-depth: 1.5\n",
            message: #".confgate.yaml:3:14: "limits.max-depth" must be an integer, found a number"#),
        ErrorRow(
            text: "version: 1\nlimits:\n  max-nodes: lots\n",
            message: #".confgate.yaml:3:14: "limits.max-nodes" must be an integer, found a string"#),
        ErrorRow(
            text: "version: 1\nfail-on:\n",
            message: #".confgate.yaml:2:9: "fail-on" must be a string, found null"#),
        ErrorRow(
            text: "version: 1\nfail-on: true\n",
            message: #".confgate.yaml:2:10: "fail-on" must be a string, found a boolean"#),
        ErrorRow(
            text: "- version: 1\n",
            message: #".confgate.yaml:1:1: "(top level)" must be a mapping, found a list"#),
        ErrorRow(
            text: "version 1\n",
            message: #".confgate.yaml:1:1: "(top level)" must be a mapping, found a string"#),
        // Values out of range.
        ErrorRow(
            text: "version: 1\nlimits:\n  max-depth: -1\n",
            message: #".confgate.yaml:3:14: "limits.max-depth": must be between 1 and 1073741824, found -1"#),
        ErrorRow(
            text: "version: 1\nlimits:\n  max-file-bytes: 0\n",
            message: #".confgate.yaml:3:19: "limits.max-file-bytes": must be between 1 and 1073741824, found 0"#),
        ErrorRow(
            text: "version: 1\nlimits:\n  max-scalar-bytes: 2147483648\n",
            message:
                #".confgate.yaml:3:21: "limits.max-scalar-bytes": must be between 1 and 1073741824, found 2147483648"#),
        ErrorRow(
            text: "version: 1\nfail-on: fatal\n",
            message: #".confgate.yaml:2:10: "fail-on": must be one of error, warning, info, never, found "fatal""#),
        // The version.
        ErrorRow(
            text: "include: [a]\n",
            message: #".confgate.yaml: the configuration must start with "version: 1""#),
        ErrorRow(
            text: "",
            message: #".confgate.yaml: the configuration must start with "version: 1""#),
        ErrorRow(
            text: "# nothing but a comment\n",
            message: #".confgate.yaml: the configuration must start with "version: 1""#),
        ErrorRow(
            text: "version: 2\n",
            message: #".confgate.yaml:1:10: "version": unsupported version 2; this confgate reads version 1"#),
        ErrorRow(
            text: "version: \"1\"\n",
            message: #".confgate.yaml:1:10: "version" must be an integer, found a string"#),
        ErrorRow(
            text: "version: 1.0\n",
            message: #".confgate.yaml:1:10: "version" must be an integer, found a number"#),
        // YAML that does not parse, or is not one document.
        ErrorRow(
            text: "version: 1\ninclude: [a\n",
            message:
                #".confgate.yaml:3:1: invalid configuration: unexpected end of file: did not find expected ',' or ']' (while parsing a flow sequence that started at line 2, column 10)"#
        ),
        ErrorRow(
            text: "version: 1\n\tinclude: [a]\n",
            message:
                #".confgate.yaml:2:1: invalid configuration: found a tab character that violates indentation (while scanning a plain scalar that started at line 1, column 10)"#
        ),
        ErrorRow(
            text: "version: 1\nversion: 1\n",
            message:
                #".confgate.yaml:2:1: invalid configuration: duplicate key "version"; it is first defined at line 1, column 1"#
        ),
        ErrorRow(
            text: "version: 1\n---\nversion: 1\n",
            message: #".confgate.yaml:2:1: invalid configuration: a configuration file holds one YAML document"#),
    ]

    @Test(arguments: errorRows)
    func errorMessages(_ row: ErrorRow) {
        #expect(error(row.text)?.description == row.message)
    }

    @Test func errorsAreTypedWithTheirPosition() {
        #expect(
            error("version: 1\ninclde: [a]\n")
                == .unknownKey(file: ".confgate.yaml", at: at(2, 1, 11), key: "inclde", path: "", suggestion: "include"))
        #expect(
            error("version: 1\nlimits:\n  max-dept: 3\n")
                == .unknownKey(
                    file: ".confgate.yaml", at: at(3, 3, 21), key: "max-dept", path: "limits", suggestion: "max-depth"))
        #expect(
            error("version: 1\ninclude: '*.yaml'\n")
                == .wrongType(
                    file: ".confgate.yaml", at: at(2, 10, 20), path: "include", expected: "a list of glob patterns",
                    found: "a string"))
        #expect(
            error("version: 1\nlimits:\n  max-depth: -1\n")
                == .invalidValue(
                    file: ".confgate.yaml", at: at(3, 14, 32), path: "limits.max-depth",
                    message: "must be between 1 and 1073741824, found -1"))
        #expect(error("include: [a]\n") == .missingVersion(file: ".confgate.yaml"))
        #expect(
            error("version: 1\ninclude: [a\n")
                == .syntax(
                    file: ".confgate.yaml", at: at(3, 1, 23),
                    message: "unexpected end of file: did not find expected ',' or ']' (while parsing a flow sequence that started at line 2, column 10)"))
    }

    @Test func positionsCountCharactersNotBytes() {
        // "é" is two bytes but one column.
        #expect(
            error("# é\nversion: 1\nlimits: {max-depth: x}\n")
                == .wrongType(
                    file: ".confgate.yaml", at: at(3, 21, 36), path: "limits.max-depth", expected: "an integer",
                    found: "a string"))
    }

    @Test func usageErrorsAreTheirMessage() {
        #expect(ConfigError.usage("no such format").description == "no such format")
    }

    // MARK: - Suggestions

    @Test func closestMatchSuggestsOnlyLikelyTypos() {
        let keys = ["version", "include", "exclude", "jsonc", "limits", "fail-on"]
        #expect(closestMatch(to: "versoin", in: keys) == "version")
        #expect(closestMatch(to: "INCLUDE", in: keys) == "include")
        #expect(closestMatch(to: "json", in: keys) == "jsonc")
        #expect(closestMatch(to: "x", in: keys) == nil)
        #expect(closestMatch(to: "colour", in: keys) == nil)
        #expect(closestMatch(to: "anything", in: []) == nil)
    }

    // MARK: - Files and discovery

    @Test func loadReadsAFileAndSetsTheRoot() throws {
        let dir = try TemporaryDirectory()
        try dir.write("sub/.confgate.yaml", "version: 1\nexclude: [x.yaml]\n")
        let config = try ProjectConfig.load(path: dir.path + "/sub/.confgate.yaml", displayName: "sub/.confgate.yaml")
        #expect(config.file == "sub/.confgate.yaml")
        #expect(config.root == dir.path + "/sub")
        #expect(config.exclude.map(\.pattern) == ["x.yaml"])
    }

    @Test func loadErrorsNameTheFileAsDisplayed() throws {
        let dir = try TemporaryDirectory()
        try dir.write(".confgate.yaml", "version: 1\nexclude: 3\n")
        do {
            _ = try ProjectConfig.load(path: dir.path + "/.confgate.yaml", displayName: "my.yaml")
            Issue.record("no error")
        } catch {
            #expect(error.description == #"my.yaml:2:10: "exclude" must be a list of glob patterns, found an integer"#)
        }
    }

    @Test func unreadableFiles() throws {
        let dir = try TemporaryDirectory()
        try dir.makeDirectory("adir")
        func loadError(_ path: String) -> ConfigError? {
            do {
                _ = try ProjectConfig.load(path: path, displayName: "cfg.yaml")
                return nil
            } catch {
                return error
            }
        }
        #expect(loadError(dir.path + "/missing.yaml") == .unreadable(file: "cfg.yaml", reason: "no such file or directory"))
        #expect(loadError(dir.path + "/missing.yaml")?.description == "cfg.yaml: cannot read configuration: no such file or directory")
        #expect(loadError(dir.path + "/adir")?.description == "cfg.yaml: cannot read configuration: is a directory, not a file")
        #expect(
            loadError(dir.path + "/missing/x.yaml")?.description
                == "cfg.yaml: cannot read configuration: no such file or directory")
    }

    @Test func unreadableForPermissions() throws {
        // root reads any file, so the permission case can only be checked as another user.
        guard getuid() != 0 else { return }
        let dir = try TemporaryDirectory()
        try dir.write(".confgate.yaml", "version: 1\n")
        chmod(dir.path + "/.confgate.yaml", 0)
        do {
            _ = try ProjectConfig.load(path: dir.path + "/.confgate.yaml", displayName: ".confgate.yaml")
            Issue.record("no error")
        } catch {
            #expect(error.description == ".confgate.yaml: cannot read configuration: permission denied")
        }
    }

    @Test func configurationFileIsNotYAMLText() throws {
        let dir = try TemporaryDirectory()
        try dir.write(".confgate.yaml", bytes: Array("version: 1\nexclude: [caf".utf8) + [0xE9, 0x5D, 0x0A])
        do {
            _ = try ProjectConfig.load(path: dir.path + "/.confgate.yaml", displayName: ".confgate.yaml")
            Issue.record("no error")
        } catch {
            #expect(
                error.description
                    == ".confgate.yaml:2:14: invalid configuration: invalid UTF-8: byte 0xE9 does not start a valid character")
        }
    }

    @Test func findWalksUpToTheNearestConfiguration() throws {
        let dir = try TemporaryDirectory()
        try dir.write(".confgate.yaml", "version: 1\n")
        try dir.write("a/.confgate.yaml", "version: 1\n")
        try dir.makeDirectory("a/b/c")
        try dir.makeDirectory("x/y")
        // A directory named like the file is not a configuration.
        try dir.makeDirectory("x/y/.confgate.yaml")
        #expect(ProjectConfig.find(from: dir.path + "/a/b/c") == dir.path + "/a/.confgate.yaml")
        #expect(ProjectConfig.find(from: dir.path + "/a/b/c/") == dir.path + "/a/.confgate.yaml")
        #expect(ProjectConfig.find(from: dir.path + "/a") == dir.path + "/a/.confgate.yaml")
        #expect(ProjectConfig.find(from: dir.path + "/x/y") == dir.path + "/.confgate.yaml")
        #expect(ProjectConfig.find(from: dir.path + "/a/b/../../x") == dir.path + "/.confgate.yaml")
    }

    @Test func findReturnsNilWithoutAConfiguration() throws {
        let dir = try TemporaryDirectory()
        try dir.makeDirectory("a/b")
        // Only meaningful when no directory above the temporary directory holds one.
        let above = ProjectConfig.find(from: FilePath.parent(dir.path))
        #expect(ProjectConfig.find(from: dir.path + "/a/b") == above)
        if above == nil { #expect(ProjectConfig.find(from: dir.path + "/a/b") == nil) }
    }
}
