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
        var out = "{\n"
        out += "  \"version\": \(JSONReporter.formatVersion),\n"
        out += "  \"tool\": {\"name\": \(q(ToolInfo.name)), \"version\": \(q(ToolInfo.version))},\n"
        out += "  \"summary\": {\"files\": \(context.fileCount), \"findings\": \(findings.count), "
        out += "\"errors\": \(report.count(.error)), \"warnings\": \(report.count(.warning)), "
        out += "\"infos\": \(report.count(.info))},\n"
        out += "  \"findings\": ["
        for (i, f) in findings.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\"rule\": \(q(f.rule)), \"category\": \(q(f.category.rawValue)), "
            out += "\"severity\": \(q(f.severity.rawValue)), \"message\": \(q(f.message)), \"file\": \(q(f.file)), "
            out += position(f.range)
            out += ", \"pointer\": \(f.pointer.map(q) ?? "null"), \"document\": \(f.document.map(String.init) ?? "null")"
            out += ", \"related\": ["
            out += f.related.map { r in
                "{\"message\": \(q(r.message)), \"file\": \(q(r.file ?? f.file)), \(position(r.range))}"
            }.joined(separator: ", ")
            out += "]"
            if let keywordLocation = f.keywordLocation { out += ", \"keywordLocation\": \(q(keywordLocation))" }
            out += "}"
        }
        out += findings.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    private func q(_ s: String) -> String { JSONWriter.quoted(s) }

    private func position(_ range: SourceRange?) -> String {
        guard let r = range else { return "\"line\": null, \"column\": null, \"endLine\": null, \"endColumn\": null" }
        return "\"line\": \(r.start.line), \"column\": \(r.start.column), \"endLine\": \(r.end.line), \"endColumn\": \(r.end.column)"
    }
}
