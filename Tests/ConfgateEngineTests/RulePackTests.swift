import ConfgateDocument
import ConfgateEngine
import Foundation
import Testing

/// Compliance rule packs: the loader's errors (file, line, column, key path), and what each check
/// and selector finds, at which position, with which message.
@Suite struct RulePackTests {
    /// A pack of one rule written from its parts (a YAML flow mapping per part, or a plain line).
    static func packText(_ rule: String) -> String {
        "version: 1\npack: team\nrules:\n  - id: rule-under-test\n    description: a bad value\n    rationale: because\n"
            + rule
            + "    examples: {pass: [{}], fail: [{a: 1}]}\n"
    }

    /// The findings of a one-rule pack on a plain file, as `line:column message`.
    static func findings(_ rule: String, _ document: String, file: String = "service.yaml") throws -> [String] {
        let pack = try RulePack.parse(Array(packText(rule).utf8), file: "team.yaml")
        var linter = Linter(config: ProjectConfig(root: "/project"))
        linter.compliance = ComplianceRules(packs: [pack])
        let result = linter.lint(
            bytes: Array(document.utf8),
            target: LintTarget(displayPath: file, path: "/project/" + file, format: SourceFormat.forPath(file) ?? .yaml))
        return result.findings.filter { $0.rule == "rule-under-test" }.map { f in
            "\(f.range?.start.line ?? 0):\(f.range?.start.column ?? 0) \(f.message)"
        }
    }

    static func loadError(_ text: String) -> String {
        do {
            _ = try RulePack.parse(Array(text.utf8), file: "team.yaml")
            return "loaded"
        } catch {
            return error.description
        }
    }

    // MARK: - The built-in packs

