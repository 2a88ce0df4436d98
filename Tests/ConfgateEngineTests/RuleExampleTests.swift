import ConfgateDocument
import ConfgateEngine
import Testing

/// The generic rule test (../shared/STYLE.md, "Rules"): every rule's documented examples are linted,
/// and the failing ones must produce a finding of the rule exactly at the `↓` marker with exactly the
/// documented message; passing ones must produce none. Each example is also perturbed (a line in front,
/// CRLF line endings, a UTF-8 byte-order mark) and the finding must move accordingly; a suppression
/// comment above it must move it to the suppressed findings. Examples named `.confgate.yaml` are
/// project configurations: their findings are the configuration's own (`ignore:` entries).
@Suite struct RuleExampleTests {
    // MARK: - Descriptions

    @Test(arguments: RuleCase.all)
    func descriptionIsComplete(_ rule: RuleCase) {
        let d = rule.description
        for (field, value) in [
            ("id", d.id), ("name", d.name), ("summary", d.summary), ("rationale", d.rationale),
            ("useInstead", d.useInstead), ("options", d.options),
        ] {
            #expect(!value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(d.id): \(field) is empty")
        }
        #expect(d.id.wholeMatch(of: /[a-z][a-z0-9]*(-[a-z0-9]+)*/) != nil, "\(d.id) is not kebab-case")
        #expect(!d.id.hasPrefix("no-"), "\(d.id): an id names the bad pattern, not its absence")
    }

