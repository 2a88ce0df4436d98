import ConfgateDocument
import ConfgateEngine

/// One self-contained HTML page (docs/report-html.md): a summary, the active findings grouped by file
/// with the source excerpt under each, filters by severity, category and rule, and the suppressed
/// findings in a collapsed section. No external assets: inline CSS and script only, allowed by the
/// page's own Content-Security-Policy; without script every finding is shown. Deterministic: the
/// same report gives the same bytes (no timestamps).
public struct HTMLReporter: Reporter {
    public init() {}

    /// Only inline style and script; no fetches, images, fonts or frames of any origin.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

    public func render(_ report: LintReport, context: ReportContext) -> String {
        let findings = report.findings
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(HTMLReporter.contentSecurityPolicy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(ToolInfo.name)) report</title>
            <style>\(HTMLReporter.css)</style>
            </head>
            <body>

            """
        out += summary(report, fileCount: context.fileCount)
        out += filters(findings)
        out += "<main id=\"findings\">\n"
        if findings.isEmpty { out += "<p class=\"clean\">no findings</p>\n" }
        for (file, group) in groupedByFile(findings) {
            out += "<section class=\"file\" data-file=\"\(esc(file))\">\n"
            out += "<h2><span class=\"path\">\(esc(file))</span> <span class=\"file-count\">\(group.count)</span></h2>\n"
            out += "<ol class=\"findings\">\n"
            for finding in group { out += item(finding, report: report, suppressed: false) }
            out += "</ol>\n</section>\n"
        }
        out += "</main>\n"
        out += suppressedSection(report.suppressedFindings, report: report)
        out += "<script>\(HTMLReporter.script)</script>\n</body>\n</html>\n"
        return out
    }

    // MARK: - Parts

    private func summary(_ report: LintReport, fileCount: Int) -> String {
        let suppressed = report.suppressedFindings
        let baselineMatched = suppressed.filter { $0.suppression?.origin == .baseline }.count
        var out = "<header>\n<h1>\(esc(ToolInfo.name)) report</h1>\n"
        out += "<p class=\"tool\">\(esc(ToolInfo.name)) \(esc(ToolInfo.version))</p>\n"
        out += "<dl class=\"summary\">\n"
        func entry(_ id: String, _ label: String, _ value: Int) -> String {
            "<div class=\"stat \(id)\"><dt>\(label)</dt><dd id=\"summary-\(id)\">\(value)</dd></div>\n"
        }
        out += entry("files", "files checked", fileCount)
        out += entry("error", "errors", report.count(.error))
        out += entry("warning", "warnings", report.count(.warning))
        out += entry("info", "infos", report.count(.info))
        out += entry("suppressed", "suppressed", suppressed.count - baselineMatched)
        if let baseline = report.baseline {
            out += "<div class=\"stat baseline\"><dt>baseline entries matched</dt>"
            out += "<dd id=\"summary-baseline\">\(baseline.matched) of \(baseline.entries)</dd></div>\n"
        }
        out += "</dl>\n</header>\n"
        return out
    }

    /// The filter form, hidden until the script shows it: without script there is nothing to filter
    /// with, and every finding stays visible. Each option carries its count in the whole report; the
    /// script keeps the counts in step with the other filters.
    private func filters(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "" }
        var out = "<form id=\"filters\" hidden>\n<fieldset><legend>severity</legend>\n"
        for severity in Severity.allCases.reversed() {
            out += option("severity", severity.rawValue, findings.filter { $0.severity == severity }.count)
        }
        out += "</fieldset>\n<fieldset><legend>category</legend>\n"
        for category in Category.allCases {
            let n = findings.filter { $0.category == category }.count
            if n > 0 { out += option("category", category.rawValue, n) }
        }
        out += "</fieldset>\n<fieldset><legend>rule</legend>\n<select name=\"rule\">\n"
        out += "<option value=\"\">all rules</option>\n"
        var counts: [String: Int] = [:]
        for finding in findings { counts[finding.rule, default: 0] += 1 }
        for rule in counts.keys.sorted() {
            out += "<option value=\"\(esc(rule))\" data-label=\"\(esc(rule))\">\(esc(rule)) (\(counts[rule] ?? 0))</option>\n"
        }
        out += "</select>\n</fieldset>\n"
        out += "<p id=\"shown\">\(findings.count) of \(findings.count) findings shown</p>\n</form>\n"
        return out
    }

    private func option(_ name: String, _ value: String, _ count: Int) -> String {
        "<label><input type=\"checkbox\" name=\"\(name)\" value=\"\(esc(value))\" checked> \(esc(value)) "
            + "<span class=\"count\" data-facet=\"\(name)\" data-value=\"\(esc(value))\">\(count)</span></label>\n"
    }

    /// Files in the order their first finding appears; findings keep the report's order within a file.
    private func groupedByFile(_ findings: [Finding]) -> [(String, [Finding])] {
        var order: [String] = []
        var groups: [String: [Finding]] = [:]
        for finding in findings {
            if groups[finding.file] == nil { order.append(finding.file) }
            groups[finding.file, default: []].append(finding)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    private func item(_ finding: Finding, report: LintReport, suppressed: Bool) -> String {
        let severity = finding.severity.rawValue
        var out = "<li class=\"finding\" data-severity=\"\(severity)\" data-category=\"\(esc(finding.category.rawValue))\""
        out += " data-rule=\"\(esc(finding.rule))\">\n<div class=\"head\">"
        out += "<span class=\"badge \(severity)\">\(severity)</span> "
        if suppressed { out += "<span class=\"path\">\(esc(finding.file))</span>" }
        if let range = finding.range {
            out += "<span class=\"pos\">\(suppressed ? ":" : "")\(range.start.line):\(range.start.column)</span> "
        } else if suppressed {
            out += " "
        }
        out += "<span class=\"msg\">\(esc(finding.message))</span> "
        out += "<code class=\"rule\">\(esc(finding.rule))</code></div>\n"
        if let range = finding.range, let line = report.excerpt(file: finding.file, line: range.start.line) {
            out += excerpt(line, range: range)
        }
        if !finding.related.isEmpty {
            out += "<ul class=\"related\">\n"
            for related in finding.related {
                let file = related.file ?? finding.file
                out += "<li><span class=\"note\">note</span> <span class=\"path\">\(esc(file))"
                out += ":\(related.range.start.line):\(related.range.start.column)</span> \(esc(related.message))</li>\n"
            }
            out += "</ul>\n"
        }
        if suppressed, let s = finding.suppression {
            let reason = s.justification.isEmpty ? "<em>no reason given</em>" : esc(s.justification)
            out += "<p class=\"suppression\">suppressed by <span class=\"source\">\(esc(s.source))</span>: \(reason)</p>\n"
        }
        out += "</li>\n"
        return out
    }

    /// The text reporter's two-line excerpt (source line, caret under the column), escaped, with the
    /// caret marked for styling. Tabs are kept on both lines so the caret stays aligned.
    func excerpt(_ line: String, range: SourceRange) -> String {
        let text = TextReporter().excerpt(line, range: range, style: Style(enabled: false))
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.count == 2, let caret = lines[1].firstIndex(of: "^") else {
            return "<pre class=\"excerpt\">\(esc(text))</pre>\n"
        }
        let source = lines[0], marker = lines[1]
        let bar = source.firstIndex(of: "|").map { source.index(after: $0) } ?? source.startIndex
        let markerBar = marker.firstIndex(of: "|").map { marker.index(after: $0) } ?? marker.startIndex
        return "<pre class=\"excerpt\"><span class=\"gutter\">\(esc(String(source[..<bar])))</span>"
            + "\(esc(String(source[bar...])))\n"
            + "<span class=\"gutter\">\(esc(String(marker[..<markerBar])))</span>"
            + "\(esc(String(marker[markerBar..<caret])))<span class=\"caret\">\(esc(String(marker[caret...])))</span></pre>\n"
    }

    private func suppressedSection(_ suppressed: [Finding], report: LintReport) -> String {
        guard !suppressed.isEmpty else { return "" }
        var out = "<details id=\"suppressed\">\n<summary>\(suppressed.count) suppressed "
        out += "\(suppressed.count == 1 ? "finding" : "findings")</summary>\n<ol class=\"findings\">\n"
        for finding in suppressed { out += item(finding, report: report, suppressed: true) }
        out += "</ol>\n</details>\n"
        return out
    }

    // MARK: - Escaping

    /// Text and attribute values alike: `&`, `<`, `>`, `"` and `'` become references, so any value is
    /// safe in element content and in a quoted attribute. Control characters become visible symbols,
    /// as in the text report.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\r": out.unicodeScalars.append(scalar)
            default: out.unicodeScalars.append(TextReporter.printable(scalar))
            }
        }
        return out
    }

    private func esc(_ s: String) -> String { HTMLReporter.escape(s) }

    // MARK: - Style and script

    static let css = """

        :root{--fg:#1d2329;--muted:#5d6873;--line:#d8dde3;--bg:#fff;--panel:#f5f7f9;--error:#c62828;--warning:#a15c00;--info:#1f5fae}
        *{box-sizing:border-box}
        body{margin:0 auto;max-width:1200px;padding:24px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
        h1{font-size:22px;margin:0 0 2px}
        h2{font-size:16px;margin:0;padding:8px 12px;background:var(--panel);border-bottom:1px solid var(--line);font-family:ui-monospace,monospace}
        .tool{color:var(--muted);margin:0 0 12px}
        .summary{display:flex;flex-wrap:wrap;gap:10px;margin:0 0 16px}
        .stat{border:1px solid var(--line);border-radius:6px;padding:6px 14px;min-width:110px}
        .stat dt{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
        .stat dd{margin:0;font-size:22px;font-weight:600}
        .stat.error dd{color:var(--error)}.stat.warning dd{color:var(--warning)}.stat.info dd{color:var(--info)}
        form{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start;margin:0 0 16px;padding:10px 12px;background:var(--panel);border:1px solid var(--line);border-radius:6px}
        form[hidden]{display:none}
        fieldset{border:0;margin:0;padding:0}
        legend{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
        label{margin-right:10px;white-space:nowrap}
        .count{color:var(--muted);font-size:12px}
        #shown{margin:0;align-self:center;color:var(--muted)}
        .file{border:1px solid var(--line);border-radius:6px;margin:0 0 16px;overflow:hidden}
        .file-count{color:var(--muted);font-weight:400;font-family:system-ui,sans-serif;font-size:13px}
        ol.findings{list-style:none;margin:0;padding:0}
        .finding{padding:10px 12px;border-top:1px solid var(--line)}
        .finding:first-child{border-top:0}
        .finding[hidden]{display:none}
        .badge{display:inline-block;min-width:62px;text-align:center;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600;color:#fff;text-transform:uppercase}
        .badge.error{background:var(--error)}.badge.warning{background:var(--warning)}.badge.info{background:var(--info)}
        .pos,.path{font-family:ui-monospace,monospace;color:var(--muted)}
        code.rule{font-size:12px;background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:0 4px}
        pre.excerpt{margin:8px 0 0;padding:8px 10px;background:#0f1720;color:#e6edf3;border-radius:4px;overflow-x:auto;tab-size:4;font:13px/1.4 ui-monospace,monospace}
        .gutter{color:#7d8895}.caret{color:#5fd068;font-weight:700}
        ul.related{margin:6px 0 0;padding-left:20px;font-size:14px}
        .note{color:var(--info);font-weight:600}
        .suppression{margin:6px 0 0;font-size:14px;color:var(--muted)}
        details{border:1px solid var(--line);border-radius:6px;padding:0 12px}
        details summary{cursor:pointer;padding:8px 0;font-weight:600}
        details[open] summary{border-bottom:1px solid var(--line)}
        .clean{color:var(--muted)}

        """

    /// Filters by severity, category and rule. The state lives in the URL hash
    /// (`#severity=error,warning&category=secret&rule=duplicate-key`), so a filtered view can be
    /// linked and checked from a dumped DOM; `data-ready` and `data-shown` on `<body>` say that the
    /// script ran and how many findings it shows.
    static let script = """

        (function () {
          "use strict";
          var form = document.getElementById("filters");
          var items = Array.prototype.slice.call(document.querySelectorAll("#findings li.finding"));
          var sections = Array.prototype.slice.call(document.querySelectorAll("#findings section.file"));
          function boxes(name) { return Array.prototype.slice.call(form ? form.querySelectorAll("input[name=" + name + "]") : []); }
          function checked(name) { return boxes(name).filter(function (b) { return b.checked; }).map(function (b) { return b.value; }); }
          function state() {
            return { severity: checked("severity"), category: checked("category"), rule: form ? form.elements.rule.value : "" };
          }
          function matches(li, s, skip) {
            return (skip === "severity" || s.severity.indexOf(li.getAttribute("data-severity")) >= 0)
              && (skip === "category" || s.category.indexOf(li.getAttribute("data-category")) >= 0)
              && (skip === "rule" || s.rule === "" || li.getAttribute("data-rule") === s.rule);
          }
          function count(facet, value, s) {
            return items.filter(function (li) { return li.getAttribute("data-" + facet) === value && matches(li, s, facet); }).length;
          }
          function apply() {
            var s = state(), shown = 0;
            items.forEach(function (li) { var ok = matches(li, s, null); li.hidden = !ok; if (ok) shown += 1; });
            sections.forEach(function (section) {
              var all = section.querySelectorAll("li.finding").length;
              var visible = section.querySelectorAll("li.finding:not([hidden])").length;
              section.hidden = visible === 0;
              section.querySelector(".file-count").textContent = visible === all ? String(all) : visible + " of " + all;
            });
            Array.prototype.forEach.call(document.querySelectorAll("#filters .count"), function (span) {
              span.textContent = String(count(span.getAttribute("data-facet"), span.getAttribute("data-value"), s));
            });
            if (form) {
              Array.prototype.forEach.call(form.elements.rule.options, function (o) {
                if (o.value !== "") { o.textContent = o.getAttribute("data-label") + " (" + count("rule", o.value, s) + ")"; }
              });
              document.getElementById("shown").textContent = shown + " of " + items.length + " findings shown";
            }
            document.body.setAttribute("data-shown", String(shown));
            return s;
          }
          function toHash(s) {
            var parts = [];
            if (s.severity.length !== boxes("severity").length) { parts.push("severity=" + s.severity.map(encodeURIComponent).join(",")); }
            if (s.category.length !== boxes("category").length) { parts.push("category=" + s.category.map(encodeURIComponent).join(",")); }
            if (s.rule !== "") { parts.push("rule=" + encodeURIComponent(s.rule)); }
            return parts.join("&");
          }
          function fromHash() {
            var wanted = {};
            location.hash.replace(/^#/, "").split("&").forEach(function (part) {
              var eq = part.indexOf("=");
              if (eq > 0) { wanted[part.slice(0, eq)] = part.slice(eq + 1).split(",").map(decodeURIComponent); }
            });
            ["severity", "category"].forEach(function (name) {
              boxes(name).forEach(function (b) { b.checked = !wanted[name] || wanted[name].indexOf(b.value) >= 0; });
            });
            if (form) {
              var rule = wanted.rule ? wanted.rule[0] : "";
              form.elements.rule.value = rule;
              if (form.elements.rule.value !== rule) { form.elements.rule.value = ""; }
            }
            apply();
          }
          if (form) {
            form.hidden = false;
            form.addEventListener("change", function () {
              var hash = toHash(apply());
              try { history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search); } catch (e) { /* file: URLs in some browsers */ }
            });
            form.addEventListener("submit", function (e) { e.preventDefault(); });
            window.addEventListener("hashchange", fromHash);
          }
          fromHash();
          document.body.setAttribute("data-ready", "1");
        })();

        """
}
