/// `parity-missing-key`: a path one environment's resolved configuration has and another's lacks.
public enum ParityMissingKeyRule: Rule {
    public static let description = RuleDescription(
        id: "parity-missing-key",
        name: "Key missing in an environment",
        category: .parity,
        defaultSeverity: .error,
        summary: "A path is in one environment's resolved configuration and not in another's. Environments are compared in declared order, each with the next. Reported at the key that sets the path, with the mapping of each environment that lacks it as a related location; an error when one of the environments is critical, else a warning. Only the highest missing path is reported, and lists are compared as values (a longer list is not a missing key).",
        rationale: "A key added to staging and forgotten in production is the most common drift between environments: the service starts with a default nobody chose, or fails at run time.",
        useInstead: "Set the key in every environment (in the base when the value is shared). A path that legitimately exists in some environments only is declared so: `x-parity: optional` in the template, or `environments: optional:` in .confgate.yaml.",
        options: "`environments: optional:` (JSON Pointers with `*` and a final `**`), `environments: critical:`; `x-parity: optional` in a template.",
        passingExamples: [
            RuleExample(
                "production.yaml", "replicas: 3\ncache_ttl: 30\n",
                alongside: [("base.yaml", "replicas: 1\n"), ("staging.yaml", "replicas: 2\ncache_ttl: 60\n")]),
            RuleExample(
                "production.yaml", "replicas: 3\n",
                alongside: [
                    ("base.yaml", "replicas: 1\n"), ("staging.yaml", "replicas: 2\ncache_ttl: 60\n"),
                    ("development.yaml", "cache_ttl: 5\n"),
                    (".confgate.yaml", "version: 1\nenvironments:\n  optional: [/cache_ttl]\n"),
                ]),
        ],
        failingExamples: [
            RuleExample(
                "staging.yaml", "replicas: 2\n↓cache_ttl: 60\n",
                message: "\"/cache_ttl\" is set in staging but missing in production",
                alongside: [("base.yaml", "replicas: 1\n"), ("development.yaml", "cache_ttl: 5\n"), ("production.yaml", "replicas: 3\n")]),
            RuleExample(
                "staging.json", "{\"replicas\": 2, ↓\"cache_ttl\": 60}\n",
                message: "\"/cache_ttl\" is set in staging but missing in production",
                alongside: [
                    ("base.json", "{\"replicas\": 1}\n"), ("development.json", "{\"cache_ttl\": 5}\n"),
                    ("production.json", "{\"replicas\": 3}\n"),
                ]),
        ])
}