    @Test func idsAreUnique() {
        let ids = RuleRegistry.all.map { $0.description.id }
        #expect(Set(ids).count == ids.count, "duplicate ids in \(ids)")
        for id in ids { #expect(RuleRegistry.description(of: id)?.id == id) }
        #expect(RuleRegistry.description(of: "no-such-rule") == nil)
    }

    @Test(arguments: RuleCase.all)
    func rulesHaveExamplesOrSayWhyNot(_ rule: RuleCase) {
        let d = rule.description
        if let reason = d.examplesNotApplicable {
            #expect(!reason.trimmingCharacters(in: .whitespaces).isEmpty, "\(d.id): empty examplesNotApplicable")
            #expect(d.passingExamples.isEmpty && d.failingExamples.isEmpty, "\(d.id): has examples and a reason not to")
        } else {
            #expect(!d.passingExamples.isEmpty, "\(d.id) has no passing example")
            #expect(!d.failingExamples.isEmpty, "\(d.id) has no failing example")
        }
        for example in d.passingExamples {
            #expect(!example.isFailing, "\(d.id): a passing example carries the marker")
            #expect(example.message == nil, "\(d.id): a passing example has a message")
        }
        for example in d.failingExamples {
            #expect(example.text.filter { $0 == RuleExample.marker }.count == 1, "\(d.id): not exactly one marker")
            let message = example.message ?? ""
            #expect(!message.isEmpty, "\(d.id): a failing example has no message")
            #expect(!message.hasSuffix("."), "\(d.id): message ends with a period: \(message)")
            #expect(message.first.map { !$0.isUppercase } ?? true, "\(d.id): message is not lowercase: \(message)")
        }
        for example in d.passingExamples + d.failingExamples {
            #expect(SourceFormat.forPath(example.fileName) != nil, "\(d.id): \(example.fileName) has no known format")
        }
    }

    // MARK: - Examples

    @Test(arguments: ExampleCase.failing)
    func failingExamplePointsAtTheMarker(_ example: ExampleCase) {
        let prepared = example.prepared()
        guard let marker = prepared.marker else {
            Issue.record("\(example): no marker")
            return
        }
        let expected = example.example.message ?? ""
        expectFinding(example, in: prepared.bytes, at: marker, message: expected, variant: "as written")

        for perturbation in Perturbation.all(for: example.format) {
            let bytes = perturbation.apply(prepared.bytes)
            expectFinding(
                example, in: bytes, at: perturbation.move(marker, prepared.bytes),
                message: perturbation.adjust(expected), variant: perturbation.name)
        }
    }

    @Test(arguments: ExampleCase.passing)
    func passingExampleHasNoFinding(_ example: ExampleCase) {
        let prepared = example.prepared()
        let variants = [("as written", prepared.bytes)]
            + Perturbation.all(for: example.format).map { ($0.name, $0.apply(prepared.bytes)) }
        for (variant, bytes) in variants {
            let findings = exampleFindings(bytes, example.example).filter { example.rule.owns($0) }
            #expect(findings.isEmpty, "\(example) (\(variant)): unexpected \(findings)")
        }
    }

    /// A suppression comment on the line above the finding silences it: the finding moves to the
    /// suppressed list, with the comment's reason and line. Applies to the YAML and JSONC examples
    /// of every rule that a comment can reach (not the suppression rules, not a problem that stops
    /// the reading of a file, not a line inside a scalar, where the comment would be a value).
    @Test(arguments: ExampleCase.failing.filter(\.acceptsSuppressionComment))
    func suppressionCommentSilencesTheFinding(_ example: ExampleCase) throws {
        let prepared = example.prepared()
        let marker = try #require(prepared.marker)
        let lineStart = prepared.bytes[..<marker.offset].lastIndex(where: { $0 == 0x0A || $0 == 0x0D }).map { $0 + 1 } ?? 0
        // A family (`secret`) is suppressed by its prefix pattern, `secret-*`.
        let pattern = example.rule.isFamily ? example.rule.id + "-*" : example.rule.id
        let comment = Array(
            "\(example.format == .yaml ? "#" : "//") confgate: ignore[\(pattern)] perturbation reason\n".utf8)
        let bytes = Array(prepared.bytes[..<lineStart]) + comment + Array(prepared.bytes[lineStart...])
        let result = lintExample(bytes, example.example)
        #expect(!result.findings.contains { example.rule.owns($0) }, "\(example): \(result.findings)")
        let suppressed = result.suppressed.filter { example.rule.owns($0) }
        #expect(suppressed.count == 1, "\(example): \(result.suppressed)")
        let moved = SourceLocation(line: marker.line + 1, column: marker.column, offset: marker.offset + comment.count)
        #expect(suppressed.first?.range?.start == moved, "\(example)")
        #expect(
            suppressed.first?.suppression
                == Suppression(
                    origin: .comment, justification: "perturbation reason", source: "comment at line \(marker.line)",
                    file: example.example.fileName,
                    range: SourceRange(
                        start: SourceLocation(line: marker.line, column: 1, offset: lineStart),
                        end: SourceLocation(line: marker.line, column: comment.count, offset: lineStart + comment.count - 1))),
            "\(example)")
    }

    /// What an example produces: the findings of linting it, or for a `.confgate.yaml` example the
    /// findings about the configuration (its `ignore:` entries).
    private func exampleFindings(_ bytes: [UInt8], _ example: RuleExample) -> [Finding] {
        let name = example.fileName
        guard name == ProjectConfig.fileName else { return lintExample(bytes, example).findings }
        do {
            let config = try ProjectConfig.parse(bytes, file: name, root: "/project")
            return Linter(config: config).configurationFindings()
        } catch {
            Issue.record("\(name) does not load: \(error)")
            return []
        }
    }

    /// Lints an example: alone in memory, or with the files `alongside` it in a temporary project
    /// (its `.confgate.yaml`, when it has one), returning the example file's result.
    private func lintExample(_ bytes: [UInt8], _ example: RuleExample) -> FileResult {
        guard !example.alongside.isEmpty else { return lint(bytes, as: example.fileName) }
        do {
            let directory = try TemporaryDirectory()
            for (name, text) in example.alongside { try directory.write(name, text) }
            try directory.write(example.fileName, bytes: bytes)
            let configPath = directory.path + "/" + ProjectConfig.fileName
            let config = example.alongside.contains { $0.name == ProjectConfig.fileName }
                ? try ProjectConfig.load(path: configPath, displayName: ProjectConfig.fileName)
                : ProjectConfig(root: directory.path)
            let names = ([example.fileName] + example.alongside.map(\.name)).filter {
                $0 != ProjectConfig.fileName && SourceFormat.forPath($0) != nil
            }
            let targets = names.map { name in
                LintTarget(displayPath: name, path: directory.path + "/" + name, format: SourceFormat.forPath(name) ?? .yaml)
            }
            let linter = Linter(config: config, templates: try TemplateSet.load(config: config))
            let results = linter.lint(targets)
            return try #require(results.first { $0.target.displayPath == example.fileName })
        } catch {
            Issue.record("\(example.fileName): the example's project does not lint: \(error)")
            return FileResult(target: LintTarget(displayPath: example.fileName, path: example.fileName, format: .yaml), findings: [])
        }
    }

    /// Exactly one finding of the rule, starting at `location`, with `message`.
    private func expectFinding(
        _ example: ExampleCase, in bytes: [UInt8], at location: SourceLocation, message: String, variant: String
    ) {
        let all = exampleFindings(bytes, example.example)
        let findings = all.filter { example.rule.owns($0) }
        guard findings.count == 1, let finding = findings.first else {
            Issue.record("\(example) (\(variant)): expected one \(example.rule.id) finding, got \(all)")
            return
        }
        #expect(finding.range?.start == location, "\(example) (\(variant))")
        #expect(finding.message == message, "\(example) (\(variant))")
        #expect(finding.category == example.rule.category, "\(example) (\(variant))")
        #expect(finding.severity == example.rule.defaultSeverity, "\(example) (\(variant))")
        #expect(finding.file == example.example.fileName, "\(example) (\(variant))")
    }
}

// MARK: - Cases

extension RuleDescription {
    /// Whether a finding is this rule's: its id, or for a family (`secret`) any `secret-...` id
    /// that no other registered rule claims.
    func owns(_ finding: Finding) -> Bool {
        if finding.rule == id { return true }
        guard isFamily, finding.rule.hasPrefix(id + "-") else { return false }
        return RuleRegistry.description(of: finding.rule)?.id == id
    }
}

/// One registered rule.
struct RuleCase: Sendable, CustomTestStringConvertible {
    let description: RuleDescription
    /// The character that stands for a raw byte in the rule's examples, if the rule documents one.
    let rawByteStandIn: (Character, UInt8)?

