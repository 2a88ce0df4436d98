/// Byte-level checks that run before a parser sees a file: byte-order marks, binary content and
/// UTF-8 validity. libyaml would silently accept UTF-16 and stop at a NUL with an unhelpful message;
/// checking first gives one clear `invalid-encoding` finding with the exact position.
enum Encoding {
    static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The name of a UTF-16 or UTF-32 encoding detected from a byte-order mark or, for JSON, from
    /// the RFC 4627 pattern of zero bytes in the first four bytes.
    static func wideEncoding(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        if b.count >= 4 {
            if b[0] == 0x00 && b[1] == 0x00 && b[2] == 0xFE && b[3] == 0xFF { return "UTF-32BE (byte-order mark)" }
            if b[0] == 0xFF && b[1] == 0xFE && b[2] == 0x00 && b[3] == 0x00 { return "UTF-32LE (byte-order mark)" }
        }
        if b.count >= 2 {
            if b[0] == 0xFE && b[1] == 0xFF { return "UTF-16BE (byte-order mark)" }
            if b[0] == 0xFF && b[1] == 0xFE { return "UTF-16LE (byte-order mark)" }
        }
        if b.count >= 4 && b.count % 2 == 0 {
            // Text in UTF-16 without a mark: its first two characters are ASCII, each beside a zero
            // byte. Shorter or odd-length input is not UTF-16 (`8<NUL>` is a binary file).
            func ascii(_ c: UInt8) -> Bool { c != 0x00 && c < 0x80 }
            if b[0] == 0x00 && ascii(b[1]) && b[2] == 0x00 && ascii(b[3]) { return "UTF-16BE" }
            if ascii(b[0]) && b[1] == 0x00 && ascii(b[2]) && b[3] == 0x00 { return "UTF-16LE" }
        }
        return nil
    }

    /// Whether the bytes start with a UTF-8 byte-order mark.
    static func hasUTF8BOM(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF
    }

    /// Length of the valid UTF-8 sequence starting at `i`, or 0 when the bytes there are not valid
    /// UTF-8 (overlong forms, surrogates and values above U+10FFFF are invalid, per RFC 3629).
    @inline(__always)
    static func sequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let c0 = b[i]
        if c0 < 0x80 { return 1 }
        let n = b.count
        @inline(__always) func cont(_ j: Int) -> Bool { j < n && b[j] & 0xC0 == 0x80 }
        switch c0 {
        case 0xC2...0xDF:
            return cont(i + 1) ? 2 : 0
        case 0xE0:
            return i + 1 < n && (0xA0...0xBF).contains(b[i + 1]) && cont(i + 2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return cont(i + 1) && cont(i + 2) ? 3 : 0
        case 0xED:
            return i + 1 < n && (0x80...0x9F).contains(b[i + 1]) && cont(i + 2) ? 3 : 0
        case 0xF0:
            return i + 1 < n && (0x90...0xBF).contains(b[i + 1]) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF1...0xF3:
            return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF4:
            return i + 1 < n && (0x80...0x8F).contains(b[i + 1]) && cont(i + 2) && cont(i + 3) ? 4 : 0
        default:
            return 0
        }
    }

    /// Result of scanning a whole file.
    struct Scan {
        /// Byte offset of the first NUL byte, if any.
        var firstNUL: Int?
        /// Byte offset of the first invalid UTF-8 sequence, if any.
        var firstInvalid: Int?
        /// Whether any byte is outside ASCII (if not, byte offsets equal character indexes).
        var hasNonASCII = false
    }

    static func scan(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Scan {
        var result = Scan()
        var i = start
        let n = b.count
        while i < n {
            // Fast path: eight ASCII bytes with no NUL at a time.
            if i + 8 <= n {
                let word = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                let hasHigh = word & 0x8080_8080_8080_8080 != 0
                let hasZero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
                if !hasHigh && !hasZero {
                    i += 8
                    continue
                }
            }
            let c = b[i]
            if c == 0 {
                if result.firstNUL == nil { result.firstNUL = i }
                i += 1
            } else if c < 0x80 {
                i += 1
            } else {
                result.hasNonASCII = true
                let len = sequenceLength(b, at: i)
                if len == 0 {
                    if result.firstInvalid == nil { result.firstInvalid = i }
                    i += 1
                } else {
                    i += len
                }
            }
            if result.firstNUL != nil && result.firstInvalid != nil { break }
        }
        return result
    }

    /// The line/column position of a byte offset, counting as the readers do: a line break is LF,
    /// CRLF or a lone CR; columns count Unicode scalars; a leading BOM is not a column.
    static func location(of offset: Int, in b: UnsafeBufferPointer<UInt8>) -> SourceLocation {
        var line = 1, column = 1
        var i = hasUTF8BOM(b) ? 3 : 0
        let end = min(offset, b.count)
        while i < end {
            let c = b[i]
            if c == 0x0A {
                line += 1
                column = 1
            } else if c == 0x0D {
                if i + 1 < b.count && b[i + 1] == 0x0A && i + 1 < end {
                    i += 1
                }
                line += 1
                column = 1
            } else if c & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return SourceLocation(line: line, column: column, offset: offset)
    }
}
