/// Writes a `DocumentValue` as block YAML that any YAML 1.1 or 1.2 reader loads back to the same
/// JSON value: two-space indentation, list items indented under their key, empty collections as
/// `{}` and `[]`. A string is written plain only when no reader could take it for something else;
/// otherwise (`true`, `no`, `null`, `8080`, `1.2.3`, `2024-01-01`, ` x`, `a: b`, `#x`, the empty
/// string, control characters) it is written in double quotes with JSON escapes, which YAML's
/// double-quoted style reads the same way. Keys follow the same rule. The output is deterministic:
/// the same value always gives the same text.
public enum YAMLWriter {
    /// The YAML text of `value`, ending in a line break. `comment`, given the JSON Pointer of a
    /// scalar or an empty collection, returns the text of a comment to write after it on its line
    /// (`config/production.yaml:12` becomes `  # config/production.yaml:12`).
    public static func write(_ value: DocumentValue, comment: ((String) -> String?)? = nil) -> String {
        var lines: [String] = []
        write(value, pointer: "", indent: 0, comment: comment, into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A scalar's text on one line: plain when that reads back as the same value, else quoted.
    /// `nil` for a non-empty collection.
    public static func inline(_ value: DocumentValue) -> String? {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let text): text
        case .string(let s): string(s)
        case .object(let members): members.isEmpty ? "{}" : nil
        case .array(let items): items.isEmpty ? "[]" : nil
        }
    }

    /// A string (value or key) as YAML: plain if safe, else double-quoted.
    public static func string(_ s: String) -> String {
        needsQuotes(s) ? quoted(s) : s
    }

    // MARK: - Block layout

    private static func write(
        _ value: DocumentValue, pointer: String, indent: Int, comment: ((String) -> String?)?, into lines: inout [String]
    ) {
        let pad = String(repeating: " ", count: indent)
        if let text = inline(value) {
            lines.append(pad + text + note(pointer, comment))
            return
        }
        switch value {
        case .object(let members):
            for member in members {
                let path = pointer + "/" + JSONPointer.escape(member.key)
                let key = pad + string(member.key) + ":"
                if let text = inline(member.value) {
                    lines.append(key + " " + text + note(path, comment))
                } else {
                    lines.append(key)
                    write(member.value, pointer: path, indent: indent + 2, comment: comment, into: &lines)
                }
            }
        case .array(let items):
            for (i, item) in items.enumerated() {
                let path = pointer + "/" + String(i)
                if let text = inline(item) {
                    lines.append(pad + "- " + text + note(path, comment))
                } else {
                    // A collection item starts on the dash's line: its first line, written two
                    // columns further in, has its leading spaces replaced by the dash.
                    var nested: [String] = []
                    write(item, pointer: path, indent: indent + 2, comment: comment, into: &nested)
                    nested[0] = pad + "- " + nested[0].dropFirst(indent + 2)
                    lines += nested
                }
            }
        default:
            break  // scalars and empty collections were written inline above
        }
    }

    private static func note(_ pointer: String, _ comment: ((String) -> String?)?) -> String {
        guard let text = comment?(pointer) else { return "" }
        return "  # " + text
    }

    // MARK: - Quoting

    /// Words that some YAML reader (1.1 or 1.2) types as null or a boolean, compared lowercased.
    static let reserved: Set<String> = ["", "~", "null", "true", "false", "yes", "no", "y", "n", "on", "off", "=", "<<"]

    /// Whether a string must be quoted to read back as the same string.
    static func needsQuotes(_ s: String) -> Bool {
        if reserved.contains(s.lowercased()) { return true }
        let scalars = s.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return true }
        // Indicators, white space, and anything a reader might take for a number, a date, a time
        // or a version (`1.2.3`, `2024-01-01`, `1:30`, `.5`, `+1`, `-1`).
        if "-?:,[]{}#&*!|>'\"%@`<=+. \t".unicodeScalars.contains(first) || ("0"..."9").contains(first) { return true }
        if last == " " || last == "\t" || last == ":" { return true }
        if s.contains(": ") || s.contains(" #") || s.contains("\t") { return true }
        if scalars.contains(where: needsEscape) { return true }
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBufferPointer { ScalarResolver.plainType($0) } != .string
    }

    /// Characters the double-quoted style must escape: control characters, and the line and
    /// paragraph separators and byte-order mark that YAML 1.1 readers treat specially.
    static func needsEscape(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x20 || (0x7F...0x9F).contains(c.value) || c.value == 0x2028 || c.value == 0x2029 || c.value == 0xFEFF
    }

    /// A double-quoted scalar with JSON escapes (which YAML's double-quoted style shares).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if needsEscape(c) {
                    out += "\\u" + hex16(c.value).uppercased()
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}
