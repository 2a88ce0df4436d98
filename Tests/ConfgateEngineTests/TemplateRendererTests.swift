import ConfgateDocument
import ConfgateEngine
import Foundation
import Testing

/// `TemplateRenderer`: defaults, values files, `--set` parameters, `--env`, and where each
/// violation of the rendered configuration points.
@Suite struct TemplateRendererTests {
    static let template = """
        $schema: https://json-schema.org/draft/2020-12/schema
        title: svc
        type: object
        properties:
          name: {type: string}
          server:
            type: object
            properties:
              host: {type: string, default: 0.0.0.0}
              port: {type: integer, default: 8080, maximum: 65535}
          api: {type: string, default: "https://api.{env}.example.com"}
          replicas:
            type: integer
            default: 1
            x-confgate-default-by-env: {production: 3, development: 1}
          db: {$ref: "#/$defs/db"}
          cache:
            type: object
            properties:
              ttl: {type: integer, default: 60}
              size: {type: integer}
          endpoints:
            type: array
            items:
              type: object
              properties:
                path: {type: string}
                timeout: {type: integer, default: 5}
          labels: {type: object, additionalProperties: {type: string}}
        required: [name, db]
        additionalProperties: false
        $defs:
          db:
            type: object
            properties:
              host: {type: string}
              pool: {type: integer, default: 5, minimum: 1}
            required: [host]

        """

    /// A temporary folder holding `t.yaml` (the template above, or `text`) and any other files.
    static func project(_ text: String = template, files: [String: String] = [:]) throws -> (TemporaryDirectory, TemplateSet.Template) {
        let dir = try TemporaryDirectory()
        try dir.write("t.yaml", text)
        for (name, contents) in files { try dir.write(name, contents) }
        let template = try TemplateSet.loadSingle(path: dir.path + "/t.yaml", displayPath: "t.yaml", config: ProjectConfig(root: dir.path))
        return (dir, template)
    }

    static func render(
        _ template: TemplateSet.Template, env: String? = nil, values: [ValuesFile] = [], set: [String] = []
    ) throws -> RenderResult {
        let parameters = try set.map { try SetParameter.parse($0) }
        return try TemplateRenderer(template: template, environment: env).render(values: values, parameters: parameters)
    }

    /// Each finding as `file:line:column: message [rule]` (no position for `--set`).
    static func lines(_ result: RenderResult) -> [String] {
        result.report.findings.map { f in
            "\(f.file)\(f.range.map { ":\($0.start.line):\($0.start.column)" } ?? ""): \(f.message) [\(f.rule)]"
        }
    }

    // MARK: - Defaults

    @Test func defaultsNestedDefaultsAndRefDefaults() throws {
        let (_, template) = try Self.project()
        let result = try Self.render(template, set: ["name=web", "db.host=pg"])
        // server has defaults below it but is not required: made only because... it is not made.
        // db is required and its $ref target has a default: made with it; cache is neither.
        #expect(result.config.compactJSON == #"{"api":"https://api.{env}.example.com","replicas":1,"db":{"pool":5,"host":"pg"},"name":"web"}"#)
        #expect(result.isValid)
    }

    @Test func aParameterBelowAnObjectFillsItsDefaults() throws {
        let (_, template) = try Self.project()
        let result = try Self.render(template, set: ["name=web", "db.host=pg", "server.port=9000", "cache.size=10"])
        #expect(result.config["server"]?.compactJSON == #"{"host":"0.0.0.0","port":9000}"#)
        #expect(result.config["cache"]?.compactJSON == #"{"ttl":60,"size":10}"#)
    }

    @Test func envPicksDefaultByEnvAndReplacesEnvInStrings() throws {
        let (_, template) = try Self.project()
        let production = try Self.render(template, env: "production", set: ["name=web", "db.host=pg"])
        #expect(production.config["replicas"]?.compactJSON == "3")
        #expect(production.config["api"]?.compactJSON == #""https://api.production.example.com""#)
        let staging = try Self.render(template, env: "staging", set: ["name=web", "db.host=pg"])
        #expect(staging.config["replicas"]?.compactJSON == "1")  // no entry for staging: the default
        #expect(staging.config["api"]?.compactJSON == #""https://api.staging.example.com""#)
    }

    @Test func defaultByEnvMustBeAMapping() throws {
        let text = "type: object\nproperties:\n  a: {type: integer, x-confgate-default-by-env: 3}\n"
        let (_, template) = try Self.project(text)
        do {
            _ = try Self.render(template)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == #"t.yaml:3:49: "x-confgate-default-by-env" must be a mapping of environment names to values, found an integer"#)
        }
    }

    // MARK: - --set

