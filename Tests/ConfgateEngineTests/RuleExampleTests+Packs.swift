import ConfgateDocument
import ConfgateEngine
import Testing

/// The generic rule test for the built-in compliance packs (rules/*.yaml): every rule is
/// documented (description, rationale, pass and fail examples), and each example, written out in
/// every style (block, flow and quoted YAML, JSON) and perturbed (a comment line with multi-byte
/// characters in front, CRLF line endings), is linted as a file of the environment the rule is
/// scoped to. A fail example must give findings of the rule exactly where the renderer wrote the
/// offending node, with the rule's message filled in for that node, and the same findings in every
/// variant; a pass example none. The examples are values, so the test writes them itself
/// (`PositionedRenderer`) rather than trusting the library's writers.
extension RuleExampleTests {
    @Test func builtInPacksHaveRules() {
        #expect(Set(RulePack.builtIn.map(\.name)) == ["production", "security", "hygiene"])
        #expect(PackRuleCase.all.count >= 15, "\(PackRuleCase.all.map(\.rule.id))")
    }

    @Test(arguments: PackRuleCase.all)
    func packRuleIsDocumented(_ rule: PackRuleCase) {
        let r = rule.rule
        #expect(r.id.wholeMatch(of: /[a-z][a-z0-9]*(-[a-z0-9]+)*/) != nil, "\(r.id) is not kebab-case")
        #expect(!r.id.hasPrefix("no-"), "\(r.id): an id names the bad pattern, not its absence")
        #expect(RuleRegistry.description(of: r.id) == nil, "\(r.id) is also a code-defined rule")
        #expect(!r.rationale.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(r.id): no rationale")
        #expect(!r.description.isEmpty && !r.description.hasSuffix("."), "\(r.id): description \(r.description)")
        // Lowercase, but for an acronym (TLS, CORS).
        let firstWord = r.description.prefix { $0 != " " }
        #expect(
            r.description.first.map { !$0.isUppercase } ?? false || firstWord.allSatisfy { $0.isUppercase || $0.isNumber },
            "\(r.id): description is not lowercase")
        #expect(!r.passExamples.isEmpty && !r.failExamples.isEmpty, "\(r.id): needs pass and fail examples")
        #expect(!r.message.hasSuffix("."), "\(r.id): message ends with a period")
    }

    @Test func packRuleIdsAreUniqueAcrossPacks() {
        let ids = RulePack.builtIn.flatMap { $0.rules.flatMap { [$0.id] + $0.aliases } }
        #expect(Set(ids).count == ids.count, "duplicate ids: \(ids)")
    }

    @Test(arguments: PackExampleCase.failing)
    func packFailExampleFindsTheNodeInEveryVariant(_ example: PackExampleCase) throws {
        var reference: [String]?
        for variant in example.variants() {
            let findings = example.findings(variant.bytes, fileName: variant.fileName)
            guard !findings.isEmpty else {
                Issue.record("\(example) (\(variant.name)): no finding\n\(variant.text)")
                continue
            }
            for finding in findings {
                let pointer = try #require(finding.pointer)
                let position = try #require(variant.rendered.positions[pointer], "\(example) (\(variant.name)): \(pointer) not written")
                let expected = try #require(
                    example.anchor(for: finding).location(in: position, style: variant.style).map(variant.move))
                #expect(finding.range?.start == expected, "\(example) (\(variant.name)) \(pointer)\n\(variant.text)")
                let message = example.expectedMessage(for: finding)
                if example.rule.checks.names.contains("schema") {
                    // A `schema` failure adds the validator's words; the other checks fail first.
                    #expect(finding.message == message || finding.message.hasPrefix(message + ": "), "\(example) (\(variant.name))")
                } else {
                    #expect(finding.message == message, "\(example) (\(variant.name))")
                }
                #expect(finding.severity == example.rule.severity && finding.category == .compliance, "\(example)")
            }
            // The same problems, whatever the style: pointers and messages (positions differ).
            let summary = findings.map { "\($0.pointer ?? "-") \($0.message)" }
            if let reference {
                #expect(summary == reference, "\(example) (\(variant.name))")
            } else {
                reference = summary
            }
        }
    }

    @Test(arguments: PackExampleCase.passing)
    func packPassExampleIsCleanInEveryVariant(_ example: PackExampleCase) {
        for variant in example.variants() {
            let findings = example.findings(variant.bytes, fileName: variant.fileName)
            #expect(findings.isEmpty, "\(example) (\(variant.name)): \(findings.map(\.message))\n\(variant.text)")
        }
    }
}

/// One rule of a built-in pack.
struct PackRuleCase: Sendable, CustomTestStringConvertible {
    let rule: PackRule

    static let all = RulePack.builtIn.flatMap(\.rules).map(PackRuleCase.init)

    var testDescription: String { "\(rule.pack)/\(rule.id)" }
}

/// One example of a built-in pack rule.
struct PackExampleCase: Sendable, CustomTestStringConvertible {
    let rule: PackRule
    let example: PackExample
    let isFail: Bool
    let index: Int

