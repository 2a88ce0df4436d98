import Foundation
import Testing

/// No output of confgate holds a detected secret's value: every report format, on standard output,
/// standard error and in written files, `dump`, `validate` and standard input. The fixture project
/// Tests/Fixtures/secrets plants known FAKE secrets; SECRETS.txt lists every raw value (one line
/// each, the body line for a PEM key) that must never be printed.
@Suite struct RedactionTests {
    static let fixture = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/secrets")

    static func plantedValues() throws -> [String] {
        try String(contentsOf: fixture.appendingPathComponent("SECRETS.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// The report formats the binary accepts, read from its own error message, so that a format
    /// added later is covered without editing this test.
    static func formats() throws -> [String] {
        let result = try CLI.run(["lint", "--format", "no-such-format", "."], in: fixture)
        guard let list = result.stderr.firstMatch(of: /valid formats: ([a-z0-9, -]+)/)?.1 else {
            Issue.record("no format list in \(result)")
            return []
        }
        return list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Fails for each planted value found in `text`, naming where it leaked.
    func expectNoSecret(_ text: String, _ place: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for value in try Self.plantedValues() where text.contains(value) {
            Issue.record("\(place) contains the planted secret \(value.prefix(4))…", sourceLocation: sourceLocation)
        }
    }

    @Test func theFixtureReallyHoldsThePlantedValues() throws {
        let files = try ["app.yaml", "app.json"].map {
            try String(contentsOf: Self.fixture.appendingPathComponent($0), encoding: .utf8)
        }.joined()
        let values = try Self.plantedValues()
        #expect(values.count == 14)
        for value in values { #expect(files.contains(value), "\(value) is not in the fixture") }
    }

    @Test func everyPlantedSecretIsFoundWhereItIs() throws {
        let result = try CLI.run(["lint", "--format", "json", "."], in: Self.fixture)
        #expect(result.exited(1), "\(result)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let findings = (report?["findings"] as? [[String: Any]]) ?? []
        let secrets = findings.filter { ($0["category"] as? String) == "secret" }.map {
            "\($0["file"] ?? ""):\($0["line"] ?? ""):\($0["column"] ?? "") \($0["rule"] ?? "")"
        }
        #expect(secrets == [
            "app.json:2:27 secret-stripe-live-secret-key",
            "app.json:3:24 secret-plaintext-value",
            "app.json:4:15 secret-http-basic-auth-url",
            "app.yaml:3:13 secret-plaintext-value",
            "app.yaml:4:8 secret-postgres-url-password",
            "app.yaml:5:21 secret-plaintext-value",
            "app.yaml:7:13 secret-redis-url-password",
            "app.yaml:10:18 secret-aws-access-key-id",
            "app.yaml:12:12 secret-github-pat",
            "app.yaml:14:14 secret-slack-webhook-url",
            "app.yaml:16:11 secret-random-token",
            "app.yaml:18:17 secret-private-key-rsa",
            "app.yaml:24:12 secret-plaintext-value",
            "app.yaml:26:11 secret-plaintext-value",
        ])
        // The schema finding on the Redis URL would quote it; it is scrubbed instead.
        let pattern = findings.first { ($0["rule"] as? String) == "schema-pattern" }
        #expect(pattern?["message"] as? String == "\"endpoint\" must match the pattern \"^https://\", found \"«redacted»\"")
    }

    @Test func noReportFormatPrintsASecret() throws {
        let formats = try Self.formats()
        #expect(formats.contains("text") && formats.contains("json"), "\(formats)")
        for format in formats {
            for extra in [[], ["--color", "always"]] where format == "text" || extra.isEmpty {
                let result = try CLI.run(["lint", "--format", format] + extra + ["."], in: Self.fixture)
                #expect(result.exited(1), "\(format): \(result)")
                #expect(!result.stdout.isEmpty, "\(format) printed nothing")
                try expectNoSecret(result.stdout, "lint --format \(format) \(extra) stdout")
                try expectNoSecret(result.stderr, "lint --format \(format) \(extra) stderr")
            }
        }
    }

    @Test func noWrittenReportHoldsASecret() throws {
        let directory = try TemporaryDirectory()
        for format in try Self.formats() {
            let output = directory.path + "/report." + format
            let result = try CLI.run(["lint", "--format", format, "--output", output, "."], in: Self.fixture)
            #expect(result.exited(1), "\(format): \(result)")
            let written = try String(contentsOfFile: output, encoding: .utf8)
            #expect(!written.isEmpty)
            try expectNoSecret(written, "lint --format \(format) --output")
            try expectNoSecret(result.stdout + result.stderr, "lint --format \(format) --output, printed")
        }
        // The baseline keys each finding on a salted hash of its value, never the value.
        let baseline = directory.path + "/baseline.json"
        let written = try CLI.run(["baseline", "--output", baseline, "."], in: Self.fixture)
        #expect(written.exited(0), "\(written)")
        let text = try String(contentsOfFile: baseline, encoding: .utf8)
        #expect(text.contains("\"secret-plaintext-value\""))
        try expectNoSecret(text, "baseline file")
        let gated = try CLI.run(["lint", "--baseline", baseline, "--format", "json", "."], in: Self.fixture)
        #expect(gated.exited(0), "\(gated)")
        try expectNoSecret(gated.stdout + gated.stderr, "lint --baseline")
    }

    @Test func validateAndStandardInputRedactToo() throws {
        let validate = try CLI.run(
            ["validate", "--schema", "templates/app.schema.json", "app.yaml", "app.json"], in: Self.fixture)
        #expect(validate.exited(1), "\(validate)")
        try expectNoSecret(validate.stdout + validate.stderr, "validate")

        let bytes = Array(try Data(contentsOf: Self.fixture.appendingPathComponent("app.yaml")))
        let stdin = try CLI.run(["lint", "--stdin-filename", "app.yaml", "-"], in: Self.fixture, stdin: bytes)
        #expect(stdin.exited(1), "\(stdin)")
        #expect(stdin.stdout.contains("app.yaml:3:13: error: \"database.password\" holds a plaintext value"))
        try expectNoSecret(stdin.stdout + stdin.stderr, "lint -")
    }

    @Test func dumpMasksUnlessRevealed() throws {
        for file in ["app.yaml", "app.json"] {
            let masked = try CLI.run(["dump", file], in: Self.fixture)
            #expect(masked.exited(0), "\(masked)")
            try expectNoSecret(masked.stdout + masked.stderr, "dump \(file)")
            #expect(masked.stdout.contains("«redacted»"))
        }
        let masked = try CLI.run(["dump", "app.json"], in: Self.fixture)
        #expect(masked.stdout.contains(#""smtp":{"password":"Sm…«redacted»"}"#), "\(masked)")
        // The switch works, which also shows the check above could fail.
        let revealed = try CLI.run(["dump", "--reveal", "app.json"], in: Self.fixture)
        #expect(revealed.stdout.contains(#""smtp":{"password":"SmtpFake!2026pw"}"#), "\(revealed)")
    }

    @Test func secretsCanBeTurnedOff() throws {
        let result = try CLI.run(["lint", "--no-secrets", "--format", "json", "."], in: Self.fixture)
        #expect(!result.stdout.contains("\"category\": \"secret\""), "\(result)")
        #expect(result.stdout.contains("schema-type"))
    }
}