    /// The binary embeds rules/*.yaml (scripts/gen-rule-packs.py); an edit to a pack without
    /// re-running the script would ship the old rules.
    @Test func embeddedPacksAreTheFilesInTheRepository() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("rules")
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
            .filter { $0.hasSuffix(".yaml") && $0 != "secrets.yaml" }.sorted()
        #expect(RulePack.builtIn.map(\.file) == names.map { "rules/\($0) (built in)" })
        for name in names {
            let file = try RulePack.load(path: root.appendingPathComponent(name).path, displayName: "rules/" + name)
            let embedded = try #require(RulePack.builtIn.first { $0.file == "rules/\(name) (built in)" })
            #expect(
                embedded.rules.map(\.id) == file.rules.map(\.id) && embedded.rules.map(\.message) == file.rules.map(\.message),
                "Sources/ConfgateEngine/Generated/BuiltInRulePacks.swift is stale: run scripts/gen-rule-packs.py")
            let text = try String(contentsOfFile: root.appendingPathComponent(name).path, encoding: .utf8)
            #expect(RulePack.builtInText(of: name).map { $0 + "\n" } == text, "\(name): run scripts/gen-rule-packs.py")
        }
    }

    // MARK: - Invalid packs

    @Test(arguments: [
        (
            packText("    given: /debug\n    then: {equal: false}\n"),
            "team.yaml:8:12: unknown key \"equal\" in \"rules[0].then\"; did you mean \"equals\"?"
        ),
        (
            packText("    given: /debug\n    then: {minimum: two}\n"),
            "team.yaml:8:21: \"rules[0].then.minimum\" must be a number, found a string"
        ),
        (
            packText("    given: debug\n    then: {falsy: true}\n"),
            "team.yaml:7:12: \"rules[0].given\": invalid selector \"debug\": must start with \"/\" (a JSON Pointer; \"\" is the whole document)"
        ),
        (
            packText("    given: [/a, /b//c]\n    then: {falsy: true}\n"),
            "team.yaml:7:17: \"rules[0].given[1]\": invalid selector \"/b//c\": has an empty step (\"//\" or a trailing \"/\")"
        ),
        (
            packText("    given: /image\n    then: {pattern: '(latest'}\n"),
            "team.yaml:8:21: \"rules[0].then.pattern\": invalid regular expression \"(latest\" at offset 0: unterminated group"
        ),
        (
            packText("    given: /a\n    then: {type: strin}\n"),
            "team.yaml:8:18: \"rules[0].then.type\": unknown type \"strin\" (one of object, array, string, number, integer, boolean, null); did you mean \"string\"?"
        ),
        (
            packText("    given: /a\n    then: {truthy: false}\n"),
            "team.yaml:8:20: \"rules[0].then.truthy\": must be true (leave the check out instead of setting it to false)"
        ),
        (
            packText("    given: /a/*\n    then: {defined: true}\n"),
            "team.yaml:7:12: \"rules[0].given\": \"defined\" needs selectors that end in a key, found \"/a/*\""
        ),
        (
            packText("    given: /a\n    then: {field: key, pattern: x}\n"),
            "team.yaml:8:19: \"rules[0].then.field\": must be \"@key\" (the checks then apply to the key of each selected value)"
        ),
        (
            packText("    given: /a\n    then: {}\n"),
            "team.yaml:8:11: \"rules[0].then\": needs at least one check (equals, notEquals, enum, pattern, notPattern, minimum, maximum, minLength, maxLength, defined, undefined, type, truthy, falsy, unique, schema)"
        ),
        (
            packText("    given: /a\n    then: {falsy: true}\n    message: '{pth} is on'\n"),
            "team.yaml:9:14: \"rules[0].message\": unknown placeholder {pth} (one of {path}, {key}, {value}, {environment}, {service}); did you mean {path}?"
        ),
        (
            packText("    given: /a\n    then: {falsy: true}\n    severity: fatal\n"),
            "team.yaml:9:15: \"rules[0].severity\": must be one of error, warning, info, found \"fatal\""
        ),
        (
            packText("    given: /a\n    then: {schema: {type: nope}}\n"),
            "team.yaml:8:20: \"rules[0].then.schema\": invalid schema: "
        ),
        (
            packText("    given: /a\n    then: {falsy: true}\n    when: {environment: [production]}\n"),
            "team.yaml:9:12: unknown key \"environment\" in \"rules[0].when\"; did you mean \"environments\"?"
        ),
        (
            packText("    given: /a\n    then: {falsy: true}\n    when: {if: {equals: 1}}\n"),
            "team.yaml:9:16: \"rules[0].when.if\": needs \"path\" (the selector the condition reads)"
        ),
        (
            "version: 1\npack: team\nrules:\n  - id: Debug_On\n",
            "team.yaml:4:9: \"rules[0].id\": must be kebab-case (lowercase letters, digits and single hyphens), found \"Debug_On\""
        ),
        (
            "version: 1\npack: team\nrules:\n  - id: debug-on\n",
            "team.yaml:4:5: \"rules[0]\": needs \"description\""
        ),
        ("pack: team\nrules: []\n", "team.yaml: the configuration must start with \"version: 1\""),
        ("version: 1\nrules: []\n", "team.yaml:1:1: \"pack\": is required (the pack's name)"),
        ("version: 1\npack: team\nrule: []\n", "team.yaml:3:1: unknown key \"rule\"; did you mean \"rules\"?"),
        ("version: 1\npack: team\nrules: [\n", "team.yaml:4:1: invalid configuration: "),
    ])
    func invalidPackNamesFileLineAndKey(_ text: String, _ expected: String) {
        let error = Self.loadError(text)
        if expected.hasSuffix(": ") {
            #expect(error.hasPrefix(expected), "\(error)")
        } else {
            #expect(error == expected)
        }
    }

    @Test func duplicateIdsAndAliasesAreErrors() {
        let rule = { (id: String, aliases: String) in
            "  - id: \(id)\n    description: d\n    rationale: r\n    aliases: \(aliases)\n    given: /a\n    then: {falsy: true}\n    examples: {pass: [{}], fail: [{a: 1}]}\n"
        }
        let twice = "version: 1\npack: team\nrules:\n" + rule("debug-on", "[]") + rule("debug-on", "[]")
        #expect(Self.loadError(twice) == "team.yaml:11:9: \"rules[1].id\": duplicate rule id \"debug-on\", first used by rules[0]")
        let renamed = "version: 1\npack: team\nrules:\n" + rule("debug-on", "[debug-enabled]") + rule("debug-enabled", "[]")
        #expect(Self.loadError(renamed) == "team.yaml:11:9: \"rules[1].id\": duplicate rule id \"debug-enabled\", first used by rules[0]")
    }

    @Test func examplesAreRequired() {
        let text = "version: 1\npack: team\nrules:\n  - id: debug-on\n    description: d\n    rationale: r\n    given: /a\n    then: {falsy: true}\n    examples: {pass: [{}]}\n"
        #expect(Self.loadError(text) == "team.yaml:9:15: \"rules[0].examples\": needs \"fail\" examples (at least one configuration the rule must fail)")
    }

    // MARK: - Checks

    @Test func equalsComparesJSONValues() throws {
        let rule = "    given: /replicas\n    then: {equals: 2}\n    message: '\"{path}\" is {value}'\n"
        #expect(try Self.findings(rule, "replicas: 2.0\n") == [])
        #expect(try Self.findings(rule, "replicas: \"2\"\n") == ["1:11 \"/replicas\" is \"2\""])
        #expect(try Self.findings(rule, "other: 1\n") == [], "an absent path is not checked")
    }

    @Test func patternTestsStringsOnly() throws {
        let rule = "    given: /**/image\n    then: {notPattern: ':latest$'}\n"
        let document = "image: app:latest\nworkers:\n  - image: \"worker:latest\"\n  - image: worker:1.2\n  - image: 7\n"
        #expect(try Self.findings(rule, document) == ["1:8 \"/image\": a bad value", "3:12 \"/workers/0/image\": a bad value"])
    }

    @Test func lengthCountsCharactersItemsAndMembers() throws {
        let rule = "    given: /*\n    then: {minLength: 1}\n"
        let document = "name: \"\"\nlist: []\nmap: {}\nok: é\nnumber: 0\n"
        #expect(try Self.findings(rule, document) == ["1:7 \"/name\": a bad value", "2:7 \"/list\": a bad value", "3:6 \"/map\": a bad value"])
    }

    @Test func definedReportsTheMissingPathAtTheDeepestMapping() throws {
        let rule = "    given: /server/timeout\n    then: {defined: true}\n    message: '\"{path}\" is not set'\n"
        #expect(try Self.findings(rule, "server:\n  port: 80\n") == ["1:1 \"/server/timeout\" is not set"])
        #expect(try Self.findings(rule, "name: api\n") == ["1:1 \"/server/timeout\" is not set"])
        #expect(try Self.findings(rule, "server: {timeout: 3}\n") == [])
        let wildcard = "    given: /services/*/timeout\n    then: {defined: true}\n    message: '\"{path}\" is not set'\n"
        #expect(try Self.findings(wildcard, "services:\n  a: {timeout: 1}\n  b: {port: 2}\n") == ["3:6 \"/services/b/timeout\" is not set"])
        #expect(try Self.findings(wildcard, "name: api\n") == [], "no service, nothing to demand")
    }

    @Test func undefinedPointsAtTheKey() throws {
        let rule = "    given: /**/password\n    then: {undefined: true}\n"
        #expect(try Self.findings(rule, "db:\n  user: app\n  password: hunter2\n") == ["3:3 \"/db/password\": a bad value"])
    }

    @Test func uniquePointsAtTheRepeatedItem() throws {
        let values = "    given: /**\n    then: {unique: true}\n    message: '{path} repeats'\n"
        #expect(try Self.findings(values, "hosts: [a, b, a, 1, 1.0]\n") == ["1:15 /hosts/2 repeats", "1:21 /hosts/4 repeats"])
        let byName = "    given: /ports\n    then: {unique: name}\n    message: '{path} repeats'\n"
        #expect(try Self.findings(byName, "ports:\n  - {name: http, port: 80}\n  - {name: http, port: 81}\n") == ["3:12 /ports/1/name repeats"])
    }

    @Test func truthyAndFalsy() throws {
        let falsy = "    given: /debug\n    then: {falsy: true}\n"
        for (value, found) in [("false", false), ("0", false), ("\"\"", false), ("null", false), ("true", true), ("\"no\"", true), ("1", true)] {
            #expect(try Self.findings(falsy, "debug: \(value)\n").count == (found ? 1 : 0), "debug: \(value)")
        }
        let truthy = "    given: /tls/enabled\n    then: {truthy: true}\n"
        #expect(try Self.findings(truthy, "tls: {enabled: false}\n") == ["1:16 \"/tls/enabled\": a bad value"])
        #expect(try Self.findings(truthy, "tls: {}\n") == [], "absent: use defined to demand it")
    }

    @Test func keyFieldChecksKeyNames() throws {
        let rule = "    given: /**\n    then: {field: \"@key\", pattern: '^[a-z][a-z0-9_]*$'}\n    message: 'key \"{key}\" is not snake_case'\n"
        #expect(try Self.findings(rule, "db_host: a\nServer:\n  maxConns: 3\nlist: [{Item: 1}]\n")
            == ["2:1 key \"Server\" is not snake_case", "3:3 key \"maxConns\" is not snake_case", "4:9 key \"Item\" is not snake_case"])
    }

    @Test func inlineSchemaPointsInsideTheValue() throws {
        let rule = "    given: /resources\n    then: {schema: {type: object, required: [limits], properties: {limits: {type: object}}}}\n    message: '\"{path}\" is incomplete'\n"
        #expect(try Self.findings(rule, "resources:\n  limits: 2\n") == ["2:11 \"/resources/limits\" is incomplete: \"limits\" must be an object, found integer 2"])
    }

    /// The `schema:` check's verdicts are remembered per scalar: by type and value, so the
    /// string "0" (which `exclusiveMinimum` does not judge) and the number 0 stay two values.
    @Test func inlineSchemaVerdictsTellTypesApart() throws {
        let rule = "    given: /**\n    then: {schema: {exclusiveMinimum: 0}}\n    message: '\"{path}\" is not positive'\n"
        #expect(try Self.findings(rule, "a: \"0\"\nb: 0\nc: \"0\"\nd: 0\ne: 0.0\nf: 5\n")
            == ["2:4 \"/b\" is not positive: \"b\" must be greater than 0, found 0",
                "4:4 \"/d\" is not positive: \"d\" must be greater than 0, found 0",
                "5:4 \"/e\" is not positive: \"e\" must be greater than 0, found 0.0"])
    }

    @Test func ifConditionScopesTheRule() throws {
        let rule = "    when: {if: {path: /kind, equals: Deployment}}\n    given: /spec/replicas\n    then: {minimum: 2}\n"
        #expect(try Self.findings(rule, "kind: Deployment\nspec: {replicas: 1}\n") == ["2:18 \"/spec/replicas\": a bad value"])
        #expect(try Self.findings(rule, "kind: Job\nspec: {replicas: 1}\n") == [])
        #expect(try Self.findings(rule, "spec: {replicas: 1}\n") == [], "no kind: the condition does not hold")
    }

    @Test func anyDepthMatchesZeroLevelsToo() throws {
        let rule = "    given: /**/debug\n    then: {falsy: true}\n"
        #expect(try Self.findings(rule, "debug: true\napp: {debug: true, nested: [{debug: 1}]}\n")
            == ["1:8 \"/debug\": a bad value", "2:14 \"/app/debug\": a bad value", "2:37 \"/app/nested/0/debug\": a bad value"])
        // Keys of the same length, first and last letter: past the key table's filter, not a match.
        #expect(try Self.findings(rule, "dxbug: true\napp: {dEBUg: true, debug: 1}\n") == ["2:27 \"/app/debug\": a bad value"])
    }

    @Test func valueOfASecretKeyIsNeverPrinted() throws {
        let rule = "    given: /**/db_password\n    then: {minLength: 40}\n    message: '\"{path}\" is {value}'\n"
        #expect(try Self.findings(rule, "db_password: short\n") == ["1:14 \"/db_password\" is (hidden: the key names a secret)"])
    }

    @Test func environmentScopeReadsAPlainFilesPath() throws {
        let rule = "    when: {environments: [production]}\n    given: /debug\n    then: {falsy: true}\n"
        #expect(try Self.findings(rule, "debug: true\n", file: "deploy/production/api.yaml").count == 1)
        #expect(try Self.findings(rule, "debug: true\n", file: "values.production.yaml").count == 1)
        #expect(try Self.findings(rule, "debug: true\n", file: "deploy/staging/api.yaml") == [])
        #expect(try Self.findings(rule, "debug: true\n", file: "api.yaml") == [], "no environment: scoped rules do not apply")
    }

    @Test func jsonFilesAreCheckedAlike() throws {
        let rule = "    given: /debug\n    then: {falsy: true}\n"
        #expect(try Self.findings(rule, "{\n  \"debug\": true\n}\n", file: "api.json") == ["2:12 \"/debug\": a bad value"])
    }

    @Test func aliasBombsStayBounded() throws {
        var document = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<9 {
            document += "\(Character(UnicodeScalar(97 + i)!)): &\(Character(UnicodeScalar(97 + i)!)) [" + Array(repeating: "*\(Character(UnicodeScalar(96 + i)!))", count: 9).joined(separator: ", ") + "]\n"
        }
        // Either the reader refuses the document or the walk stops at its budget: no hang.
        _ = try Self.findings("    given: /**\n    then: {type: object}\n", document)
    }

    // MARK: - Examples

    @Test func examplesRunAsDocuments() throws {
        let pack = try RulePack.parse(
            Array(
                """
                version: 1
                pack: team
                rules:
                  - id: debug-on
                    description: debug is on
                    rationale: r
                    when: {environments: [production]}
                    given: /debug
                    then: {falsy: true}
                    examples:
                      pass: [{debug: false}, {debug: true, x: 1}]
                      fail: [{debug: true}, {debug: false}]

                """.utf8), file: "team.yaml")
        let outcomes = pack.rules[0].runExamples()
        #expect(outcomes.map(\.passed) == [true, false, true, false])
        #expect(outcomes.map { "\($0.example.location.line):\($0.example.location.column)" } == ["11:14", "11:30", "12:14", "12:29"])
        #expect(outcomes[1].findings.map(\.message) == ["\"/debug\": debug is on"])
    }
}