    init(_ rule: any Rule.Type) {
        description = rule.description
        // `InvalidEncodingRule` writes U+FFFD for a raw 0xE9 byte, which a Swift string cannot hold
        // (see `rawByteStandIn` in its file); no other rule's examples are rewritten.
        rawByteStandIn = ObjectIdentifier(rule) == ObjectIdentifier(InvalidEncodingRule.self)
            ? InvalidEncodingRule.rawByteStandIn : nil
    }

    static let all = RuleRegistry.all.map(RuleCase.init)

    var testDescription: String { description.id }
}

/// One documented example of one rule.
struct ExampleCase: Sendable, CustomTestStringConvertible {
    let rule: RuleDescription
    let rawByteStandIn: (Character, UInt8)?
    let example: RuleExample
    let index: Int

    static let failing = RuleCase.all.flatMap { rule in
        rule.description.failingExamples.enumerated().map {
            ExampleCase(rule: rule.description, rawByteStandIn: rule.rawByteStandIn, example: $1, index: $0)
        }
    }
    static let passing = RuleCase.all.flatMap { rule in
        rule.description.passingExamples.enumerated().map {
            ExampleCase(rule: rule.description, rawByteStandIn: rule.rawByteStandIn, example: $1, index: $0)
        }
    }

    var testDescription: String {
        "\(rule.id) \(example.isFailing ? "failing" : "passing") example \(index) (\(example.fileName))"
    }

    var format: SourceFormat { SourceFormat.forPath(example.fileName) ?? .yaml }

