/// Writes a node's logical value (aliases followed, merge keys applied) as JSON text.
///
/// Used by `confgate dump` and for complex keys. YAML-only values are mapped as documented in
/// `docs/yaml-typing.md`: hexadecimal integers become decimal, `.inf` becomes `1e999` (which JSON
/// readers load as infinity), `.nan` becomes `null`, and non-string keys become their text.
public enum JSONWriter {
    /// The compact JSON text of a node.
    public static func compact(_ stream: ParsedStream, _ id: NodeID) -> String {
        var out: [UInt8] = []
        write(stream, id, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact JSON text of a node to `out`. The value hook, when given, may replace a
    /// scalar's JSON text (used to mask secrets); it returns `nil` to keep the value.
    public static func write(
        _ stream: ParsedStream, _ id: NodeID, into out: inout [UInt8],
        replacing hook: ((NodeID) -> String?)? = nil
    ) {
        let node = stream.resolved(id)
        switch stream.kind(node) {
        case .mapping:
            out.append(UInt8(ascii: "{"))
            for (i, entry) in stream.entries(node).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(stream.keyToken(entry.key).utf8, into: &out)
                out.append(UInt8(ascii: ":"))
                write(stream, entry.value, into: &out, replacing: hook)
            }
            out.append(UInt8(ascii: "}"))
        case .sequence:
            out.append(UInt8(ascii: "["))
            for (i, item) in stream.elements(node).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(stream, item, into: &out, replacing: hook)
            }
            out.append(UInt8(ascii: "]"))
        case .scalar, .alias:
            if let replacement = hook?(node) {
                out.append(contentsOf: replacement.utf8)
                return
            }
            writeScalar(stream, node, into: &out)
        }
    }

    static func writeScalar(_ stream: ParsedStream, _ id: NodeID, into out: inout [UInt8]) {
        let value = stream.valueBytes(id)
        switch stream.scalarType(id) ?? .null {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool:
            let isTrue = value.first == UInt8(ascii: "t") || value.first == UInt8(ascii: "T")
            out.append(contentsOf: (isTrue ? "true" : "false").utf8)
        case .integer:
            out.append(contentsOf: Numbers.jsonInteger(value).utf8)
        case .number:
            out.append(contentsOf: Numbers.jsonNumber(value).utf8)
        case .string:
            writeString(value, into: &out)
        }
    }

    /// Appends a JSON string literal, escaping what RFC 8259 requires. Inlinable so that callers
    /// in other modules get it specialised for their byte sequence (a `String.UTF8View` through
    /// the generic entry point cost five times as much).
    @inlinable
    public static func writeString<S: Sequence>(_ bytes: S, into out: inout [UInt8]) where S.Element == UInt8 {
        out.append(UInt8(ascii: "\""))
        for c in bytes {
            switch c {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0..<0x20, 0x7F:
                out.append(contentsOf: "\\u00".utf8)
                out.append(contentsOf: hex(c).utf8)
            default: out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A JSON string literal for a Swift string.
    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        writeString(s.utf8, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Exact-text number helpers: numbers are never rounded through a `Double`.
public enum Numbers {
    /// The JSON text of an integer scalar (YAML `+7` -> `7`, `0x1F` -> `31`), exact at any size.
    public static func jsonInteger<C: Collection>(_ text: C) -> String where C.Element == UInt8 {
        var s = String(decoding: text, as: UTF8.self)
        var negative = false
        if s.hasPrefix("+") { s.removeFirst() } else if s.hasPrefix("-") { negative = true; s.removeFirst() }
        if s.hasPrefix("0x") {
            let decimal = hexToDecimal(s.dropFirst(2))
            return (negative && decimal != "0" ? "-" : "") + decimal
        }
        return (negative ? "-" : "") + s
    }

    /// The JSON text of a non-integer number (`.5` -> `0.5`, `1.` -> `1.0`, `.inf` -> `1e999`).
    public static func jsonNumber<C: Collection>(_ text: C) -> String where C.Element == UInt8 {
        var s = String(decoding: text, as: UTF8.self)
        var sign = ""
        if s.hasPrefix("+") { s.removeFirst() } else if s.hasPrefix("-") { sign = "-"; s.removeFirst() }
        let lower = s.lowercased()
        if lower == ".inf" { return sign + "1e999" }
        if lower == ".nan" { return "null" }
        var mantissa = s, exponent = ""
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(s[..<e])
            exponent = String(s[e...])
            if exponent.hasPrefix("e+") || exponent.hasPrefix("E+") { exponent = "e" + exponent.dropFirst(2) }
        }
        var intPart = mantissa, fracPart: String?
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = String(mantissa[..<dot])
            fracPart = String(mantissa[mantissa.index(after: dot)...])
        }
        while intPart.count > 1 && intPart.hasPrefix("0") { intPart.removeFirst() }
        if intPart.isEmpty { intPart = "0" }
        var result = sign + intPart
        if let fracPart { result += "." + (fracPart.isEmpty ? "0" : fracPart) }
        return result + exponent
    }

    /// Converts hexadecimal digits to decimal digits exactly (schoolbook, for any length).
    static func hexToDecimal<S: StringProtocol>(_ hexDigits: S) -> String {
        var digits: [UInt8] = [0]  // little-endian base 10
        for ch in hexDigits {
            guard let v = ch.hexDigitValue else { continue }
            var carry = v
            for i in digits.indices {
                let x = Int(digits[i]) * 16 + carry
                digits[i] = UInt8(x % 10)
                carry = x / 10
            }
            while carry > 0 {
                digits.append(UInt8(carry % 10))
                carry /= 10
            }
        }
        while digits.count > 1 && digits.last == 0 { digits.removeLast() }
        return String(digits.reversed().map { Character(String($0)) })
    }
}
