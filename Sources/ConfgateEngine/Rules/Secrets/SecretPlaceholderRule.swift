/// `secret-placeholder`: a production file whose credential key still holds a placeholder word
/// (`changeme`, `xxx`), which means the real secret was never wired in.
public enum SecretPlaceholderRule: Rule {
    public static let description = RuleDescription(
        id: "secret-placeholder",
        name: "Placeholder instead of a secret in production",
        category: .secret,
        defaultSeverity: .warning,
        summary: "A key that names a credential holds a well-known placeholder word (`changeme`, `changeit`, `password`, `secret`, `xxx`, `todo`, `example`, `none`, ... listed in docs/secrets.md) in a file of a production environment. A file is a production file when it matches `secrets: production-files` in .confgate.yaml; without that setting, an environment's override is one when the environment is critical (`environments: critical:`, docs/environments.md), and any other file when a folder or a part of its name is `production`, `prod` or `prd`. Elsewhere placeholders are left alone: development files use them on purpose.",
        rationale: "A placeholder that reaches production is either a default credential an attacker will try first, or a deployment that fails at start-up because the secret was never set.",
        useInstead: "Reference the real secret: `${DB_PASSWORD}`, a secret-store reference or an encrypted value.",
        options: "`secrets: production-files` (globs) in .confgate.yaml.",
        passingExamples: [
            RuleExample(
                "development.yaml",
                """
                database:
                  password: changeme

                """),
            RuleExample(
                "production.yaml",
                """
                database:
                  password: ${DB_PASSWORD}
                  user: changeme

                """),
        ],
        failingExamples: [
            RuleExample(
                "production.yaml",
                """
                database:
                  password: ↓changeme

                """,
                message: "\"database.password\" holds the placeholder \"changeme\" in a production file; set a reference to the real secret"),
            RuleExample(
                "values-prod.json",
                """
                {"api": {"token": ↓"xxxxxxxx"}}

                """,
                message: "\"api.token\" holds the placeholder \"xxxxxxxx\" in a production file; set a reference to the real secret"),
        ])
}
