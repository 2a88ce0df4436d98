import ConfgateDocument
import ConfgateSchema

/// One rule of a compliance pack (docs/rule-packs.md): a selector, checks, a message, the
/// environments it applies to, and examples that prove it.
public struct PackRule: Sendable {
    /// Kebab-case, unique among every rule confgate knows; never reused.
    public let id: String
    /// The pack it comes from (`production`), or the template it is attached to.
    public let pack: String
    /// One line: what is wrong.
    public let description: String
    public let rationale: String
    public var severity: Severity
    public var scope: RuleScope
    public let selectors: [PathSelector]
    public var checks: RuleChecks
    /// The message with its placeholders (`{path}`, `{key}`, `{value}`, `{environment}`, `{service}`).
    public let message: String
    public let help: String?
    /// Former ids of this rule (renamed rules keep them, deprecated).
    public let aliases: [String]
    public let passExamples: [PackExample]
    public let failExamples: [PackExample]
    /// Where the rule is written: the pack file and the position of its `id`.
    public let file: String
    public let location: SourceLocation

    public static let placeholders = ["path", "key", "value", "environment", "service"]
}

/// One example of a pack rule: a whole configuration document.
public struct PackExample: Sendable {
    public let value: DocumentValue
    /// Where it is written in the pack file.
    public let location: SourceLocation
}

/// Where a rule applies (`when:`): environments, services, files, and a condition on the document.
public struct RuleScope: Sendable {
    public var environments: [String]?
    public var services: [Glob]?
    public var files: [Glob]?
    public var condition: (selector: PathSelector, checks: RuleChecks)?

    public init() {}

    /// Whether the rule applies to a configuration of `environment` (`nil`: none known) and
    /// `service` (`nil`: a plain file), made of `files` (project-relative).
    func admits(environment: String?, service: String?, files paths: [String]) -> Bool {
        if let environments {
            guard let environment, environments.contains(environment) else { return false }
        }
        if let services {
            guard let service, services.contains(where: { $0.matches(service) }) else { return false }
        }
        if let files {
            guard paths.contains(where: { path in files.contains { $0.matches(path) } }) else { return false }
        }
        return true
    }
}

/// A rule's failure in one document, before it becomes a `Finding`.
struct ComplianceViolation {
    /// The node the finding points at: the value, a repeated item, a key (`field: "@key"`,
    /// `undefined`), or the mapping a `defined` key is missing from.
    var node: NodeID
    /// The rule's message, placeholders filled.
    var message: String
    /// What `{path}` names (for a missing key, the path of the key).
    var pointer: String
}

/// Who a document belongs to, for scoping and messages.
struct RuleContext {
    var environment: String?
    var service: String?
    var files: [String]
}

extension PackRule {
    /// The rule's failures in one document, when it applies there (scope and condition).
    func violations(_ stream: ParsedStream, _ root: NodeID, context: RuleContext) -> [ComplianceViolation] {
        guard scope.admits(environment: context.environment, service: context.service, files: context.files) else { return [] }
        if let condition = scope.condition, !condition.checks.hold(condition.selector, stream, root) { return [] }
        var result: [ComplianceViolation] = []
        var seen = Set<NodeID>()
        for selector in selectors {
            for failure in checks.failures(selector, stream, root).failures where seen.insert(failure.node).inserted {
                result.append(violation(failure, stream, context))
            }
        }
        return result
    }

    /// The failures of several rules in one document, their selectors walked together
    /// (`SelectorSet`), in rule order.
    static func violations(
        of rules: [PackRule], _ stream: ParsedStream, _ root: NodeID, context: RuleContext, selectors: SelectorSet? = nil
    ) -> [(PackRule, ComplianceViolation)] {
        let applies = rules.map { rule in
            rule.scope.admits(environment: context.environment, service: context.service, files: context.files)
                && (rule.scope.condition.map { $0.checks.hold($0.selector, stream, root) } ?? true)
        }
        // Presence is about what is missing: those rules take their own walk.
        let together = rules.indices.map { applies[$0] && rules[$0].checks.presence != true }
        let selected = (selectors ?? SelectorSet.walked(for: rules))
            .select(stream, root, wanted: together, failing: rules.map { $0.checks.failingKinds })
        var result: [(PackRule, ComplianceViolation)] = []
        for (r, rule) in rules.enumerated() where applies[r] {
            if !together[r] {
                result += rule.violations(stream, root, context: context).map { (rule, $0) }
                continue
            }
            var seen = Set<NodeID>()
            for (node, key) in selected[r] {
                for failure in rule.checks.check(node, key: key, stream) where seen.insert(failure.node).inserted {
                    result.append((rule, rule.violation(failure, stream, context)))
                }
            }
        }
        return result
    }

