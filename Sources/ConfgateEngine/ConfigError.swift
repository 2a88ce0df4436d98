import ConfgateDocument
import ConfgateSchema

/// A problem with `.confgate.yaml` or with how confgate was invoked. The CLI exits with code 2.
/// Every message names the file and, where there is one, the line, column and key.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case syntax(file: String, at: SourceLocation, message: String)
    case unknownKey(file: String, at: SourceLocation, key: String, path: String, suggestion: String?)
    case wrongType(file: String, at: SourceLocation, path: String, expected: String, found: String)
    case invalidValue(file: String, at: SourceLocation, path: String, message: String)
    case missingVersion(file: String)
    case usage(String)
    /// A template (schema) that cannot be used: unreadable, not valid against its meta-schema, or
    /// with a reference that does not resolve. The message names the schema file and position.
    case invalidTemplate(String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read configuration: \(reason)"
        case .syntax(let file, let at, let message):
            return "\(file):\(at.line):\(at.column): invalid configuration: \(message)"
        case .unknownKey(let file, let at, let key, let path, let suggestion):
            let hint = suggestion.map { "; did you mean \"\($0)\"?" } ?? ""
            let place = path.isEmpty ? "" : " in \"\(path)\""
            return "\(file):\(at.line):\(at.column): unknown key \"\(key)\"\(place)\(hint)"
        case .wrongType(let file, let at, let path, let expected, let found):
            return "\(file):\(at.line):\(at.column): \"\(path)\" must be \(expected), found \(found)"
        case .invalidValue(let file, let at, let path, let message):
            return "\(file):\(at.line):\(at.column): \"\(path)\": \(message)"
        case .missingVersion(let file):
            return "\(file): the configuration must start with \"version: 1\""
        case .usage(let message):
            return message
        case .invalidTemplate(let message):
            return message
        }
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    Spelling.closest(to: word, in: candidates)
}
