/// A strict RFC 8259 JSON reader that records an exact position for every node.
///
/// Hand-written because neither libjansson nor Foundation reports node positions, and because this
/// reader runs about 7x faster than either (../shared/notes/swift-c-libraries-spike.md, §3). It is
/// iterative, so nesting depth costs heap, not stack, and is bounded by ``InputLimits/maxDepth``.
/// libjansson serves as its independent oracle in the tests.
///
/// With `allowCommentsAndTrailingCommas` (`.jsonc` files) it also accepts `//` and `/* */` comments
/// and a comma before `]` or `}`.
struct JSONReader {
    let limits: InputLimits
    let allowCommentsAndTrailingCommas: Bool

    func read(_ bytes: [UInt8], contentStart: Int) -> (ParsedStream, [ReadDiagnostic]) {
        var builder = TreeBuilder(source: bytes, limits: limits)
        var failure: ReadDiagnostic?
        var end = SourceLocation(line: 1, column: 1, offset: contentStart)
        bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(
                b: buffer, pos: contentStart, lineStart: contentStart, jsonc: allowCommentsAndTrailingCommas)
            do throws(JSONParser.Failure) {
                try parser.parseDocument(into: &builder)
            } catch {
                failure = error.diagnostic
            }
            end = parser.location()
        }
        let stream = builder.finish(
            format: allowCommentsAndTrailingCommas ? .jsonc : .json, end: end, stop: failure)
        return (stream, builder.diagnostics)
    }
}

private struct JSONParser {
    let b: UnsafeBufferPointer<UInt8>
    var pos: Int
    var line = 1
    var lineStart: Int
    /// UTF-8 continuation bytes between `lineStart` and `pos`: column = characters, not bytes.
    var continuationBytes = 0
    let jsonc: Bool
    var scratch: [UInt8] = []

    init(b: UnsafeBufferPointer<UInt8>, pos: Int, lineStart: Int, jsonc: Bool) {
        self.b = b
        self.pos = pos
        self.lineStart = lineStart
        self.jsonc = jsonc
    }

    /// One error type for grammar and limit failures alike (typed throws do not convert).
    typealias Failure = TreeBuilder.Stop

    @inline(__always) func location() -> SourceLocation {
        SourceLocation(line: line, column: pos - lineStart - continuationBytes + 1, offset: pos)
    }

    /// A failure at the current position. A failure at a NUL byte (binary content) or at a byte that
    /// is not UTF-8 is an encoding problem, whatever the parser expected there.
    func fail(_ message: String, _ kind: ReadDiagnostic.Kind = .syntax) -> Failure {
        let at = location()
        var kind = kind
        if pos < b.count && (b[pos] == 0 || (b[pos] >= 0x80 && Encoding.sequenceLength(b, at: pos) == 0)) {
            kind = .invalidEncoding
        }
        return Failure(diagnostic: ReadDiagnostic(kind: kind, message: message, range: SourceRange(at: at), document: 0))
    }

    // MARK: - Whitespace and comments

    @inline(__always) mutating func newLine(after index: Int) {
        line += 1
        lineStart = index + 1
        continuationBytes = 0
    }

    mutating func skipWhitespace() throws(Failure) {
        while pos < b.count {
            switch b[pos] {
            case 0x20, 0x09:
                pos += 1
            case 0x0A:
                newLine(after: pos)
                pos += 1
            case 0x0D:
                if pos + 1 < b.count && b[pos + 1] == 0x0A { pos += 1 }
                newLine(after: pos)
                pos += 1
            case UInt8(ascii: "/") where jsonc:
                try skipComment()
            default:
                return
            }
        }
    }

    mutating func skipComment() throws(Failure) {
        guard pos + 1 < b.count else { throw fail("unexpected '/' at end of file") }
        if b[pos + 1] == UInt8(ascii: "/") {
            pos += 2
            while pos < b.count && b[pos] != 0x0A && b[pos] != 0x0D { try skipCharacter() }
        } else if b[pos + 1] == UInt8(ascii: "*") {
            let start = location()
            pos += 2
            while true {
                guard pos < b.count else {
                    throw Failure(
                        diagnostic: ReadDiagnostic(
                            kind: .syntax, message: "unterminated /* comment", range: SourceRange(at: start), document: 0))
                }
                if b[pos] == UInt8(ascii: "*") && pos + 1 < b.count && b[pos + 1] == UInt8(ascii: "/") {
                    pos += 2
                    return
                }
                if b[pos] == 0x0A {
                    newLine(after: pos)
                    pos += 1
                } else if b[pos] == 0x0D {
                    if pos + 1 < b.count && b[pos + 1] == 0x0A { pos += 1 }
                    newLine(after: pos)
                    pos += 1
                } else {
                    try skipCharacter()
                }
            }
        } else {
            throw fail("expected a JSON value, found '/'")
        }
    }

