import Foundation
import Testing

/// `confgate resolve` and `confgate diff` on small projects: exact output, masking, exit codes.
@Suite struct ResolveDiffCLITests {
    /// An AWS access key id, built in pieces so this file does not itself look like a leaked key.
    static let awsKey = "AKIA" + "Z7QH3MXK" + "2PW9RTLB"

    /// The zero-config layout: `svc/base.yaml` beside `svc/staging.yaml` and `svc/production.json`.
    static func zeroConfigProject() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write(
            "svc/base.yaml",
            """
            server:
              host: 0.0.0.0
              port: 8080
            replicas: 1
            debug: true
            hosts: [a, b]
            labels: {}
            database:
              user: app
              password: hunter2-very-secret

            """)
        try dir.write("svc/staging.yaml", "replicas: 2\nhosts: [a, b, c]\n")
        try dir.write(
            "svc/production.json",
            """
            {
              "replicas": 3,
              "debug": null,
              "server": {"port": 8443},
              "aws_access_key": "\(awsKey)",
              "version": "1.10"
            }

            """)
        return dir
    }

    static let productionYAML = """
        server:
          host: "0.0.0.0"
          port: 8443
        replicas: 3
        hosts:
          - a
          - b
        labels: {}
        database:
          user: app
          password: hun…«redacted»
        aws_access_key: AKIA…«redacted»
        version: "1.10"

        """

    @Test func resolvePrintsYAML() throws {
        let dir = try Self.zeroConfigProject()
        let result = try CLI.run(["resolve", "--env", "production"], in: dir.url)
        #expect(result.exited(0), "\(result)")
        #expect(result.stdout == Self.productionYAML)
        #expect(result.stderr == "")
    }

    @Test func resolvePrintsJSON() throws {
        let dir = try Self.zeroConfigProject()
        let result = try CLI.run(["resolve", "--env", "staging", "--format", "json", "."], in: dir.url)
        #expect(result.exited(0), "\(result)")
        #expect(
            result.stdout == """
                {
                  "server": {
                    "host": "0.0.0.0",
                    "port": 8080
                  },
                  "replicas": 2,
                  "debug": true,
                  "hosts": [
                    "a",
                    "b",
                    "c"
                  ],
                  "labels": {},
                  "database": {
                    "user": "app",
                    "password": "hun…«redacted»"
                  }
                }

                """)
    }

    @Test func resolveExplainNamesTheLineThatSetEachValue() throws {
        let dir = try Self.zeroConfigProject()
        let result = try CLI.run(["resolve", "--env", "production", "--explain", "--service", "svc"], in: dir.url)
        #expect(result.exited(0), "\(result)")
        #expect(
            lines(result.stdout) == [
                "server:",
                "  host: \"0.0.0.0\"  # svc/base.yaml:2",
                "  port: 8443  # svc/production.json:4",
                "replicas: 3  # svc/production.json:2",
                "hosts:",
                "  - a  # svc/base.yaml:6",
                "  - b  # svc/base.yaml:6",
                "labels: {}  # svc/base.yaml:7",
                "database:",
                "  user: app  # svc/base.yaml:9",
                "  password: hun…«redacted»  # svc/base.yaml:10",
                "aws_access_key: AKIA…«redacted»  # svc/production.json:5",
                "version: \"1.10\"  # svc/production.json:6",
            ])
    }

    @Test func revealPrintsSecrets() throws {
        let dir = try Self.zeroConfigProject()
        let result = try CLI.run(["resolve", "--env", "production", "--reveal"], in: dir.url)
        #expect(result.exited(0), "\(result)")
        #expect(
            result.stdout
                == Self.productionYAML.replacingOccurrences(of: "hun…«redacted»", with: "hunter2-very-secret")
                .replacingOccurrences(of: "AKIA…«redacted»", with: Self.awsKey))
    }

    /// The YAML output reads back (through confgate's own reader, `dump`) to the JSON output.
    @Test func yamlOutputReadsBackToTheJSONOutput() throws {
        let dir = try Self.zeroConfigProject()
        for environment in ["staging", "production"] {
            for reveal in [[], ["--reveal"]] {
                let yaml = try CLI.run(["resolve", "--env", environment] + reveal, in: dir.url)
                let json = try CLI.run(["resolve", "--env", environment, "--format", "json"] + reveal, in: dir.url)
                try dir.write("out/\(environment).yaml", yaml.stdout)
                // `dump --reveal`: the masked values are plain strings to read back, not to mask again.
                let dumped = try CLI.run(["dump", "--reveal", "out/\(environment).yaml"], in: dir.url)
                let fromYAML = try JSONSerialization.jsonObject(with: Data(dumped.stdout.utf8)) as? NSDictionary
                let fromJSON = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? NSDictionary
                #expect(fromYAML != nil && fromYAML == fromJSON, "\(environment) \(reveal): \(dumped)")
            }
        }
    }

    @Test func diffPrintsEachChangeWithItsPlaces() throws {
        let dir = try Self.zeroConfigProject()
        let result = try CLI.run(["diff", "staging", "production"], in: dir.url)
        #expect(result.exited(1), "\(result)")
        #expect(
            lines(result.stdout) == [
                "svc: staging → production",
                "  ~ /server/port: 8080 → 8443  (svc/base.yaml:3, svc/production.json:4)",
                "  ~ /replicas: 2 → 3  (svc/staging.yaml:1, svc/production.json:2)",
                "  - /debug: true  (svc/base.yaml:5)",
                "  ~ /hosts: [\"a\",\"b\",\"c\"] → [\"a\",\"b\"]  (svc/staging.yaml:2, svc/base.yaml:6)",
                "  + /aws_access_key: \"AKIA…«redacted»\"  (svc/production.json:5)",
                "  + /version: \"1.10\"  (svc/production.json:6)",
            ])
        #expect(result.stderr == "")
        #expect(!result.stdout.contains(Self.awsKey) && !result.stdout.contains("hunter2"))
    }

    @Test func diffAsJSON() throws {
        let dir = try Self.zeroConfigProject()
        try dir.write("svc/staging.yaml", "replicas: 2\ndatabase: {password: other-very-secret-1}\n")
        try dir.write("svc/production.json", #"{"replicas": 2, "database": {"password": "prod-very-secret-22"}}"#)
        let result = try CLI.run(["diff", "staging", "production", "--format", "json"], in: dir.url)
        #expect(result.exited(1), "\(result)")
        #expect(
            result.stdout == """
                {
                  "services": [
                    {
                      "service": "svc",
                      "from": "staging",
                      "to": "production",
                      "changes": [
                        {
                          "path": "/database/password",
                          "kind": "changed",
                          "from": "oth…«redacted»",
                          "to": "pro…«redacted»",
                          "fromLocation": {
                            "file": "svc/staging.yaml",
                            "line": 2,
                            "column": 22
                          },
                          "toLocation": {
                            "file": "svc/production.json",
                            "line": 1,
                            "column": 42
                          }
                        }
                      ]
                    }
                  ]
                }

                """)
    }

    @Test func diffOfIdenticalEnvironmentsExitsZero() throws {
        let dir = try Self.zeroConfigProject()
        try dir.write("svc/production.json", #"{"replicas": 2, "hosts": ["a", "b", "c"]}"#)
        let result = try CLI.run(["diff", "staging", "production"], in: dir.url)
        #expect(result.exited(0), "\(result)")
        #expect(result.stdout == "svc: staging → production\n  no differences\n")
    }

    @Test func usageErrors() throws {
        let dir = try Self.zeroConfigProject()
        let unknown = try CLI.run(["resolve", "--env", "prod"], in: dir.url)
        #expect(unknown.exited(2), "\(unknown)")
        #expect(unknown.stdout == "")
        #expect(unknown.stderr == "confgate: svc has no environment \"prod\"; its environments: staging, production\n")

        let diffUnknown = try CLI.run(["diff", "staging", "qa"], in: dir.url)
        #expect(diffUnknown.exited(2), "\(diffUnknown)")
        #expect(diffUnknown.stderr == "confgate: svc has no environment \"qa\"; its environments: staging, production\n")

        let same = try CLI.run(["diff", "staging", "staging"], in: dir.url)
        #expect(same.exited(2), "\(same)")
        #expect(lines(same.stderr).first == "confgate: Error: both environments are \"staging\"; name two different ones")

        let explainJSON = try CLI.run(["resolve", "--env", "staging", "--format", "json", "--explain"], in: dir.url)
        #expect(explainJSON.exited(2), "\(explainJSON)")
        #expect(lines(explainJSON.stderr).first == "confgate: Error: --explain writes YAML comments; it cannot be used with --format json")

        let noService = try CLI.run(["resolve", "--env", "staging", "--service", "api"], in: dir.url)
        #expect(noService.exited(2), "\(noService)")
        #expect(noService.stderr == "confgate: no service \"api\"; services found: svc\n")
    }

    /// A layer that does not read is reported as lint reports it; nothing is printed on stdout.
    @Test func aLayerWithASyntaxErrorIsReported() throws {
        let dir = try Self.zeroConfigProject()
        try dir.write("svc/staging.yaml", "replicas: [2\n")
        let result = try CLI.run(["resolve", "--env", "staging"], in: dir.url)
        #expect(result.exited(1), "\(result)")
        #expect(result.stdout == "")
        #expect(
            lines(result.stderr) == [
                "svc/staging.yaml:2:1: error: unexpected end of file: did not find expected ',' or ']' (while parsing a flow sequence that started at line 1, column 11) [syntax-error]",
                " 2 | ",
                "   | ^",
                "1 error, 0 warnings, 0 info (1 file checked)",
            ])
        // Another environment does not need that layer.
        #expect(try CLI.run(["resolve", "--env", "production"], in: dir.url).exited(0))
    }

    // MARK: - A declared layout with two services

    static func declaredProject() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write(
            ".confgate.yaml",
            """
            version: 1
            environments:
              names: [staging, production]
              layouts:
                - base: config/{service}/base.yaml
                  overrides: config/{service}/{env}.yaml

            """)
        try dir.write("config/api/base.yaml", "port: 8080\nlog: info\n")
        try dir.write("config/api/staging.yaml", "log: debug\n")
        try dir.write("config/api/production.yaml", "port: 443\n")
        try dir.write("config/web/base.yaml", "workers: 2\n")
        try dir.write("config/web/staging.yaml", "{}\n")
        try dir.write("config/web/production.yaml", "{}\n")
        return dir
    }

    @Test func aDeclaredLayoutWithTwoServicesNeedsService() throws {
        let dir = try Self.declaredProject()
        let ambiguous = try CLI.run(["resolve", "--env", "production"], in: dir.url)
        #expect(ambiguous.exited(2), "\(ambiguous)")
        #expect(ambiguous.stderr == "confgate: 2 services found (api, web); choose one with --service\n")

        let api = try CLI.run(["resolve", "--env", "production", "--service", "api", "--explain"], in: dir.url)
        #expect(api.exited(0), "\(api)")
        #expect(api.stdout == "port: 443  # config/api/production.yaml:1\nlog: info  # config/api/base.yaml:2\n")

        // Every service, one section each, in plan order.
        let diff = try CLI.run(["diff", "staging", "production", "config"], in: dir.url)
        #expect(diff.exited(1), "\(diff)")
        #expect(
            lines(diff.stdout) == [
                "api: staging → production",
                "  ~ /port: 8080 → 443  (config/api/base.yaml:1, config/api/production.yaml:1)",
                "  ~ /log: \"debug\" → \"info\"  (config/api/staging.yaml:1, config/api/base.yaml:2)",
                "",
                "web: staging → production",
                "  no differences",
            ])
        let web = try CLI.run(["diff", "--service", "web", "staging", "production"], in: dir.url)
        #expect(web.exited(0), "\(web)")
        #expect(web.stdout == "web: staging → production\n  no differences\n")
    }
}
