/// `suppression-expired`: an `ignore:` entry whose `expires` date has passed.
public enum SuppressionExpiredRule: Rule {
    public static let description = RuleDescription(
        id: "suppression-expired",
        name: "Expired ignore entry",
        category: .config,
        defaultSeverity: .warning,
        summary: "An `ignore:` entry of .confgate.yaml whose `expires:` date (YYYY-MM-DD) is before today's date in UTC. The entry stops suppressing: the findings it covered are reported again, and this warning points at its `expires` value.",
        rationale: "An exception granted until a date (a migration, a vendor fix) must not outlive it silently; when the date passes, the findings come back and the entry asks to be renewed or removed.",
        useInstead: "Fix the findings and remove the entry, or move `expires` to a new date with an updated `reason`.",
        options: "`ignore:` in .confgate.yaml; see docs/suppressions.md",
        passingExamples: [
            RuleExample(
                ".confgate.yaml",
                "version: 1\nignore:\n  - files: \"legacy/**\"\n    rules: [\"schema-*\"]\n    reason: migrating to the v2 schema\n    expires: 2999-12-31\n"),
        ],
        failingExamples: [
            RuleExample(
                ".confgate.yaml",
                "version: 1\nignore:\n  - files: \"legacy/**\"\n    rules: [\"schema-*\"]\n    reason: migrating to the v2 schema\n    expires: ↓2001-01-01\n",
                message: "ignore[0] expired on 2001-01-01 and no longer suppresses anything"),
        ])
}
