import ConfgateEngine

/// What a reporter may know besides the findings.
public struct ReportContext: Sendable {
    /// Use ANSI colours (the CLI decides: a terminal, and no `NO_COLOR`).
    public var color: Bool
    /// Files that were linted.
    public var fileCount: Int
    /// The absolute working directory: SARIF's `SRCROOT`, the base of the relative file paths.
    public var workingDirectory: String?
    /// The exit code the run will end with, when known before the report is written.
    public var exitCode: Int?
    /// SARIF's `automationDetails.id` category (`lint --sarif-category`), to tell runs apart.
    public var category: String?
    /// The compliance rules of the run (their descriptions and rationales for SARIF's rule
    /// metadata); the built-in packs' are known without it.
    public var packRules: [PackRule] = []

    public init(
        color: Bool = false, fileCount: Int, workingDirectory: String? = nil, exitCode: Int? = nil,
        category: String? = nil
    ) {
        self.color = color
        self.fileCount = fileCount
        self.workingDirectory = workingDirectory
        self.exitCode = exitCode
        self.category = category
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
    case sarif
    case junit
    case github
    case html

    public var reporter: any Reporter {
        switch self {
        case .text: TextReporter()
        case .json: JSONReporter()
        case .sarif: SARIFReporter()
        case .junit: JUnitReporter()
        case .github: GitHubReporter()
        case .html: HTMLReporter()
        }
    }

    /// The list of valid names, for error messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
