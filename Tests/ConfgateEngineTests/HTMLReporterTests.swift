import ConfgateDocument
import ConfgateEngine
import ConfgateReporters
import Testing

/// The HTML reporter on the fixed reports of `ReporterTests`: exact fragments for the summary, the
/// grouping, excerpts, notes, the suppressed section and escaping. The page as a whole is checked
/// in a real browser by scripts/check-html-report.sh (not in CI: it needs Chromium).
@Suite struct HTMLReporterTests {
    static func render(_ report: LintReport, files: Int) -> String {
        HTMLReporter().render(report, context: ReportContext(color: true, fileCount: files))
    }

    /// The `n`th occurrence of `needle` comes before the first of each later needle.
    static func inOrder(_ html: String, _ needles: [String]) -> Bool {
        var from = html.startIndex
        for needle in needles {
            guard let r = html.range(of: needle, range: from..<html.endIndex) else { return false }
            from = r.upperBound
        }
        return true
    }

    @Test func headIsSelfContainedWithAStrictPolicy() {
        let html = Self.render(ReporterTests.report, files: 3)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"))
        #expect(
            html.contains(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
            ))
        #expect(html.hasSuffix("</script>\n</body>\n</html>\n"))
        for external in ["http:", "https:", "src=", "href=", "<link", "@import", "url("] {
            #expect(!html.contains(external), "\(external) in the page")
        }
        #expect(!html.contains("\u{1B}"), "colour never reaches the HTML report")
        // Without script the filters stay hidden and nothing else is: every finding is visible.
        #expect(html.contains("<form id=\"filters\" hidden>"))
        #expect(html.components(separatedBy: " hidden").count == 2)
        // Deterministic.
        #expect(html == Self.render(ReporterTests.report, files: 3))
    }

    @Test func summaryCountsSeveritiesAndTheTool() {
        let html = Self.render(ReporterTests.report, files: 3)
        #expect(
            html.contains(
                """
                <h1>confgate report</h1>
                <p class="tool">confgate \(ToolInfo.version)</p>
                <dl class="summary">
                <div class="stat files"><dt>files checked</dt><dd id="summary-files">3</dd></div>
                <div class="stat error"><dt>errors</dt><dd id="summary-error">3</dd></div>
                <div class="stat warning"><dt>warnings</dt><dd id="summary-warning">1</dd></div>
                <div class="stat info"><dt>infos</dt><dd id="summary-info">1</dd></div>
                <div class="stat suppressed"><dt>suppressed</dt><dd id="summary-suppressed">0</dd></div>
                </dl>
                """))
        #expect(!html.contains("<details"), "no suppressed section without suppressed findings")
    }

    @Test func filtersListSeveritiesCategoriesAndRulesWithCounts() {
        let html = Self.render(ReporterTests.report, files: 3)
        #expect(
            html.contains(
                """
                <form id="filters" hidden>
                <fieldset><legend>severity</legend>
                <label><input type="checkbox" name="severity" value="error" checked> error <span class="count" data-facet="severity" data-value="error">3</span></label>
                <label><input type="checkbox" name="severity" value="warning" checked> warning <span class="count" data-facet="severity" data-value="warning">1</span></label>
                <label><input type="checkbox" name="severity" value="info" checked> info <span class="count" data-facet="severity" data-value="info">1</span></label>
                </fieldset>
                <fieldset><legend>category</legend>
                <label><input type="checkbox" name="category" value="syntax" checked> syntax <span class="count" data-facet="category" data-value="syntax">2</span></label>
                <label><input type="checkbox" name="category" value="schema" checked> schema <span class="count" data-facet="category" data-value="schema">1</span></label>
                <label><input type="checkbox" name="category" value="compliance" checked> compliance <span class="count" data-facet="category" data-value="compliance">1</span></label>
                <label><input type="checkbox" name="category" value="io" checked> io <span class="count" data-facet="category" data-value="io">1</span></label>
                </fieldset>
                <fieldset><legend>rule</legend>
                <select name="rule">
                <option value="">all rules</option>
                <option value="duplicate-key" data-label="duplicate-key">duplicate-key (1)</option>
                <option value="example-info" data-label="example-info">example-info (1)</option>
                <option value="example-warning" data-label="example-warning">example-warning (1)</option>
                <option value="io-error" data-label="io-error">io-error (1)</option>
                <option value="syntax-error" data-label="syntax-error">syntax-error (1)</option>
                </select>
                </fieldset>
                <p id="shown">5 of 5 findings shown</p>
                </form>
                """))
    }

    @Test func findingsAreGroupedByFileWithExcerptsAndNotes() {
        let html = Self.render(ReporterTests.report, files: 3)
        // One section per file with findings, in report order; the clean file has none.
        #expect(html.components(separatedBy: "<section ").count == 4)
        #expect(!html.contains("clean.yaml"))
        #expect(
            Self.inOrder(
                html,
                [
                    "<section class=\"file\" data-file=\"missing.yaml\">", "data-rule=\"io-error\"",
                    "<section class=\"file\" data-file=\"config/app.yaml\">", "data-rule=\"duplicate-key\"",
                    "data-rule=\"example-warning\"", "<section class=\"file\" data-file=\"data.json\">",
                    "data-rule=\"syntax-error\"", "data-rule=\"example-info\"",
                ]))
        #expect(
            html.contains(
                """
                <section class="file" data-file="config/app.yaml">
                <h2><span class="path">config/app.yaml</span> <span class="file-count">2</span></h2>
                <ol class="findings">
                <li class="finding" data-severity="error" data-category="syntax" data-rule="duplicate-key">
                <div class="head"><span class="badge error">error</span> <span class="pos">3:3</span> <span class="msg">duplicate key &quot;port&quot;; it is first defined at line 2, column 3</span> <code class="rule">duplicate-key</code></div>
                <pre class="excerpt"><span class="gutter"> 3 |</span>   port: 9090
                <span class="gutter">   |</span>   <span class="caret">^~~~</span></pre>
                <ul class="related">
                <li><span class="note">note</span> <span class="path">config/app.yaml:2:3</span> first definition of &quot;port&quot;</li>
                </ul>
                </li>
                <li class="finding" data-severity="warning" data-category="schema" data-rule="example-warning">
                """))
        // A note in another file names it; a finding without a position has neither position nor excerpt.
        #expect(html.contains("<span class=\"path\">production.yaml:4:5</span> overridden in production.yaml:4</li>"))
        #expect(
            html.contains(
                """
                <li class="finding" data-severity="error" data-category="io" data-rule="io-error">
                <div class="head"><span class="badge error">error</span> <span class="msg">cannot read &quot;missing.yaml&quot;: no such file or directory</span> <code class="rule">io-error</code></div>
                </li>
                """))
        // Tabs are kept on both lines, as in the text report, so the caret stays under the column.
        #expect(
            html.contains(
                "<pre class=\"excerpt\"><span class=\"gutter\"> 2 |</span> \t&quot;key&quot;: 1\n<span class=\"gutter\">   |</span> \t<span class=\"caret\">^~~~~</span></pre>"
            ))
    }

    @Test func suppressedFindingsAreCollapsedWithTheirJustification() {
        let html = Self.render(ReporterTests.suppressedReport, files: 2)
        #expect(html.contains("<div class=\"stat suppressed\"><dt>suppressed</dt><dd id=\"summary-suppressed\">2</dd></div>"))
        #expect(
            html.contains(
                "<div class=\"stat baseline\"><dt>baseline entries matched</dt><dd id=\"summary-baseline\">1 of 3</dd></div>"))
        #expect(
            html.contains(
                """
                <details id="suppressed">
                <summary>3 suppressed findings</summary>
                <ol class="findings">
                <li class="finding" data-severity="error" data-category="syntax" data-rule="duplicate-key">
                <div class="head"><span class="badge error">error</span> <span class="path">config/app.yaml</span><span class="pos">:3:3</span> <span class="msg">duplicate key &quot;port&quot;; it is first defined at line 2, column 3</span> <code class="rule">duplicate-key</code></div>
                <pre class="excerpt"><span class="gutter"> 3 |</span>   port: 9090
                <span class="gutter">   |</span>   <span class="caret">^~~~</span></pre>
                <ul class="related">
                <li><span class="note">note</span> <span class="path">config/app.yaml:2:3</span> first definition of &quot;port&quot;</li>
                </ul>
                <p class="suppression">suppressed by <span class="source">comment at line 2</span>: generated &quot;legacy&quot; file</p>
                </li>
                """))
        #expect(
            html.contains(
                "<p class=\"suppression\">suppressed by <span class=\"source\">baseline .confgate-baseline.json</span>: <em>no reason given</em></p>"
            ))
        #expect(html.contains("<span class=\"source\">.confgate.yaml ignore[0]</span>: <em>no reason given</em></p>"))
        // Suppressed findings stay out of the filtered list and of its counts.
        #expect(html.contains("<p id=\"shown\">1 of 1 findings shown</p>"))
        #expect(!html.contains("<details id=\"suppressed\" open"))
    }

    @Test func everythingIsEscaped() {
        let file = "evil/<script>alert('f')</script>&\"x\".yaml"
        let finding = Finding(
            rule: "rule-<b>", category: .schema, severity: .error,
            message: "\"<script>alert(1)</script>\" & 'q' \u{7}", file: file,
            range: span(line: 1, column: 7, offset: 6, endColumn: 10, endOffset: 9),
            related: [RelatedLocation(message: "<i>note</i>", range: point(line: 1, column: 1, offset: 0), file: "<a>.yaml")])
        var suppressed = finding
        suppressed.suppression = Suppression(
            origin: .comment, justification: "<img onerror=x> 'why'", source: "comment <here>", file: file)
        let report = LintReport(files: [
            FileResult(
                target: LintTarget(displayPath: file, path: "/p/evil.yaml", format: .yaml), findings: [finding],
                suppressed: [suppressed], excerpts: [1: "key: \"<script>&'\""])
        ])
        let html = Self.render(report, files: 1)
        // The only script element is the page's own.
        #expect(html.components(separatedBy: "<script").count == 2)
        for raw in ["<b>", "<i>", "<a>", "<img", "<here>", "alert('f')", "'q'", "'why'"] {
            #expect(!html.contains(raw), "\(raw) is not escaped")
        }
        #expect(html.contains("<section class=\"file\" data-file=\"evil/&lt;script&gt;alert(&#39;f&#39;)&lt;/script&gt;&amp;&quot;x&quot;.yaml\">"))
        #expect(html.contains("data-rule=\"rule-&lt;b&gt;\""))
        #expect(html.contains("<option value=\"rule-&lt;b&gt;\" data-label=\"rule-&lt;b&gt;\">rule-&lt;b&gt; (1)</option>"))
        #expect(html.contains("<span class=\"msg\">&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; &#39;q&#39; \u{2407}</span>"))
        #expect(html.contains("<code class=\"rule\">rule-&lt;b&gt;</code>"))
        #expect(html.contains("<span class=\"gutter\"> 1 |</span> key: &quot;&lt;script&gt;&amp;&#39;&quot;\n"))
        #expect(html.contains("<span class=\"path\">&lt;a&gt;.yaml:1:1</span> &lt;i&gt;note&lt;/i&gt;</li>"))
        #expect(html.contains("<span class=\"source\">comment &lt;here&gt;</span>: &lt;img onerror=x&gt; &#39;why&#39;</p>"))
        #expect(HTMLReporter.escape("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&#39;f")
    }

    @Test func cleanReportSaysSo() {
        let html = Self.render(LintReport(files: []), files: 0)
        #expect(html.contains("<main id=\"findings\">\n<p class=\"clean\">no findings</p>\n</main>\n"))
        #expect(!html.contains("<form"))
        #expect(html.contains("<dd id=\"summary-files\">0</dd>"))
    }
}
