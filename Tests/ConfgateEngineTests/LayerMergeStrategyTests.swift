import ConfgateDocument
import ConfgateEngine
import ConfgateSchema
import Testing

/// Per-path list strategies of environment layers (docs/environments.md, "Merge semantics"):
/// `replace`, `append`, `merge-by-key`, with exact provenance.
@Suite struct LayerMergeStrategyTests {
    /// The resolved JSON of the layers (name, file, text) under `strategies` (by RFC 6901 pointer),
    /// and the pointers the merge asked about, in order.
    static func resolved(_ files: [(String, String, String)], _ strategies: [String: ListMergeStrategy]) -> (json: String?, asked: [String]) {
        let layers = LayerMergeTests.layers(files)
        var asked: [String] = []
        let value = LayerMerge.resolve(layers) { tokens in
            let pointer = tokens.map { "/" + JSONPointer.escape($0) }.joined()
            asked.append(pointer)
            return strategies[pointer]
        }
        return (value.map { LayerMerge.json($0, layers) }, asked)
    }

    /// `pointer layer file:line:column` for every resolved path.
    static func origins(_ files: [(String, String, String)], _ strategies: [String: ListMergeStrategy]) throws -> [String] {
        let layers = LayerMergeTests.layers(files)
        let value = try #require(LayerMerge.resolve(layers) { strategies[$0.map { "/" + $0 }.joined()] })
        return LayerMerge.origins(value).map { entry in
            let layer = layers[entry.origin.layer]
            let start = layer.stream.start(entry.origin.node)
            return "\(entry.pointer) \(layer.name) \(layer.file):\(start.line):\(start.column)"
        }
    }

    @Test func appendKeepsTheBaseItemsFirst() {
        let result = Self.resolved(
            [("base", "base.yaml", "hosts: [a, b]\nports: [1]\nname: x\n"), ("production", "production.yaml", "hosts: [c, a]\nports: [2]\nname: [y]\n")],
            ["/hosts": .append])
        #expect(result.json == #"{"hosts":["a","b","c","a"],"ports":[2],"name":["y"]}"#)
        // Asked only where an override's sequence meets a base sequence; `nil` replaces.
        #expect(result.asked == ["/hosts", "/ports"])
    }

    @Test func replaceIsTheDefault() {
        let files = [("base", "base.yaml", "hosts: [a, b]\n"), ("production", "production.yaml", "hosts: [c]\n")]
        #expect(Self.resolved(files, [:]).json == #"{"hosts":["c"]}"#)
        #expect(Self.resolved(files, ["/hosts": .replace]).json == #"{"hosts":["c"]}"#)
        let layers = LayerMergeTests.layers(files)
        #expect(LayerMerge.resolve(layers).map { LayerMerge.json($0, layers) } == #"{"hosts":["c"]}"#)
    }

    static let endpointsBase = """
        endpoints:
          - {name: web, port: 80, tls: true}
          - {name: api, port: 8080}

        """
    static let endpointsProduction = """
        endpoints:
          - name: web
            tls: null
          - name: admin
            port: 9000
          - name: api
            port: 443

        """