    @Test(arguments: [
        ("a=8443", #"8443"#), ("a=\"8443\"", #""8443""#), ("a=true", "true"), ("a=[x, y]", #"["x","y"]"#),
        ("a={x: 1}", #"{"x":1}"#), ("a=hello world", #""hello world""#), ("a=", #""""#), ("a=x: y", #""x: y""#),
        ("a=1.5", "1.5"), ("a=yes", #""yes""#), ("a=x # y", #""x # y""#), ("a=[x", #""[x""#),
    ])
    func setValuesAreYAML(argument: String, json: String) throws {
        #expect(try SetParameter.parse(argument).value.compactJSON == json)
    }

    @Test func setPathsListIndexesAndEscapedDots() throws {
        let (_, template) = try Self.project()
        let result = try Self.render(template, set: [
            "name=web", "db.host=pg", #"labels.prometheus\.io/port="9090""#, "endpoints[0].path=/a", "endpoints[1].path=/b",
            "endpoints[0].timeout=9",
        ])
        #expect(result.config["labels"]?.compactJSON == #"{"prometheus.io/port":"9090"}"#)
        // A new item starts from the defaults of `items`.
        #expect(result.config["endpoints"]?.compactJSON == #"[{"timeout":9,"path":"/a"},{"timeout":5,"path":"/b"}]"#)
        #expect(result.isValid)
    }

    @Test(arguments: [
        ("server.port", "--set server.port: expected key=value"),
        ("=1", "--set =1: empty key"),
        ("a..b=1", "--set a..b=1: empty key in the path"),
        ("a[x]=1", "--set a[x]=1: a list index is a number in brackets, as in [0], found [x]"),
        ("a[0=1", "--set a[0=1: unclosed \"[\""),
        ("[0]=1", "--set [0]=1: the path must start with a key"),
        ("a[0]b=1", "--set a[0]b=1: expected \".\" or \"[\" after \"]\""),
        (#"a\x=1"#, #"--set a\x=1: a backslash must be followed by one of . [ ] = \"#),
    ])
    func malformedSetIsAnError(argument: String, message: String) {
        #expect(throws: RenderError.self) { try SetParameter.parse(argument) }
        do {
            _ = try SetParameter.parse(argument)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func setPathsThatDoNotFitTheConfiguration() throws {
        let (_, template) = try Self.project()
        #expect(throws: RenderError.parameter(argument: "server.port.x=1", reason: "\"server.port\" holds an integer, not a mapping")) {
            try Self.render(template, set: ["server.port=1", "server.port.x=1"])
        }
        #expect(throws: RenderError.parameter(
            argument: "endpoints[2].path=/x", reason: "index 2 is past the end of \"endpoints\" (1 item); use [1] to append")) {
            try Self.render(template, set: ["endpoints[0].path=/a", "endpoints[2].path=/x"])
        }
    }

    @Test func nullDeletes() throws {
        let (_, template) = try Self.project()
        let result = try Self.render(template, set: ["name=web", "db.host=pg", "db.pool=null", "api=null"])
        #expect(result.config.compactJSON == #"{"replicas":1,"db":{"host":"pg"},"name":"web"}"#)
    }

    // MARK: - Values files

    @Test func valuesFilesMergeInOrderThenSet() throws {
        let (dir, template) = try Self.project(files: [
            "a.yaml": "name: a\ndb: {host: pg, pool: 7}\nreplicas: 2\n",
            "b.json": #"{"name": "b", "db": {"pool": 8}, "replicas": null}"#,
        ])
        let a = try ValuesFile.read(path: dir.path + "/a.yaml", displayPath: "a.yaml")
        let b = try ValuesFile.read(path: dir.path + "/b.json", displayPath: "b.json")
        let result = try Self.render(template, values: [a, b], set: ["name=c"])
        #expect(result.config.compactJSON == #"{"api":"https://api.{env}.example.com","db":{"pool":8,"host":"pg"},"name":"c"}"#)
        #expect(throws: RenderError.valuesFile(file: "none.yaml", at: nil, reason: "cannot read values file: no such file or directory")) {
            try ValuesFile.read(path: dir.path + "/none.yaml", displayPath: "none.yaml")
        }
    }

    // MARK: - Provenance

    @Test func eachViolationPointsAtWhatSetTheValue() throws {
        let text = Self.template.replacingOccurrences(of: "default: 5, minimum: 1", with: "default: 0, minimum: 1")
        let (dir, template) = try Self.project(text, files: ["v.yaml": "name: web\nserver:\n  port: 99999\n"])
        let values = try ValuesFile.read(path: dir.path + "/v.yaml", displayPath: "v.yaml")
        let result = try Self.render(template, values: [values], set: ["replicas=\"3\""])
        #expect(Self.lines(result) == [
            #"--set: --set replicas="3": "replicas" must be an integer, found string "3" [schema-type]"#,
            #"t.yaml:37:38: "pool" must be at least 1, found 0 [schema-minimum]"#,
            #"t.yaml:38:16: "db" is missing required key "host"; set it with --set db.host=... [schema-required]"#,
            #"v.yaml:3:9: "port" must be at most 65535, found 99999 [schema-maximum]"#,
        ])
    }

