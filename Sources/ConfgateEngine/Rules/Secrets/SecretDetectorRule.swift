/// `secret-<detector>`: a credential of a known format (an AWS access key id, a Slack webhook, an
/// unencrypted PEM private key, a database URL with its password, ...) written in plain text.
/// One rule family: the id names the detector in rules/secrets.yaml.
public enum SecretDetectorRule: Rule {
    public static let description = RuleDescription(
        id: "secret",
        name: "Plaintext credential of a known format",
        category: .secret,
        defaultSeverity: .error,
        summary: "A value holds a credential that one of the detectors in rules/secrets.yaml recognises by its format. The finding's id is `secret-` followed by the detector's id: `secret-aws-access-key-id`, `secret-github-pat`, `secret-private-key-rsa`, `secret-postgres-url-password`, and so on (`confgate rules list` shows them all). The message names the key path, the detector and at most four characters of the value; no report ever holds the value itself.",
        rationale: "A credential committed to a configuration repository is readable by everyone with access to the repository, its forks, its CI logs and its backups, for as long as the history exists. Rotating it is the only fix once it is pushed.",
        useInstead: "Keep the credential in a secret store and reference it: `${DB_PASSWORD}` resolved at deploy time, a SOPS `ENC[...]` value, a `vault:` reference, a Kubernetes `secretKeyRef`. Then rotate the credential: it has been exposed.",
        options: "`secrets: enabled` in .confgate.yaml and `--no-secrets`; `ignore:` entries and `# confgate: ignore[secret-...] reason` comments for a value that is not a secret.",
        passingExamples: [
            RuleExample(
                "config.yaml",
                """
                integrations:
                  s3:
                    accessKeyId: ${AWS_ACCESS_KEY_ID}
                    secretAccessKey: ENC[AES256_GCM,data:3q2+7w==,iv:AAECAwQFBgcICQoL,tag:AAECAwQFBgcICQoLDA0ODw==,type:str]
                database:
                  url: postgres://app:${DB_PASSWORD}@db.internal:5432/app
                image: registry.example.com/api@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08

                """),
            RuleExample(
                "config.json",
                """
                {"sentry": {"dsn": "https://public@o1.ingest.sentry.io/42"}, "tls": {"key": "-----BEGIN ENCRYPTED PRIVATE KEY-----\\nMIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQI\\n-----END ENCRYPTED PRIVATE KEY-----\\n"}}

                """),
        ],
        failingExamples: [
            RuleExample(
                "config.yaml",
                """
                integrations:
                  s3:
                    accessKeyId: ↓AKIAIOSFODNN7EXAMPLE

                """,
                message: "\"integrations.s3.accessKeyId\" holds a plaintext secret (AWS access key id, \"AKIA…\")"),
            RuleExample(
                "config.json",
                """
                {"database": {"url": ↓"postgres://app:Tr0ub4dor-3@db.internal:5432/app"}}

                """,
                message: "\"database.url\" holds a plaintext secret (PostgreSQL URL with an inline password, \"post…\")"),
        ],
        isFamily: true)
}
