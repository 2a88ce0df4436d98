/// `override-unknown-key`: an override sets a path nothing else knows (the typo catcher).
public enum OverrideUnknownKeyRule: Rule {
    public static let description = RuleDescription(
        id: "override-unknown-key",
        name: "Override sets an unknown key",
        category: .parity,
        defaultSeverity: .error,
        summary: "An environment's override sets a path that no base layer has, the service's template does not declare, and no other environment sets. Reported at the key, with the closest key of the base mapping as a suggestion; below it nothing more is reported, and no `parity-missing-key` repeats it.",
        rationale: "A misspelt key in an override (`databse:` in production.yaml) silently adds a new key, and the setting it meant to change keeps the base's value: the override looks applied and is not.",
        useInstead: "Fix the spelling. A key that really is specific to one environment is declared in the template (a property, or `additionalProperties` with a schema) or set in the base too.",
        options: "`environments: critical:` decides error or warning.",
        passingExamples: [
            RuleExample(
                "production.yaml", "database:\n  host: db-prod\n",
                alongside: [("base.yaml", "database:\n  host: db\n  port: 5432\n"), ("staging.yaml", "database:\n  host: db-stg\n")]),
            RuleExample(
                "production.yaml", "region: eu-west-1\n",
                alongside: [("base.yaml", "database:\n  host: db\n"), ("staging.yaml", "region: eu-central-1\n")]),
        ],
        failingExamples: [
            RuleExample(
                "production.yaml", "database:\n  host: db-prod\n  ↓hots: db-replica\n",
                message: "\"/database/hots\" is set only by production and is in no base layer, no template and no other environment; did you mean \"host\"?",
                alongside: [("base.yaml", "database:\n  host: db\n  port: 5432\n"), ("staging.yaml", "database:\n  host: db-stg\n")]),
            RuleExample(
                "production.json", "{\"replicas\": 3, ↓\"replicaz\": 4}\n",
                message: "\"/replicaz\" is set only by production and is in no base layer, no template and no other environment; did you mean \"replicas\"?",
                alongside: [("base.json", "{\"replicas\": 1}\n"), ("staging.json", "{\"replicas\": 2}\n")]),
        ])
}
