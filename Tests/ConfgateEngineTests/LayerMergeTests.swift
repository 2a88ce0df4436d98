import ConfgateDocument
import ConfgateEngine
import Testing

/// Merge semantics of environment layers (docs/environments.md): the resolved JSON and where each
/// value came from.
@Suite struct LayerMergeTests {
    /// Layers from (name, file, text); the file's extension picks YAML or JSON.
    static func layers(_ files: [(String, String, String)]) -> [Layer] {
        files.map { name, file, text in
            let stream = DocumentReader().read(Array(text.utf8), format: SourceFormat.forPath(file) ?? .yaml).stream!
            return Layer(name: name, file: file, stream: stream, root: stream.documents[0].root)
        }
    }

    static func resolved(_ files: [(String, String, String)]) -> String? {
        let layers = layers(files)
        return LayerMerge.resolve(layers).map { LayerMerge.json($0, layers) }
    }

    @Test func mappingsMergeKeyByKeyAndTheRestIsReplaced() {
        let base = """
            server: {host: 0.0.0.0, port: 8080, tls: {enabled: false, ciphers: [a, b]}}
            replicas: 1
            features: [x, y]

            """
        let production = """
            server:
              port: 443
              tls: {enabled: true, ciphers: [c]}
            replicas: 3
            features: [z]
            region: eu-west-1

            """
        #expect(
            Self.resolved([("base", "base.yaml", base), ("production", "production.yaml", production)])
                == #"{"server":{"host":"0.0.0.0","port":443,"tls":{"enabled":true,"ciphers":["c"]}},"replicas":3,"features":["z"],"region":"eu-west-1"}"#)
    }

    @Test func nullInAnOverrideDeletesTheKey() {
        #expect(
            Self.resolved([("base", "base.yaml", "a: 1\nb: {c: 2, d: 3}\ne: null\n"), ("staging", "staging.yaml", "a: null\nb: {c: ~}\nf: null\n")])
                == #"{"b":{"d":3},"e":null}"#, "base null is a value; override null deletes, also a key the base never had")
        #expect(Self.resolved([("base", "base.yaml", "a: 1\n"), ("staging", "staging.yaml", "null\n")]) == nil)
        #expect(Self.resolved([("base", "base.yaml", "a: [1, null]\n")]) == #"{"a":[1,null]}"#, "null items stay")
    }

    @Test func aValueThatChangesKindIsReplaced() {
        #expect(
            Self.resolved([("base", "base.yaml", "db: {host: a}\nlist: [1]\n"), ("dev", "dev.yaml", "db: sqlite\nlist: {x: 1}\n")])
                == #"{"db":"sqlite","list":{"x":1}}"#)
    }

    @Test func jsonAndYamlLayersMixAndAliasesAndMergeKeysApplyPerLayer() {
        let base = #"{"db": {"host": "db.internal", "pool": 10}, "name": "api"}"#
        let override = """
            defaults: &d {pool: 50, timeout: 5}
            db:
              <<: *d
              host: db.prod

            """
        #expect(
            Self.resolved([("base", "base.json", base), ("production", "production.yaml", override)])
                == #"{"db":{"host":"db.prod","pool":50,"timeout":5},"name":"api","defaults":{"pool":50,"timeout":5}}"#)
    }

    @Test func everyValueKnowsItsLayerAndLine() throws {
        let layers = Self.layers([
            ("base", "config/api/base.yaml", "server:\n  host: 0.0.0.0\n  port: 8080\n"),
            ("production", "config/api/production.yaml", "# prod\nserver:\n  port: 443\n"),
        ])
        let value = try #require(LayerMerge.resolve(layers))
        let origins = LayerMerge.origins(value).map { entry -> String in
            let layer = layers[entry.origin.layer]
            let start = layer.stream.start(entry.origin.node)
            return "\(entry.pointer) \(layer.name) \(layer.file):\(start.line):\(start.column)"
        }
        #expect(origins == [
            " base config/api/base.yaml:1:1",
            "/server base config/api/base.yaml:2:3",
            "/server/host base config/api/base.yaml:2:9",
            "/server/port production config/api/production.yaml:3:9",
        ])
        // The key that set the overridden value is the override's.
        guard case .mapping(let top, _) = value, case .mapping(let server, _) = top[0].value else {
            Issue.record("not mappings: \(value)")
            return
        }
        #expect(server.map(\.keyOrigin.layer) == [0, 1])
    }
}
