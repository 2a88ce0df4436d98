import Foundation
import Testing

/// Compliance rule packs through the binary: `rules list`, `rules explain`, `rules test`, invalid
/// packs and settings (exit 2), `rules:` settings for pack and code-defined rules, former ids in
/// suppressions, `--no-compliance`.
@Suite struct ComplianceCLITests {
    static let pack = """
        version: 1
        pack: team
        rules:
          - id: debug-on
            description: debug mode is on
            rationale: debug endpoints leak internals
            severity: error
            aliases: [debug-enabled]
            given: /debug
            then: {falsy: true}
            message: '"{path}" must be false'
            examples:
              pass: [{debug: false}]
              fail: [{debug: true}]
          - id: port-low
            description: a port below 1024
            rationale: ports below 1024 need root
            given: /**/port
            then: {minimum: 1024}
            message: '"{path}" is {value}, below 1024'
            examples:
              pass: [{port: 8080}, {}]
              fail: [{server: {port: 80}}, {port: 443}]

        """

    static func project(config: String = "version: 1\npacks: [policies/team.yaml]\n") throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write(".confgate.yaml", config)
        try dir.write("policies/team.yaml", pack)
        try dir.write("app.yaml", "debug: true\nserver:\n  port: 80\ndup: 1\ndup: 2\n")
        return dir
    }

    @Test func lintReportsPackFindings() throws {
        let dir = try Self.project()
        let result = try CLI.run(["lint", "--color", "never", "--format", "github", "app.yaml"], in: dir.url)
        #expect(result.exited(1), "\(result)")
        #expect(
            result.stdout.split(separator: "\n").filter { $0.hasPrefix("::") } == [
                "::error file=app.yaml,line=1,col=8,endLine=1,endColumn=12,title=debug-on::\"/debug\" must be false",
                "::warning file=app.yaml,line=3,col=9,endLine=3,endColumn=11,title=port-low::\"/server/port\" is 80, below 1024",
                "::error file=app.yaml,line=5,col=1,endLine=5,endColumn=4,title=duplicate-key::duplicate key \"dup\"; it is first defined at line 4, column 1",
            ], "\(result.stdout)")
        let off = try CLI.run(["lint", "--color", "never", "--no-compliance", "app.yaml"], in: dir.url)
        #expect(!off.stdout.contains("debug-on") && !off.stdout.contains("port-low"), "\(off)")
    }

    @Test func ruleSettingsChangePackAndCodeRules() throws {
        let dir = try Self.project(config: """
            version: 1
            packs: [policies/team.yaml]
            rules:
              debug-enabled: {severity: info}
              port-low: {then: {minimum: 80}}
              duplicate-key: {enabled: false}

            """)
        let result = try CLI.run(["lint", "--color", "never", "--format", "github", "app.yaml"], in: dir.url)
        #expect(result.exited(0), "\(result)")
        #expect(
            result.stdout.split(separator: "\n").filter { $0.hasPrefix("::") } == [
                "::notice file=app.yaml,line=1,col=8,endLine=1,endColumn=12,title=debug-on::\"/debug\" must be false"
            ], "\(result.stdout)")
    }

    @Test func formerIdsStillSuppress() throws {
        let dir = try Self.project()
        try dir.write("app.yaml", "# confgate: ignore[debug-enabled] the dev image\ndebug: true\n")
        let result = try CLI.run(["lint", "--color", "never", "app.yaml"], in: dir.url)
        #expect(result.exited(0), "\(result)")
        #expect(result.stdout.contains("1 suppressed"), "\(result)")
    }

    @Test(arguments: [
        (
            "version: 1\npacks: [prodution]\n",
            "confgate: .confgate.yaml:2:9: \"packs\": no built-in pack \"prodution\" (built in: hygiene, production, security; a pack file needs a path ending in .yaml); did you mean \"production\"?\n"
        ),
        (
            "version: 1\npacks: [policies/missing.yaml]\n",
            "confgate: policies/missing.yaml: cannot read configuration: no such file or directory\n"
        ),
        (
            "version: 1\npacks: [policies/team.yaml]\nrules: {port-lo: {severity: info}}\n",
            "confgate: .confgate.yaml:3:9: unknown key \"port-lo\" in \"rules\"; did you mean \"port-low\"?\n"
        ),
        (
            "version: 1\nrules: {duplicate-key: {then: {falsy: true}}}\n",
            "confgate: .confgate.yaml:2:9: \"rules.duplicate-key.then\": \"duplicate-key\" is a built-in rule of category syntax: only its severity and enabled can be set\n"
        ),
        (
            "version: 1\npacks: [policies/team.yaml, policies/team.yaml]\n",
            "confgate: .confgate.yaml:2:29: \"packs[1]\": \"policies/team.yaml\" is listed twice\n"
        ),
    ])
    func invalidSettingsExitTwo(_ config: String, _ message: String) throws {
        let dir = try Self.project(config: config)
        let result = try CLI.run(["lint", "--color", "never", "app.yaml"], in: dir.url)
        #expect(result.exited(2), "\(result)")
        #expect(result.stderr == message)
        #expect(result.stdout.isEmpty)
    }

    @Test func invalidPackExitsTwoNamingFileLineAndColumn() throws {
        let dir = try Self.project()
        try dir.write("policies/team.yaml", Self.pack.replacingOccurrences(of: "then: {minimum: 1024}", with: "then: {pattern: '[a-'}"))
        let lint = try CLI.run(["lint", "--color", "never", "app.yaml"], in: dir.url)
        #expect(lint.exited(2), "\(lint)")
        #expect(lint.stderr == "confgate: policies/team.yaml:19:21: \"rules[1].then.pattern\": invalid regular expression \"[a-\" at offset 0: unterminated character class\n")
        let test = try CLI.run(["rules", "test", "policies/team.yaml"], in: dir.url)
        #expect(test.exited(2) && test.stderr == lint.stderr, "\(test)")
        // A second pack reusing an id is refused where the second one writes it.
        try dir.write("policies/team.yaml", Self.pack)
        try dir.write("policies/other.yaml", "version: 1\npack: other\nrules:\n" + Self.pack.components(separatedBy: "rules:\n")[1])
        try dir.write(".confgate.yaml", "version: 1\npacks: [policies/team.yaml, policies/other.yaml]\n")
        let twice = try CLI.run(["lint", "--color", "never", "app.yaml"], in: dir.url)
        #expect(twice.exited(2), "\(twice)")
        #expect(twice.stderr == "confgate: policies/other.yaml:4:9: \"rules\": rule id \"debug-on\" is already used by pack \"team\" (policies/team.yaml:4)\n")
    }

    @Test func rulesTestReportsEachExampleThatMisbehaves() throws {
        let dir = try Self.project()
        let ok = try CLI.run(["rules", "test", "policies/team.yaml"], in: dir.url)
        #expect(ok.exited(0), "\(ok)")
        #expect(ok.stdout == "2 rules, 6 examples: all behave\n")
        try dir.write(
            "policies/team.yaml",
            Self.pack.replacingOccurrences(of: "pass: [{port: 8080}, {}]", with: "pass: [{port: 8080}, {port: 81}]")
                .replacingOccurrences(of: "fail: [{debug: true}]", with: "fail: [{debug: true}, {debug: 0}]"))
        let bad = try CLI.run(["rules", "test", "policies/team.yaml"], in: dir.url)
        #expect(bad.exited(1), "\(bad)")
        #expect(
            bad.stdout == """
                policies/team.yaml:14:29: debug-on: fail example produced no finding
                policies/team.yaml:22:28: port-low: pass example produced "/port" is 81, below 1024 at /port
                2 rules, 7 examples: 2 failed

                """)
    }

    @Test func rulesListShowsEveryRule() throws {
        let dir = try Self.project(config: "version: 1\npacks: [policies/team.yaml]\nrules: {port-low: {enabled: false}, secret: {severity: warning}}\n")
        let result = try CLI.run(["rules", "list", "--format", "json"], in: dir.url)
        #expect(result.exited(0), "\(result)")
        let rows = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        func row(_ id: String) -> String {
            guard let r = rows.first(where: { $0["id"] as? String == id }) else { return "missing" }
            return "\(r["pack"]!) \(r["category"]!) \(r["severity"]!) \(r["enabled"]!)"
        }
        #expect(row("debug-on") == "team compliance error 1")
        #expect(row("port-low") == "team compliance warning 0")
        #expect(row("duplicate-key") == "core syntax error 1")
        #expect(row("secret-*") == "core secret warning 1")
        let text = try CLI.run(["rules", "list"], in: dir.url)
        let lines = text.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.first == "ID PACK CATEGORY SEVERITY ENABLED")
        #expect(lines.contains("port-low team compliance warning no"), "\(text.stdout)")
    }

    @Test func rulesExplainIsGeneratedFromTheRule() throws {
        let dir = try Self.project()
        let result = try CLI.run(["rules", "explain", "debug-enabled"], in: dir.url)
        #expect(result.exited(0), "\(result)")
        #expect(
            result.stdout == """
                # debug-on

                ("debug-enabled" is a former id of this rule; use "debug-on".)

                Debug mode is on.

                - Pack: team (policies/team.yaml:4)
                - Category: compliance
                - Severity: error
                - Former ids: debug-enabled

                ## Why

                debug endpoints leak internals

                ## Where it applies

                Every configuration.

                ## What it checks

                - Selects: /debug
                - Checks: falsy
                - As JSON Schema: `{"enum":[false,null,0,""]}`
                - Message: "{path}" must be false

                ## Examples

                Passes:

                ```yaml
                debug: false
                ```

                Fails:

                ```yaml
                debug: true
                ```


                """)
        let core = try CLI.run(["rules", "explain", "duplicate-key"], in: dir.url)
        #expect(core.exited(0) && core.stdout.hasPrefix("# duplicate-key\n\n"), "\(core)")
        #expect(core.stdout.contains("- Pack: core (built into confgate)\n- Category: syntax\n- Severity: error\n"))
        let unknown = try CLI.run(["rules", "explain", "debug-of"], in: dir.url)
        #expect(unknown.exited(2), "\(unknown)")
        #expect(unknown.stderr.contains("no rule \"debug-of\"; did you mean \"debug-on\"?"), "\(unknown)")
    }

    /// schemas/rule-pack.schema.json describes what the loader reads: the built-in packs and the
    /// test pack are valid against it, a pack with an unknown check is not.
    @Test func packSchemaAgreesWithTheLoader() throws {
        let root = CLI.repositoryRoot
        let schema = root.appendingPathComponent("schemas/rule-pack.schema.json").path
        let packs = ["production", "security", "hygiene"].map { root.appendingPathComponent("rules/\($0).yaml").path }
        let builtIn = try CLI.run(["validate", "--schema", schema] + packs, in: root)
        #expect(builtIn.exited(0), "\(builtIn)")
        let dir = try Self.project()
        let ours = try CLI.run(["validate", "--schema", schema, "policies/team.yaml"], in: dir.url)
        #expect(ours.exited(0), "\(ours)")
        try dir.write("policies/bad.yaml", Self.pack.replacingOccurrences(of: "then: {falsy: true}", with: "then: {falsey: true}"))
        let bad = try CLI.run(["validate", "--schema", schema, "policies/bad.yaml"], in: dir.url)
        #expect(bad.exited(1), "\(bad)")
        let loader = try CLI.run(["rules", "test", "policies/bad.yaml"], in: dir.url)
        #expect(loader.exited(2), "\(loader)")
    }

    /// On a service, `when.if` and `defined` read each resolved environment: the condition may be
    /// met by the base, the value set by the override, and a key missing from every layer is
    /// reported at the base mapping.
    @Test func conditionsAndPresenceReadTheResolvedEnvironment() throws {
        let dir = try TemporaryDirectory()
        try dir.write(".confgate.yaml", "version: 1\nenvironments: {names: [staging, production]}\npacks: [p.yaml]\n")
        try dir.write(
            "p.yaml",
            """
            version: 1
            pack: p
            rules:
              - id: deployment-single-replica
                description: a deployment runs one replica
                rationale: one pod is one node drain away from an outage
                when: {environments: [production], if: {path: /kind, equals: Deployment}}
                given: /replicas
                then: {minimum: 2}
                message: '"{path}" is {value} in {environment}'
                examples: {pass: [{kind: Deployment, replicas: 2}], fail: [{kind: Deployment, replicas: 1}]}
              - id: probe-unset
                description: no health probe
                rationale: without a probe a hung process keeps its traffic
                given: /health/path
                then: {defined: true}
                message: '"{path}" is not set'
                examples: {pass: [{health: {path: /up}}], fail: [{health: {}}]}

            """)
        try dir.write("api/base.yaml", "kind: Deployment\nreplicas: 3\nhealth:\n  port: 8080\n")
        try dir.write("api/staging.yaml", "replicas: 1\n")
        try dir.write("api/production.yaml", "replicas: 1\nhealth:\n  path: /up\n")
        try dir.write("job/base.yaml", "kind: Job\nreplicas: 1\nhealth: {path: /up}\n")
        try dir.write("job/production.yaml", "replicas: 1\n")
        let result = try CLI.run(["lint", "--color", "never", "--format", "github", "api", "job"], in: dir.url)
        // Parity also has its say (production's new key is an error): only the packs' lines here.
        #expect(result.exited(1), "\(result)")
        #expect(
            result.stdout.split(separator: "\n").filter { $0.contains("title=probe-unset") || $0.contains("title=deployment-") } == [
                "::warning file=api/base.yaml,line=3,col=1,endLine=3,endColumn=7,title=probe-unset::\"/health/path\" is not set (in staging)",
                "::warning file=api/production.yaml,line=1,col=11,endLine=1,endColumn=12,title=deployment-single-replica::\"/replicas\" is 1 in production",
            ], "\(result.stdout)")
    }
}
