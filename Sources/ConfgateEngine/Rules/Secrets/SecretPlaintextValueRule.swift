/// `secret-plaintext-value`: a literal under a key that names a credential (`password`,
/// `client_secret`, `api_key`, ...), not a reference to a secret kept elsewhere.
public enum SecretPlaintextValueRule: Rule {
    public static let description = RuleDescription(
        id: "secret-plaintext-value",
        name: "Plaintext value under a credential key",
        category: .secret,
        defaultSeverity: .error,
        summary: "A key whose name says it holds a credential has a literal value. Names are judged by their words: the last word `password`, `passwd`, `pwd`, `passphrase` or `secret` takes any literal; `token`, `auth`, `credentials`, `api_key`, `private_key`, `access_key` and the like take a literal of at least 8 characters and 3 bits of entropy per character (so `auth: basic` passes). A name ending in a describing word (`token_ttl`, `secretName`, `password_file`) is not a credential. References, templates, `<...>`, masks, SOPS `ENC[...]`, `$ANSIBLE_VAULT;`, `!vault` values and secret-store references are not literals; `${VAR:-literal}` is, because the literal is used when the variable is missing.",
        rationale: "Passwords and tokens chosen by people have no recognisable format, so only the key name gives them away; a scanner that reads text without structure either misses them or drowns users in false alarms.",
        useInstead: "Reference the secret (`${DB_PASSWORD}`, `vault:secret/data/db#password`, a Kubernetes `secretKeyRef`) or encrypt the value with SOPS. If the key holds no secret, rename it or suppress the finding with a reason.",
        options: "`secrets: sensitive-keys` adds key words (treated like `password`); `secrets: enabled`; `--no-secrets`.",
        passingExamples: [
            RuleExample(
                "config.yaml",
                """
                database:
                  password: ${DB_PASSWORD}
                  admin_password: "{{ .Values.db.adminPassword }}"
                  replica_password: <replica password>
                  backup_password: ""
                  audit_password: "*****"
                  password_file: /run/secrets/db
                  secretName: db-credentials
                api:
                  token: vault:secret/data/api#token
                  token_ttl: 3600
                  auth: basic
                  client_secret: arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf
                env:
                  - name: DB_PASSWORD
                    valueFrom:
                      secretKeyRef: {name: db, key: password}
                ansible_password: !vault |
                  $ANSIBLE_VAULT;1.1;AES256
                  62313365396662343061393464336163383764373764613633653634306231386433626436623361

                """),
            RuleExample(
                "config.json",
                """
                {"smtp": {"password": "ENC[AES256_GCM,data:Tr0ub4==,iv:AAECAwQFBgcICQoL,tag:AAECAwQFBgcICQoLDA0ODw==,type:str]", "passwordMinLength": 12}}

                """),
        ],
        failingExamples: [
            RuleExample(
                "config.yaml",
                """
                database:
                  host: db.internal
                  password: ↓hunter2-Tr0ub4dor

                """,
                message: "\"database.password\" holds a plaintext value, starting \"hun…\"; use a reference such as ${DATABASE_PASSWORD} or an encrypted value"),
            RuleExample(
                "config.json",
                """
                {"db": {"password": ↓"${DB_PASSWORD:-hunter2}"}}

                """,
                message: "\"db.password\" falls back to a plaintext default in ${DB_PASSWORD:-…}; drop the default so that a missing variable fails"),
            RuleExample(
                "deployment.yaml",
                """
                env:
                  - name: API_TOKEN
                    value: ↓ghx7Kq2LmP9vR4tW8yZ1

                """,
                message: "\"env[0].value\" holds a plaintext value, starting \"ghx7…\"; use a reference such as ${API_TOKEN} or an encrypted value"),
        ])
}
