import ConfgateDocument

/// Why a finding is not active: a suppression comment, an `ignore:` entry of `.confgate.yaml`, or a
/// baseline entry. A suppressed finding is still reported (in its own list), never counts for the
/// exit code, and keeps where its suppression came from so that SARIF can write it as a
/// `suppressions` entry (`kind` and `justification` are SARIF's names).
public struct Suppression: Sendable, Hashable {
    /// SARIF's `suppression.kind`.
    public enum Kind: String, Sendable, CaseIterable {
        /// Written next to the finding, in the linted file (a comment).
        case inSource
        /// Kept outside the linted file (`.confgate.yaml`, the baseline).
        case external
    }

    /// Which mechanism suppressed the finding. Reports count the baseline apart from the others:
    /// its matches are the debt a project took on when it adopted confgate.
    public enum Origin: String, Sendable, CaseIterable {
        /// `# confgate: ignore[rule] reason` (or `// ...` in JSONC).
        case comment
        /// An `ignore:` entry of `.confgate.yaml`.
        case ignoreEntry
        /// An entry of a baseline file (`lint --baseline`).
        case baseline
    }

    public var origin: Origin
    /// The reason written with the suppression; `""` when there is none (which is itself a warning,
    /// `suppression-missing-reason`). Baseline entries carry no reason of their own.
    public var justification: String
    /// Where it came from, for people: `comment at line 4`, `.confgate.yaml ignore[2]`,
    /// `baseline .confgate-baseline.json`.
    public var source: String
    /// The file holding the suppression, as named in reports (the linted file for a comment).
    public var file: String?
    /// Where in `file`, when known (a baseline entry has no stable position).
    public var range: SourceRange?

    public init(origin: Origin, justification: String, source: String, file: String? = nil, range: SourceRange? = nil) {
        self.origin = origin
        self.justification = justification
        self.source = source
        self.file = file
        self.range = range
    }

    public var kind: Kind { origin == .comment ? .inSource : .external }
}
