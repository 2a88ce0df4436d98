import Foundation
import Testing

/// `--format sarif` end to end: real output over fixtures is valid against the official SARIF 2.1.0
/// schema (checked by confgate's own validator, `confgate validate --schema`) and meets GitHub code
/// scanning's extra requirements (../shared/suites/sarif/SOURCE.md).
@Suite struct SARIFReportTests {
    static let schema = CLI.shared.appendingPathComponent("suites/sarif/sarif-schema-2.1.0.json")

    /// Lints `directory` with `--format sarif`, validates the log against the schema and checks the
    /// GitHub rules; returns the run.
    func lintAndCheck(_ directory: URL, arguments: [String] = []) throws -> [String: Any] {
        let result = try CLI.run(["lint", "--format", "sarif"] + arguments + ["."], in: directory)
        #expect(result.exited(0) || result.exited(1), "\(result)")
        #expect(result.stderr == "")

        // confgate picks JSON by the extension: the log is validated as `.json`.
        let dir = try TemporaryDirectory()
        try dir.write("log.json", result.stdout)
        let validation = try CLI.run(["validate", "--schema", Self.schema.path, "log.json"], in: dir.url)
        #expect(validation.exited(0), "the SARIF log is not valid against the schema: \(validation)")
        // The check has teeth: a level SARIF does not know fails it.
        try dir.write("broken.json", result.stdout.replacingOccurrences(of: "\"level\": \"error\"", with: "\"level\": \"fatal\""))
        if result.stdout.contains("\"level\": \"error\"") {
            let broken = try CLI.run(["validate", "--schema", Self.schema.path, "broken.json"], in: dir.url)
            #expect(broken.exited(1) && broken.stdout.contains("[schema-enum]"), "\(broken)")
        }

        let log = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        try Self.expectGitHubRequirements(log)
        let runs = try #require(log["runs"] as? [[String: Any]])
        return try #require(runs.first)
    }

    /// The properties GitHub code scanning requires beyond the schema, non-empty, within its limits.
    static func expectGitHubRequirements(_ log: [String: Any]) throws {
        #expect((log["$schema"] as? String)?.isEmpty == false)
        #expect(log["version"] as? String == "2.1.0")
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "confgate")
        #expect((driver["semanticVersion"] as? String)?.isEmpty == false)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.count <= 25_000)
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(ids.count == rules.count && Set(ids).count == ids.count)
        for rule in rules {
            let id = rule["id"] as? String ?? "?"
            for key in ["shortDescription", "fullDescription"] {
                let text = (rule[key] as? [String: Any])?["text"] as? String ?? ""
                #expect(!text.isEmpty && text.count <= 1024, "\(id).\(key)")
            }
            #expect(((rule["help"] as? [String: Any])?["text"] as? String)?.isEmpty == false, "\(id).help")
            let name = rule["name"] as? String ?? ""
            #expect(!name.isEmpty && name.count <= 255, "\(id).name")
            let tags = (rule["properties"] as? [String: Any])?["tags"] as? [String] ?? []
            #expect(!tags.isEmpty && tags.count <= 10, "\(id).tags")
        }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count <= 25_000)
        for result in results {
            let ruleID = result["ruleId"] as? String ?? ""
            #expect(((result["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            if let index = result["ruleIndex"] as? Int, ids.indices.contains(index) {
                #expect(ids[index] == ruleID)
            } else {
                Issue.record("\(ruleID): ruleIndex out of range")
            }
            let locations = result["locations"] as? [[String: Any]] ?? []
            #expect(locations.count == 1, "\(ruleID)")
            let physical = locations.first?["physicalLocation"] as? [String: Any]
            #expect(((physical?["artifactLocation"] as? [String: Any])?["uri"] as? String)?.isEmpty == false)
            let region = physical?["region"] as? [String: Any] ?? [:]
            for key in ["startLine", "startColumn", "endLine", "endColumn"] {
                #expect((region[key] as? Int ?? 0) >= 1, "\(ruleID) region.\(key)")
            }
            let fingerprints = result["partialFingerprints"] as? [String: String] ?? [:]
            #expect(fingerprints["primaryLocationLineHash"]?.isEmpty == false, "\(ruleID)")
        }
    }

    @Test func demoFixturesGiveAValidLogForGitHub() throws {
        let run = try lintAndCheck(
            CLI.repositoryRoot.appendingPathComponent("fixtures/demo"), arguments: ["--sarif-category", "demo"])
        let results = run["results"] as? [[String: Any]] ?? []
        #expect(!results.isEmpty)
        #expect((run["automationDetails"] as? [String: Any])?["id"] as? String == "demo/")
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let base = ((run["originalUriBaseIds"] as? [String: Any])?["SRCROOT"] as? [String: Any])?["uri"] as? String
        #expect(base?.hasPrefix("file:///") == true && base?.hasSuffix("/fixtures/demo/") == true)
        let invocation = (run["invocations"] as? [[String: Any]])?.first
        #expect(invocation?["executionSuccessful"] as? Bool == true)
        #expect(invocation?["exitCode"] as? Int == 1)
    }

    /// The planted secrets: every secret rule is a security rule with a string score.
    @Test func secretRulesCarrySecuritySeverity() throws {
        let run = try lintAndCheck(RedactionTests.fixture)
        let driver = (run["tool"] as? [String: Any])?["driver"] as? [String: Any]
        let rules = driver?["rules"] as? [[String: Any]] ?? []
        let secretRules = rules.filter { ($0["id"] as? String)?.hasPrefix("secret-") == true }
        #expect(secretRules.count >= 5)
        for rule in secretRules {
            let properties = rule["properties"] as? [String: Any] ?? [:]
            let score = properties["security-severity"] as? String
            #expect(score == "9.0" || score == "5.0", "\(rule["id"] ?? "")")
            #expect((properties["tags"] as? [String])?.contains("security") == true)
        }
    }

    @Test func cleanRunHasNoResultsAndIsValid() throws {
        let dir = try TemporaryDirectory()
        try dir.write("ok.json", "{\"a\": [1, 2]}\n")
        let run = try lintAndCheck(dir.url)
        #expect((run["results"] as? [Any])?.isEmpty == true)
        #expect((run["invocations"] as? [[String: Any]])?.first?["exitCode"] as? Int == 0)
    }
}
