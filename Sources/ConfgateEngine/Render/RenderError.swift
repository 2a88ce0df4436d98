import ConfgateDocument

/// Why `confgate render` cannot build a configuration at all (exit 2). A value that breaks the
/// template is not an error but a finding (`RenderResult.findings`).
public enum RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `--set` argument that cannot be read, or whose path does not fit the configuration.
    case parameter(argument: String, reason: String)
    /// A `--values` file that cannot be read or parsed.
    case valuesFile(file: String, at: SourceLocation?, reason: String)
    /// The template cannot be used (unreadable, invalid, or a bad `x-confgate-default-by-env`).
    case template(ConfigError)

    public var description: String {
        switch self {
        case .parameter(let argument, let reason):
            return "--set \(argument): \(reason)"
        case .valuesFile(let file, let at, let reason):
            return "\(file)\(at.map { ":\($0.line):\($0.column)" } ?? ""): \(reason)"
        case .template(let error):
            return error.description
        }
    }
}
