/// `parity-type-mismatch`: one path, different JSON types in two environments.
public enum ParityTypeMismatchRule: Rule {
    public static let description = RuleDescription(
        id: "parity-type-mismatch",
        name: "Type differs between environments",
        category: .parity,
        defaultSeverity: .error,
        summary: "The same path has a different JSON type in two environments' resolved configurations (a string in production, an integer in staging). Reported at the line that makes the difference (an override's, rather than the shared base's), with the other environments' values as related locations. Integers and other numbers are one type, and `null` in a base (not set) matches any type.",
        rationale: "A value quoted in one environment (`\"60\"`) and not in another parses differently at run time: the service that works in staging fails, or silently misreads the setting, in production.",
        useInstead: "Write the value with the same type in every environment: quote all or none.",
        options: "`environments: critical:` decides error or warning.",
        passingExamples: [
            RuleExample(
                "production.yaml", "timeout: 60.5\n",
                alongside: [("base.yaml", "timeout: 30\n"), ("staging.yaml", "timeout: 45\n")]),
        ],
        failingExamples: [
            RuleExample(
                "production.yaml", "timeout: ↓\"60\"\n",
                message: "\"/timeout\" is a string in production but an integer in staging",
                alongside: [("base.yaml", "timeout: 30\n"), ("staging.yaml", "timeout: 45\n")]),
            RuleExample(
                "production.json", "{\"tls\": ↓true}\n",
                message: "\"/tls\" is a boolean in production but a mapping in staging",
                alongside: [
                    ("base.json", "{\"tls\": {\"enabled\": false}}\n"), ("development.json", "{}\n"),
                    ("staging.json", "{\"tls\": {\"enabled\": true}}\n"),
                ]),
        ])
}