    /// Steps over one UTF-8 character, validating it.
    @inline(__always) mutating func skipCharacter() throws(Failure) {
        if b[pos] < 0x80 {
            pos += 1
            return
        }
        let len = Encoding.sequenceLength(b, at: pos)
        guard len > 0 else { throw fail("invalid UTF-8 byte 0x\(hex(b[pos]))", .invalidEncoding) }
        pos += len
        continuationBytes += len - 1
    }

    // MARK: - Structure

    mutating func parseDocument(into builder: inout TreeBuilder) throws(Failure) {
        try skipWhitespace()
        guard pos < b.count else {
            throw fail(line == 1 && pos - lineStart == 0 ? "empty JSON file: expected a value" : "expected a JSON value, found end of file")
        }
        builder.beginDocument(at: location())
        // One flag per open collection: true for an object.
        var open: [Bool] = []
        do {
            var expectValue = true
            while true {
                if expectValue {
                    try skipWhitespace()
                    if try parseValue(into: &builder, open: &open) { continue }
                }
                expectValue = false
                // After a value (or an opening bracket handled in parseValue).
                guard let inObject = open.last else { break }
                try skipWhitespace()
                guard pos < b.count else {
                    throw fail("unexpected end of file: expected ',' or '\(inObject ? "}" : "]")'")
                }
                let c = b[pos]
                if c == UInt8(ascii: ",") {
                    let comma = location()
                    pos += 1
                    try skipWhitespace()
                    let close = UInt8(ascii: inObject ? "}" : "]")
                    if pos < b.count, b[pos] == close {
                        guard jsonc else {
                            // The most common JSON mistake gets its own message, at the comma itself.
                            throw Failure(
                                diagnostic: ReadDiagnostic(
                                    kind: .syntax,
                                    message: "trailing comma before '\(inObject ? "}" : "]")' is not allowed in JSON",
                                    range: SourceRange(at: comma), document: 0))
                        }
                        pos += 1
                        builder.closeCollection(end: location())
                        open.removeLast()
                        continue
                    }
                    if inObject { try parseKey(into: &builder) }
                    expectValue = true
                } else if c == UInt8(ascii: inObject ? "}" : "]") {
                    pos += 1
                    builder.closeCollection(end: location())
                    open.removeLast()
                } else {
                    throw fail(
                        inObject
                            ? "expected ',' or '}' after an object member, found \(describe())"
                            : "expected ',' or ']' after an array element, found \(describe())")
                }
            }
        }
        let end = location()
        try skipWhitespace()
        if pos < b.count { throw fail("unexpected content after the JSON value: found \(describe())") }
        builder.endDocument(at: end)
    }

    /// Parses a scalar or an empty collection (returns false), or opens a collection and reads up
    /// to its first value (returns true: a value is expected next).
    mutating func parseValue(into builder: inout TreeBuilder, open: inout [Bool]) throws(Failure) -> Bool {
        guard pos < b.count else { throw fail("expected a JSON value, found end of file") }
        let start = location()
        do {
            switch b[pos] {
            case UInt8(ascii: "{"):
                pos += 1
                try builder.openCollection(
                    isMapping: true, style: .flow, range: SourceRange(at: start), tag: nil, anchor: nil)
                open.append(true)
                try skipWhitespace()
                if pos < b.count && b[pos] == UInt8(ascii: "}") {
                    pos += 1
                    builder.closeCollection(end: location())
                    open.removeLast()
                } else {
                    try parseKey(into: &builder)
                    return true
                }
            case UInt8(ascii: "["):
                pos += 1
                try builder.openCollection(
                    isMapping: false, style: .flow, range: SourceRange(at: start), tag: nil, anchor: nil)
                open.append(false)
                try skipWhitespace()
                if pos < b.count && b[pos] == UInt8(ascii: "]") {
                    pos += 1
                    builder.closeCollection(end: location())
                    open.removeLast()
                } else {
                    return true
                }
            case UInt8(ascii: "\""):
                try parseString(into: &builder)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (range, isInteger) = try scanNumber()
                try builder.addSourceScalar(
                    sourceRange: range, style: .plain, type: isInteger ? .integer : .number,
                    range: SourceRange(start: start, end: location()))
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let type = try scanLiteral()
                try builder.addSourceScalar(
                    sourceRange: start.offset..<pos, style: .plain, type: type,
                    range: SourceRange(start: start, end: location()))
            default:
                throw fail("expected a JSON value, found \(describe())")
            }
        }
        return false
    }

    mutating func parseKey(into builder: inout TreeBuilder) throws(Failure) {
        guard pos < b.count else { throw fail("unexpected end of file: expected a string key") }
        guard b[pos] == UInt8(ascii: "\"") else {
            throw fail("expected a string key in double quotes, found \(describe())")
        }
        try parseString(into: &builder)
        try skipWhitespace()
        guard pos < b.count, b[pos] == UInt8(ascii: ":") else {
            throw fail("expected ':' after an object key, found \(describe())")
        }
        pos += 1
    }

    // MARK: - Scalars

    mutating func parseString(into builder: inout TreeBuilder) throws(Failure) {
        let start = location()
        pos += 1
        let contentStart = pos
        var escaped = false
        while true {
            // A file ending inside an escape (`"abc\`) is unterminated too, reported at the same place.
            guard pos < b.count, b[pos] != UInt8(ascii: "\\") || pos + 1 < b.count else {
                throw Failure(
                    diagnostic: ReadDiagnostic(
                        kind: .syntax, message: "unterminated string: no closing '\"'", range: SourceRange(at: start),
                        document: 0))
            }
            let c = b[pos]
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") {
                if !escaped {
                    escaped = true
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: b[contentStart..<pos]))
                }
                try parseEscape()
                continue
            }
            if c < 0x20 {
                throw fail(
                    c == 0x0A || c == 0x0D
                        ? "unterminated string: a line break must be escaped as \\n in a JSON string"
                        : "control character U+00\(hex(c)) must be escaped in a JSON string")
            }
            let before = pos
            if c < 0x80 {
                pos += 1
            } else {
                try skipCharacter()
            }
            if escaped { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: b[before..<pos])) }
        }
        let contentEnd = pos
        pos += 1
        let range = SourceRange(start: start, end: location())
        do {
            if escaped {
                try scratch.withUnsafeBufferPointer { value throws(TreeBuilder.Stop) in
                    _ = try builder.addScalar(
                        value: value, style: .doubleQuoted, type: .string, range: range, tag: nil, anchor: nil)
                }
            } else {
                try builder.addSourceScalar(
                    sourceRange: contentStart..<contentEnd, style: .doubleQuoted, type: .string, range: range)
            }
        }
    }

    /// Decodes one escape sequence at `pos` (a backslash) into `scratch`.
    mutating func parseEscape() throws(Failure) {
        guard pos + 1 < b.count else { throw fail("unterminated string: no closing '\"'") }
        let e = b[pos + 1]
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(e)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(at: pos + 2)
            if (0xD800...0xDBFF).contains(scalar) {
                guard pos + 7 < b.count, b[pos + 6] == UInt8(ascii: "\\"), b[pos + 7] == UInt8(ascii: "u") else {
                    throw fail("lone surrogate \\u\(hex16(scalar)) is not a Unicode character")
                }
                let low = try hex4(at: pos + 8)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw fail("lone surrogate \\u\(hex16(scalar)) is not a Unicode character")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                pos += 6
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw fail("lone surrogate \\u\(hex16(scalar)) is not a Unicode character")
            }
            appendUTF8(scalar)
            pos += 6
            return
        default:
            pos += 1
            let c = b[pos]
            if c > 0x20 && c < 0x7F {
                throw fail("invalid escape '\\\(describeRaw())' in a JSON string; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
            }
            throw fail("invalid escape in a JSON string: a backslash followed by \(describeRaw())")
        }
        pos += 2
    }

    func hex4(at i: Int) throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        guard i + 4 <= b.count else {
            var copy = self
            copy.pos = min(i, b.count)
            throw copy.fail("\\u must be followed by four hexadecimal digits")
        }
        for j in i..<(i + 4) {
            let c = b[j]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default:
                var copy = self
                copy.pos = j
                throw copy.fail("\\u must be followed by four hexadecimal digits, found \(copy.describe())")
            }
            value = value << 4 | digit
        }
        return value
    }

    mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | (scalar >> 6)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | (scalar >> 12)))
            scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            scratch.append(UInt8(0xF0 | (scalar >> 18)))
            scratch.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    @inline(__always) func isDigit(_ i: Int) -> Bool {
        i < b.count && b[i] >= UInt8(ascii: "0") && b[i] <= UInt8(ascii: "9")
    }

    /// Scans `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, keeping the text exact.
    mutating func scanNumber() throws(Failure) -> (Range<Int>, Bool) {
        let start = pos
        var isInteger = true
        if b[pos] == UInt8(ascii: "-") {
            pos += 1
            guard isDigit(pos) else { throw fail("expected a digit after '-', found \(describe())") }
        }
        if b[pos] == UInt8(ascii: "0") {
            pos += 1
            if isDigit(pos) {
                let at = location()
                throw Failure(
                    diagnostic: ReadDiagnostic(
                        kind: .syntax, message: "invalid number: leading zeros are not allowed in JSON",
                        range: SourceRange(
                            at: SourceLocation(line: at.line, column: at.column - (pos - start), offset: start)),
                        document: 0))
            }
        } else {
            while isDigit(pos) { pos += 1 }
        }
        if pos < b.count && b[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard isDigit(pos) else { throw fail("expected a digit after the decimal point, found \(describe())") }
            while isDigit(pos) { pos += 1 }
        }
        if pos < b.count && (b[pos] == UInt8(ascii: "e") || b[pos] == UInt8(ascii: "E")) {
            isInteger = false
            pos += 1
            if pos < b.count && (b[pos] == UInt8(ascii: "+") || b[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard isDigit(pos) else { throw fail("expected a digit in the exponent, found \(describe())") }
            while isDigit(pos) { pos += 1 }
        }
        return (start..<pos, isInteger)
    }

    mutating func scanLiteral() throws(Failure) -> ScalarType {
        for (word, type) in [("true", ScalarType.bool), ("false", .bool), ("null", .null)] {
            let utf8 = word.utf8
            if pos + utf8.count <= b.count && b[pos..<(pos + utf8.count)].elementsEqual(utf8) {
                let after = pos + utf8.count
                if after < b.count && isWordByte(b[after]) { break }
                pos = after
                return type
            }
        }
        throw fail("expected a JSON value, found \(describe())")
    }

    // MARK: - Messages

    func isWordByte(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_")
    }

    /// Names what is at `pos` for an error message: a word, a character, or a byte.
    func describe() -> String {
        guard pos < b.count else { return "end of file" }
        let c = b[pos]
        if c == UInt8(ascii: "'") { return "a single quote (JSON strings use double quotes)" }
        if c == UInt8(ascii: "/") && pos + 1 < b.count && (b[pos + 1] == UInt8(ascii: "/") || b[pos + 1] == UInt8(ascii: "*")) {
            return "a comment (comments are allowed in .jsonc files and in files listed under jsonc: in .confgate.yaml)"
        }
        if isWordByte(c) {
            var end = pos
            while end < b.count && end - pos < 24 && isWordByte(b[end]) { end += 1 }
            return "'\(String(decoding: b[pos..<end], as: UTF8.self))'"
        }
        return describeRaw(quoted: true)
    }

    func describeRaw(quoted: Bool = false) -> String {
        guard pos < b.count else { return "end of file" }
        let c = b[pos]
        if c == 0 { return "a NUL byte" }
        if c < 0x20 || c == 0x7F { return "control character U+00\(hex(c))" }
        if c < 0x80 {
            let s = String(UnicodeScalar(c))
            return quoted ? "'\(s)'" : s
        }
        let len = Encoding.sequenceLength(b, at: pos)
        if len == 0 { return "invalid UTF-8 byte 0x\(hex(c))" }
        let s = String(decoding: b[pos..<(pos + len)], as: UTF8.self)
        // The code point as well: the character may be invisible (U+2060) or look like ASCII.
        let digits = String(s.unicodeScalars.first?.value ?? 0, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        return (quoted ? "'\(s)'" : s) + " (\(code))"

    }
}

@usableFromInline
func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}

func hex16(_ value: UInt32) -> String { hex(UInt8(value >> 8 & 0xFF)) + hex(UInt8(value & 0xFF)) }
