import ConfgateDocument
import ConfgateEngine
import Testing

/// `EnvironmentDiff`: what `confgate diff` lists between two resolved environments, in order.
@Suite struct EnvironmentDiffTests {
    /// An environment from a base and an override (the file's extension picks YAML or JSON).
    static func environment(_ name: String, base: String, _ file: String, _ text: String) -> ResolvedEnvironment {
        let layers = LayerMergeTests.layers([("base", "base.yaml", base), (name, file, text)])
        return ResolvedEnvironment(name: name, layers: layers, baseCount: 1)
    }

    /// Each change as `kind pointer: from → to (from place, to place)`, values as compact JSON.
    static func describe(_ a: ResolvedEnvironment, _ b: ResolvedEnvironment) -> [String] {
        EnvironmentDiff.changes(from: a, to: b).map { change in
            let from = change.from.map { a.document($0).compactJSON } ?? "-"
            let to = change.to.map { b.document($0).compactJSON } ?? "-"
            let places = [change.fromOrigin.map { a.location($0) }, change.toOrigin.map { b.location($0) }].map { place in
                place.map { "\($0.file):\($0.start.line):\($0.start.column)" } ?? "-"
            }
            return "\(change.kind.rawValue) \(change.pointer): \(from) → \(to) (\(places[0]), \(places[1]))"
        }
    }

    static func diff(base: String, _ a: (String, String), _ b: (String, String)) -> [String] {
        describe(environment("staging", base: base, a.0, a.1), environment("production", base: base, b.0, b.1))
    }

    @Test func addedRemovedAndChangedInDocumentOrder() {
        let base = """
            server: {host: 0.0.0.0, port: 8080}
            replicas: 1
            debug: false
            name: api

            """
        #expect(
            Self.diff(
                base: base, ("staging.yaml", "replicas: 2\ndebug: true\ncache: {size: 10}\n"),
                ("production.json", #"{"replicas": 3, "debug": null, "server": {"port": 443}, "region": "eu"}"#))
                == [
                    "changed /server/port: 8080 → 443 (base.yaml:1:31, production.json:1:51)",
                    "changed /replicas: 2 → 3 (staging.yaml:1:11, production.json:1:14)",
                    "removed /debug: true → - (staging.yaml:2:8, -)",
                    "added /region: - → \"eu\" (-, production.json:1:67)",
                    "removed /cache: {\"size\":10} → - (staging.yaml:3:1, -)",
                ])
    }

    @Test func identicalEnvironmentsHaveNoChanges() {
        let base = "a: 1\nb: [1, 2]\nc: {d: x}\n"
        #expect(Self.diff(base: base, ("staging.yaml", "a: 2\n"), ("production.json", #"{"a": 2}"#)) == [])
        // The same value written differently (flow and block, YAML and JSON) is the same value.
        #expect(Self.diff(base: base, ("staging.yaml", "b:\n  - 1\n  - 2\n"), ("production.json", #"{"b": [1, 2]}"#)) == [])
    }

    @Test func aKindChangeIsOneChangeAtThatPath() {
        #expect(
            Self.diff(base: "db: {host: a, port: 1}\n", ("staging.yaml", "{}\n"), ("production.yaml", "db: sqlite\n"))
                == ["changed /db: {\"host\":\"a\",\"port\":1} → \"sqlite\" (base.yaml:1:1, production.yaml:1:5)"])
        #expect(
            Self.diff(base: "x: 1\n", ("staging.yaml", "x: [1]\n"), ("production.yaml", "x: {a: 1}\n"))
                == ["changed /x: [1] → {\"a\":1} (staging.yaml:1:4, production.yaml:1:1)"])
    }

    @Test func listsAreComparedAsWholeValues() {
        #expect(
            Self.diff(base: "hosts: [a, b]\n", ("staging.yaml", "hosts: [a, b, c]\n"), ("production.yaml", "hosts: [a, c]\n"))
                == ["changed /hosts: [\"a\",\"b\",\"c\"] → [\"a\",\"c\"] (staging.yaml:1:8, production.yaml:1:8)"])
    }

    @Test func nestedMappingsAreComparedKeyByKeyAndPointersEscaped() {
        let base = "a:\n  b:\n    c: 1\n    d: 2\n  e/f: 3\n"
        #expect(
            Self.diff(
                base: base, ("staging.yaml", "a: {b: {c: 1, x~y: 0}, e/f: 4}\n"),
                ("production.yaml", "a:\n  b:\n    d: 5\n"))
                == [
                    "changed /a/b/d: 2 → 5 (base.yaml:4:8, production.yaml:3:8)",
                    "removed /a/b/x~0y: 0 → - (staging.yaml:1:20, -)",
                    "changed /a/e~1f: 4 → 3 (staging.yaml:1:29, base.yaml:5:8)",
                ])
    }

    /// A key only the first environment has comes just before the next key both have, so the list
    /// reads in the documents' order.
    @Test func removedKeysKeepTheirPlace() {
        #expect(
            Self.diff(base: "{}\n", ("staging.yaml", "a: 1\nb: 2\nc: 3\nd: 4\n"), ("production.yaml", "a: 1\nn: 0\nc: 3\n"))
                == [
                    "added /n: - → 0 (-, production.yaml:2:4)",
                    "removed /b: 2 → - (staging.yaml:2:4, -)",
                    "removed /d: 4 → - (staging.yaml:4:4, -)",
                ])
    }

    @Test func aDeletedDocumentIsOneChange() {
        #expect(
            Self.diff(base: "a: 1\n", ("staging.yaml", "{}\n"), ("production.yaml", "null\n"))
                == ["removed : {\"a\":1} → - (base.yaml:1:1, -)"])
    }
}
