import ConfgateEngine
import Foundation
import Testing

/// Registration is one explicit, sorted list, checked against the rule files (../shared/STYLE.md).
@Suite struct RegistryTests {
    /// `Sources/ConfgateEngine/Rules`, found from this file's path.
    static let rulesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/ConfgateEngine/Rules")

    /// Every `*Rule.swift` file below the rules directory (not `Rule.swift`, the protocol), relative.
    static func ruleFiles() throws -> [String] {
        let base = rulesDirectory.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasSuffix("Rule.swift") && name != "Rule.swift" { result.append(relative) }
        }
        return result.sorted()
    }

    /// The types conforming to `Rule` that a source file declares.
    static func declaredRuleTypes(in source: String) -> [String] {
        source.matches(of: /(?m)^\s*(?:public\s+|internal\s+|package\s+)?(?:final\s+)?(?:enum|struct|class)\s+(\w+)\s*:\s*(?:[\w.]+\s*,\s*)*Rule\b/)
            .map { String($0.1) }
    }

    @Test func eachRuleFileDeclaresExactlyOneRuleNamedAfterIt() throws {
        let files = try RegistryTests.ruleFiles()
        #expect(!files.isEmpty, "no rule files under \(RegistryTests.rulesDirectory.path)")
        for file in files {
            let source = try String(
                contentsOf: RegistryTests.rulesDirectory.appendingPathComponent(file), encoding: .utf8)
            let types = RegistryTests.declaredRuleTypes(in: source)
            let expected = String((file as NSString).lastPathComponent.dropLast(".swift".count))
            #expect(types == [expected], "\(file) declares \(types)")
        }
    }

    @Test func registryListsExactlyTheRuleFiles() throws {
        let fromFiles = try RegistryTests.ruleFiles().map {
            String(($0 as NSString).lastPathComponent.dropLast(".swift".count))
        }
        let registered = RuleRegistry.all.map { String(describing: $0) }
        #expect(Set(registered).count == registered.count, "a rule is registered twice: \(registered)")
        #expect(Set(registered) == Set(fromFiles))
    }

    @Test func registryIsSortedById() {
        let ids = RuleRegistry.all.map { $0.description.id }
        #expect(ids == ids.sorted())
        #expect(
            ids == [
                "duplicate-key", "environment-undeclared", "input-limit", "invalid-encoding", "io-error", "override-redundant",
                "override-unknown-key", "parity-missing-key", "parity-must-differ", "parity-must-equal", "parity-type-mismatch",
                "schema", "secret", "secret-placeholder",
                "secret-plaintext-value", "secret-random-token", "suppression-expired", "suppression-missing-reason",
                "syntax-error", "unmapped-config", "unresolved-schema",
            ])
    }

    @Test func ruleFilesSitInACategoryFolder() throws {
        for file in try RegistryTests.ruleFiles() {
            #expect(file.split(separator: "/").count == 2, "\(file) is not in a folder per category")
        }
    }

    @Test func theRegistryScanRecognisesDeclarations() {
        #expect(RegistryTests.declaredRuleTypes(in: "public enum FooRule: Rule {\n}\n") == ["FooRule"])
        #expect(RegistryTests.declaredRuleTypes(in: "struct BarRule: Sendable, Rule {}\n") == ["BarRule"])
        #expect(RegistryTests.declaredRuleTypes(in: "public enum A: Rule {}\nenum B: Rule {}\n") == ["A", "B"])
        #expect(RegistryTests.declaredRuleTypes(in: "public protocol Rule: Sendable {}\n").isEmpty)
        #expect(RegistryTests.declaredRuleTypes(in: "enum Helper: RuleLike {}\n").isEmpty)
    }
}
