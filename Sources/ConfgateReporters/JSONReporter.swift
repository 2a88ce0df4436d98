import ConfgateDocument
import ConfgateEngine

/// The versioned JSON report documented in `docs/report-json.md`. Keys are written in a fixed
/// order so the output is byte-for-byte reproducible.
public struct JSONReporter: Reporter {
    /// Bumped on any incompatible change to the report's shape.
    public static let formatVersion = 1

    public init() {}

    public func render(_ report: LintReport, context: ReportContext) -> String {
        let findings = report.findings
        let suppressed = report.suppressedFindings
        let baselineMatched = suppressed.filter { $0.suppression?.origin == .baseline }.count
        var out = "{\n"
        out += "  \"version\": \(JSONReporter.formatVersion),\n"
        out += "  \"tool\": {\"name\": \(q(ToolInfo.name)), \"version\": \(q(ToolInfo.version))},\n"
        out += "  \"summary\": {\"files\": \(context.fileCount), \"findings\": \(findings.count), "
        out += "\"errors\": \(report.count(.error)), \"warnings\": \(report.count(.warning)), "
        out += "\"infos\": \(report.count(.info)), \"suppressed\": \(suppressed.count - baselineMatched), "
        out += "\"baselineMatched\": \(baselineMatched)},\n"
        if let baseline = report.baseline {
            out += "  \"baseline\": {\"file\": \(q(baseline.file)), \"entries\": \(baseline.entries), "
            out += "\"matched\": \(baseline.matched), \"stale\": \(baseline.stale)},\n"
        } else {
            out += "  \"baseline\": null,\n"
        }
        out += "  \"findings\": " + list(findings) + ",\n"
        out += "  \"suppressed\": " + list(suppressed) + "\n}\n"
        return out
    }

    /// A JSON array with one finding per line.
    private func list(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "[]" }
        return "[\n" + findings.map { "    " + object($0) }.joined(separator: ",\n") + "\n  ]"
    }

    private func object(_ f: Finding) -> String {
        var out = "{\"rule\": \(q(f.rule)), \"category\": \(q(f.category.rawValue)), "
        out += "\"severity\": \(q(f.severity.rawValue)), \"message\": \(q(f.message)), \"file\": \(q(f.file)), "
        out += position(f.range)
        out += ", \"pointer\": \(f.pointer.map(q) ?? "null"), \"document\": \(f.document.map(String.init) ?? "null")"
        out += ", \"related\": ["
        out += f.related.map { r in
            "{\"message\": \(q(r.message)), \"file\": \(q(r.file ?? f.file)), \(position(r.range))}"
        }.joined(separator: ", ")
        out += "]"
        if let keywordLocation = f.keywordLocation { out += ", \"keywordLocation\": \(q(keywordLocation))" }
        if let s = f.suppression {
            out += ", \"suppression\": {\"kind\": \(q(s.kind.rawValue)), \"justification\": \(q(s.justification)), "
            out += "\"source\": \(q(s.source))}"
        }
        out += "}"
        return out
    }

    private func q(_ s: String) -> String { JSONWriter.quoted(s) }

    private func position(_ range: SourceRange?) -> String {
        guard let r = range else { return "\"line\": null, \"column\": null, \"endLine\": null, \"endColumn\": null" }
        return "\"line\": \(r.start.line), \"column\": \(r.start.column), \"endLine\": \(r.end.line), \"endColumn\": \(r.end.column)"
    }
}
