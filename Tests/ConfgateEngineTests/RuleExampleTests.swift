import ConfgateDocument
import ConfgateEngine
import Testing

/// The generic rule test (../shared/STYLE.md, "Rules"): every rule's documented examples are linted,
/// and the failing ones must produce a finding of the rule exactly at the `↓` marker with exactly the
/// documented message; passing ones must produce none. Each example is also perturbed (a line in front,
/// CRLF line endings, a UTF-8 byte-order mark) and the finding must move accordingly; a suppression
/// comment above it must move it to the suppressed findings. Examples that a value tree can hold are
/// also re-written in block, flow and quoted YAML and in JSON, and the finding must follow its node.
/// Examples named `.confgate.yaml` are project configurations: their findings are the configuration's
/// own (`ignore:` entries).
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

    // MARK: - Restyling

    /// The example re-written in each style (`Support/PositionedRenderer.swift`): block and flow
    /// collections, plain and quoted scalars, JSON instead of YAML (or YAML instead of JSON). The
    /// finding must stay at the same pointer and move to where the renderer wrote that node.
    @Test(arguments: ExampleCase.failing.filter(\.isRestylable))
    func failingExampleSurvivesRestyling(_ example: ExampleCase) throws {
        let restyling = try #require(example.restyling)
        let prepared = example.prepared()
        let asWritten = lintExample(prepared.bytes, example.example).findings.filter { example.rule.owns($0) }
        guard asWritten.count == 1, let original = asWritten.first, let pointer = original.pointer,
            let start = original.range?.start
        else {
            Issue.record("\(example): expected one positioned \(example.rule.id) finding, got \(asWritten)")
            return
        }
        guard let anchor = restyling.anchor(of: pointer, at: start) else {
            Issue.record("\(example): the finding at \(start) is neither at the key nor at the value of \(pointer)")
            return
        }
        let documented = example.example.message ?? ""
        for style in restyling.styles {
            let rendered = PositionedRenderer(style: style).render(restyling.value)
            let restyled = example.restyled(as: style)
            let variant = "\(style) as \(restyled.fileName)"
            let all = lintExample(rendered.bytes, restyled).findings
            let findings = all.filter { example.rule.owns($0) }
            guard findings.count == 1, let finding = findings.first else {
                Issue.record("\(example) (\(variant)): expected one \(example.rule.id) finding, got \(all)\n\(rendered.text)")
                continue
            }
            guard let position = rendered.positions[pointer] else {
                Issue.record("\(example) (\(variant)): the renderer wrote no \(pointer)")
                continue
            }
            #expect(finding.pointer == pointer, "\(example) (\(variant))")
            #expect(
                finding.range?.start == anchor.location(in: position, style: style),
                "\(example) (\(variant)): \(anchor) of \(pointer), written at \(position)\n\(rendered.text)")
            #expect(
                finding.message == restyling.adjust(documented, from: example.example.fileName, to: rendered, restyled.fileName),
                "\(example) (\(variant))")
            #expect(finding.file == restyled.fileName, "\(example) (\(variant))")
        }
    }

    /// Whatever the style, a passing example stays without a finding of its rule.
    @Test(arguments: ExampleCase.passing.filter(\.isRestylable))
    func passingExampleStaysCleanRestyled(_ example: ExampleCase) throws {
        let restyling = try #require(example.restyling)
        for style in restyling.styles {
            let rendered = PositionedRenderer(style: style).render(restyling.value)
            let restyled = example.restyled(as: style)
            let findings = lintExample(rendered.bytes, restyled).findings.filter { example.rule.owns($0) }
            #expect(findings.isEmpty, "\(example) (\(style) as \(restyled.fileName)): unexpected \(findings)\n\(rendered.text)")
        }
    }

    /// Positions a message quotes in the example move with the restyle; those in other files stay.
    @Test func restyledMessageQuotesTheNewPlaces() throws {
        let restyling = try #require(Restyling(Array("a: 1\nb:\n  c: 2\n".utf8), format: .yaml))
        let rendered = PositionedRenderer(style: .json).render(restyling.value)
        #expect(
            restyling.adjust(
                "c is at line 3, column 3 (config.yaml:3), b at line 2, column 1; base.yaml:3 differs", from: "config.yaml",
                to: rendered, "config.json")
                == "c is at line 4, column 5 (config.json:4), b at line 3, column 3; base.yaml:3 differs")
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

