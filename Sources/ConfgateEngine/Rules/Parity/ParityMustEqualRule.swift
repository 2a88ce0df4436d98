/// `parity-must-equal`: a path the template marks `x-parity: equal` differs between environments.
public enum ParityMustEqualRule: Rule {
    static let template = ("schema.json", "{\"properties\": {\"api_version\": {\"type\": \"string\", \"x-parity\": \"equal\"}}}\n")
    static let project = (".confgate.yaml", "version: 1\ntemplates:\n  - schema: schema.json\n    files: [base.yaml]\n")

    public static let description = RuleDescription(
        id: "parity-must-equal",
        name: "Value must be equal in every environment",
        category: .parity,
        defaultSeverity: .error,
        summary: "A path the service's template marks `x-parity: equal` has different values in two environments (compared in declared order, each with the next). Reported at the line that makes the difference, with the other environment's value as a related location.",
        rationale: "Some settings must not vary: an API version, a schema version, a message format. What was tested in staging is then exactly what runs in production.",
        useInstead: "Set the value once, in the base, and not in the overrides.",
        options: "`x-parity: equal` on a property of the template (inherited by everything below it).",
        passingExamples: [
            RuleExample(
                "production.yaml", "replicas: 3\n",
                alongside: [template, project, ("base.yaml", "api_version: v2\nreplicas: 1\n"), ("staging.yaml", "replicas: 2\n")]),
        ],
        failingExamples: [
            RuleExample(
                "production.yaml", "api_version: ↓v3\n",
                message: "\"/api_version\" differs between staging and production, but the template says it must be equal (x-parity: equal)",
                alongside: [template, project, ("base.yaml", "api_version: v2\n"), ("staging.yaml", "{}\n")]),
        ])
}