    /// Whether a suppression comment on its own line just above the marker's line can silence the
    /// finding (see `suppressionCommentSilencesTheFinding`).
    var acceptsSuppressionComment: Bool {
        guard format == .yaml || format == .jsonc, example.fileName != ProjectConfig.fileName,
            !rule.id.hasPrefix("suppression-"), let marker = prepared().marker
        else { return false }
        let bytes = prepared().bytes
        let read = DocumentReader().read(bytes, format: format)
        guard !read.diagnostics.contains(where: \.isFatal), let stream = read.stream else { return false }
        let lineStart = bytes[..<marker.offset].lastIndex(where: { $0 == 0x0A || $0 == 0x0D }).map { $0 + 1 } ?? 0
        // Not inside a multi-line scalar (a block scalar's lines, a folded quoted string).
        var stack = stream.documents.map(\.root)
        while let node = stack.popLast() {
            let range = stream.range(node)
            if stream.kind(node) == .scalar, range.start.offset < lineStart, lineStart < range.end.offset { return false }
            stack += stream.rawChildren(node)
        }
        return true
    }

    /// The example's bytes without the marker, and where the marker stood.
    func prepared() -> PreparedExample {
        var bytes: [UInt8] = []
        var line = 1, column = 1
        var marker: SourceLocation?
        var previousWasCR = false
        for scalar in example.text.unicodeScalars {
            if Character(scalar) == RuleExample.marker {
                marker = SourceLocation(line: line, column: column, offset: bytes.count)
                continue
            }
            if let (standIn, byte) = rawByteStandIn, Character(scalar) == standIn {
                bytes.append(byte)
            } else {
                bytes.append(contentsOf: Array(String(scalar).utf8))
            }
            // Lines break at LF, CRLF or a lone CR; columns count Unicode scalars.
            if scalar == "\n" {
                if !previousWasCR { line += 1 }
                column = 1
            } else if scalar == "\r" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            previousWasCR = scalar == "\r"
        }
        return PreparedExample(bytes: bytes, marker: marker)
    }
}

struct PreparedExample {
    var bytes: [UInt8]
    var marker: SourceLocation?
}

// MARK: - Perturbations

/// A change to an example's bytes, and how the finding must move with it.
struct Perturbation: Sendable {
    var name: String
    var apply: @Sendable ([UInt8]) -> [UInt8]
    /// The marker's new location, given the old one and the unperturbed bytes.
    var move: @Sendable (SourceLocation, [UInt8]) -> SourceLocation
    /// The expected message after the change (positions quoted in it move too).
    var adjust: @Sendable (String) -> String

    static func all(for format: SourceFormat) -> [Perturbation] {
        var result: [Perturbation] = []
        switch format {
        case .yaml:
            result.append(leadingLine("# x\n"))
            // Multi-byte characters before the finding: offsets count bytes, columns do not.
            result.append(leadingLine("# café 東京 🚀\n"))
        case .json:
            result.append(leadingLine("\n"))
        case .jsonc:
            result.append(leadingLine("\n"))
            result.append(leadingLine("// café 東京\n"))
        }
        result.append(crlf)
        result.append(byteOrderMark)
        return result
    }

    /// A line in front: the finding moves one line down, and so does every line a message quotes.
    static func leadingLine(_ text: String) -> Perturbation {
        let prefix = Array(text.utf8)
        return Perturbation(
            name: "leading \(text.debugDescription)",
            apply: { prefix + $0 },
            move: { location, _ in
                SourceLocation(line: location.line + 1, column: location.column, offset: location.offset + prefix.count)
            },
            adjust: { message in
                message.replacing(/line (\d+)/) { match in "line \((Int(match.1) ?? 0) + 1)" }
            })
    }

    /// CRLF line endings: same line and column, one more byte per line break before the finding.
    static let crlf = Perturbation(
        name: "CRLF line endings",
        apply: { bytes in bytes.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] } },
        move: { location, bytes in
            let breaks = bytes[..<location.offset].filter { $0 == 0x0A }.count
            return SourceLocation(line: location.line, column: location.column, offset: location.offset + breaks)
        },
        adjust: { $0 })

    /// A UTF-8 byte-order mark: not a column, but three bytes.
    static let byteOrderMark = Perturbation(
        name: "UTF-8 byte-order mark",
        apply: { [0xEF, 0xBB, 0xBF] + $0 },
        move: { location, _ in SourceLocation(line: location.line, column: location.column, offset: location.offset + 3) },
        adjust: { $0 })
}
