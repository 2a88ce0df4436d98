import ConfgateDocument

/// How much a finding matters. Ordered: `info < warning < error`.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info
    case warning
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The family a rule belongs to.
public enum Category: String, Sendable, Codable, CaseIterable {
    case syntax
    case schema
    case secret
    case parity
    case compliance
    case config
    case io
}

/// One problem, at one place. The single value type every check produces and every reporter renders.
///
/// A message names the key and the kind of value, never a secret's value.
public struct Finding: Sendable, Hashable {
    /// Stable rule id in kebab-case (`duplicate-key`).
    public var rule: String
    public var category: Category
    public var severity: Severity
    /// Short, lowercase, no trailing period.
    public var message: String
    /// The file as the user named it (relative to the working directory where possible).
    public var file: String
    /// Where in the file; `nil` where the finding concerns the whole file (an unreadable file).
    public var range: SourceRange?
    /// JSON Pointer of the offending node (`""` for the root), `nil` where there is none.
    public var pointer: String?
    /// 0-based index of the YAML document in the stream, `nil` where not inside a document.
    public var document: Int?
    /// Secondary positions, such as the first occurrence of a duplicate key.
    public var related: [RelatedLocation]
    /// For schema findings: `uri#/pointer` of the failing keyword in its schema.
    public var keywordLocation: String?
    /// Why the finding is not active (a comment, an `ignore:` entry, the baseline); `nil` when it is.
    /// Suppressed findings are reported apart and never count for the exit code.
    public var suppression: Suppression? = nil
    /// The salted hash of the finding's value that keys baseline entries (``ValueHash``); set only
    /// when the `Linter` has a `baselineSalt`.
    public var valueHash: String? = nil
    /// For a finding about resolved configurations: the environments it was found in. `nil` for a
    /// finding about a file as written, which holds in every environment the file is a layer of.
    /// Not part of any report (the message names the environments); `lint --record` uses it to
    /// tell which environments' configurations are invalid.
    public var environments: [String]? = nil

    public init(
        rule: String, category: Category, severity: Severity, message: String, file: String,
        range: SourceRange?, pointer: String? = nil, document: Int? = nil, related: [RelatedLocation] = [],
        keywordLocation: String? = nil
    ) {
        self.keywordLocation = keywordLocation
        self.rule = rule
        self.category = category
        self.severity = severity
        self.message = message
        self.file = file
        self.range = range
        self.pointer = pointer
        self.document = document
        self.related = related
    }
}

extension Finding: Comparable {
    /// File order: by file, then position, then rule id, so output is deterministic.
    public static func < (a: Finding, b: Finding) -> Bool {
        if a.file != b.file { return a.file < b.file }
        let la = a.range?.start.offset ?? -1, lb = b.range?.start.offset ?? -1
        if la != lb { return la < lb }
        if a.rule != b.rule { return a.rule < b.rule }
        return a.message < b.message
    }
}
