import Foundation
import Testing

/// `--format html` on the demo project: one self-contained page holding every finding. The page is
/// rendered in a real browser by scripts/check-html-report.sh (not in CI: it needs Chromium).
@Suite struct HTMLReportTests {
    static let demo = CLI.repositoryRoot.appendingPathComponent("fixtures/demo")

    @Test func demoReportHoldsEveryFindingAndNoExternalResource() throws {
        let html = try CLI.run(["lint", "--format", "html"], in: Self.demo)
        let json = try CLI.run(["lint", "--format", "json"], in: Self.demo)
        #expect(html.status == json.status && !html.signaled, "\(html)")
        #expect(html.stderr == "")
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>\n"))
        #expect(html.stdout.hasSuffix("</html>\n"))

        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(!findings.isEmpty, "the demo project has findings")
        for finding in findings {
            let rule = try #require(finding["rule"] as? String)
            #expect(html.stdout.contains("data-rule=\"\(rule)\""), "\(rule) missing from the page")
        }
        // Every active finding is one item in the main list (suppressed ones follow in <details>).
        let main = html.stdout.components(separatedBy: "<details id=\"suppressed\">")[0]
        #expect(main.components(separatedBy: "<li class=\"finding\"").count - 1 == findings.count)
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(html.stdout.contains("<dd id=\"summary-files\">\(summary["files"] as? Int ?? -1)</dd>"))
        #expect(html.stdout.contains("<dd id=\"summary-error\">\(summary["errors"] as? Int ?? -1)</dd>"))

        // No resource is fetched from anywhere: no URL in an attribute, no stylesheet import.
        let external = /(?i)(src|href|action|srcset|poster|data)\s*=\s*["']?\s*(https?:)?\/\//
        #expect(html.stdout.firstMatch(of: external) == nil)
        // URLs may appear only as escaped text quoted from the linted files (excerpts, messages);
        // the page itself names none.
        let own = html.stdout.replacing(/<pre class="excerpt">[^\n]*\n[^\n]*<\/pre>|<span class="msg">[^<]*<\/span>/, with: "")
        #expect(own.count < html.stdout.count, "the demo has excerpts")
        for needle in ["http://", "https://", "<link", "@import", "url("] {
            #expect(!own.contains(needle), "\(needle) in the page")
        }
    }

    @Test func outputFileHoldsTheSamePage() throws {
        let dir = try TemporaryDirectory()
        let file = dir.url.appendingPathComponent("report.html").path
        let written = try CLI.run(["lint", "--format", "html", "--output", file], in: Self.demo)
        let printed = try CLI.run(["lint", "--format", "html"], in: Self.demo)
        #expect(written.stdout == "", "\(written)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == printed.stdout)
    }
}
