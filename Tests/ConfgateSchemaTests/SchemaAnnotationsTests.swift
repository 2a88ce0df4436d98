import ConfgateDocument
import ConfgateSchema
import Testing

/// `SchemaAnnotations`: what a template's `x-parity`, `x-confgate-merge` and declared paths say
/// about an instance's paths.
@Suite struct SchemaAnnotationsTests {
    static func compile(_ text: String, format: SourceFormat = .yaml, uri: String = "file:///t/template.yaml", registry: SchemaRegistry = SchemaRegistry()) throws -> JSONSchema {
        let stream = try #require(DocumentReader().read(Array(text.utf8), format: format).stream)
        return try JSONSchema.compile(stream, root: stream.documents[0].root, uri: uri, registry: registry)
    }

    static func path(_ pointer: String) -> [String] { JSONPointer.tokens(pointer) ?? [] }

    /// One template exercising every way down: properties, `$ref` into `$defs`, `allOf`,
    /// `additionalProperties`, `patternProperties`, `items`, `prefixItems`.
    static let template = """
        $defs:
          port: {type: integer, x-parity: distinct}
          endpoint:
            type: object
            properties:
              path: {type: string}
              headers: {type: array, x-confgate-merge: append, items: {type: string}}
        properties:
          server:
            type: object
            properties:
              port: {$ref: "#/$defs/port"}
              host: {type: string}
              tls:
                x-parity: equal
                properties:
                  ciphers: {type: array, items: {type: string}, x-confgate-merge: replace}
                  cert: {x-parity: optional}
          features: {type: object, x-parity: equal}
          limits:
            allOf:
              - properties: {cpu: {x-parity: optional}}
              - properties: {memory: {type: string}}
          labels:
            additionalProperties: {type: string, x-parity: distinct}
          env:
            patternProperties:
              "^[A-Z_]+$": {x-parity: equal}
            additionalProperties: false
          endpoints:
            type: array
            items: {$ref: "#/$defs/endpoint"}
            x-confgate-merge: {merge-by-key: path}
          pair:
            prefixItems: [{x-parity: equal}, {type: string}]
          open: {additionalProperties: true}
          closed: {additionalProperties: false}
          free: {type: object}

        """

    static let parities: [(String, ParityAnnotation?)] = [
        ("", nil),
        ("/server/port", .distinct),  // through $ref into $defs
        ("/server/host", nil),
        ("/server/tls", .equal),
        ("/server/tls/ciphers", .equal),  // inherited from /server/tls
        ("/server/tls/cert", .optional),  // the nearest wins
        ("/server/tls/unknown/deep", .equal),  // below the template, the ancestor's still holds
        ("/features/x/y", .equal),
        ("/limits/cpu", .optional),  // through allOf
        ("/limits/memory", nil),
        ("/labels/team", .distinct),  // additionalProperties
        ("/env/LOG_LEVEL", .equal),  // patternProperties
        ("/env/lower", nil),
        ("/endpoints/3/path", nil),
        ("/pair/0", .equal),  // prefixItems
        ("/pair/1", nil),
    ]

    @Test(arguments: parities)
    func parity(pointer: String, expected: ParityAnnotation?) throws {
        let schema = try Self.compile(Self.template)
        #expect(schema.annotations.parity(at: Self.path(pointer)) == expected)
    }

    static let strategies: [(String, ListMergeStrategy?)] = [
        ("/endpoints", .mergeByKey("path")),
        ("/endpoints/3/headers", .append),  // items -> $ref -> properties, numeric token
        ("/server/tls/ciphers", .replace),
        ("/server/tls", nil),
        ("/server/tls/ciphers/0", nil),  // not inherited
        ("/nothere", nil),
    ]

    @Test(arguments: strategies)
    func mergeStrategy(pointer: String, expected: ListMergeStrategy?) throws {
        let schema = try Self.compile(Self.template)
        #expect(schema.annotations.mergeStrategy(at: Self.path(pointer)) == expected)
    }

    static let known: [(String, Bool)] = [
        ("", true),
        ("/server", true),
        ("/server/tls/ciphers/0", true),
        ("/server/nope", false),
        ("/server/port/x", false),
        ("/limits/memory", true),  // allOf's second branch
        ("/labels/anything", true),  // additionalProperties is a schema: a map the template describes
        ("/open/x", false),  // additionalProperties: true
        ("/closed/x", false),  // additionalProperties: false
        ("/free/x", false),  // no additionalProperties
        ("/env/LOG_LEVEL", true),
        ("/env/lower", false),
        ("/endpoints/3/path", true),
        ("/endpoints/03/path", false),  // not an array index
        ("/endpoints/x", false),
        ("/pair/1", true),
        ("/pair/2", false),  // no items after prefixItems
    ]

    @Test(arguments: known)
    func knows(pointer: String, expected: Bool) throws {
        let schema = try Self.compile(Self.template)
        #expect(schema.annotations.knows(Self.path(pointer)) == expected)
    }

