/// `duplicate-key`: a mapping key written twice.
public enum DuplicateKeyRule: Rule {
    public static let description = RuleDescription(
        id: "duplicate-key",
        name: "Duplicate key",
        category: .syntax,
        defaultSeverity: .error,
        summary: "A mapping has the same key twice. Reported at the second occurrence, with the first as a related location. Keys are compared by value: `port` and `\"port\"` are the same key, as are `~` and `null`.",
        rationale: "Most YAML and JSON loaders silently keep the last value, so the first one is dead text that a reviewer reads as the effective setting.",
        useInstead: "Keep one definition of the key. To share values between mappings in YAML, use an anchor and a merge key (`<<: *defaults`): keys that override merged ones are not duplicates.",
        options: "none",
        passingExamples: [
            RuleExample("config.yaml", "defaults: &defaults\n  port: 8080\nserver:\n  <<: *defaults\n  port: 9090\n"),
            RuleExample("config.json", "{\"a\": {\"port\": 1}, \"b\": {\"port\": 2}}\n"),
        ],
        failingExamples: [
            RuleExample(
                "config.yaml", "server:\n  port: 8080\n  host: example.com\n  ↓port: 9090\n",
                message: "duplicate key \"port\"; it is first defined at line 2, column 3"),
            RuleExample(
                "config.json", "{\"port\": 8080, ↓\"port\": 9090}\n",
                message: "duplicate key \"port\"; it is first defined at line 1, column 2"),
        ])
}
