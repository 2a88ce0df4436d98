import ConfgateDocument
import ConfgateEngine
import Testing

/// The secret scanner on whole files: which values are findings, where they point, what the
/// messages say, and that nothing confgate reports holds a secret's value. The per-rule examples
/// in Rules/Secrets/ are run by RuleExampleTests; these cover the cases between them.
@Suite struct SecretScannerTests {
    /// The secret findings of a file, as `line:column rule message`.
    func secrets(_ text: String, as name: String = "config.yaml", config: ProjectConfig = ProjectConfig(root: "/project"))
        -> [String]
    {
        lint(text, as: name, config: config).findings.filter { $0.category == .secret }.map {
            "\($0.range?.start.line ?? 0):\($0.range?.start.column ?? 0) \($0.rule) \($0.message)"
        }
    }

    // MARK: - Key names

    @Test(arguments: [
        ("password", SensitiveKeys.Strength.chosen), ("db_password", .chosen), ("DB_PASSWORD", .chosen),
        ("adminPassword", .chosen), ("passwd", .chosen), ("pwd", .chosen), ("passphrase", .chosen),
        ("clientSecret", .chosen), ("client-secret", .chosen), ("secret", .chosen), ("webhook.secret", .chosen),
        ("token", .issued), ("apiToken", .issued), ("access_token", .issued), ("api_key", .issued),
        ("apiKey", .issued), ("APIKey", .issued), ("apikey", .issued), ("privateKey", .issued),
        ("private_key", .issued), ("secretAccessKey", .issued), ("SECRET_KEY", .issued), ("credentials", .issued),
        ("auth", .issued), ("Authorization", .issued), ("x-api-key", .issued),
        ("token_ttl", .none), ("tokenUrl", .none), ("secretName", .none), ("secret_ref", .none),
        ("password_file", .none), ("passwordMinLength", .none), ("auth_enabled", .none), ("authMethod", .none),
        ("accessKeyId", .none), ("key", .none), ("cache_key", .none), ("monkey", .none), ("tokenizer", .none),
        ("passenger", .none), ("keyboard", .none),
    ])
    func keyStrength(_ key: String, _ expected: SensitiveKeys.Strength) {
        #expect(SensitiveKeys().strength(of: key) == expected, "\(key)")
    }

    @Test func projectWordsAreSensitive() {
        #expect(SensitiveKeys(extraWords: ["PIN"]).strength(of: "card_pin") == .chosen)
        #expect(SensitiveKeys().strength(of: "card_pin") == .none)
    }

    // MARK: - Value shapes

    @Test(arguments: [
        ("${DB_PASSWORD}", SecretValueShape.reference), ("$DB_PASSWORD", .reference), ("${DB_PASSWORD:?unset}", .reference),
        ("{{ .Values.db.password }}", .reference), ("{% raw %}x{% endraw %}", .reference), ("<db password>", .reference),
        ("vault:secret/data/db#password", .reference), ("vault://secret/db", .reference),
        ("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", .reference),
        ("ref+awssecrets://db/password", .reference), ("op://vault/db/password", .reference),
        ("projects/acme/secrets/db/versions/3", .reference), ("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)", .reference),
        ("prefix-${SUFFIX}", .reference),
        ("ENC[AES256_GCM,data:Tr0ub4==,iv:AAEC,tag:AAEC,type:str]", .encrypted),
        ("$ANSIBLE_VAULT;1.1;AES256\n6231336539", .encrypted), ("EJ[1:abc:def:ghi]", .encrypted),
        ("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n-----END ENCRYPTED PRIVATE KEY-----\n", .encrypted),
        ("", .empty), ("   ", .empty), ("*****", .mask), ("••••", .mask),
        ("changeme", .placeholder), ("CHANGEME", .placeholder), ("xxx", .placeholder), ("xxxxxxxx", .placeholder),
        ("password", .placeholder), ("secret", .placeholder),
        ("${DB_PASSWORD:-hunter2}", .defaultedReference(fallback: "hunter2")),
        ("${DB_PASSWORD-hunter2}", .defaultedReference(fallback: "hunter2")),
        ("${DB_PASSWORD:-}", .reference), ("${DB_PASSWORD:-${OTHER}}", .reference), ("${DB_PASSWORD:-changeme}", .reference),
        ("hunter2", .literal), ("$5tr0ng", .literal), ("<not-closed", .literal),
    ])
    func valueShape(_ value: String, _ expected: SecretValueShape) {
        #expect(SecretValueShape.of(value) == expected, "\(value)")
    }

    @Test func vaultTagIsAReference() {
        #expect(SecretValueShape.of("anything", tag: "!vault") == .reference)
        #expect(SecretValueShape.of("anything", tag: "tag:yaml.org,2002:str") == .literal)
    }