    @Test func parityPathsListEveryAnnotatedPlace() throws {
        let schema = try Self.compile(Self.template)
        let paths = schema.annotations.parityPaths.map { "/" + $0.pattern.joined(separator: "/") + " " + $0.annotation.rawValue }
        #expect(
            paths == [
                "/server/port distinct", "/server/tls equal", "/server/tls/cert optional", "/features equal",
                "/limits/cpu optional", "/labels/* distinct", "/env/* equal", "/pair/0 equal",
            ])
    }

    // MARK: - Drafts, documents, cycles

    @Test func draft7RefHidesSiblingsButNotAnnotations() throws {
        let schema = try Self.compile(
            """
            {"$schema": "http://json-schema.org/draft-07/schema#",
             "definitions": {"name": {"type": "string", "x-parity": "equal"}},
             "properties": {
               "a": {"$ref": "#/definitions/name"},
               "b": {"$ref": "#/definitions/name", "x-parity": "distinct"},
               "c": {"$ref": "#/definitions/name", "properties": {"hidden": {}}},
               "t": {"items": [{"x-parity": "optional"}], "additionalItems": {"type": "string"}}
             }}
            """, format: .json, uri: "file:///t/template.json")
        let a = schema.annotations
        #expect(a.parity(at: ["a"]) == .equal)
        #expect(a.parity(at: ["b"]) == .distinct, "the schema's own keyword wins over its $ref's")
        #expect(a.knows(["c", "hidden"]) == false)
        #expect(a.parity(at: ["t", "0"]) == .optional)
        #expect(a.knows(["t", "5"]) == true)
        #expect(a.knows(["t", "x"]) == false)
    }

    @Test func referenceIntoAnotherRegisteredDocument() throws {
        let registry = SchemaRegistry()
        let common = try #require(
            DocumentReader().read(
                Array(#"{"$id": "https://example.invalid/common.json", "$defs": {"region": {"x-parity": "equal"}}}"#.utf8), format: .json
            ).stream)
        registry.register(common, root: common.documents[0].root, uri: "file:///t/common.json")
        let schema = try Self.compile(
            #"{"properties": {"region": {"$ref": "https://example.invalid/common.json#/$defs/region"}}}"#, format: .json,
            uri: "file:///t/template.json", registry: registry)
        #expect(schema.annotations.parity(at: ["region"]) == .equal)
        #expect(schema.annotations.parityPaths.map(\.pattern) == [["region"]])
    }

    @Test func unevaluatedPropertiesCatchWhatNothingElseDeclares() throws {
        let schema = try Self.compile(#"{"allOf": [{"properties": {"a": {}}}], "unevaluatedProperties": {"x-parity": "optional"}}"#, format: .json)
        #expect(schema.annotations.knows(["a"]) == true)
        #expect(schema.annotations.knows(["b"]) == true)
        #expect(schema.annotations.parity(at: ["a"]) == nil)
        #expect(schema.annotations.parity(at: ["b"]) == .optional)
    }

    @Test(.timeLimit(.minutes(1)))
    func referenceCyclesTerminate() throws {
        let schema = try Self.compile(
            """
            $defs:
              a: {$ref: "#/$defs/b", properties: {x: {x-parity: equal}}}
              b: {$ref: "#/$defs/a"}
              node:
                properties:
                  children: {items: {$ref: "#/$defs/node"}}
                  name: {x-parity: distinct}
            $ref: "#/$defs/a"
            properties:
              tree: {$ref: "#/$defs/node"}

            """)
        let a = schema.annotations
        #expect(a.parity(at: ["x"]) == .equal)
        #expect(a.knows(["missing"]) == false)
        #expect(a.parity(at: ["tree", "children", "0", "children", "1", "name"]) == .distinct)
        #expect(a.knows(["tree", "children", "0", "children", "1", "name"]) == true)
        // A recursive schema is listed down to where it would apply itself again.
        #expect(a.parityPaths.map { $0.pattern.joined(separator: "/") + " " + $0.annotation.rawValue } == ["x equal", "tree/name distinct"])
    }

    @Test func booleanRootSchemas() throws {
        let yes = try Self.compile("true\n")
        #expect(yes.annotations.knows([]) == true)
        #expect(yes.annotations.knows(["a"]) == false)
        #expect(yes.annotations.parity(at: ["a"]) == nil)
        #expect(yes.annotations.parityPaths.isEmpty)
    }

    // MARK: - Checking values

    static let problems: [(String, [String])] = [
        ("{properties: {a: {x-parity: equal, x-confgate-merge: append}}}\n", []),
        ("{properties: {a: {x-parity: sometimes}}}\n",
         [#"/properties/a/x-parity: "x-parity" must be one of "equal", "distinct", "optional", found string "sometimes""#]),
        ("{properties: {a: {x-confgate-merge: {merge-by-key: 3}}}}\n",
         [#"/properties/a/x-confgate-merge/merge-by-key: "merge-by-key" must be the name of the items' key, a non-empty string, found integer 3"#]),
        ("{properties: {a: {x-confgate-merge: prepend}}}\n",
         [#"/properties/a/x-confgate-merge: "x-confgate-merge" must be "append", "replace" or {"merge-by-key": NAME}, found string "prepend""#]),
        ("{properties: {a: {x-confgate-merge: {merge-by-key: name, order: last}}}}\n",
         [#"/properties/a/x-confgate-merge/order: unknown key "order" in "x-confgate-merge"; it takes only "merge-by-key""#]),
        ("{properties: {a: {x-confgate-merge: {}}}}\n",
         [#"/properties/a/x-confgate-merge: "x-confgate-merge" must be "append", "replace" or {"merge-by-key": NAME}, found an object"#]),
        // Data, not schemas: left alone.
        ("{properties: {a: {const: {x-parity: sometimes}, examples: [{x-parity: 1}]}}}\n", []),
        ("{$defs: {p: {x-parity: 1}}, items: [{x-parity: []}]}\n",
         [#"/$defs/p/x-parity: "x-parity" must be one of "equal", "distinct", "optional", found integer 1"#,
          #"/items/0/x-parity: "x-parity" must be one of "equal", "distinct", "optional", found an array"#]),
    ]

    @Test(arguments: problems)
    func invalidAnnotationValues(text: String, expected: [String]) throws {
        let stream = try #require(DocumentReader().read(Array(text.utf8), format: .yaml).stream)
        let found = SchemaAnnotations.problems(in: stream, root: stream.documents[0].root).map { "\(stream.pointer($0.node)): \($0.message)" }
        #expect(found == expected)
    }
}