    @Test func mergeByKeyMergesMatchesAndAppendsTheRest() throws {
        let files = [("base", "base.yaml", Self.endpointsBase), ("production", "production.yaml", Self.endpointsProduction)]
        let strategies: [String: ListMergeStrategy] = ["/endpoints": .mergeByKey("name")]
        #expect(
            Self.resolved(files, strategies).json
                == #"{"endpoints":[{"name":"web","port":80},{"name":"api","port":443},{"name":"admin","port":9000}]}"#,
            "web loses tls (null deletes inside an item), api gets the override's port, admin is appended")
        #expect(
            try Self.origins(files, strategies) == [
                " base base.yaml:1:1",
                "/endpoints base base.yaml:2:3",  // the base sequence
                "/endpoints/0 base base.yaml:2:5",  // a merged item is the base item's mapping
                "/endpoints/0/name production production.yaml:2:11",  // rewritten by the override
                "/endpoints/0/port base base.yaml:2:23",  // untouched
                "/endpoints/1 base base.yaml:3:5",
                "/endpoints/1/name production production.yaml:6:11",
                "/endpoints/1/port production production.yaml:7:11",
                "/endpoints/2 production production.yaml:4:5",
                "/endpoints/2/name production production.yaml:4:11",
                "/endpoints/2/port production production.yaml:5:11",
            ])
    }

    @Test func nestedListsHaveTheirOwnStrategy() {
        let base = "services:\n  - name: web\n    env: [A=1]\n    ports: [80]\n"
        let production = "services:\n  - name: web\n    env: [B=2]\n    ports: [443]\n  - name: worker\n    env: [C=3]\n"
        let result = Self.resolved(
            [("base", "base.yaml", base), ("production", "production.yaml", production)],
            ["/services": .mergeByKey("name"), "/services/0/env": .append])
        #expect(result.json == #"{"services":[{"name":"web","env":["A=1","B=2"],"ports":[443]},{"name":"worker","env":["C=3"]}]}"#)
        #expect(result.asked == ["/services", "/services/0/env", "/services/0/ports"])
    }

    @Test func keysCompareAsJSONAcrossJSONAndYAMLLayers() {
        let base = #"{"endpoints": [{"name": "web", "port": 80}, {"name": 1, "port": 1}]}"#
        let production = "endpoints: [{name: web, port: 81}, {name: \"1\", port: 2}]\n"
        #expect(
            Self.resolved([("base", "base.json", base), ("production", "production.yaml", production)], ["/endpoints": .mergeByKey("name")]).json
                == #"{"endpoints":[{"name":"web","port":81},{"name":1,"port":1},{"name":"1","port":2}]}"#,
            "JSON \"web\" and YAML web match; 1 and \"1\" do not")
    }

    @Test func duplicatesMergeIntoTheEarlierAndItemsWithoutTheKeyAreAppended() {
        let base = "items: [{name: y, v: 0}, {name: y, v: 1}]\n"
        let production = "items: [{name: x, a: 1}, {name: x, b: 2}, {name: y, c: 3}, {other: 1}, {name: null, d: 4}, plain, [1]]\n"
        #expect(
            Self.resolved([("base", "base.yaml", base), ("production", "production.yaml", production)], ["/items": .mergeByKey("name")]).json
                == #"{"items":[{"name":"y","v":0,"c":3},{"name":"y","v":1},{"name":"x","a":1,"b":2},{"other":1},{"d":4},"plain",[1]]}"#)
    }

    @Test func strategiesApplyAtEveryOverrideLayer() {
        let result = Self.resolved(
            [("base", "base.yaml", "hosts: [a]\n"), ("region", "region.yaml", "hosts: [b]\n"), ("production", "production.yaml", "hosts: [c]\n")],
            ["/hosts": .append])
        #expect(result.json == #"{"hosts":["a","b","c"]}"#)
        #expect(result.asked == ["/hosts", "/hosts"])
    }

    /// The example of docs/environments.md, "List strategies": strategies from a template.
    @Test func strategiesFromATemplate() throws {
        let template = """
            properties:
              hosts: {type: array, x-confgate-merge: append}
              ciphers: {type: array, x-confgate-merge: replace}
              endpoints:
                type: array
                x-confgate-merge: {merge-by-key: name}
                items:
                  properties:
                    headers: {type: array, x-confgate-merge: append}

            """
        let base = """
            hosts: [a, b]
            ciphers: [x, y]
            endpoints:
              - {name: web, port: 80, tls: true,
                 headers: [A]}
              - {name: api, port: 8080}

            """
        let production = """
            hosts: [c]
            ciphers: [z]
            endpoints:
              - {name: web, tls: null, headers: [B]}
              - {name: admin, port: 9000}
              - {name: api, port: 443}

            """
        let stream = try #require(DocumentReader().read(Array(template.utf8), format: .yaml).stream)
        let schema = try JSONSchema.compile(stream, root: stream.documents[0].root, uri: "file:///t.yaml", registry: SchemaRegistry())
        let layers = LayerMergeTests.layers([("base", "base.yaml", base), ("production", "production.yaml", production)])
        let value = try #require(LayerMerge.resolve(layers, strategies: schema.annotations.mergeStrategy(at:)))
        #expect(
            LayerMerge.json(value, layers)
                == #"{"hosts":["a","b","c"],"ciphers":["z"],"endpoints":[{"name":"web","port":80,"headers":["A","B"]},{"name":"api","port":443},{"name":"admin","port":9000}]}"#)
    }
}
