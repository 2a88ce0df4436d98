import ConfgateDocument
import ConfgateEngine
import ConfgateSchema
import Testing

/// Short-hand templates (docs/templates.md): the JSON Schema each form compiles to, the exact error
/// for each mistake, recognition, and the generated schema at work in the validator.
@Suite struct ShorthandTemplateTests {
    static let file = "templates/payments.yaml"
    static let prefix = #"{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"p","#

    static func parse(_ text: String, format: SourceFormat = .yaml) -> (ParsedStream, NodeID)? {
        let result = DocumentReader().read(Array(text.utf8), format: format)
        guard result.diagnostics.isEmpty, let stream = result.stream, let root = stream.documents.first?.root else {
            return nil
        }
        return (stream, root)
    }

    static func compile(_ text: String, format: SourceFormat = .yaml) throws -> ShorthandTemplate {
        let (stream, root) = try #require(parse(text, format: format))
        return try ShorthandTemplate.compile(stream, root: root, file: file)
    }

    /// A template named `p` of type `service` whose `schema` holds `fields` (indented for it).
    static func template(_ fields: String) -> String {
        "name: p\ntype: service\nschema:\n" + fields.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n") + "\n"
    }

    // MARK: - Compiled schemas

    @Test func theExampleOfTheIssue() throws {
        let t = try Self.compile(
            """
            name: payments-service
            type: service            # service | infrastructure | security
            schema:
              host: string
              port: integer
              ssl_enabled: boolean
              timeout_ms: "integer?"      # trailing ? = optional (all others required)
              tags: ["string"]            # array of strings
              database:                   # nested mapping = nested object, same rules
                host: string
                pool: "integer?"
              level: {enum: [debug, info, warn, error]}
              replicas: {type: integer, minimum: 1}
            validation_rules: [debug-off-in-production]

            """)
        #expect(t.name == "payments-service")
        #expect(t.type == .service)
        #expect(t.description == nil)
        #expect(t.validationRules == ["debug-off-in-production"])
        #expect(
            t.jsonSchema
                == #"{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"payments-service","type":"object","properties":{"host":{"type":"string"},"port":{"type":"integer"},"ssl_enabled":{"type":"boolean"},"timeout_ms":{"type":"integer"},"tags":{"type":"array","items":{"type":"string"}},"database":{"type":"object","properties":{"host":{"type":"string"},"pool":{"type":"integer"}},"required":["host"],"additionalProperties":false},"level":{"enum":["debug","info","warn","error"]},"replicas":{"type":"integer","minimum":1}},"required":["host","port","ssl_enabled","tags","database","level","replicas"],"additionalProperties":false}"#
        )
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        /// The lines under `schema:`.
        var fields: String
        /// The expected JSON Schema after the common `$schema` and `title`.
        var expected: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "every type name",
            fields: """
                s: string
                i: integer
                n: number
                b: boolean
                o: object
                a: array
                z: "null"
                x: any
                """,
            expected: #""type":"object","properties":{"s":{"type":"string"},"i":{"type":"integer"},"n":{"type":"number"},"b":{"type":"boolean"},"o":{"type":"object"},"a":{"type":"array"},"z":{"type":"null"},"x":true},"required":["s","i","n","b","o","a","z","x"],"additionalProperties":false}"#
        ),
        Case(
            label: "every type name, optional",
            fields: """
                s: string?
                i: integer?
                n: number?
                b: boolean?
                o: object?
                a: array?
                z: null?
                x: any?
                """,
            expected: #""type":"object","properties":{"s":{"type":"string"},"i":{"type":"integer"},"n":{"type":"number"},"b":{"type":"boolean"},"o":{"type":"object"},"a":{"type":"array"},"z":{"type":"null"},"x":true},"additionalProperties":false}"#
        ),
        Case(
            label: "a key ending in ? marks any field optional",
            fields: """
                tags?: [string]
                database?:
                  host: string
                replicas?: {type: integer, minimum: 1}
                port?: "integer?"
                name: string
                """,
            expected: #""type":"object","properties":{"tags":{"type":"array","items":{"type":"string"}},"database":{"type":"object","properties":{"host":{"type":"string"}},"required":["host"],"additionalProperties":false},"replicas":{"type":"integer","minimum":1},"port":{"type":"integer"},"name":{"type":"string"}},"required":["name"],"additionalProperties":false}"#
        ),
        Case(
            label: "lists of lists and of objects",
            fields: """
                matrix: [[number]]
                upstreams:
                  - host: string
                    port: integer?
                anything: [any]
                """,
            expected: #""type":"object","properties":{"matrix":{"type":"array","items":{"type":"array","items":{"type":"number"}}},"upstreams":{"type":"array","items":{"type":"object","properties":{"host":{"type":"string"},"port":{"type":"integer"}},"required":["host"],"additionalProperties":false}},"anything":{"type":"array","items":true}},"required":["matrix","upstreams","anything"],"additionalProperties":false}"#
        ),
        Case(
            label: "\"*\" gives the type of keys not listed",
            fields: """
                labels: {"*": string}
                limits:
                  cpu: number
                  "*": integer
                extra:
                  "*": any
                  id: string
                """,
            expected: #""type":"object","properties":{"labels":{"type":"object","additionalProperties":{"type":"string"}},"limits":{"type":"object","properties":{"cpu":{"type":"number"}},"required":["cpu"],"additionalProperties":{"type":"integer"}},"extra":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"],"additionalProperties":true}},"required":["labels","limits","extra"],"additionalProperties":false}"#
        ),
        Case(
            label: "\"*\" at the top level",
            fields: """
                "*": any
                service: string
                """,
            expected: #""type":"object","properties":{"service":{"type":"string"}},"required":["service"],"additionalProperties":true}"#
        ),
        Case(
            label: "annotation names alone are field names",
            fields: """
                metadata: {title: string, description: string?, default: boolean, examples: [string]}
                """,
            expected: #""type":"object","properties":{"metadata":{"type":"object","properties":{"title":{"type":"string"},"description":{"type":"string"},"default":{"type":"boolean"},"examples":{"type":"array","items":{"type":"string"}}},"required":["title","default","examples"],"additionalProperties":false}},"required":["metadata"],"additionalProperties":false}"#
        ),
        Case(
            label: "JSON Schema passed through as written, annotations included",
            fields: """
                port:
                  description: The port to listen on
                  type: integer
                  minimum: 1
                  maximum: 65535
                  default: 8080
                mode: {const: strict}
                id: {type: string, pattern: '^[a-z]+\\d*$', format: uuid}
                either: {anyOf: [{type: string}, {type: integer}]}
                ref: {$ref: "#/properties/port"}
                big: {multipleOf: 0x10, maximum: 1e400}
                """,
            expected: ##""type":"object","properties":{"port":{"description":"The port to listen on","type":"integer","minimum":1,"maximum":65535,"default":8080},"mode":{"const":"strict"},"id":{"type":"string","pattern":"^[a-z]+\\d*$","format":"uuid"},"either":{"anyOf":[{"type":"string"},{"type":"integer"}]},"ref":{"$ref":"#/properties/port"},"big":{"multipleOf":16,"maximum":1e400}},"required":["port","mode","id","either","ref","big"],"additionalProperties":false}"##
        ),
        Case(
            label: "the top-level schema mapping always lists fields, keyword or not",
            fields: """
                type: string
                format: string
                properties: object?
                """,
            expected: #""type":"object","properties":{"type":{"type":"string"},"format":{"type":"string"},"properties":{"type":"object"}},"required":["type","format"],"additionalProperties":false}"#
        ),
        Case(
            label: "an optional key named like a keyword is a field",
            fields: """
                auth: {type?: string, token: string}
                """,
            expected: #""type":"object","properties":{"auth":{"type":"object","properties":{"type":{"type":"string"},"token":{"type":"string"}},"required":["token"],"additionalProperties":false}},"required":["auth"],"additionalProperties":false}"#
        ),
        Case(
            label: "anchors, aliases and merge keys",
            fields: """
                primary: &db
                  host: string
                  port: integer
                replica: *db
                cache:
                  <<: *db
                  ttl: integer?
                """,
            expected: #""type":"object","properties":{"primary":{"type":"object","properties":{"host":{"type":"string"},"port":{"type":"integer"}},"required":["host","port"],"additionalProperties":false},"replica":{"type":"object","properties":{"host":{"type":"string"},"port":{"type":"integer"}},"required":["host","port"],"additionalProperties":false},"cache":{"type":"object","properties":{"host":{"type":"string"},"port":{"type":"integer"},"ttl":{"type":"integer"}},"required":["host","port"],"additionalProperties":false}},"required":["primary","replica","cache"],"additionalProperties":false}"#
        ),
        Case(
            label: "field names that need escaping in JSON",
            fields: """
                "quote\\"d": string
                "tab\\tbed": integer
                "/slash~tilde": boolean
                """,
            expected: #""type":"object","properties":{"quote\"d":{"type":"string"},"tab\tbed":{"type":"integer"},"/slash~tilde":{"type":"boolean"}},"required":["quote\"d","tab\tbed","/slash~tilde"],"additionalProperties":false}"#
        ),
    ]

    @Test(arguments: cases)
    func compiles(_ c: Case) throws {
        let t = try Self.compile(Self.template(c.fields))
        #expect(t.jsonSchema == Self.prefix + c.expected)
    }

    @Test func jsonTemplatesCompileTheSame() throws {
        let json = try Self.compile(
            """
            {"name": "p", "type": "security", "description": "Secrets \\"vault\\"",
             "schema": {"token": "string", "ttl": "integer?", "scopes": ["string"], "level": {"enum": ["a", "b"]}},
             "validation_rules": ["plaintext-password", "debug-off-in-production"]}
            """, format: .json)
        #expect(json.type == .security)
        #expect(json.description == #"Secrets "vault""#)
        #expect(json.validationRules == ["plaintext-password", "debug-off-in-production"])
        #expect(
            json.jsonSchema
                == #"{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"p","description":"Secrets \"vault\"","type":"object","properties":{"token":{"type":"string"},"ttl":{"type":"integer"},"scopes":{"type":"array","items":{"type":"string"}},"level":{"enum":["a","b"]}},"required":["token","scopes","level"],"additionalProperties":false}"#
        )
        let yaml = try Self.compile(
            """
            name: p
            type: security
            description: Secrets "vault"
            schema: {token: string, ttl: integer?, scopes: [string], level: {enum: [a, b]}}
            validation_rules: [plaintext-password, debug-off-in-production]
            """)
        #expect(yaml.jsonSchema == json.jsonSchema)
    }

    @Test func everyKind() throws {
        for kind in TemplateKind.allCases {
            let t = try Self.compile("name: p\ntype: \(kind.rawValue)\nschema: {a: string}\n")
            #expect(t.type == kind)
            #expect(t.validationRules == [])
        }
    }

    @Test func namesMayHoldDotsUnderscoresAndDashes() throws {
        #expect(try Self.compile("name: Payments_v2.1-eu\ntype: service\nschema: {a: string}\n").name == "Payments_v2.1-eu")
        #expect(try Self.compile("name: 2fa\ntype: security\nschema: {a: string}\n").name == "2fa")
    }

    // MARK: - Errors

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var label: String
        var text: String
        var message: String
        var format: SourceFormat = .yaml
        var testDescription: String { label }
    }

    static let f = file
    static let errorCases: [ErrorCase] = [
        // The top level.
        ErrorCase(label: "not a mapping", text: "- a\n", message: #"\#(f):1:1: "(top level)" must be a mapping, found a list"#),
        ErrorCase(
            label: "unknown top-level key", text: "name: p\ntype: service\nschema: {a: string}\nvalidation_rule: [x]\n",
            message: #"\#(f):4:1: unknown key "validation_rule"; did you mean "validation_rules"?"#),
        ErrorCase(
            label: "unknown top-level key, nothing close", text: "name: p\nowner: team-a\ntype: service\nschema: {a: string}\n",
            message: #"\#(f):2:1: unknown key "owner""#),
        ErrorCase(
            label: "no name", text: "# t\ntype: service\nschema: {a: string}\n",
            message: #"\#(f):2:1: "(top level)": a template needs "name", its name"#),
        ErrorCase(
            label: "no type", text: "name: p\nschema: {a: string}\n",
            message: #"\#(f):1:1: "(top level)": a template needs "type", one of service, infrastructure, security"#),
        ErrorCase(
            label: "no schema", text: "name: p\ntype: service\n",
            message: #"\#(f):1:1: "(top level)": a template needs "schema", the mapping of field names to types"#),
        ErrorCase(
            label: "name not a string", text: "name: 12\ntype: service\nschema: {a: string}\n",
            message: #"\#(f):1:7: "name" must be a string, found an integer"#),
        ErrorCase(
            label: "name with a space", text: "name: payments service\ntype: service\nschema: {a: string}\n",
            message: #"\#(f):1:7: "name": must start with a letter or digit and hold only letters, digits, ".", "_" and "-", found "payments service""#),
        ErrorCase(
            label: "name starting with a dash", text: "name: '-p'\ntype: service\nschema: {a: string}\n",
            message: #"\#(f):1:7: "name": must start with a letter or digit and hold only letters, digits, ".", "_" and "-", found "-p""#),
        ErrorCase(
            label: "empty name", text: "name: ''\ntype: service\nschema: {a: string}\n",
            message: #"\#(f):1:7: "name": must start with a letter or digit and hold only letters, digits, ".", "_" and "-", found """#),
        ErrorCase(
            label: "misspelt kind", text: "name: p\ntype: servce\nschema: {a: string}\n",
            message: #"\#(f):2:7: "type": must be one of service, infrastructure, security, found "servce"; did you mean "service"?"#),
        ErrorCase(
            label: "unknown kind", text: "name: p\ntype: database\nschema: {a: string}\n",
            message: #"\#(f):2:7: "type": must be one of service, infrastructure, security, found "database""#),
        ErrorCase(
            label: "description not a string", text: "name: p\ntype: service\ndescription: [a]\nschema: {a: string}\n",
            message: #"\#(f):3:14: "description" must be a string, found a list"#),
        ErrorCase(
            label: "validation_rules not a list", text: "name: p\ntype: service\nschema: {a: string}\nvalidation_rules: x\n",
            message: #"\#(f):4:19: "validation_rules" must be a list of rule ids, found a string"#),
        ErrorCase(
            label: "a rule id not a string", text: "name: p\ntype: service\nschema: {a: string}\nvalidation_rules: [a, {b: 1}]\n",
            message: #"\#(f):4:23: "validation_rules[1]" must be a string, found a mapping"#),
        ErrorCase(
            label: "a rule listed twice", text: "name: p\ntype: service\nschema: {a: string}\nvalidation_rules: [a, b, a]\n",
            message: #"\#(f):4:26: "validation_rules[2]": "a" is listed twice"#),
        ErrorCase(
            label: "schema not a mapping", text: "name: p\ntype: service\nschema: [a]\n",
            message: #"\#(f):3:9: "schema" must be a mapping of field names to types, found a list"#),
        ErrorCase(
            label: "schema without fields", text: "name: p\ntype: service\nschema: {}\n",
            message: #"\#(f):3:9: "schema": lists no field; a template needs at least one"#),
        // Type names.
        ErrorCase(
            label: "misspelt type", text: template("host: string\nport: integr\n"),
            message: #"\#(f):5:9: "schema.port": unknown type "integr"; did you mean "integer"?"#),
        ErrorCase(
            label: "misspelt optional type, nested", text: template("database:\n  host: string\n  pool: \"integr?\"\n"),
            message: #"\#(f):6:11: "schema.database.pool": unknown type "integr?"; did you mean "integer?"?"#),
        ErrorCase(
            label: "capitalised type", text: template("on: Boolean\n"),
            message: #"\#(f):4:7: "schema.on": unknown type "Boolean"; did you mean "boolean"?"#),
        ErrorCase(
            label: "two question marks", text: template("a: string??\n"),
            message: #"\#(f):4:6: "schema.a": unknown type "string??"; did you mean "string?"?"#),
        ErrorCase(
            label: "unknown type, nothing close", text: template("when: timestamp\n"),
            message: #"\#(f):4:9: "schema.when": unknown type "timestamp"; the types are string, integer, number, boolean, object, array, null, any"#),
        ErrorCase(
            label: "no type", text: template("a: string\nb:\nc: string\n"),
            message: #"\#(f):5:5: "schema.b": no type given; write a type name (the null type is "null", in quotes)"#),
        ErrorCase(
            label: "bare null", text: template("a: null\n"),
            message: #"\#(f):4:6: "schema.a": no type given; write a type name (the null type is "null", in quotes)"#),
        ErrorCase(
            label: "a boolean for a type", text: template("debug: true\n"),
            message: #"\#(f):4:10: "schema.debug" must be a type name, a list or a mapping, found a boolean"#),
        ErrorCase(
            label: "a number for a type", text: template("list: [1]\n"),
            message: #"\#(f):4:10: "schema.list[0]" must be a type name, a list or a mapping, found an integer"#),
        // Lists.
        ErrorCase(
            label: "list of two types", text: template("tags: [string, integer]\n"),
            message: #"\#(f):4:9: "schema.tags": a list type names exactly one item type, as in ["string"], found 2"#),
        ErrorCase(
            label: "empty list", text: template("tags: []\n"),
            message: #"\#(f):4:9: "schema.tags": a list type names exactly one item type, as in ["string"], found 0"#),
        ErrorCase(
            label: "optional item type", text: template("tags: [string?]\n"),
            message: #"\#(f):4:10: "schema.tags[0]": an item type cannot be optional; a "?" marks a field that may be absent"#),
        // Nested objects and JSON Schema.
        ErrorCase(
            label: "empty nested mapping", text: template("a: string\nextra: {}\n"),
            message: #"\#(f):5:10: "schema.extra": lists no field; write "object" for any mapping, or name the fields"#),
        ErrorCase(
            label: "keywords mixed with field names", text: template("auth:\n  type: string\n  token: string\n"),
            message: #"\#(f):6:5: "schema.auth": mixes JSON Schema keywords ("type") with field names ("token"); an object with a field named like a keyword is written as a full JSON Schema"#),
        ErrorCase(
            label: "misspelt keyword", text: template("replicas: {type: integer, minimun: 1}\n"),
            message: #"\#(f):4:29: unknown key "minimun" in "schema.replicas"; did you mean "minimum"?"#),
        ErrorCase(
            label: "invalid JSON Schema", text: template("replicas: {type: integr, minimum: 1}\n"),
            message: #"\#(f):4:20: "schema.replicas.type": not a valid JSON Schema: "type" must be one of "array", "boolean", "integer", "null", "number", "object", "string", found "integr""#),
        ErrorCase(
            label: "invalid JSON Schema, deeper", text: template("level:\n  enum: [a, b]\n  minLength: -1\n"),
            message: #"\#(f):6:16: "schema.level.minLength": not a valid JSON Schema: "minLength" must be at least 0, found -1"#),
        ErrorCase(
            label: "invalid JSON Schema inside a list", text: template("ids: [{anyOf: [{type: string}, 7]}]\n"),
            message: #"\#(f):4:34: "schema.ids[0].anyOf[1]": not a valid JSON Schema: "anyOf[1]" must be an object or a boolean, found integer 7"#),
        // Field names.
        ErrorCase(
            label: "a field listed twice", text: template("host: string\nhost?: string\n"),
            message: #"\#(f):5:3: "schema.host": listed twice (as "host" and "host?")"#),
        ErrorCase(
            label: "optional other keys, by the key", text: template("labels: {\"*?\": string}\n"),
            message: #"\#(f):4:12: "schema.labels.*": "*" stands for every key not listed, which is never required; drop the "?""#),
        ErrorCase(
            label: "optional other keys, by the type", text: template("labels:\n  \"*\": string?\n"),
            message: #"\#(f):5:10: "schema.labels.*": "*" stands for every key not listed, which is never required; drop the "?""#),
        ErrorCase(
            label: "JSON, nested error",
            text: #"{"name": "p", "type": "service", "schema": {"db": {"pool": "integr?"}}}"#,
            message: #"\#(f):1:60: "schema.db.pool": unknown type "integr?"; did you mean "integer?"?"#, format: .json),
    ]

    @Test(arguments: errorCases)
    func rejects(_ c: ErrorCase) throws {
        let (stream, root) = try #require(Self.parse(c.text, format: c.format))
        do {
            _ = try ShorthandTemplate.compile(stream, root: root, file: Self.file)
            Issue.record("compiled, expected: \(c.message)")
        } catch {
            #expect(error.description == c.message)
        }
    }

    // MARK: - Recognition

    @Test func recognisesShorthandTemplates() throws {
        let cases: [(String, SourceFormat, Bool)] = [
            ("name: p\ntype: service\nschema: {a: string}\n", .yaml, true),
            ("name: p\nschema: {a: string}\n", .yaml, true),  // compile says what is missing
            (#"{"name": "p", "type": "infrastructure", "schema": {"a": "string"}}"#, .json, true),
            ("name: p\ntype: service\nschema: 3\n", .yaml, true),
            ("name: p\ntype: service\n", .yaml, false),
            ("type: service\nschema: {a: string}\n", .yaml, false),
            (#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "name": "p", "schema": {}}"#, .json, false),
            ("name: p\nschema: {a: string}\ntype: object\n", .yaml, false),
            ("name: p\nschema: {a: string}\nproperties: {}\n", .yaml, false),
            (#"{"type": "object", "properties": {"name": {"type": "string"}}}"#, .json, false),
            ("- name: p\n  schema: {}\n", .yaml, false),
            ("just text\n", .yaml, false),
        ]
        for (text, format, expected) in cases {
            let (stream, root) = try #require(Self.parse(text, format: format))
            #expect(ShorthandTemplate.isShorthand(stream, root: root) == expected, "\(text)")
        }
    }

    // MARK: - The generated schema at work

    @Test func theGeneratedSchemaValidates() throws {
        let template = try Self.compile(
            """
            name: payments-service
            type: service
            schema:
              host: string
              port: {type: integer, minimum: 1, maximum: 65535}
              timeout_ms: integer?
              tags: [string]
              database:
                host: string
                pool: integer?
              labels: {"*": string}
              level: {enum: [debug, info, warn, error]}

            """)
        let (schemaStream, schemaRoot) = try #require(Self.parse(template.jsonSchema, format: .json))
        let registry = SchemaRegistry()
        let meta = try JSONSchema.compile(uri: Draft.draft2020_12.metaSchemaURI, registry: registry)
        #expect(meta.validate(schemaStream, schemaRoot).map(\.message) == [])
        let schema = try JSONSchema.compile(
            schemaStream, root: schemaRoot, uri: "file:///templates/payments.yaml", registry: registry)

        let (valid, validRoot) = try #require(
            Self.parse(
                """
                host: db.internal
                port: 5432
                tags: [a, b]
                database: {host: primary}
                labels: {team: payments, tier: "1"}
                level: info

                """))
        #expect(schema.validate(valid, validRoot).map(\.message) == [])

        let (invalid, invalidRoot) = try #require(
            Self.parse(
                """
                host: db.internal
                port: 70000
                timeout_ms: "30"
                tags: [a, 2]
                database: {host: primary, pool: 5, poool: 6}
                labels: {team: 7}
                level: verbose

                """))
        let violations = schema.validate(invalid, invalidRoot)
            .map { "\(invalid.start($0.node)) \($0.keyword) \(invalid.pointer($0.node))" }
            .sorted()
        #expect(
            violations == [
                "2:7 maximum /port", "3:13 type /timeout_ms", "4:11 type /tags/1",
                "5:36 additionalProperties /database/poool", "6:16 type /labels/team", "7:8 enum /level",
            ])
    }
}