    // MARK: - Positions and messages

    @Test func blockScalarPrivateKeyPointsAtTheIndicator() {
        let text = """
            sftp:
              privateKey: |
                -----BEGIN RSA PRIVATE KEY-----
                MIIEowIBAAKCAQEAFAKEKEYFAKEKEYFAKEKEYFAKEKEYFAKEKEYFAKEKEYFAKEKEYFAKEKEY
                -----END RSA PRIVATE KEY-----

            """
        #expect(secrets(text) == [
            "2:15 secret-private-key-rsa \"sftp.privateKey\" holds a plaintext secret (PEM RSA private key (unencrypted), \"----…\")"
        ])
    }

    @Test func numbersUnderPasswordKeysArePasswords() {
        #expect(secrets("db:\n  password: 12345678\n  port: 5432\n  token: 12345678\n") == [
            "2:13 secret-plaintext-value \"db.password\" holds a plaintext value, starting \"1…\"; use a reference such as ${DB_PASSWORD} or an encrypted value"
        ])
    }

    @Test func anAliasedSecretIsReportedOnceAtItsAnchor() {
        let text = "defaults: &pw\n  password: hunter2-Tr0ub4dor\nprod:\n  <<: *pw\nstaging:\n  creds: *pw\n"
        #expect(secrets(text) == [
            "2:13 secret-plaintext-value \"defaults.password\" holds a plaintext value, starting \"hun…\"; use a reference such as ${DEFAULTS_PASSWORD} or an encrypted value"
        ])
    }

    @Test func everyDocumentOfAStreamIsScanned() {
        let findings = lint("a: 1\n---\ntoken: ghp_FAKEa1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6\n", as: "s.yaml").findings
        #expect(findings.map(\.rule) == ["secret-github-pat"])
        #expect(findings.first?.document == 1)
        #expect(findings.first?.pointer == "/token")
    }

    @Test func aNamedDetectorWinsOverTheKeyCheck() {
        #expect(secrets("github:\n  token: ghp_FAKEa1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6\n") == [
            "2:10 secret-github-pat \"github.token\" holds a plaintext secret (GitHub classic personal access token, \"ghp_…\")"
        ])
    }

    @Test func prefixlessDetectorsReadTheKeyName() {
        #expect(secrets("aws_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n") == [
            "1:24 secret-aws-secret-access-key \"aws_secret_access_key\" holds a plaintext secret (AWS secret access key, \"wJal…\")"
        ])
    }

    @Test func jsonValuesPointAtTheString() {
        #expect(secrets(#"{"smtp": {"password": "Tr0ub4dor&3-horse"}}"#, as: "c.json") == [
            "1:23 secret-plaintext-value \"smtp.password\" holds a plaintext value, starting \"Tr0…\"; use a reference such as ${SMTP_PASSWORD} or an encrypted value"
        ])
    }

    // MARK: - Not secrets

    @Test func corpusDecoysAreNotSecrets() {
        let text = """
            database:
              password: ENC[AES256_GCM,data:q83vEjRWeJA=,iv:AAECAwQFBgcICQoL,tag:AAECAwQFBgcICQoLDA0ODw==,type:str]
              url: postgres://app:${DB_PASSWORD}@db.internal:5432/app
            integrations:
              s3:
                accessKeyId: ${AWS_ACCESS_KEY_ID}
                secretAccessKey: ENC[AES256_GCM,data:3q2+7w==,iv:AAECAwQFBgcICQoL,tag:AAECAwQFBgcICQoLDA0ODw==,type:str]
            image: registry.example.com/payments/api@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
            build:
              id: 4f1b2b0b-822c-4d15-8c15-b0f00a089f86
              commit: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b
              checksum: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
              integrity: sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==
            host: payments-api-0042.payments.svc.cluster.local
            feature_flags: {checkoutV2Enabled: true}
            tls:
              certificate: |
                -----BEGIN CERTIFICATE-----
                MIIBdzCCAR2gAwIBAgIRAKfeFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE
                -----END CERTIFICATE-----

            """
        #expect(secrets(text) == [])
    }

    @Test func sopsMetadataIsNotScanned() {
        let text = """
            password: ENC[AES256_GCM,data:q83vEjRWeJA=,iv:AAECAwQFBgcICQoL,tag:AAECAwQFBgcICQoLDA0ODw==,type:str]
            sops:
              age:
                - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
                  enc: |
                    -----BEGIN AGE ENCRYPTED FILE-----
                    YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBGQUtFRkFLRUZBS0VGQUtF
                    -----END AGE ENCRYPTED FILE-----
              mac: ENC[AES256_GCM,data:FAKEFAKEFAKE,iv:AAECAwQFBgcICQoL,tag:AAECAwQFBgcICQoLDA0ODw==,type:str]
              lastmodified: "2026-11-27T10:00:00Z"
              version: 3.9.0

            """
        #expect(secrets(text) == [])
    }

    @Test func placeholdersOnlyInProductionFiles() {
        let text = "db:\n  password: changeme\n"
        let warning = "2:13 secret-placeholder \"db.password\" holds the placeholder \"changeme\" in a production file; set a reference to the real secret"
        #expect(secrets(text, as: "config/api/production.yaml") == [warning])
        #expect(secrets(text, as: "prod/api.yaml") == [warning])
        #expect(secrets(text, as: "config/api/staging.yaml") == [])
        #expect(secrets(text, as: "config/product/api.yaml") == [], "product is not prod")
        var config = ProjectConfig(root: "/project")
        config.secrets.productionFiles = [Glob("live/**")]
        #expect(secrets(text, as: "live/api.yaml", config: config) == [warning])
        #expect(secrets(text, as: "config/api/production.yaml", config: config) == [])
    }

    @Test func projectSensitiveKeysAndSwitch() {
        var config = ProjectConfig(root: "/project")
        config.secrets.sensitiveKeys = ["pin"]
        #expect(secrets("card:\n  pin: 4711-2026\n", config: config) == [
            "2:8 secret-plaintext-value \"card.pin\" holds a plaintext value, starting \"4…\"; use a reference such as ${CARD_PIN} or an encrypted value"
        ])
        config.secrets.enabled = false
        #expect(secrets("password: hunter2-Tr0ub4dor\n", config: config) == [])
    }

    // MARK: - Redaction

    @Test func excerptsMaskSecretValues() {
        let result = lint("a: 1\na: 2\npassword: \"hunter2-Tr0ub4dor\" # same line\n", as: "r.yaml")
        #expect(result.findings.map(\.rule) == ["duplicate-key", "secret-plaintext-value"])
        // The quotes are part of the scalar's range, so they are masked too.
        #expect(result.excerpts[3] == "password: ******************* # same line")
        #expect(!result.excerpts.values.contains { $0.contains("hunter2") })
    }

    /// A syntax error's line has no tree behind it: it is judged as text before it is shown.
    @Test func theLineOfASyntaxErrorIsMaskedWhenItHoldsASecret() {
        let yaml = lint("db:\n  password: hunter2-Tr0ub4dor: x\n", as: "broken.yaml")
        #expect(yaml.findings.map(\.rule) == ["syntax-error"])
        // Spaces stay, so the caret still lines up.
        #expect(yaml.excerpts[2] == "  password: ****************** *")
        let json = lint(#"{"github": "ghp_FAKEa1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6",}"# + "\n", as: "broken.json")
        #expect(json.findings.map(\.rule) == ["syntax-error"])
        #expect(json.excerpts[1] == #"{"github": "# + String(repeating: "*", count: 44))
        // Nothing to hide: the line is shown as it is.
        let plain = lint("db:\n  host: db.internal: x\n", as: "plain.yaml")
        #expect(plain.excerpts[2] == "  host: db.internal: x")
        let reference = lint("db:\n  password: ${DB_PASSWORD}: x\n", as: "ref.yaml")
        #expect(reference.excerpts[2] == "  password: ${DB_PASSWORD}: x")
    }

    @Test func scrubReplacesQuotedAndBareValues() {
        let hit = SecretHit(
            rule: "secret-plaintext-value", severity: .error, message: "", node: NodeIDs.first,
            range: SourceRange(at: .start), value: "hunter2-Tr0ub4dor")
        let short = SecretHit(
            rule: "secret-plaintext-value", severity: .error, message: "", node: NodeIDs.first,
            range: SourceRange(at: .start), value: "abc")
        let redaction = Redaction([hit, short])
        #expect(
            redaction.scrub("\"url\" must match \"^x\", found string \"hunter2-Tr0ub4dor\"")
                == "\"url\" must match \"^x\", found string \"«redacted»\"")
        #expect(redaction.scrub("contains hunter2-Tr0ub4dor inside") == "contains «redacted» inside")
        #expect(redaction.scrub("found string \"abc\" in abcdef") == "found string \"«redacted»\" in abcdef")
    }
}

/// A node id for building values in tests: the root of a one-scalar stream.
enum NodeIDs {
    static let first: NodeID = {
        let result = DocumentReader().read(Array("x".utf8), format: .yaml)
        return result.stream!.documents[0].root
    }()
}
