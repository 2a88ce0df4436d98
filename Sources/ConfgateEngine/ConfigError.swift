import ConfgateDocument

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

/// Levenshtein distance, for "did you mean" suggestions on misspelt keys.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(1, min(3, word.count / 3)) ? best.0 : nil
}
