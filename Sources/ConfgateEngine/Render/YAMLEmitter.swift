import ConfgateDocument

/// Writes a rendered configuration as block-style YAML, deterministically: two-space indentation,
/// list items under their key at the key's indentation plus two, `{}` and `[]` for empty
/// collections. A string (value or key) is written plain only when every YAML reader types it as
/// the same string; otherwise it is double-quoted with JSON escapes, which YAML reads alike.
public enum YAMLEmitter {
    /// The YAML text of `node`, ending in a line break.
    public static func emit(_ node: RenderedNode) -> String {
        switch node.content {
        case .mapping(let entries) where !entries.isEmpty:
            return mapping(entries, indent: "")
        case .sequence(let items) where !items.isEmpty:
            return sequence(items, indent: "")
        default:
            return inline(node) + "\n"
        }
    }

    static func mapping(_ entries: [RenderedNode.Entry], indent: String) -> String {
        var out = ""
        for entry in entries {
            out += indent + scalarText(entry.key) + ":"
            switch entry.value.content {
            case .mapping(let members) where !members.isEmpty:
                out += "\n" + mapping(members, indent: indent + "  ")
            case .sequence(let items) where !items.isEmpty:
                out += "\n" + sequence(items, indent: indent + "  ")
            default:
                out += " " + inline(entry.value) + "\n"
            }
        }
        return out
    }

    static func sequence(_ items: [RenderedNode], indent: String) -> String {
        var out = ""
        for item in items {
            switch item.content {
            case .mapping(let members) where !members.isEmpty:
                // The first key on the dash's line: `- name: a` then `  port: 1`.
                out += indent + "- " + mapping(members, indent: indent + "  ").dropFirst(indent.count + 2)
            case .sequence(let nested) where !nested.isEmpty:
                out += indent + "- " + sequence(nested, indent: indent + "  ").dropFirst(indent.count + 2)
            default:
                out += indent + "- " + inline(item) + "\n"
            }
        }
        return out
    }

    /// A scalar or an empty collection on one line.
    static func inline(_ node: RenderedNode) -> String {
        switch node.content {
        case .string(let text): return scalarText(text)
        case .literal(let text): return text
        case .mapping: return "{}"
        case .sequence: return "[]"
        }
    }

    /// Words that YAML 1.1 or 1.2 readers type as booleans or null when plain.
    static let reservedWords: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL",
    ]

    /// `text` plain when that is unambiguous, else as a JSON string literal. Plain text starts with
    /// a letter, `_` or `/` (so never a number, `.inf` or an indicator), holds only letters, digits,
    /// spaces and `_ . / @ : -`, never `: ` nor a trailing `:` or space, and is not a reserved word.
    public static func scalarText(_ text: String) -> String {
        isPlainSafe(text) ? text : JSONWriter.quoted(text)
    }

    static func isPlainSafe(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last, !reservedWords.contains(text) else { return false }
        func isLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        guard isLetter(first) || first == UInt8(ascii: "_") || first == UInt8(ascii: "/") else { return false }
        guard last != UInt8(ascii: " ") && last != UInt8(ascii: ":") else { return false }
        for (i, c) in bytes.enumerated() {
            if isLetter(c) || isDigit(c) { continue }
            switch c {
            case UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "@"), UInt8(ascii: "-"):
                continue
            case UInt8(ascii: " "):
                if bytes[i - 1] == UInt8(ascii: " ") { return false }  // keep runs of spaces visible
            case UInt8(ascii: ":"):
                if bytes[i + 1] == UInt8(ascii: " ") { return false }
            default:
                return false
            }
        }
        return true
    }
}