    @Test func aMissingRequiredObjectSuggestsItsFirstRequiredKey() throws {
        let text = "type: object\nproperties:\n  db:\n    type: object\n    properties: {host: {type: string}}\n    required: [host]\nrequired: [db]\n"
        let (_, template) = try Self.project(text)
        #expect(Self.lines(try Self.render(template)) == [
            #"t.yaml:7:12: missing required key "db"; set it with --set db.host=... [schema-required]"#,
        ])
    }

    @Test func shorthandTemplatesPointAtTheirOwnText() throws {
        let text = "name: svc\ntype: service\nschema:\n  name: string\n  port: {type: integer, default: 80000, maximum: 65535}\n"
        let (_, template) = try Self.project(text)
        #expect(Self.lines(try Self.render(template)) == [
            #"t.yaml:4:3: missing required key "name"; set it with --set name=... [schema-required]"#,
            #"t.yaml:5:34: "port" must be at most 65535, found 80000 [schema-maximum]"#,
        ])
    }

    @Test func shorthandTemplatesAllowDefaultByEnv() throws {
        let text = "name: svc\ntype: service\nschema:\n  replicas: {type: integer, default: 1, x-confgate-default-by-env: {production: 3}}\n"
        let (_, template) = try Self.project(text)
        #expect(try Self.render(template, env: "production").config.compactJSON == #"{"replicas":3}"#)
        let bad = "name: svc\ntype: service\nschema:\n  replicas: {type: integer, x-confgate-default-by-env: [3]}\n"
        do {
            _ = try Self.project(bad)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == #"t.yaml:4:56: "schema.replicas.x-confgate-default-by-env" must be a mapping of environment names to values, found a list"#)
        }
    }

    @Test func findingsNeverQuoteASecret() throws {
        let text = "type: object\nproperties:\n  password: {type: string, maxLength: 4}\n"
        let (_, template) = try Self.project(text)
        let result = try Self.render(template, set: ["password=Zq8vT3nW9xKp2LmR"])
        #expect(Self.lines(result) == [
            "--set: --set password=«redacted»: \"password\" must be at most 4 characters long, found 16 [schema-max-length]",
        ])
    }

    // MARK: - Output

    @Test func yamlAndJSONReadBackToTheSameValue() throws {
        let (_, template) = try Self.project()
        let result = try Self.render(template, set: [
            "name=web", "db.host=pg", "endpoints[0].path=/a", #"labels.a\.b=yes"#, "labels.c=\"1.0\"", "labels.d=x: y",
            "labels.e=line\\nbreak", "labels.f=null-ish", "labels.g= spaced", "labels.h=\"\"", "server.port=80",
            "labels.i=true", "tags=[[1, 2], [], {}]",
        ].filter { !$0.hasPrefix("tags") })
        let yaml = YAMLEmitter.emit(result.config)
        let json = result.config.prettyJSON
        let fromYAML = DocumentReader().read(Array(yaml.utf8), format: .yaml).stream
        let fromJSON = DocumentReader().read(Array(json.utf8), format: .json).stream
        let expected = result.config.compactJSON
        #expect(fromYAML.map { JSONWriter.compact($0, $0.documents[0].root) } == expected, "\(yaml)")
        #expect(fromJSON.map { JSONWriter.compact($0, $0.documents[0].root) } == expected, "\(json)")
        // server is not required: it is made, with its defaults, when --set writes below it, so last.
        #expect(yaml == """
            api: "https://api.{env}.example.com"
            replicas: 1
            db:
              pool: 5
              host: pg
            name: web
            endpoints:
              - timeout: 5
                path: /a
            labels:
              a.b: "yes"
              c: "1.0"
              d: "x: y"
              e: "line\\\\nbreak"
              f: null-ish
              g: spaced
              h: ""
              i: true
            server:
              host: "0.0.0.0"
              port: 80

            """)
    }

    @Test func nestedListsAndEmptyCollections() throws {
        let node = try SetParameter.parse("a=[[1, 2], [], {}, {k: [v]}]").value
        let yaml = YAMLEmitter.emit(RenderedNode(.mapping([RenderedNode.Entry(key: "a", value: node)]), origin: node.origin))
        #expect(yaml == "a:\n  - - 1\n    - 2\n  - []\n  - {}\n  - k:\n      - v\n")
        let back = DocumentReader().read(Array(yaml.utf8), format: .yaml).stream
        #expect(back.map { JSONWriter.compact($0, $0.documents[0].root) } == #"{"a":[[1,2],[],{},{"k":["v"]}]}"#)
        #expect(RenderedNode(.mapping([]), origin: node.origin).prettyJSON == "{}\n")
    }
}
