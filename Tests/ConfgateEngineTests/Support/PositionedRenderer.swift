import ConfgateDocument

/// Writes a value tree as YAML or JSON text in one of several styles, recording where every node
/// lands. The generic rule test re-writes an example in another style and checks that the finding
/// moves to the recorded place, so this renderer is written independently of the library's own
/// writers (`YAMLWriter`, `JSONWriter`): its positions are the oracle for what the readers report.
///
/// Positions follow `SourceLocation`: 1-based lines and columns (columns count Unicode scalars),
/// 0-based byte offsets. The text has LF line breaks and no byte-order mark.
struct PositionedRenderer {
    /// How the document is written.
    enum Style: String, CaseIterable, Sendable, CustomStringConvertible {
        /// Indented block collections (two spaces), plain scalars where the core schema reads the
        /// same type back, double-quoted otherwise.
        case blockYAML
        /// One flow collection over several lines, one member a line, nested collections indented.
        case flowYAML
        /// Block collections with every key and every string double-quoted.
        case quotedYAML
        /// Pretty JSON, two spaces per level.
        case json

        var format: SourceFormat { self == .json ? .json : .yaml }

        var description: String { rawValue }
    }

    /// Where a node was written: its key's start (for a mapping member) and its value's start. A
    /// non-empty block collection starts at its first key or its first `-`, as libyaml marks it.
    struct Position: Equatable, Sendable, CustomStringConvertible {
        var key: SourceLocation?
        var value: SourceLocation

        var description: String { "key \(key.map(\.description) ?? "-"), value \(value)" }
    }

    /// The text and the position of every JSON Pointer in it.
    struct Rendered: Sendable {
        var text: String
        var positions: [String: Position]

        var bytes: [UInt8] { Array(text.utf8) }
    }

    let style: Style

    /// Writes `value` as one document, ending with a line break.
    func render(_ value: DocumentValue) -> Rendered {
        var out = Output()
        switch style {
        case .blockYAML, .quotedYAML:
            writeBlock(value, pointer: "", indent: 0, into: &out)
        case .flowYAML, .json:
            writeFlow(value, pointer: "", indent: 0, into: &out)
            out.write("\n")
        }
        return Rendered(text: out.text, positions: out.positions)
    }

    // MARK: - Block style

    /// Writes a document root or a sequence item's value, the cursor standing where it starts.
    private func writeBlock(_ value: DocumentValue, pointer: String, indent: Int, into out: inout Output) {
        switch value {
        case .object(let members) where !members.isEmpty:
            writeBlockMapping(members, pointer: pointer, indent: indent, into: &out)
        case .array(let items) where !items.isEmpty:
            writeBlockSequence(items, pointer: pointer, indent: indent, into: &out)
        default:
            out.markValue(pointer)
            out.write(inline(value) + "\n")
        }
    }

    /// The cursor stands at column `indent + 1` of the mapping's first line.
    private func writeBlockMapping(_ members: [DocumentValue.Member], pointer: String, indent: Int, into out: inout Output) {
        out.markValue(pointer)
        for (i, member) in members.enumerated() {
            if i > 0 { out.write(String(repeating: " ", count: indent)) }
            let child = JSONPointer.appending(pointer, member.key)
            out.markKey(child)
            out.write(key(member.key) + ":")
            switch member.value {
            case .object(let nested) where !nested.isEmpty:
                out.write("\n" + String(repeating: " ", count: indent + 2))
                writeBlockMapping(nested, pointer: child, indent: indent + 2, into: &out)
            case .array(let nested) where !nested.isEmpty:
                out.write("\n" + String(repeating: " ", count: indent + 2))
                writeBlockSequence(nested, pointer: child, indent: indent + 2, into: &out)
            default:
                out.write(" ")
                out.markValue(child)
                out.write(inline(member.value) + "\n")
            }
        }
    }

    /// The cursor stands at column `indent + 1`; each item is `- ` and its value, a nested block
    /// collection starting on the dash's line (`- a: 1`, `- - x`).
    private func writeBlockSequence(_ items: [DocumentValue], pointer: String, indent: Int, into out: inout Output) {
        out.markValue(pointer)
        for (i, item) in items.enumerated() {
            if i > 0 { out.write(String(repeating: " ", count: indent)) }
            out.write("- ")
            writeBlock(item, pointer: JSONPointer.appending(pointer, String(i)), indent: indent + 2, into: &out)
        }
    }

    // MARK: - Flow style and JSON

