import ConfgateDocument
import ConfgateEngine
import Testing

/// The baseline (docs/baseline.md): what keys an entry, what churns it and what does not, how
/// entries are matched, and that the file never holds a value.
@Suite struct BaselineTests {
    static let salt: [UInt8] = Array(0..<16)

    static func linter(salt: [UInt8] = BaselineTests.salt) -> Linter {
        var linter = Linter(config: ProjectConfig(root: "/project"))
        linter.baselineSalt = salt
        return linter
    }

    /// A report of `files` (name → text) linted with `salt`.
    static func report(_ files: [String: String], salt: [UInt8] = BaselineTests.salt) -> LintReport {
        let linter = linter(salt: salt)
        return LintReport(
            files: files.keys.sorted().map { name in
                let format = SourceFormat.forPath(name) ?? .yaml
                return linter.lint(bytes: Array(files[name]!.utf8), target: LintTarget(displayPath: name, path: name, format: format))
            })
    }

    static func baseline(_ files: [String: String], salt: [UInt8] = BaselineTests.salt) -> BaselineFile {
        BaselineFile.make(from: report(files, salt: salt), salt: salt, linter: linter(salt: salt))
    }

    /// Lints `files` against a baseline of `before`: the findings still active, as `line:column rule`.
    static func newFindings(before: [String: String], after: [String: String]) -> (active: [String], outcome: BaselineOutcome?) {
        let baseline = baseline(before)
        var report = report(after)
        baseline.apply(to: &report, source: ".confgate-baseline.json", linter: linter())
        return (report.findings.map { "\($0.file):\($0.range?.start.description ?? "-") \($0.rule)" }, report.baseline)
    }

    static let original = """
        server:
          port: 8080
          port: 9090
          motto: hunter2-the-secret-value
          motto: hunter2-the-secret-value
        list: [1, 2]

        """

    // MARK: - Keys

    @Test func entriesAreKeyedOnRuleFilePointerAndHash() {
        let baseline = BaselineTests.baseline(["a.yaml": BaselineTests.original, "b.json": "{\"a\": 1, \"a\": 2, \"b\": [}"])
        #expect(baseline.entries.map(\.rule) == ["duplicate-key", "duplicate-key", "syntax-error"])
        #expect(baseline.entries.map(\.file) == ["a.yaml", "a.yaml", "b.json"])
        #expect(baseline.entries.map(\.pointer) == ["/server/motto", "/server/port", nil])
        for entry in baseline.entries { #expect(entry.valueHash.wholeMatch(of: /[0-9a-f]{32}/) != nil, "\(entry)") }
        #expect(Set(baseline.entries.map(\.valueHash)).count == 3)
    }

    @Test func theSameFindingsMatchEveryEntry() {
        let files = ["a.yaml": BaselineTests.original]
        let (active, outcome) = BaselineTests.newFindings(before: files, after: files)
        #expect(active == [])
        #expect(outcome == BaselineOutcome(file: ".confgate-baseline.json", entries: 2, matched: 2))
        #expect(outcome?.stale == 0)
    }

    /// Lines move, keys are reordered, quoting and comments change: nothing is new.
    @Test(arguments: [
        "# a comment in front\n\n\nserver:\n  port: 8080\n  port: 9090\n  motto: hunter2-the-secret-value\n  motto: hunter2-the-secret-value\nlist: [1, 2]\n",
        "list: [1, 2]\nserver:\n  motto: hunter2-the-secret-value\n  motto: \"hunter2-the-secret-value\"\n  port: 8080\n  port: 9090\n",
        "server: {port: 8080, port: 9090, motto: 'hunter2-the-secret-value', motto: hunter2-the-secret-value}\nlist: [1, 2]\n",
        "server:\r\n  port: 8080\r\n  port: 9090\r\n  motto: hunter2-the-secret-value\r\n  motto: hunter2-the-secret-value\r\n",
    ])
    func movingLinesDoesNotChurn(_ moved: String) {
        let (active, outcome) = BaselineTests.newFindings(before: ["a.yaml": BaselineTests.original], after: ["a.yaml": moved])
        #expect(active == [])
        #expect(outcome?.matched == 2)
        // The rewritten baseline is the same, byte for byte.
        #expect(
            BaselineTests.baseline(["a.yaml": moved]).render() == BaselineTests.baseline(["a.yaml": BaselineTests.original]).render())
    }

    /// A changed value (a rotated secret) is a new finding; the old entry is stale.
    @Test func changingTheValueChurns() {
        let changed = BaselineTests.original.replacingOccurrences(
            of: "motto: hunter2-the-secret-value\n  motto: hunter2-the-secret-value",
            with: "motto: hunter2-the-secret-value\n  motto: a-new-secret")
        let (active, outcome) = BaselineTests.newFindings(before: ["a.yaml": BaselineTests.original], after: ["a.yaml": changed])
        #expect(active == ["a.yaml:5:3 duplicate-key"])
        #expect(outcome == BaselineOutcome(file: ".confgate-baseline.json", entries: 2, matched: 1))
        #expect(outcome?.stale == 1)
    }

