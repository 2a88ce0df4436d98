import Foundation
import Testing

/// `confgate render`, run as a user runs it: exact stdout, stderr and exit status.
@Suite struct RenderCLITests {
    static let template = """
        title: web
        type: object
        properties:
          name: {type: string}
          server:
            type: object
            properties:
              host: {type: string, default: 0.0.0.0}
              port: {type: integer, default: 8080, maximum: 65535}
            required: [port]
          replicas: {type: integer, default: 1, x-confgate-default-by-env: {production: 3}}
          api: {type: string, default: "https://api.{env}.example.com"}
          tags: {type: array, items: {type: string}}
        required: [name, server]
        additionalProperties: false

        """

    static func project() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write("t.yaml", template)
        try dir.write("v.yaml", "name: web\nserver:\n  port: 99999\n")
        try dir.write(".confgate.yaml", "version: 1\ntemplates:\n  - schema: t.yaml\n    files: [\"services/*.yaml\"]\n")
        return dir
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    @Test func yamlOutput() throws {
        let dir = try Self.project()
        let result = try CLI.run(["render", "t.yaml", "--set", "name=web", "--set", "tags=[a, \"1\"]", "--env", "production"], in: dir.url)
        #expect(result.stdout == """
            server:
              host: "0.0.0.0"
              port: 8080
            replicas: 3
            api: https://api.production.example.com
            name: web
            tags:
              - a
              - "1"

            """)
        #expect(result.stderr == "")
        #expect(result.exited(0), "\(result)")
    }

    /// The template named as `templates list` names it (its title), and JSON output.
    @Test func jsonOutputByTemplateName() throws {
        let dir = try Self.project()
        let result = try CLI.run(["render", "web", "--set", "name=web", "--format", "json", "--set", "server.port=443"], in: dir.url)
        #expect(result.stdout == """
            {
              "server": {
                "host": "0.0.0.0",
                "port": 443
              },
              "replicas": 1,
              "api": "https://api.{env}.example.com",
              "name": "web"
            }

            """)
        #expect(result.exited(0), "\(result)")
    }

    @Test func outputFile() throws {
        let dir = try Self.project()
        let result = try CLI.run(["render", "t.yaml", "--set", "name=web", "--output", "out.yaml"], in: dir.url)
        #expect(result.stdout == "")
        #expect(result.exited(0), "\(result)")
        let written = try String(contentsOfFile: dir.path + "/out.yaml", encoding: .utf8)
        #expect(written.hasPrefix("server:\n  host: \"0.0.0.0\"\n"))
    }

    @Test func invalidParameterExitsOneWithTheArgument() throws {
        let dir = try Self.project()
        let result = try CLI.run(["render", "t.yaml", "--set", "name=web", "--set", "server.port=70000"], in: dir.url)
        #expect(result.stdout == "")
        #expect(Self.lines(result.stderr) == [
            #"--set: error: --set server.port=70000: "port" must be at most 65535, found 70000 [schema-maximum]"#,
            "1 error, 0 warnings, 0 info (1 file checked)",
            "",
        ])
        #expect(result.exited(1), "\(result)")
    }

    @Test func valuesFileAndMissingRequiredPointAtTheirLines() throws {
        let dir = try Self.project()
        try dir.write("w.yaml", "server:\n  port: 99999\n")
        let result = try CLI.run(["render", "t.yaml", "--values", "w.yaml"], in: dir.url)
        #expect(Self.lines(result.stderr) == [
            #"t.yaml:14:12: error: missing required key "name"; set it with --set name=... [schema-required]"#,
            #" 14 | required: [name, server]"#,
            #"    |            ^~~~"#,
            #"w.yaml:2:9: error: "port" must be at most 65535, found 99999 [schema-maximum]"#,
            #" 2 |   port: 99999"#,
            #"   |         ^~~~~"#,
            "2 errors, 0 warnings, 0 info (2 files checked)",
            "",
        ])
        #expect(result.exited(1), "\(result)")
    }

    @Test func malformedSetIsAUsageError() throws {
        let dir = try Self.project()
        let result = try CLI.run(["render", "t.yaml", "--set", "server.port"], in: dir.url)
        #expect(result.stdout == "")
        #expect(result.stderr == "confgate: --set server.port: expected key=value\n")
        #expect(result.exited(2), "\(result)")
        let index = try CLI.run(["render", "t.yaml", "--set", "tags[x]=a"], in: dir.url)
        #expect(index.stderr == "confgate: --set tags[x]=a: a list index is a number in brackets, as in [0], found [x]\n")
        #expect(index.exited(2), "\(index)")
    }

    @Test func missingTemplateAndValuesFileAreUsageErrors() throws {
        let dir = try Self.project()
        let missing = try CLI.run(["render", "t.yml"], in: dir.url)
        #expect(missing.stdout == "")
        #expect(missing.stderr == "confgate: no template file or template named \"t.yml\"; valid templates: web\n")
        #expect(missing.exited(2), "\(missing)")
        let values = try CLI.run(["render", "t.yaml", "--values", "none.yaml"], in: dir.url)
        #expect(values.stderr == "confgate: none.yaml: cannot read values file: no such file or directory\n")
        #expect(values.exited(2), "\(values)")
    }

    /// The README's example, on the fixture.
    @Test func readmeExample() throws {
        let fixture = CLI.repositoryRoot.appendingPathComponent("fixtures/render")
        let result = try CLI.run(
            ["render", "service.template.yaml", "--values", "production.values.yaml", "--env", "production", "--set", "name=payments"],
            in: fixture)
        #expect(result.stdout == """
            replicas: 3
            server:
              host: "0.0.0.0"
              port: 8080
            api_url: https://api.production.example.com
            database:
              pool: 10
              host: db.prod.internal
            image: registry.example.com/payments:1.4.2
            endpoints:
              - timeout_ms: 2000
                path: /health
            name: payments

            """)
        #expect(result.exited(0), "\(result)")
    }
}