    /// A failed check in a document as a violation, its message filled in.
    private func violation(_ failure: RuleChecks.Failure, _ stream: ParsedStream, _ context: RuleContext) -> ComplianceViolation {
        let message = render(pointer: failure.pointer, detail: failure.detail, context: context) {
            JSONWriter.compact(stream, failure.node)
        }
        return ComplianceViolation(node: failure.node, message: message, pointer: failure.pointer)
    }

    /// The message with its placeholders filled. `{value}` is the compact JSON of the value, cut
    /// at 60 characters, and never the value of a key that names a secret; the linter also scrubs
    /// every detected secret value out of the message.
    func render(pointer: String, detail: String?, context: RuleContext, valueJSON: () -> String) -> String {
        let tokens = JSONPointer.tokens(pointer) ?? []
        let key = tokens.last ?? ""
        var out = ""
        var rest = Substring(message)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = rest[rest.index(after: open)..<close]
            switch name {
            case "path": out += pointer
            case "key": out += key
            case "environment": out += context.environment ?? "any environment"
            case "service": out += context.service ?? "no service"
            case "value":
                if SensitiveKeys().strength(of: key) != .none {
                    out += "(hidden: the key names a secret)"
                } else {
                    let json = valueJSON()
                    out += json.count > 60 ? String(json.prefix(57)) + "..." : json
                }
            default: out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        if let detail { out += ": " + detail }
        return out
    }
}

// MARK: - Examples

/// What running one example of a rule found.
public struct ExampleOutcome: Sendable {
    public let example: PackExample
    public let isFailExample: Bool
    /// The findings' pointers and messages, in document order.
    public let findings: [(pointer: String, message: String)]

    /// Why the example could not be checked at all, if it could not.
    public var problem: String? = nil

    /// Whether the example did what it says: a fail example has findings, a pass example none.
    public var passed: Bool { problem == nil && isFailExample != findings.isEmpty }
}

extension PackRule {
    /// Runs every example: written out as YAML, read back, and checked as a configuration of the
    /// first environment the rule is scoped to. The scope's environments, services and files are
    /// taken as met (examples test the checks); its `if` condition is not.
    public func runExamples() -> [ExampleOutcome] {
        passExamples.map { run($0, isFail: false) } + failExamples.map { run($0, isFail: true) }
    }

    /// The rule's findings in one document of text, as an example is checked (`runExamples`).
    public func exampleFindings(_ stream: ParsedStream, _ root: NodeID) -> [(pointer: String, message: String, node: NodeID)] {
        var unscoped = self
        unscoped.scope.environments = nil
        unscoped.scope.services = nil
        unscoped.scope.files = nil
        let context = RuleContext(environment: scope.environments?.first, service: nil, files: [])
        return unscoped.violations(stream, root, context: context).map { ($0.pointer, $0.message, $0.node) }
    }

    private func run(_ example: PackExample, isFail: Bool) -> ExampleOutcome {
        let text = YAMLWriter.write(example.value)
        let read = DocumentReader().read(Array(text.utf8), format: .yaml)
        guard let stream = read.stream, let root = stream.documents.first?.root else {
            return ExampleOutcome(
                example: example, isFailExample: isFail, findings: [], problem: "the example does not read back as YAML")
        }
        let found = exampleFindings(stream, root).map { ($0.pointer, $0.message) }
        return ExampleOutcome(example: example, isFailExample: isFail, findings: found)
    }
}
