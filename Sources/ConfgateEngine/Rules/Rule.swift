/// A documented example of a rule: a small file, where the finding must point, and its message.
///
/// In `text`, the marker `↓` stands just before the character where the finding must start; it is
/// removed before the example is linted. An example without a marker must produce no finding of
/// the rule.
public struct RuleExample: Sendable {
    /// A file name; its extension decides the format (`config.yaml`, `config.json`).
    public var fileName: String
    public var text: String
    /// The exact message of the finding the marker points at (failing examples only).
    public var message: String?
    /// The other files of the project the example is linted in (`base.yaml` beside the
    /// `production.yaml` example, a `.confgate.yaml`, a template), by path; empty for a file
    /// that is linted on its own.
    public var alongside: [(name: String, text: String)]

    public init(_ fileName: String, _ text: String, message: String? = nil, alongside: [(name: String, text: String)] = []) {
        self.fileName = fileName
        self.text = text
        self.message = message
        self.alongside = alongside
    }

    public static let marker: Character = "↓"

    /// Whether the example must produce a finding.
    public var isFailing: Bool { text.contains(RuleExample.marker) }
}

/// Everything a user needs to know about a rule, in one static description (rendered by
/// `confgate rules explain` and checked by the generic rule test).
public struct RuleDescription: Sendable {
    /// Stable kebab-case id naming the bad pattern; never reused.
    public var id: String
    public var name: String
    public var category: Category
    public var defaultSeverity: Severity
    /// What it does: one or two sentences.
    public var summary: String
    /// Why it matters.
    public var rationale: String
    /// What to write instead.
    public var useInstead: String
    /// Options that change it (configuration keys), or "none".
    public var options: String
    public var passingExamples: [RuleExample]
    public var failingExamples: [RuleExample]
    /// Why a rule has no inline examples, for the few that no file content can trigger (`io-error`);
    /// such rules are covered by the end-to-end tests instead.
    public var examplesNotApplicable: String? = nil
    /// Whether the id names a family: findings carry `<id>-<member>` (`schema-type`,
    /// `secret-github-pat`), and the examples stand for every member.
    public var isFamily: Bool = false
}

/// A rule type: one rule, one type, one file.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
}

extension Rule {
    public static var id: String { description.id }
}

/// Every rule confgate knows, sorted by id. One explicit list (no runtime discovery); a test checks
/// it against the files in `Sources/ConfgateEngine/Rules/`.
public enum RuleRegistry {
    public static let all: [any Rule.Type] = [
        DuplicateKeyRule.self,
        EnvironmentUndeclaredRule.self,
        InputLimitRule.self,
        InvalidEncodingRule.self,
        IOErrorRule.self,
        OverrideRedundantRule.self,
        OverrideUnknownKeyRule.self,
        ParityMissingKeyRule.self,
        ParityMustDifferRule.self,
        ParityMustEqualRule.self,
        ParityTypeMismatchRule.self,
        SchemaRule.self,
        SecretDetectorRule.self,
        SecretPlaceholderRule.self,
        SecretPlaintextValueRule.self,
        SecretRandomTokenRule.self,
        SuppressionExpiredRule.self,
        SuppressionMissingReasonRule.self,
        SyntaxErrorRule.self,
        UnmappedConfigRule.self,
        UnresolvedSchemaRule.self,
    ]

    /// The description of a rule id; `schema-<keyword>` and `secret-<detector>` ids belong to the
    /// `schema` and `secret` families.
    public static func description(of id: String) -> RuleDescription? {
        if let exact = all.first(where: { $0.description.id == id }) { return exact.description }
        return all.first { $0.description.isFamily && id.hasPrefix($0.description.id + "-") }?.description
    }
}
