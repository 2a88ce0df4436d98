import ConfgateDocument
import ConfgateEngine
import Foundation
import Testing

/// The linter turns what the readers report into exact `Finding` values.
@Suite struct LinterTests {
    static let defaults = ProjectConfig(root: "/project")

    func config(_ limits: InputLimits = .default, jsonc: [String] = []) -> ProjectConfig {
        var config = ProjectConfig(root: "/project")
        config.limits = limits
        config.jsonc = jsonc.map(Glob.init)
        return config
    }

    func syntaxError(_ file: String, _ message: String, _ range: SourceRange, document: Int? = 0) -> Finding {
        Finding(
            rule: "syntax-error", category: .syntax, severity: .error, message: message, file: file, range: range,
            pointer: nil, document: document)
    }

    func inputLimit(_ file: String, _ message: String, _ range: SourceRange, document: Int? = 0) -> Finding {
        Finding(
            rule: "input-limit", category: .syntax, severity: .error, message: message, file: file, range: range,
            pointer: nil, document: document)
    }

    // MARK: - Syntax errors

    @Test func yamlSyntaxErrors() {
        #expect(
            lint("a: [1, 2\n", as: "a.yaml").findings == [
                syntaxError(
                    "a.yaml",
                    "unexpected end of file: did not find expected ',' or ']' (while parsing a flow sequence that started at line 1, column 4)",
                    point(line: 2, column: 1, offset: 9))
            ])
        #expect(
            lint("a: b: c\n", as: "a.yaml").findings == [
                syntaxError("a.yaml", "mapping values are not allowed in this context", point(line: 1, column: 5, offset: 4))
            ])
        // Columns count characters, offsets count bytes.
        #expect(
            lint("ключ: b: c\n", as: "a.yaml").findings == [
                syntaxError("a.yaml", "mapping values are not allowed in this context", point(line: 1, column: 8, offset: 11))
            ])
        // In the second document of a stream.
        #expect(
            lint("a: 1\n---\nb: [\n", as: "a.yaml").findings == [
                syntaxError(
                    "a.yaml",
                    "unexpected end of file: did not find expected node content",
                    point(line: 4, column: 1, offset: 14), document: 1)
            ])
    }

    @Test func jsonSyntaxErrors() {
        #expect(
            lint("{\"a\": 1,}", as: "a.json").findings == [
                syntaxError(
                    "a.json", "trailing comma before '}' is not allowed in JSON", point(line: 1, column: 8, offset: 7))
            ])
        #expect(
            lint("[1,\n 2,\n]\n", as: "a.json").findings == [
                syntaxError(
                    "a.json", "trailing comma before ']' is not allowed in JSON", point(line: 2, column: 3, offset: 6))
            ])
        #expect(
            lint("{\"a\": 1 \"b\": 2}", as: "a.json").findings == [
                syntaxError(
                    "a.json", "expected ',' or '}' after an object member, found '\"'",
                    point(line: 1, column: 9, offset: 8))
            ])
        #expect(
            lint("// comment\n{}", as: "a.json").findings.map(\.rule) == ["syntax-error"])
        // An empty JSON file is not JSON (JSONTestSuite n_structure_no_data); an empty YAML file is valid.
        #expect(
            lint("", as: "a.json").findings == [
                syntaxError("a.json", "empty JSON file: expected a value", point(line: 1, column: 1, offset: 0))
            ])
        #expect(lint("", as: "a.yaml").findings.isEmpty)
        #expect(lint("# only a comment\n", as: "a.yaml").findings.isEmpty)
        #expect(lint("---\n...\n", as: "a.yaml").findings.isEmpty)
    }

    @Test func afterASyntaxErrorNothingMoreIsReported() {
        // A duplicate in a mapping that ended before the error is reported; nothing after the error is.
        let findings = lint("x:\n  a: 1\n  a: 2\ny: [\nc: 1\nc: 2\n", as: "a.yaml").findings
        #expect(findings.map(\.rule) == ["duplicate-key", "syntax-error"])
        #expect(findings.map { $0.range?.start.line } == [3, 6])
        let json = lint("{\"x\": {\"a\": 1, \"a\": 2}, \"y\": [1 2], \"y\": 3}", as: "a.json").findings
        #expect(json.map(\.rule) == ["duplicate-key", "syntax-error"])
        #expect(json.map { $0.range?.start.column } == [16, 33])
    }

    // MARK: - Duplicate keys

    @Test func duplicateKeysInYAML() {
        let result = lint("server:\n  port: 8080\n  port: 9090\n", as: "a.yaml")
        #expect(
            result.findings == [
                Finding(
                    rule: "duplicate-key", category: .syntax, severity: .error,
                    message: "duplicate key \"port\"; it is first defined at line 2, column 3", file: "a.yaml",
                    range: span(line: 3, column: 3, offset: 23, endColumn: 7, endOffset: 27), pointer: "/server/port",
                    document: 0,
                    related: [
                        RelatedLocation(
                            message: "first definition of \"port\"",
                            range: span(line: 2, column: 3, offset: 10, endColumn: 7, endOffset: 14))
                    ])
            ])
        #expect(result.excerpts == [2: "  port: 8080", 3: "  port: 9090"])
        #expect(result.documentCount == 1)
    }

    @Test func duplicateKeysInALaterDocument() {
        let result = lint("a: 1\n---\nb: 1\nb: 2\n", as: "a.yaml")
        #expect(
            result.findings == [
                Finding(
                    rule: "duplicate-key", category: .syntax, severity: .error,
                    message: "duplicate key \"b\"; it is first defined at line 3, column 1", file: "a.yaml",
                    range: span(line: 4, column: 1, offset: 14, endColumn: 2, endOffset: 15), pointer: "/b",
                    document: 1,
                    related: [
                        RelatedLocation(
                            message: "first definition of \"b\"",
                            range: span(line: 3, column: 1, offset: 9, endColumn: 2, endOffset: 10))
                    ])
            ])
        #expect(result.documentCount == 2)
    }

    @Test func duplicateKeysInJSON() {
        #expect(
            lint("{\"a\": {\"b\": 1, \"b\": 2}}", as: "a.json").findings == [
                Finding(
                    rule: "duplicate-key", category: .syntax, severity: .error,
                    message: "duplicate key \"b\"; it is first defined at line 1, column 8", file: "a.json",
                    range: span(line: 1, column: 16, offset: 15, endColumn: 19, endOffset: 18), pointer: "/a/b",
                    document: 0,
                    related: [
                        RelatedLocation(
                            message: "first definition of \"b\"",
                            range: span(line: 1, column: 8, offset: 7, endColumn: 11, endOffset: 10))
                    ])
            ])
    }

    @Test func severalFindingsComeInFileOrder() {
        let findings = lint("b: 1\na: 1\nb: 2\na: 2\nb: 3\n", as: "a.yaml").findings
        #expect(findings.map { $0.range?.start.line } == [3, 4, 5])
        #expect(
            findings.map(\.message) == [
                "duplicate key \"b\"; it is first defined at line 1, column 1",
                "duplicate key \"a\"; it is first defined at line 2, column 1",
                "duplicate key \"b\"; it is first defined at line 1, column 1",
            ])
    }

    // MARK: - Input limits

    @Test func inputLimits() {
        #expect(
            lint("[[[1]]]", as: "a.json", config: config(InputLimits(maxDepth: 2))).findings == [
                inputLimit(
                    "a.json", "nesting is deeper than 2 levels (limit max-depth)", point(line: 1, column: 3, offset: 2))
            ])
        #expect(
            lint("a: [[1]]\n", as: "a.yaml", config: config(InputLimits(maxDepth: 2))).findings == [
                inputLimit(
                    "a.yaml", "nesting is deeper than 2 levels (limit max-depth)",
                    span(line: 1, column: 5, offset: 4, endColumn: 6, endOffset: 5))
            ])
        #expect(
            lint("a: abcdefghij\n", as: "a.yaml", config: config(InputLimits(maxScalarBytes: 5))).findings == [
                inputLimit(
                    "a.yaml", "scalar is longer than 5 bytes (limit max-scalar-bytes)",
                    span(line: 1, column: 4, offset: 3, endColumn: 14, endOffset: 13))
            ])
        #expect(
            lint("{\"a\": \"abcdefghij\"}", as: "a.json", config: config(InputLimits(maxScalarBytes: 5))).findings == [
                inputLimit(
                    "a.json", "scalar is longer than 5 bytes (limit max-scalar-bytes)",
                    span(line: 1, column: 7, offset: 6, endColumn: 19, endOffset: 18))
            ])
        #expect(
            lint("a: [1, 2, 3, 4]\n", as: "a.yaml", config: config(InputLimits(maxNodes: 3))).findings == [
                inputLimit(
                    "a.yaml", "document has more than 3 nodes (limit max-nodes)",
                    span(line: 1, column: 5, offset: 4, endColumn: 6, endOffset: 5))
            ])
        #expect(
            lint("a: 1\n", as: "a.yaml", config: config(InputLimits(maxFileBytes: 3))).findings == [
                inputLimit(
                    "a.yaml", "file is 5 bytes, more than the limit of 3 (limit max-file-bytes)",
                    point(line: 1, column: 1, offset: 0), document: nil)
            ])
        // At the limit is fine.
        #expect(lint("a: 1\n", as: "a.yaml", config: config(InputLimits(maxFileBytes: 5))).findings.isEmpty)
        #expect(lint("[[1]]", as: "a.json", config: config(InputLimits(maxDepth: 2))).findings.isEmpty)
        #expect(lint("a: abcde\n", as: "a.yaml", config: config(InputLimits(maxScalarBytes: 5))).findings.isEmpty)
    }

    @Test func aliasesCountAsTheNodesTheyStandFor() {
        // 1 mapping + 2 keys + 1 list + 3 items, then the alias stands for 4 more: 11 nodes.
        let text = "a: &a [1, 2, 3]\nb: *a\n"
        #expect(lint(text, as: "a.yaml", config: config(InputLimits(maxNodes: 11))).findings.isEmpty)
        #expect(
            lint(text, as: "a.yaml", config: config(InputLimits(maxNodes: 10))).findings == [
                inputLimit(
                    "a.yaml", "document has more than 10 nodes (limit max-nodes)",
                    span(line: 2, column: 4, offset: 19, endColumn: 6, endOffset: 21))
            ])
    }

    // MARK: - Encoding

    @Test func encodingProblems() {
        #expect(
            lint([0xFF, 0xFE, 0x61, 0x00], as: "a.yaml").findings == [
                Finding(
                    rule: "invalid-encoding", category: .syntax, severity: .error,
                    message: "file is encoded as UTF-16LE (byte-order mark); confgate reads UTF-8 only", file: "a.yaml",
                    range: point(line: 1, column: 1, offset: 0))
            ])
        #expect(
            lint(Array("a: 1\n".utf8) + [0], as: "a.yaml").findings == [
                Finding(
                    rule: "invalid-encoding", category: .syntax, severity: .error,
                    message: "binary file: it contains a NUL byte, which YAML text cannot", file: "a.yaml",
                    range: point(line: 2, column: 1, offset: 5))
            ])
        #expect(
            lint(Array("a: é".utf8) + [0xC3, 0x28], as: "a.yaml").findings == [
                Finding(
                    rule: "invalid-encoding", category: .syntax, severity: .error,
                    message: "invalid UTF-8: byte 0xC3 does not start a valid character", file: "a.yaml",
                    range: point(line: 1, column: 5, offset: 5))
            ])
        // A UTF-8 byte-order mark is fine and is not a column.
        let bom = lint([0xEF, 0xBB, 0xBF] + Array("a: 1\na: 2\n".utf8), as: "a.yaml")
        #expect(bom.findings.map(\.range) == [span(line: 2, column: 1, offset: 8, endColumn: 2, endOffset: 9)])
        #expect(bom.excerpts == [1: "a: 1", 2: "a: 2"])
    }

    // MARK: - Line endings and excerpts

    @Test func crlfKeepsPositionsAndExcerptsClean() {
        let result = lint("a: 1\r\nb: 2\r\nb: 3\r\n", as: "a.yaml")
        #expect(result.findings.map(\.range) == [span(line: 3, column: 1, offset: 12, endColumn: 2, endOffset: 13)])
        #expect(result.findings.first?.related.map(\.range) == [span(line: 2, column: 1, offset: 6, endColumn: 2, endOffset: 7)])
        #expect(result.excerpts == [2: "b: 2", 3: "b: 3"])
        // A lone CR is a line break too.
        let cr = lint("{\"a\": 1,\r\"a\": 2}", as: "a.json")
        #expect(cr.findings.map(\.range) == [span(line: 2, column: 1, offset: 9, endColumn: 4, endOffset: 12)])
        #expect(cr.excerpts == [1: "{\"a\": 1,", 2: "\"a\": 2}"])
    }

    // MARK: - JSON with comments

    @Test func jsoncAcceptsCommentsAndTrailingCommas() {
        let text = "{\n  // a comment\n  \"a\": [1, 2,], /* another */\n  \"b\": true,\n}\n"
        #expect(lint(text, as: "tsconfig.jsonc").findings.isEmpty)
        #expect(lint(text, as: "tsconfig.json").findings.map(\.rule) == ["syntax-error"])
        #expect(lint(text, as: "tsconfig.json", config: config(jsonc: ["tsconfig.json"])).findings.isEmpty)
        #expect(lint(text, as: "other.json", config: config(jsonc: ["tsconfig.json"])).findings.map(\.rule) == ["syntax-error"])
        // Duplicate keys are still duplicates in JSONC.
        #expect(lint("{\"a\": 1, // x\n \"a\": 2}", as: "a.jsonc").findings.map(\.rule) == ["duplicate-key"])
    }

    @Test func configNamedJSONCFilesAreReadAsJSONCFromDisk() throws {
        let dir = try TemporaryDirectory()
        try dir.write("tsconfig.json", "{\n  // strict mode\n  \"strict\": true,\n}\n")
        try dir.write("web/tsconfig.json", "{\"strict\": true,}\n")
        try dir.write("other.json", "{\"strict\": true,}\n")
        var config = ProjectConfig(root: dir.path)
        config.jsonc = [Glob("tsconfig.json")]
        var discovery = FileDiscovery(config: config, workingDirectory: dir.path)
        discovery.useGit = false
        let targets = discovery.discover(["."]).targets
        #expect(targets.map(\.format) == [.json, .jsonc, .jsonc])
        let results = Linter(config: config).lint(targets)
        #expect(results.map(\.target.displayPath) == ["other.json", "tsconfig.json", "web/tsconfig.json"])
        #expect(results.map { $0.findings.map(\.rule) } == [["syntax-error"], [], []])
    }

    // MARK: - Files on disk

    @Test func unreadableFilesAreIOErrors() throws {
        let dir = try TemporaryDirectory()
        try dir.makeDirectory("adir.yaml")
        let linter = Linter(config: LinterTests.defaults)
        let missing = linter.lintFile(LintTarget(displayPath: "gone.yaml", path: dir.path + "/gone.yaml", format: .yaml))
        #expect(
            missing.findings == [
                Finding(
                    rule: "io-error", category: .io, severity: .error,
                    message: "cannot read \"gone.yaml\": no such file or directory", file: "gone.yaml", range: nil)
            ])
        #expect(missing.excerpts.isEmpty)
        #expect(missing.documentCount == 0)
        let directory = linter.lintFile(LintTarget(displayPath: "adir.yaml", path: dir.path + "/adir.yaml", format: .yaml))
        #expect(
            directory.findings == [
                Finding(
                    rule: "io-error", category: .io, severity: .error,
                    message: "cannot read \"adir.yaml\": is a directory, not a file", file: "adir.yaml", range: nil)
            ])
    }

    @Test func oversizedFilesAreNotRead() throws {
        let dir = try TemporaryDirectory()
        try dir.write("big.yaml", String(repeating: "a: 1\n", count: 10))
        let linter = Linter(config: config(InputLimits(maxFileBytes: 49)))
        let result = linter.lintFile(LintTarget(displayPath: "big.yaml", path: dir.path + "/big.yaml", format: .yaml))
        #expect(
            result.findings == [
                inputLimit(
                    "big.yaml", "file is 50 bytes, more than the limit of 49 (limit max-file-bytes)",
                    point(line: 1, column: 1, offset: 0), document: nil)
            ])
    }

    @Test func manyFilesInParallelKeepTheirOrder() throws {
        let dir = try TemporaryDirectory()
        for i in 0..<240 {
            let name = String(format: "f%03d", i)
            switch i % 4 {
            case 0: try dir.write("\(name).yaml", "k: \(i)\nk: \(i + 1)\n")
            case 1: try dir.write("\(name).json", "{\"k\": \(i),}")
            case 2: try dir.write("d\(i % 7)/\(name).yml", "k: [\(i)\n")
            default: try dir.write("\(name).yaml", "k: \(i)\n")
            }
        }
        var discovery = FileDiscovery(config: LinterTests.defaults, workingDirectory: dir.path)
        discovery.useGit = false
        let targets = discovery.discover(["."]).targets
        #expect(targets.count == 240)
        let linter = Linter(config: LinterTests.defaults)
        let sequential = targets.map(linter.lintFile)
        for _ in 0..<3 {
            let parallel = linter.lint(targets)
            #expect(parallel.map(\.target) == targets)
            #expect(parallel.map(\.findings) == sequential.map(\.findings))
        }
        let report = LintReport(files: sequential)
        #expect(report.findings.count == 180)
        #expect(report.findings.map(\.file) == report.findings.map(\.file).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    @Test func lintOfNoTargetsIsEmpty() {
        #expect(Linter(config: LinterTests.defaults).lint([]).isEmpty)
    }

    // MARK: - Reports and ordering

    @Test func reportPutsInputProblemsFirst() {
        let missing = Finding(
            rule: "io-error", category: .io, severity: .error, message: "cannot read \"x\": no such file or directory",
            file: "x", range: nil)
        let file = lint("a: 1\na: 2\n", as: "a.yaml")
        let warning = Finding(
            rule: "w", category: .schema, severity: .warning, message: "m", file: "b.yaml",
            range: point(line: 1, column: 1, offset: 0))
        let other = FileResult(
            target: LintTarget(displayPath: "b.yaml", path: "b.yaml", format: .yaml), findings: [warning])
        let report = LintReport(files: [file, other], inputFindings: [missing])
        #expect(report.findings.map(\.rule) == ["io-error", "duplicate-key", "w"])
        #expect(report.count(.error) == 2)
        #expect(report.count(.warning) == 1)
        #expect(report.count(.info) == 0)
        #expect(report.excerpt(file: "a.yaml", line: 2) == "a: 2")
        #expect(report.excerpt(file: "a.yaml", line: 3) == nil)
        #expect(report.excerpt(file: "x", line: 1) == nil)
    }

    @Test func findingsSortByFileThenPositionThenRule() {
        func f(_ file: String, _ offset: Int?, _ rule: String, _ message: String = "m") -> Finding {
            Finding(
                rule: rule, category: .syntax, severity: .error, message: message, file: file,
                range: offset.map { point(line: 1, column: $0 + 1, offset: $0) })
        }
        let sorted = [f("b", 0, "a"), f("a", 5, "a"), f("a", nil, "z"), f("a", 5, "b", "a"), f("a", 5, "a", "n"), f("a", 1, "z")]
            .sorted()
        #expect(
            sorted == [f("a", nil, "z"), f("a", 1, "z"), f("a", 5, "a"), f("a", 5, "a", "n"), f("a", 5, "b", "a"), f("b", 0, "a")])
        #expect(Severity.info < Severity.warning && Severity.warning < Severity.error)
        #expect(Severity.allCases.sorted() == [.info, .warning, .error])
    }
}
