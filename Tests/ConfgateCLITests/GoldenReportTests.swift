import Foundation
import Testing

/// Golden files: every report format over the demo tree (fixtures/demo), compared byte for byte
/// with Tests/Golden/demo.<format>. Absolute paths (the checkout's location) are replaced by
/// `$ROOT` before comparing, so the files hold only stable, relative paths.
///
/// After an intended change: `CONFGATE_UPDATE_GOLDEN=1 swift test --filter GoldenReportTests`
/// rewrites the files; review the diff before committing it.
@Suite struct GoldenReportTests {
    static let demo = CLI.repositoryRoot.appendingPathComponent("fixtures/demo")
    static let golden = CLI.repositoryRoot.appendingPathComponent("Tests/Golden")

    /// The formats the binary offers (read from its own error message, as RedactionTests does).
    static func formats() throws -> [String] {
        let result = try CLI.run(["lint", "--format", "no-such-format"], in: demo)
        guard let list = result.stderr.firstMatch(of: /valid formats: ([a-z0-9, -]+)/)?.1 else { return [] }
        return list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The report with machine-specific parts made stable.
    static func stable(_ text: String) -> String {
        var text = text
        for root in [demo.path, CLI.repositoryRoot.path] {
            text = text.replacingOccurrences(of: root, with: "$ROOT")
            // Percent-encoded and file-URI forms of the same path.
            if let encoded = root.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed), encoded != root {
                text = text.replacingOccurrences(of: encoded, with: "$ROOT")
            }
        }
        return text
    }

    @Test func everyFormatMatchesItsGoldenFile() throws {
        let formats = try Self.formats()
        #expect(formats.count >= 2, "\(formats)")
        let update = ProcessInfo.processInfo.environment["CONFGATE_UPDATE_GOLDEN"] == "1"
        for format in formats {
            let result = try CLI.run(["lint", "--format", format, "--color", "never"], in: Self.demo)
            #expect(result.exited(1), "\(format): \(result)")
            let actual = Self.stable(result.stdout)
            let file = Self.golden.appendingPathComponent("demo.\(format)")
            if update {
                try actual.write(to: file, atomically: true, encoding: .utf8)
                continue
            }
            guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
                Issue.record("no golden file Tests/Golden/demo.\(format); run with CONFGATE_UPDATE_GOLDEN=1")
                continue
            }
            if actual != expected {
                let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
                let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
                let first = Array(zip(a, e)).firstIndex { $0.0 != $0.1 } ?? min(a.count, e.count)
                Issue.record(
                    "demo.\(format) differs from its golden file at line \(first + 1):\n  expected: \(first < e.count ? String(e[first]) : "<end>")\n  actual:   \(first < a.count ? String(a[first]) : "<end>")")
            }
        }
    }

    /// The README's quick start shows `make demo`'s output: it must be the real one.
    @Test func readmeShowsTheDemoOutput() throws {
        let readme = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = "```text\n$ cd fixtures/demo && confgate lint\n"
        let block = try #require(readme.firstRange(of: start), "the README has no demo block")
        let rest = readme[block.upperBound...]
        let end = try #require(rest.firstRange(of: "\nconfgate exited with 1"))
        let result = try CLI.run(["lint", "--color", "never"], in: Self.demo)
        #expect(String(rest[..<end.lowerBound]) == result.stdout, "README.md's demo output is stale: paste `make demo`'s")
    }
}