    /// The case baselines exist for: a plaintext secret already in the repository stays quiet when
    /// lines move, and comes back as new when it is rotated to another plaintext value.
    @Test func aBaselinedSecretStaysQuietUntilRotated() {
        let before = ["db.yaml": "database:\n  host: db.internal\n  password: hunter2-Tr0ub4dor\n"]
        let moved = ["db.yaml": "# moved\ndatabase:\n  password: hunter2-Tr0ub4dor\n  host: db.internal\n"]
        let rotated = ["db.yaml": "database:\n  host: db.internal\n  password: Rotated-Tr0ub4dor-2\n"]
        #expect(BaselineTests.baseline(before).entries.map(\.rule) == ["secret-plaintext-value"])
        #expect(BaselineTests.newFindings(before: before, after: moved).active == [])
        let (active, outcome) = BaselineTests.newFindings(before: before, after: rotated)
        #expect(active == ["db.yaml:3:13 secret-plaintext-value"])
        #expect(outcome?.stale == 1)
        // The file holds a hash, never the value.
        #expect(!BaselineTests.baseline(before).render().contains("hunter2"))
    }

    /// Another file, or the same problem under another key, is new.
    @Test func otherFilesAndKeysAreNew() {
        let (active, _) = BaselineTests.newFindings(
            before: ["a.yaml": "a: 1\na: 1\n"], after: ["a.yaml": "b: 1\nb: 1\n", "c.yaml": "a: 1\na: 1\n"])
        #expect(active == ["a.yaml:2:1 duplicate-key", "c.yaml:2:1 duplicate-key"])
    }

    /// Each entry matches one finding: a third copy of a key is new although it equals the second.
    @Test func matchingIsMultiset() {
        let (active, outcome) = BaselineTests.newFindings(
            before: ["a.yaml": "a: 1\na: 1\n"], after: ["a.yaml": "a: 1\na: 1\na: 1\n"])
        #expect(active == ["a.yaml:3:1 duplicate-key"])
        #expect(outcome?.matched == 1)
        let (none, twice) = BaselineTests.newFindings(
            before: ["a.yaml": "a: 1\na: 1\na: 1\n"], after: ["a.yaml": "a: 1\na: 1\n"])
        #expect(none == [])
        #expect(twice == BaselineOutcome(file: ".confgate-baseline.json", entries: 2, matched: 1))
    }

    /// Mappings are keyed on their sorted key names, sequences on their length; a finding without a
    /// node (a syntax error) on its message with the numbers taken out.
    @Test func collectionsAndNodelessFindings() {
        let (moved, _) = BaselineTests.newFindings(
            before: ["a.yaml": "a: {x: 1, y: 2}\na: {y: 2, x: 1}\nb: [1]\nb: [2]\n---\nc: [\n"],
            after: ["a.yaml": "\n\nb: [3]\nb: [4]\na: {y: 0, x: 0}\na:\n  x: 5\n  y: 6\n---\n\n\nc: [\n"])
        #expect(moved == [])
        let (changed, _) = BaselineTests.newFindings(
            before: ["a.yaml": "a: {x: 1}\na: {x: 1}\nb: [1]\nb: [1]\n"],
            after: ["a.yaml": "a: {x: 1}\na: {z: 1}\nb: [1]\nb: [1, 2]\n---\nc: ]\n"])
        #expect(changed == ["a.yaml:2:1 duplicate-key", "a.yaml:4:1 duplicate-key", "a.yaml:6:4 syntax-error"])
    }

    @Test func theSaltChangesEveryHash() {
        let one = BaselineTests.baseline(["a.yaml": BaselineTests.original])
        let other = BaselineTests.baseline(["a.yaml": BaselineTests.original], salt: Array(repeating: 7, count: 16))
        #expect(Set(one.entries.map(\.valueHash)).isDisjoint(with: other.entries.map(\.valueHash)))
        // A report linted with another salt matches nothing.
        var report = BaselineTests.report(["a.yaml": BaselineTests.original], salt: Array(repeating: 7, count: 16))
        one.apply(to: &report, source: "b.json", linter: BaselineTests.linter())
        #expect(report.findings.count == 2)
        #expect(report.baseline?.matched == 0)
    }

    @Test func newSaltsAreRandom() {
        let a = BaselineFile.newSalt(), b = BaselineFile.newSalt()
        #expect(a.count == 16)
        #expect(a != b)
    }

