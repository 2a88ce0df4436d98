/// `parity-must-differ`: a path the template marks `x-parity: distinct` is the same in two environments.
public enum ParityMustDifferRule: Rule {
    static let template = (
        "schema.json",
        "{\"properties\": {\"database\": {\"properties\": {\"name\": {\"type\": \"string\", \"x-parity\": \"distinct\"}}}}}\n"
    )
    static let project = (".confgate.yaml", "version: 1\ntemplates:\n  - schema: schema.json\n    files: [base.yaml]\n")

    public static let description = RuleDescription(
        id: "parity-must-differ",
        name: "Value must differ between environments",
        category: .parity,
        defaultSeverity: .error,
        summary: "A path the service's template marks `x-parity: distinct` (a database name, a credential reference, a queue) has the same value in two environments. Every pair of environments is compared, not only neighbours. Reported at the line that makes the value (an override's when one sets it), with the other environment's value as a related location.",
        rationale: "Staging that writes to the production database, or shares its credentials, is an outage or a breach waiting for the next test run. It happens by copying an override file and forgetting one line.",
        useInstead: "Give each environment its own value, in its override.",
        options: "`x-parity: distinct` on a property of the template.",
        passingExamples: [
            RuleExample(
                "production.yaml", "database:\n  name: orders_production\n",
                alongside: [template, project, ("base.yaml", "database:\n  name: orders\n"), ("staging.yaml", "database:\n  name: orders_staging\n")]),
        ],
        failingExamples: [
            RuleExample(
                "production.yaml", "database:\n  name: ↓orders_staging\n",
                message: "\"/database/name\" is the same in staging and production, but the template says it must differ (x-parity: distinct)",
                alongside: [template, project, ("base.yaml", "database:\n  name: orders\n"), ("staging.yaml", "database:\n  name: orders_staging\n")]),
        ])
}
