import ConfgateEngine

/// What a reporter may know besides the findings.
public struct ReportContext: Sendable {
    /// Use ANSI colours (the CLI decides: a terminal, and no `NO_COLOR`).
    public var color: Bool
    /// Files that were linted.
    public var fileCount: Int

    public init(color: Bool = false, fileCount: Int) {
        self.color = color
        self.fileCount = fileCount
    }
}

/// Renders a lint report in one format. Pure: no I/O, no globals; the CLI writes the bytes.
public protocol Reporter: Sendable {
    func render(_ report: LintReport, context: ReportContext) -> String
}

/// The report formats, one reporter each.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json
    case html

    public var reporter: any Reporter {
        switch self {
        case .text: TextReporter()
        case .json: JSONReporter()
        case .html: HTMLReporter()
        }
    }

    /// The list of valid names, for error messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
