import Foundation
import Testing

/// The fixture projects of the environments and the compliance rules (fixtures/environments/<case>/,
/// fixtures/compliance/<case>/), end to end through the binary: each case is a small project; `expected.txt` beside it holds `exit: N` and the text report of
/// `confgate lint` run in it, and each `expected-resolve.<env>.json` the output of
/// `confgate resolve --env <env> --format json` there (the merge rules' cases).
///
/// After an intended change: `CONFGATE_UPDATE_GOLDEN=1 swift test --filter FixtureProjectTests`
/// rewrites the expected files; review the diff before committing it.
@Suite struct FixtureProjectTests {
    static let root = CLI.repositoryRoot.appendingPathComponent("fixtures")
    static let groups = ["environments", "compliance"]

    /// `group/case` names.
    static var cases: [String] {
        groups.flatMap { group in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(group).path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(group)/\($0)" }
        }
    }

    static var update: Bool { ProcessInfo.processInfo.environment["CONFGATE_UPDATE_GOLDEN"] == "1" }

    @Test func thereAreCases() {
        #expect(Self.cases.filter { $0.hasPrefix("environments/") }.count >= 10, "\(Self.cases)")
        #expect(Self.cases.filter { $0.hasPrefix("compliance/") }.count >= 4, "\(Self.cases)")
    }

    @Test(arguments: cases)
    func lintReportMatches(_ name: String) throws {
        let directory = Self.root.appendingPathComponent(name)
        let result = try CLI.run(["lint", "--color", "never"], in: directory)
        #expect(!result.signaled && !result.timedOut, "\(result)")
        try compare("exit: \(result.status)\n" + result.stdout, with: directory.appendingPathComponent("expected.txt"), name)
    }

    @Test(arguments: cases)
    func resolvedOutputMatches(_ name: String) throws {
        let directory = Self.root.appendingPathComponent(name)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        for file in files.sorted() {
            guard let env = file.firstMatch(of: /^expected-resolve\.(.+)\.json$/)?.1 else { continue }
            let result = try CLI.run(["resolve", "--env", String(env), "--format", "json"], in: directory)
            #expect(result.exited(0), "\(name) \(env): \(result)")
            try compare(result.stdout, with: directory.appendingPathComponent(file), "\(name)/\(file)")
        }
    }

    private func compare(_ actual: String, with file: URL, _ label: String) throws {
        if Self.update {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("\(label): no \(file.lastPathComponent); run with CONFGATE_UPDATE_GOLDEN=1")
            return
        }
        #expect(actual == expected, "\(label)")
    }
}