// MARK: - Restyling

/// Rules whose examples are not restyled, and why. The value tree a restyle is written from holds
/// only the logical values: no comments, no duplicate keys, no bytes that are not text, no
/// anchors, and it is never malformed.
let rulesNotRestyled: [String: String] = [
    // Their examples are comments (`# confgate: ignore[...]`) or `.confgate.yaml` entries, and a
    // passing example's comment must keep silencing a duplicate key that a value tree cannot hold.
    "suppression-expired": "about `.confgate.yaml` entries, which are not linted as a document",
    "suppression-missing-reason": "about suppression comments, which a re-written document loses",
    // Malformed on purpose: there is no value to re-write.
    "syntax-error": "its failing examples do not parse; its passing ones only show that well-formed text reads",
    // A value tree keeps one member per key: the duplicate is gone once re-written.
    "duplicate-key": "the duplicate cannot be re-written; passing examples rely on a merge key (`<<`)",
    // Its finding is about bytes (a raw 0xE9), not about a value.
    "invalid-encoding": "about bytes, which a re-written document does not keep",
    // Its examples are about the shape of the text: alias expansion (aliases are expanded in a value
    // tree, a million nodes) and nesting depth at a bracket.
    "input-limit": "about aliases and nesting as written, which a re-write expands or moves",
]

/// Rules whose examples are restyled in YAML only, and why: the JSON restyle renames the file,
/// which moves it out of something in the example that names `.yaml`.
let rulesNotRestyledAsJSON: [String: String] = [
    // Its project's layout is `overrides: config/{env}.yaml`: `config/prodution.json` is not an
    // override at all, so there is nothing to report; the rule does not depend on the text.
    "environment-undeclared": "the example's layout names `.yaml` files",
]

/// How an example can be re-written: its value, and the original's positions to compare against.
struct Restyling {
    var value: DocumentValue
    var styles: [PositionedRenderer.Style]
    /// The original document, as read.
    var stream: ParsedStream
    var document: DocumentInfo

    /// `nil` unless `bytes` read without any diagnostic as one document whose value tree holds
    /// everything in it: no tags or anchors (a value tree drops them), no two keys of a mapping
    /// with one pointer token.
    init?(_ bytes: [UInt8], format: SourceFormat, styles: [PositionedRenderer.Style] = PositionedRenderer.Style.allCases) {
        let read = DocumentReader().read(bytes, format: format)
        guard read.diagnostics.isEmpty, let stream = read.stream, stream.documents.count == 1,
            let document = stream.documents.first
        else { return nil }
        var stack = [document.root]
        while let node = stack.popLast() {
            guard stream.kind(node) != .alias, stream.tag(node) == nil, stream.anchor(node) == nil else { return nil }
            let children = stream.rawChildren(node)
            if stream.kind(node) == .mapping {
                let keys = stride(from: 0, to: children.count, by: 2).map { stream.keyToken(children[$0]) }
                guard Set(keys).count == keys.count else { return nil }
            }
            stack += children
        }
        self.value = DocumentValue(stream, document.root)
        self.styles = styles
        self.stream = stream
        self.document = document
    }

    /// Where a finding at `pointer` points in the original, `nil` when neither at its key nor at
    /// its value.
    func anchor(of pointer: String, at start: SourceLocation) -> RestyleAnchor? {
        guard let node = stream.node(at: pointer, in: document) else { return nil }
        let isCollection = stream.kind(node) != .scalar
        let key = stream.key(of: node).map(stream.start)
        if start == key {
            // `Linter.findingRange`: a block collection under a key is reported at the key.
            return isCollection && stream.collectionStyle(node) == .block ? .collection : .key
        }
        guard start == stream.start(node) else { return nil }
        return isCollection ? .collection : .value
    }