    static let failing = PackRuleCase.all.flatMap { c in
        c.rule.failExamples.enumerated().map { PackExampleCase(rule: c.rule, example: $1, isFail: true, index: $0) }
    }
    static let passing = PackRuleCase.all.flatMap { c in
        c.rule.passExamples.enumerated().map { PackExampleCase(rule: c.rule, example: $1, isFail: false, index: $0) }
    }

    var testDescription: String { "\(rule.id) \(isFail ? "fail" : "pass") example \(index)" }

    /// The environment the example is checked as: the first the rule is scoped to.
    var environment: String? { rule.scope.environments?.first }

    /// One written-out form of the example.
    struct Variant {
        var name: String
        var style: PositionedRenderer.Style
        var rendered: PositionedRenderer.Rendered
        var bytes: [UInt8]
        var fileName: String
        /// Where a position of `rendered` is in `bytes`.
        var move: (SourceLocation) -> SourceLocation

        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    func variants() -> [Variant] {
        var result: [Variant] = []
        for style in PositionedRenderer.Style.allCases {
            let rendered = PositionedRenderer(style: style).render(example.value)
            let fileName = style == .json ? "config.json" : "config.yaml"
            let bytes = rendered.bytes
            result.append(Variant(name: "\(style)", style: style, rendered: rendered, bytes: bytes, fileName: fileName, move: { $0 }))
            let lead = Perturbation.leadingLine(style == .json ? "\n" : "# café 東京 🚀\n")
            result.append(
                Variant(
                    name: "\(style), \(lead.name)", style: style, rendered: rendered, bytes: lead.apply(bytes), fileName: fileName,
                    move: { lead.move($0, bytes) }))
            result.append(
                Variant(
                    name: "\(style), CRLF", style: style, rendered: rendered, bytes: Perturbation.crlf.apply(bytes),
                    fileName: fileName, move: { Perturbation.crlf.move($0, bytes) }))
        }
        return result
    }

    /// The rule's findings in `bytes` linted as a file of the rule's environment (its folder
    /// names it), the rule's services and files scope taken as met.
    func findings(_ bytes: [UInt8], fileName: String) -> [Finding] {
        var unscoped = rule
        unscoped.scope.services = nil
        unscoped.scope.files = nil
        var linter = Linter(config: ProjectConfig(root: "/project"))
        linter.compliance = ComplianceRules(rules: [unscoped])
        let path = (environment.map { $0 + "/" } ?? "") + fileName
        let target = LintTarget(displayPath: path, path: "/project/" + path, format: SourceFormat.forPath(fileName) ?? .yaml)
        return linter.lint(bytes: bytes, target: target).findings.filter { $0.rule == rule.id }
    }

    /// What the finding must point at: the key for a rule about keys (`field: "@key"`,
    /// `undefined`), else the node at its pointer.
    func anchor(for finding: Finding) -> RestyleAnchor {
        let tokens = JSONPointer.tokens(finding.pointer ?? "") ?? []
        let onKey = rule.checks.onKey || rule.checks.names.contains("undefined")
        if onKey, let last = tokens.last, Int(last) == nil { return .key }
        switch value(at: tokens) {
        case .object?, .array?: return .collection
        default: return .value
        }
    }

    func value(at tokens: [String]) -> DocumentValue? {
        var current = example.value
        for token in tokens {
            switch current {
            case .object(let members):
                guard let member = members.last(where: { $0.key == token }) else { return nil }
                current = member.value
            case .array(let items):
                guard let i = Int(token), items.indices.contains(i) else { return nil }
                current = items[i]
            default: return nil
            }
        }
        return current
    }

    /// The rule's message for a finding, placeholders filled in by this test's own reading of
    /// docs/rule-packs.md: `{path}` the pointer of the node (for `defined`, of the missing key),
    /// `{key}` its last token, `{value}` the node's compact JSON (cut at 60 characters, hidden for
    /// a key naming a secret), `{environment}` the rule's.
    func expectedMessage(for finding: Finding) -> String {
        var path = finding.pointer ?? ""
        if rule.checks.names.contains("defined") {
            let tokens = JSONPointer.tokens(path) ?? []
            let candidates = rule.selectors.compactMap { selector -> String? in
                guard case .key(let last)? = selector.tokens.last else { return nil }
                if selector.matches(tokens + [last]) { return JSONPointer.appending(path, last) }
                return selector.isLiteral ? selector.description : nil
            }
            path = candidates.first ?? path
        }
        let key = JSONPointer.tokens(path)?.last ?? ""
        var value = value(at: JSONPointer.tokens(finding.pointer ?? "") ?? []).map(\.compactJSON) ?? ""
        if value.count > 60 { value = String(value.prefix(57)) + "..." }
        if SensitiveKeys().strength(of: key) != .none { value = "(hidden: the key names a secret)" }
        return rule.message
            .replacingOccurrences(of: "{path}", with: path)
            .replacingOccurrences(of: "{key}", with: key)
            .replacingOccurrences(of: "{value}", with: value)
            .replacingOccurrences(of: "{environment}", with: environment ?? "any environment")
            .replacingOccurrences(of: "{service}", with: "no service")
    }
}
