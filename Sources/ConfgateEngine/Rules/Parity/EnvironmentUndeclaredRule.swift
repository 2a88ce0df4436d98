/// `environment-undeclared`: an override file for an environment `environments: names:` does not list.
public enum EnvironmentUndeclaredRule: Rule {
    static let project = (
        ".confgate.yaml",
        "version: 1\nenvironments:\n  names: [staging, production]\n  layouts:\n    - base: config/base.yaml\n      overrides: config/{env}.yaml\n"
    )

    public static let description = RuleDescription(
        id: "environment-undeclared",
        name: "Override for an undeclared environment",
        category: .parity,
        defaultSeverity: .warning,
        summary: "A file matches a layout's overrides path, but its `{env}` is not among `environments: names:`. Reported at the start of the file. Applies only when names are declared (the zero-config layout takes the well-known names it finds).",
        rationale: "An environment nobody declared is never resolved, validated or compared: a `prodution.yaml` holds settings that no deployment reads, and its problems are never reported.",
        useInstead: "Add the environment to `environments: names:` (in promotion order), rename the file, or move it out of the layout's path.",
        options: "`environments: names:` and `layouts:`.",
        passingExamples: [
            RuleExample(
                "config/production.yaml", "replicas: 3\n",
                alongside: [project, ("config/base.yaml", "replicas: 1\n"), ("config/staging.yaml", "replicas: 2\n")]),
        ],
        failingExamples: [
            RuleExample(
                "config/prodution.yaml", "↓replicas: 3\n",
                message: "\"prodution\" is not a declared environment (environments.names: staging, production), so this override is never resolved or compared",
                alongside: [project, ("config/base.yaml", "replicas: 1\n"), ("config/staging.yaml", "replicas: 2\n")]),
        ])
}