    /// Suppressed findings are left out of a new baseline; matched ones say where they matched.
    @Test func suppressionsAndBaselineTogether() throws {
        let text = "a: 1\na: 2 # confgate: ignore[duplicate-key] generated\nb: 1\nb: 2\n"
        let baseline = BaselineTests.baseline(["a.yaml": text])
        #expect(baseline.entries.map(\.pointer) == ["/b"])
        var report = BaselineTests.report(["a.yaml": text])
        baseline.apply(to: &report, source: "base.json", linter: BaselineTests.linter())
        #expect(report.findings.isEmpty)
        #expect(
            report.suppressedFindings.map(\.suppression) == [
                Suppression(
                    origin: .comment, justification: "generated", source: "comment at line 2", file: "a.yaml",
                    range: SourceRange(
                        start: SourceLocation(line: 2, column: 6, offset: 10),
                        end: SourceLocation(line: 2, column: 49, offset: 53))),
                Suppression(origin: .baseline, justification: "", source: "baseline base.json", file: "base.json"),
            ])
        #expect(report.suppressedFindings.first?.suppression?.kind == .inSource)
        #expect(report.suppressedFindings.last?.suppression?.kind == .external)
    }

    // MARK: - The file

    @Test func theFileIsSortedOneEntryPerLineAndHoldsNoValue() throws {
        let baseline = BaselineTests.baseline(["z.yaml": "k: v\nk: v\n", "a.yaml": BaselineTests.original])
        let text = baseline.render()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 11)
        #expect(lines[0] == "{")
        #expect(lines[1] == "  \"version\": 1,")
        #expect(lines[2] == "  \"tool\": {\"name\": \"confgate\", \"version\": \"\(ToolInfo.version)\"},")
        #expect(lines[3] == "  \"salt\": \"000102030405060708090a0b0c0d0e0f\",")
        #expect(lines[4] == "  \"entries\": [")
        #expect(lines[5].hasPrefix("    {\"rule\": \"duplicate-key\", \"file\": \"a.yaml\", \"pointer\": \"/server/motto\", \"valueHash\": \""))
        #expect(lines[6].hasPrefix("    {\"rule\": \"duplicate-key\", \"file\": \"a.yaml\", \"pointer\": \"/server/port\", \"valueHash\": \""))
        #expect(lines[7].hasPrefix("    {\"rule\": \"duplicate-key\", \"file\": \"z.yaml\", \"pointer\": \"/k\", \"valueHash\": \""))
        #expect(lines[8...] == ["  ]", "}", ""])
        for value in ["hunter2", "the-secret-value", "8080", "9090"] {
            #expect(!text.contains(value), "the baseline holds \(value)")
        }
        #expect(try BaselineFile.parse(Array(text.utf8), file: "b.json") == baseline)
        let empty = BaselineFile(salt: BaselineTests.salt, entries: [])
        #expect(empty.render().hasSuffix("  \"entries\": []\n}\n"))
        #expect(try BaselineFile.parse(Array(empty.render().utf8), file: "b.json") == empty)
    }

    static let errorCases: [(String, String)] = [
        ("", "b.json:1:1: invalid baseline: empty JSON file: expected a value"),
        ("[]", #"b.json:1:1: invalid baseline: "(top level)" must be an object"#),
        (#"{"version": 1, "salt": "000102030405060708090a0b0c0d0e0f", "entries": [], "extra": 1}"#,
         #"b.json:1:75: invalid baseline: unknown key "extra" in "(top level)""#),
        (#"{"salt": "000102030405060708090a0b0c0d0e0f", "entries": []}"#, #"b.json:1:1: invalid baseline: "version" is missing"#),
        (#"{"version": 2, "salt": "000102030405060708090a0b0c0d0e0f", "entries": []}"#,
         #"b.json:1:13: invalid baseline: "version" must be 1, found 2; regenerate the baseline with this confgate"#),
        (#"{"version": 1, "salt": "0001", "entries": []}"#,
         #"b.json:1:24: invalid baseline: "salt" must be at least 32 hexadecimal digits"#),
        (#"{"version": 1, "salt": "000102030405060708090a0b0c0d0e0f"}"#, #"b.json:1:1: invalid baseline: "entries" must be a list"#),
        (#"{"version": 1, "salt": "000102030405060708090a0b0c0d0e0f", "entries": [{"rule": "r", "file": "f", "pointer": null}]}"#,
         #"b.json:1:72: invalid baseline: "entries[0].valueHash" is missing"#),
        (#"{"version": 1, "salt": "000102030405060708090a0b0c0d0e0f", "entries": [{"rule": 1, "file": "f", "pointer": null, "valueHash": "x"}]}"#,
         #"b.json:1:81: invalid baseline: "entries[0].rule" must be a string"#),
    ]

    @Test(arguments: errorCases)
    func malformedFiles(_ text: String, _ message: String) {
        #expect(throws: (any Error).self) { try BaselineFile.parse(Array(text.utf8), file: "b.json") }
        do {
            _ = try BaselineFile.parse(Array(text.utf8), file: "b.json")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aMissingFile() {
        #expect(
            throws: BaselineError.unreadable(file: "nope.json", reason: "no such file or directory"),
            performing: { try BaselineFile.load(path: "/nonexistent/nope.json", displayName: "nope.json") })
    }
}
