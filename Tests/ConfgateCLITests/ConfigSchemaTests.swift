import Foundation
import Testing

/// `schemas/confgate.schema.json` and the configuration reader agree: what one accepts, the other
/// accepts, checked with confgate's own validator (`confgate validate --schema`).
@Suite struct ConfigSchemaTests {
    static let schema = CLI.repositoryRoot.appendingPathComponent("schemas/confgate.schema.json").path

    static let valid: [String] = [
        """
        version: 1
        packs: [production, security, hygiene]
        rules:
          duplicate-key: {severity: warning}
          secret: {enabled: false}
          replicas-below-two-in-production: {severity: warning, enabled: true}
          key-naming-inconsistent: {then: {field: "@key", pattern: "^[a-z_]+$"}}

        """,
        """
        version: 1
        include: ["services/**/*.yaml", "services/**/*.json"]
        exclude: ["**/generated/**"]
        jsonc: ["**/tsconfig*.json"]
        fail-on: error
        limits: {max-file-bytes: 16777216, max-depth: 256, max-nodes: 1000000, max-scalar-bytes: 1048576}
        schema-maps: {"https://json.schemastore.org/": "vendor/schemastore/"}
        strict-formats: false
        ignore:
          - files: "legacy/**/*.json"
            pointer: /database/password
            rules: [duplicate-key, "schema-*", "*"]
            reason: exported by the old tool, removed in OPS-12
            expires: 2999-12-31
          - files: ["a.yaml", "b/*.yaml"]
            rules: duplicate-key
          - files: "**"
            pointer: ""
            rules: "secret-*"
            reason:

        """,
        """
        version: 1
        secrets:
          enabled: false
          sensitive-keys: [pin, signingSalt]
          production-files: ["deploy/live/**"]

        """,
    ]

    static let invalid: [String] = [
        "version: 1\npacks: production\n",
        "version: 1\npacks: [production, production]\n",
        "version: 1\nrules: {debug-enabled-in-production: {severity: fatal}}\n",
        "version: 1\nrules: {debug-enabled-in-production: {enable: false}}\n",
        "version: 1\nrules: {key-naming-inconsistent: {then: {patern: x}}}\n",
        "version: 1\nrules: {key-naming-inconsistent: {then: {field: key, pattern: x}}}\n",
        "version: 1\nrules: {duplicate-key: [warning]}\n",
        "version: 1\nignore:\n  - files: a\n",
        "version: 1\nignore:\n  - rules: a\n",
        "version: 1\nignore:\n  - files: a\n    rules: a\n    rule: b\n",
        "version: 1\nignore:\n  - files: []\n    rules: a\n",
        "version: 1\nignore:\n  - files: a\n    rules: []\n",
        "version: 1\nignore:\n  - files: a\n    rules: [Not_An_Id]\n",
        "version: 1\nignore:\n  - files: a\n    rules: a\n    pointer: db\n",
        "version: 1\nignore:\n  - files: a\n    rules: a\n    expires: 30.06.2024\n",
        "version: 1\nignore:\n  - files: a\n    rules: a\n    reason: 5\n",
        "version: 1\nignore: {files: a, rules: a}\n",
        "version: 1\nsecrets: {enabled: yes}\n",
        "version: 1\nsecrets: {sensitive-keys: pin}\n",
        "version: 1\nsecrets: {sensitive-keys: [two words]}\n",
        "version: 1\nsecrets: {sensitive-keys: [db_pin]}\n",
        "version: 1\nsecrets: {sensitive-keys: [x]}\n",
        "version: 1\nsecrets: {detectors: rules/secrets.yaml}\n",
        "version: 1\nsecrets: []\n",
    ]

    /// (configuration, accepted)
    static let cases = valid.map { ($0, true) } + invalid.map { ($0, false) }

    @Test(arguments: cases)
    func schemaAndReaderAgree(_ config: String, _ accepted: Bool) throws {
        let dir = try TemporaryDirectory()
        try dir.write("project/.confgate.yaml", config)
        try dir.write("project/ok.yaml", "a: 1\n")
        try dir.write("config.yaml", config)
        let lint = try CLI.run(["lint", "ok.yaml"], in: dir.url("project"))
        #expect(lint.exited(accepted ? 0 : 2), "the reader: \(lint)")
        let validate = try CLI.run(["validate", "--schema", Self.schema, "config.yaml"], in: dir.url)
        #expect(validate.exited(accepted ? 0 : 1), "the schema: \(validate)")
    }
}
