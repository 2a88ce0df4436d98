import ConfgateDocument
import ConfgateEngine

/// GitHub Actions workflow commands, documented in `docs/report-github.md`: one annotation per active
/// finding, `::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=RULE-ID::MESSAGE`
/// (`::warning` for a warning, `::notice` for an info), then the text report's summary as a plain
/// log line. Suppressed findings are not annotated; the summary counts them.
public struct GitHubReporter: Reporter {
    public init() {}

    public func render(_ report: LintReport, context: ReportContext) -> String {
        var out = ""
        for finding in report.findings { out += GitHubReporter.command(finding) + "\n" }
        out += TextReporter().summary(report, fileCount: context.fileCount, style: Style(enabled: false)) + "\n"
        return out
    }

    static func command(_ f: Finding) -> String {
        let name: String
        switch f.severity {
        case .error: name = "error"
        case .warning: name = "warning"
        case .info: name = "notice"
        }
        var properties = [("file", f.file)]
        if let r = f.range {
            properties.append(("line", String(r.start.line)))
            // GitHub accepts columns only on a one-line annotation (@actions/core AnnotationProperties:
            // "Cannot be sent when startLine and endLine are different values").
            if r.start.line == r.end.line { properties.append(("col", String(r.start.column))) }
            properties.append(("endLine", String(r.end.line)))
            if r.start.line == r.end.line { properties.append(("endColumn", String(r.end.column))) }
        }
        properties.append(("title", f.rule))
        let list = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(name) \(list)::\(escapeData(f.message))"
    }

    // MARK: - Escaping

    // The runner splits a command at the first `::`, properties at `,` and each at `=`, and unescapes
    // `%XX` sequences. These are the rules of `escapeData` and `escapeProperty` in
    // actions/toolkit packages/core/src/command.ts (the `@actions/core` package), which
    // https://docs.github.com/actions/reference/workflow-commands-for-github-actions follows:
    // `%` first (so later escapes are not doubled), then CR and LF; properties also `:` and `,`.

    /// A command's message.
    static func escapeData(_ s: String) -> String {
        var out = ""
        for character in s.unicodeScalars {
            switch character {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A property value (`file=`, `title=`): a message's escapes, and `:` and `,`, which end a
    /// property. `%` needs no second pass: `escapeData` has already written every `%` as `%25`.
    static func escapeProperty(_ s: String) -> String {
        var out = ""
        for character in escapeData(s).unicodeScalars {
            switch character {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
