@testable import ConfgateDocument
@testable import ConfgateEngine
import Testing

/// The native value checks (`NativeChecks`) judge every value as the JSON Schema they compile to
/// does: each check set below against each value, both ways, must agree.
@Suite struct NativeChecksTests {
    static let checkSets = [
        "{equals: false}", "{notEquals: true}", "{enum: [info, warn, 1, null]}", "{notEquals: \"\"}",
        "{pattern: '^[a-z]+$'}", "{notPattern: 'latest$'}", "{minLength: 1}", "{maxLength: 3}",
        "{minimum: 2}", "{maximum: 2.5}", "{type: integer}", "{type: [string, boolean]}", "{type: number}",
        "{type: object}", "{truthy: true}", "{falsy: true}", "{notEquals: 0, minimum: -1}",
        "{equals: 1.0}", "{enum: [\"1\", 2]}", "{notPattern: '^(?:[Tt]rue|1)$', notEquals: true}",
    ]

    static let values = [
        "false", "true", "0", "0.0", "-0", "1", "1.0", "1e0", "2", "2.5", "3", "-1", "0x1F", "\"\"", "\"1\"",
        "abc", "ABC", "nginx:latest", "é", "\"four\"", "null", "~", "[]", "[1, 2]", "{}", "{a: 1}", "\"true\"",
        "info", "warn", "1e999", "12345678901234567890123",
    ]

    @Test(arguments: checkSets)
    func nativeAgreesWithTheValidator(_ checks: String) throws {
        let pack = """
            version: 1
            pack: t
            rules:
              - id: r
                description: d
                rationale: r
                given: /v
                then: \(checks)
                examples: {pass: [{}], fail: [{v: 1}]}

            """
        let rule = try RulePack.parse(Array(pack.utf8), file: "t.yaml").rules[0]
        let native = try #require(rule.checks.native, "\(checks) has no native form")
        let schema = try #require(rule.checks.valueSchema)
        for value in Self.values {
            let read = DocumentReader().read(Array("v: \(value)\n".utf8), format: .yaml)
            let stream = try #require(read.stream)
            let node = try #require(stream.entry(stream.documents[0].root, key: "v")).value
            #expect(native.fails(stream, node) == !schema.isValid(stream, node), "\(checks) on \(value)")
        }
    }
}