    /// Collections open on the current line, members one a line indented by two more spaces, the
    /// closing bracket on a line of its own.
    private func writeFlow(_ value: DocumentValue, pointer: String, indent: Int, into out: inout Output) {
        out.markValue(pointer)
        let inner = String(repeating: " ", count: indent + 2), outer = String(repeating: " ", count: indent)
        switch value {
        case .object(let members) where !members.isEmpty:
            out.write("{\n")
            for (i, member) in members.enumerated() {
                let child = JSONPointer.appending(pointer, member.key)
                out.write(inner)
                out.markKey(child)
                out.write(key(member.key) + ": ")
                writeFlow(member.value, pointer: child, indent: indent + 2, into: &out)
                out.write(i + 1 < members.count ? ",\n" : "\n")
            }
            out.write(outer + "}")
        case .array(let items) where !items.isEmpty:
            out.write("[\n")
            for (i, item) in items.enumerated() {
                out.write(inner)
                writeFlow(item, pointer: JSONPointer.appending(pointer, String(i)), indent: indent + 2, into: &out)
                out.write(i + 1 < items.count ? ",\n" : "\n")
            }
            out.write(outer + "]")
        default:
            out.write(inline(value))
        }
    }

    // MARK: - Scalars

    /// A scalar or an empty collection on one line.
    private func inline(_ value: DocumentValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        // A JSON number's text is also a YAML 1.2 core-schema number or integer with the same value.
        case .number(let text): text
        case .string(let s): string(s)
        case .object: "{}"
        case .array: "[]"
        }
    }

    private func string(_ s: String) -> String {
        switch style {
        case .json: Self.jsonQuoted(s)
        case .quotedYAML: Self.yamlQuoted(s)
        case .blockYAML: Self.isPlainSafe(s, inFlow: false) ? s : Self.yamlQuoted(s)
        case .flowYAML: Self.isPlainSafe(s, inFlow: true) ? s : Self.yamlQuoted(s)
        }
    }

    private func key(_ k: String) -> String { string(k) }

    /// Words a YAML 1.1 or 1.2 reader could take for a boolean or a null. Other special plain
    /// scalars (numbers, `~`, `.inf`) do not start with a letter, which `isPlainSafe` requires.
    private static let reservedWords: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null"]

    /// Whether `s` can be written plain and read back as the same string: deliberately narrower
    /// than YAML allows (quoting more never changes a value, only the style).
    static func isPlainSafe(_ s: String, inFlow: Bool) -> Bool {
        guard let first = s.unicodeScalars.first, first.properties.isAlphabetic,
            !reservedWords.contains(s.lowercased()), s.last != " ", !s.hasSuffix(":"),
            !s.contains(": "), !s.contains(" #")
        else { return false }
        for scalar in s.unicodeScalars {
            if needsEscape(scalar) || scalar == "\t" { return false }
            // In a flow collection these end or split the scalar; libyaml is stricter than the
            // spec about `:` there, so no colon at all.
            if inFlow, ",[]{}:#".unicodeScalars.contains(scalar) { return false }
        }
        return true
    }

    /// Characters libyaml does not accept as printable text, and line breaks (LS and PS fold
    /// inside a quoted scalar): they are written as escapes.
    private static func needsEscape(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0..<0x20, 0x7F, 0x80...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    /// A YAML double-quoted scalar.
    static func yamlQuoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            default:
                if needsEscape(c) {
                    out += c.value < 0x100 ? "\\x" + hex(c.value, width: 2) : "\\u" + hex(c.value, width: 4)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    /// A JSON string (RFC 8259: only `"`, `\` and control characters must be escaped).
    static func jsonQuoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 { out += "\\u" + hex(c.value, width: 4) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// The text being written and the cursor's position in it.
private struct Output {
    var text = ""
    var positions: [String: PositionedRenderer.Position] = [:]
    private var line = 1, column = 1, offset = 0
    private var keys: [String: SourceLocation] = [:]

    var here: SourceLocation { SourceLocation(line: line, column: column, offset: offset) }

    mutating func write(_ s: String) {
        text += s
        for scalar in s.unicodeScalars {
            offset += String(scalar).utf8.count
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
    }

    /// Records the key of the member at `pointer`; its value is marked next.
    mutating func markKey(_ pointer: String) { keys[pointer] = here }

    mutating func markValue(_ pointer: String) {
        positions[pointer] = PositionedRenderer.Position(key: keys[pointer], value: here)
    }
}
