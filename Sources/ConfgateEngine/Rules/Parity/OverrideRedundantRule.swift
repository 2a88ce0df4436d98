/// `override-redundant`: an override sets the value the base already has.
public enum OverrideRedundantRule: Rule {
    static let project = (".confgate.yaml", "version: 1\nenvironments:\n  report-redundant: true\n")

    public static let description = RuleDescription(
        id: "override-redundant",
        name: "Override repeats the base",
        category: .parity,
        defaultSeverity: .info,
        summary: "An environment's override sets a scalar or a list to exactly the value the base layers already give it. Reported at the key, naming the base line; information only, and only with `environments: report-redundant: true` (overlays often restate values on purpose, such as a `service:` name a per-file schema requires in every overlay).",
        rationale: "A repeated value looks like a deliberate difference, and it stops following the base: change the base later and this environment silently keeps the old value.",
        useInstead: "Delete the line from the override, or change the base if the override is the value that should be shared.",
        options: "`environments: report-redundant: true` turns it on (default: off).",
        passingExamples: [
            RuleExample(
                "production.yaml", "log_level: warn\n",
                alongside: [project, ("base.yaml", "log_level: info\n"), ("staging.yaml", "log_level: debug\n")]),
            RuleExample(
                "production.yaml", "log_level: info\nreplicas: 3\n",
                alongside: [("base.yaml", "replicas: 1\nlog_level: info\n"), ("staging.yaml", "replicas: 2\n")]),
        ],
        failingExamples: [
            RuleExample(
                "production.yaml", "↓log_level: info\nreplicas: 3\n",
                message: "\"/log_level\" is set by production to the value it already has in base.yaml:2",
                alongside: [project, ("base.yaml", "replicas: 1\nlog_level: info\n"), ("staging.yaml", "replicas: 2\n")]),
        ])
}
