import ConfgateDocument
import ConfgateEngine

/// Compiler-style text: `path:line:col: severity: message [rule-id]`, the source line with a caret
/// under the column, related notes, and a one-line summary.
public struct TextReporter: Reporter {
    public init() {}

    /// Excerpts longer than this many characters are shown as a window around the column.
    static let excerptWidth = 160

    public func render(_ report: LintReport, context: ReportContext) -> String {
        let style = Style(enabled: context.color)
        var out = ""
        for finding in report.findings {
            let position = finding.range.map { ":\($0.start.line):\($0.start.column)" } ?? ""
            out += style.bold("\(finding.file)\(position):") + " " + style.severity(finding.severity) + ": "
                + finding.message + " " + style.dim("[\(finding.rule)]") + "\n"
            if let range = finding.range, let line = report.excerpt(file: finding.file, line: range.start.line) {
                out += excerpt(line, range: range, style: style)
            }
            for related in finding.related {
                let file = related.file ?? finding.file
                out += style.bold("\(file):\(related.range.start.line):\(related.range.start.column):") + " "
                    + style.note("note") + ": " + related.message + "\n"
            }
        }
        out += summary(report, fileCount: context.fileCount, style: style) + "\n"
        return out
    }

    func excerpt(_ line: String, range: SourceRange, style: Style) -> String {
        let scalars = Array(line.unicodeScalars)
        var column = max(1, min(range.start.column, scalars.count + 1))
        var width = range.end.line == range.start.line ? max(1, range.end.column - range.start.column) : 1
        var shown = scalars[...]
        var lead = "", trail = ""
        if scalars.count > TextReporter.excerptWidth {
            let from = max(0, column - 1 - TextReporter.excerptWidth / 3)
            let to = min(scalars.count, from + TextReporter.excerptWidth)
            shown = scalars[from..<to]
            lead = from > 0 ? "…" : ""
            trail = to < scalars.count ? "…" : ""
            column = column - from + (lead.isEmpty ? 0 : 1)
        }
        let text = lead + String(String.UnicodeScalarView(shown.map(TextReporter.printable))) + trail
        width = max(1, min(width, text.unicodeScalars.count - (column - 1)))
        // Reproduce tabs from the line so the caret lines up under a tab-indented column.
        var pad = ""
        for (i, scalar) in text.unicodeScalars.enumerated() where i < column - 1 {
            pad.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
        }
        let gutter = String(range.start.line)
        let blank = String(repeating: " ", count: gutter.count)
        return " \(style.dim(gutter + " |")) \(text)\n \(style.dim(blank + " |")) \(pad)"
            + style.caret("^" + String(repeating: "~", count: width - 1)) + "\n"
    }

    /// A source character as it is safe to echo to a terminal: control characters (NUL in a binary
    /// file, an escape sequence planted in a value) become their visible Control Pictures symbol or
    /// U+FFFD, one character each so the caret stays aligned. Tabs are kept for alignment.
    static func printable(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x09: return scalar
        case 0x00..<0x20: return Unicode.Scalar(0x2400 + scalar.value) ?? "\u{FFFD}"
        case 0x7F: return "\u{2421}"
        case 0x80..<0xA0: return "\u{FFFD}"
        default: return scalar
        }
    }

    /// `2 errors, 1 warning, 0 info (8 files checked, 3 suppressed, 12 of 14 baseline entries matched)`.
    /// Suppressed findings are counted, never listed: the JSON report lists them. "suppressed"
    /// counts comments and `ignore:` entries; the baseline's matches are counted apart, with the
    /// number of entries, so stale entries show.
    func summary(_ report: LintReport, fileCount: Int, style: Style) -> String {
        let findings = report.findings
        var context = ["\(fileCount) \(fileCount == 1 ? "file" : "files") checked"]
        let suppressed = report.suppressedFindings.filter { $0.suppression?.origin != .baseline }.count
        if suppressed > 0 { context.append("\(suppressed) suppressed") }
        if let baseline = report.baseline {
            context.append(
                "\(baseline.matched) of \(baseline.entries) baseline \(baseline.entries == 1 ? "entry" : "entries") matched")
        }
        let files = context.joined(separator: ", ")
        guard !findings.isEmpty else { return style.dim("no findings (\(files))") }
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        let infos = findings.filter { $0.severity == .info }.count
        return style.bold("\(plural(errors, "error")), \(plural(warnings, "warning")), \(infos) info") + " (\(files))"
    }
}

/// ANSI styling that collapses to plain text when colour is off.
struct Style {
    let enabled: Bool

    private func wrap(_ code: String, _ text: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ s: String) -> String { wrap("1", s) }
    func dim(_ s: String) -> String { wrap("2", s) }
    func caret(_ s: String) -> String { wrap("1;32", s) }
    func note(_ s: String) -> String { wrap("1;36", s) }

    func severity(_ s: Severity) -> String {
        switch s {
        case .error: wrap("1;31", "error")
        case .warning: wrap("1;33", "warning")
        case .info: wrap("1;34", "info")
        }
    }
}
