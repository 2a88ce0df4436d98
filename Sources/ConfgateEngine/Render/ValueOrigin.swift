import ConfgateDocument

/// Where a value of a rendered configuration comes from: what a finding about it points at.
public enum ValueOrigin: Sendable, Hashable {
    /// A `default` (or `x-confgate-default-by-env` entry) of the template, or an object the
    /// template implies to hold such defaults; `range` is in the template file.
    case template(file: String, range: SourceRange)
    /// A value of a `--values` file.
    case values(file: String, range: SourceRange)
    /// A `--set` argument, as written (`server.port=8443`).
    case parameter(String)
}