    /// The documented message for the restyled file: its own name, and a position it quotes in
    /// the example moved to where the node was written: `config.yaml:2` (the first node starting
    /// on that line) and a bare `line 2, column 3` (the library's way to name a place in the same
    /// file; left alone unless a key or value starts exactly there). Nothing else changes.
    func adjust(_ message: String, from oldName: String, to rendered: PositionedRenderer.Rendered, _ newName: String) -> String {
        var starts: [SourceLocation: (pointer: String, isKey: Bool)] = [:]
        var stack = [document.root]
        while let node = stack.popLast() {
            let pointer = stream.pointer(node)
            // A block mapping starts at its first key: that place names the key (children come later
            // in this walk and overwrite).
            starts[stream.start(node)] = (pointer, false)
            if let key = stream.key(of: node) { starts[stream.start(key)] = (pointer, true) }
            stack += stream.entries(node).map(\.value) + stream.elements(node)
        }
        func moved(line: Int, column: Int?) -> SourceLocation? {
            let match = starts.filter { $0.key.line == line && (column == nil || $0.key.column == column) }
                .min { $0.key < $1.key }
            guard let place = match?.value, let position = rendered.positions[place.pointer] else { return nil }
            return place.isKey ? position.key : position.value
        }
        var result = message.replacing(/line (\d+), column (\d+)/) { m in
            guard let to = moved(line: Int(m.1) ?? 0, column: Int(m.2) ?? 0) else { return String(m.0) }
            return "line \(to.line), column \(to.column)"
        }
        result = result.replacing(/(\S+):(\d+)/) { m in
            guard String(m.1).hasSuffix(oldName), let to = moved(line: Int(m.2) ?? 0, column: nil) else { return String(m.0) }
            return String(m.1.dropLast(oldName.count)) + newName + ":\(to.line)"
        }
        return oldName == newName ? result : result.replacing(oldName, with: newName)
    }
}

/// What a finding points at, as `Linter.findingRange` decides it.
enum RestyleAnchor: CustomStringConvertible {
    /// A member's key, whatever the style (the rule chose the key).
    case key
    /// A scalar.
    case value
    /// A collection: its key when it is written as a non-empty block collection under a key, its
    /// opening bracket when it is written in flow style (or is empty, `{}`), else its first child.
    case collection

    func location(in position: PositionedRenderer.Position, style: PositionedRenderer.Style) -> SourceLocation? {
        switch self {
        case .key: return position.key
        case .value: return position.value
        case .collection:
            // The renderer writes a non-empty collection in block style exactly in the block styles;
            // then its value starts at its first child, on another line than its key.
            let block = (style == .blockYAML || style == .quotedYAML) && position.key.map { $0.line < position.value.line } == true
            return block ? position.key : position.value
        }
    }

    var description: String {
        switch self {
        case .key: "the key"
        case .value: "the value"
        case .collection: "the collection"
        }
    }
}

extension ExampleCase {
    /// How the example can be re-written, `nil` when it cannot: a YAML or JSON file (not a
    /// `.confgate.yaml`, not JSONC, whose comments would be lost) of a rule not in
    /// `rulesNotRestyled`, whose text `Restyling` can hold.
    var restyling: Restyling? {
        guard format == .yaml || format == .json, example.fileName != ProjectConfig.fileName,
            rulesNotRestyled[rule.id] == nil
        else { return nil }
        let styles = PositionedRenderer.Style.allCases.filter { $0 != .json || rulesNotRestyledAsJSON[rule.id] == nil }
        return Restyling(prepared().bytes, format: format, styles: styles)
    }

    var isRestylable: Bool { restyling != nil }

    /// The example under the file name a style needs: `.json` for JSON, `.yaml` for a JSON
    /// example written as YAML; the other files of its project unchanged.
    func restyled(as style: PositionedRenderer.Style) -> RuleExample {
        var result = example
        let name = example.fileName
        let stem = name.lowercased().hasSuffix(".json") ? String(name.dropLast(5))
            : name.lowercased().hasSuffix(".yaml") ? String(name.dropLast(5))
            : name.lowercased().hasSuffix(".yml") ? String(name.dropLast(4)) : name
        switch (style.format, format) {
        case (.json, .json), (.yaml, .yaml): break
        case (.json, _): result.fileName = stem + ".json"
        default: result.fileName = stem + ".yaml"
        }
        return result
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
