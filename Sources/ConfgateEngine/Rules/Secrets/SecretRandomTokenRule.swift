/// `secret-random-token`: a long random-looking token under a key that does not explain it.
public enum SecretRandomTokenRule: Rule {
    public static let description = RuleDescription(
        id: "secret-random-token",
        name: "Random-looking token that may be a credential",
        category: .secret,
        defaultSeverity: .warning,
        summary: "A string of 32 to 256 characters from the base64 and base64url alphabets, with upper-case letters, lower-case letters and digits, and at least 4.5 bits of Shannon entropy per character, under a key that names no credential and no known non-secret. Not reported: hex strings (checksums, commit ids), UUIDs, values under keys with a word like `checksum`, `sha256`, `digest`, `integrity`, `hash`, `fingerprint`, `cert`, `ca`, `public`, `id` or `name`, SRI and digest strings (`sha512-...`), and base64 of certificates and public keys. It is a warning, not an error: entropy says a value is random, not that it is secret.",
        rationale: "Credentials without a known prefix (a partner API key, a signing secret) often sit under keys with unhelpful names; randomness is what gives them away.",
        useInstead: "If it is a credential, move it to a secret store and reference it. If it is not, suppress the finding with a reason, or rename the key so it says what the value is (`checksum`, `fingerprint`).",
        options: "`secrets: enabled`; `--no-secrets`; `--fail-on warning` to make it fail a build.",
        passingExamples: [
            RuleExample(
                "config.yaml",
                """
                artifact:
                  sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
                  integrity: sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==
                  build: 4f1b2b0b-822c-4d15-8c15-b0f00a089f86
                  image: registry.example.com/api@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
                  description: A long sentence that explains what this artifact is for and where it goes
                  caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJkekNDQVIyZ0F3SUJBZ0lSQUtmZQ==

                """)
        ],
        failingExamples: [
            RuleExample(
                "config.yaml",
                """
                integrations:
                  partner:
                    blob: ↓q7Zk2LmX9vR4tW8yB1nC5dF3gH6jK0pQ

                """,
                message: "\"integrations.partner.blob\" holds a random-looking 32-character token (\"q7Zk…\") that may be a credential")
        ])
}
