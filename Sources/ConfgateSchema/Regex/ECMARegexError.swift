/// Why an ECMA-262 pattern cannot be compiled.
public enum ECMARegexError: Error, Equatable, CustomStringConvertible {
    /// ECMA-262 (with the `u` flag) rejects the pattern. `offset` counts Unicode scalars from 0 and
    /// points at the construct that is wrong.
    case invalid(pattern: String, offset: Int, reason: String)
    /// The pattern is valid ECMA-262 but uses something PCRE2 cannot run with the same meaning
    /// (variable-length lookbehind, a Unicode property newer than PCRE2's tables, ...).
    case unsupported(pattern: String, feature: String)

    /// A one-line message: lowercase, no trailing period, names the pattern and what is wrong.
    public var description: String {
        switch self {
        case .invalid(let pattern, let offset, let reason):
            return "invalid regular expression \(Self.quoted(pattern)) at offset \(offset): \(reason)"
        case .unsupported(let pattern, let feature):
            return "unsupported regular expression \(Self.quoted(pattern)): \(feature)"
        }
    }

    /// The pattern between double quotes, with only the characters that would break the line (or
    /// hide themselves) escaped: a reader compares it with the schema text.
    static func quoted(_ pattern: String) -> String {
        var text = "\""
        for scalar in pattern.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    text += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        return text + "\""
    }
}
