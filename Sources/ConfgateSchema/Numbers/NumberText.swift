import BigInt

/// Reads the number texts that ConfgateDocument types as `integer` or `number`, and nothing else.
///
/// The accepted language is exactly `ScalarResolver`'s (see `docs/yaml-typing.md`), which contains
/// every JSON number:
/// - decimal `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, except that a text with neither
///   `.` nor exponent may not have a leading zero (`007`, `00` and `-01` stay strings there);
/// - hexadecimal `0x[0-9a-fA-F]+`, unsigned, lowercase `x`;
/// - `.inf`, `.Inf`, `.INF` with an optional sign, and `.nan`, `.NaN`, `.NAN` without one.
///
/// A decimal text is read in one linear pass whatever its length or exponent; a hexadecimal one is
/// converted to decimal digits by `DigitConversion` in subquadratic time.
enum NumberText {
    enum Value {
        case finite(ExactDecimal)
        case positiveInfinity, negativeInfinity, nan
    }

    static func parse(_ text: some Collection<UInt8>) -> Value? {
        if let value = text.withContiguousStorageIfAvailable({ parse(buffer: $0) }) { return value }
        return Array(text).withUnsafeBufferPointer { parse(buffer: $0) }
    }

    // MARK: - Grammar

    private static let dot = UInt8(ascii: "."), plus = UInt8(ascii: "+"), minus = UInt8(ascii: "-")
    private static let zero = UInt8(ascii: "0")

    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c &- zero < 10 }

    private static func parse(buffer v: UnsafeBufferPointer<UInt8>) -> Value? {
        let n = v.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if v[0] == plus || v[0] == minus {
            negative = v[0] == minus
            i = 1
        }
        guard i < n else { return nil }

        if v[i] == dot && n - i == 4 {
            let word = (v[i + 1], v[i + 2], v[i + 3])
            if word == (0x69, 0x6E, 0x66) || word == (0x49, 0x6E, 0x66) || word == (0x49, 0x4E, 0x46) {  // inf Inf INF
                return negative ? .negativeInfinity : .positiveInfinity
            }
            if i == 0 && (word == (0x6E, 0x61, 0x6E) || word == (0x4E, 0x61, 0x4E) || word == (0x4E, 0x41, 0x4E)) {  // nan NaN NAN
                return .nan
            }
        }

        if i == 0 && n > 2 && v[0] == zero && v[1] == UInt8(ascii: "x") {
            return hexadecimal(UnsafeBufferPointer(rebasing: v[2...])).map { .finite($0) }
        }

        let intStart = i
        while i < n && isDigit(v[i]) { i += 1 }
        let intEnd = i
        var fracStart = i, fracEnd = i
        var hasDot = false
        if i < n && v[i] == dot {
            hasDot = true
            i += 1
            fracStart = i
            while i < n && isDigit(v[i]) { i += 1 }
            fracEnd = i
        }
        guard intEnd > intStart || fracEnd > fracStart else { return nil }

        var writtenExponent = 0
        var hasExponent = false
        if i < n && v[i] | 0x20 == UInt8(ascii: "e") {
            hasExponent = true
            i += 1
            var exponentNegative = false
            if i < n && (v[i] == plus || v[i] == minus) {
                exponentNegative = v[i] == minus
                i += 1
            }
            let digitsStart = i
            while i < n && isDigit(v[i]) {
                // Saturate far beyond ExactDecimal.exponentLimit: the value is clamped later anyway,
                // and this keeps every sum below Int.max whatever the text.
                writtenExponent =
                    writtenExponent > exponentSaturation / 10
                    ? exponentSaturation : min(writtenExponent * 10 + Int(v[i] - zero), exponentSaturation)
                i += 1
            }
            guard i > digitsStart else { return nil }
            if exponentNegative { writtenExponent = -writtenExponent }
        }
        guard i == n else { return nil }
        if !hasDot && !hasExponent && intEnd - intStart > 1 && v[intStart] == zero { return nil }

        // The significant digits run over integer ++ fraction, from the first to the last non-zero.
        let integer = intStart..<intEnd, fraction = fracStart..<fracEnd
        let total = integer.count + fraction.count
        @inline(__always) func digit(at p: Int) -> UInt8 {
            p < integer.count ? v[integer.lowerBound + p] : v[fraction.lowerBound + p - integer.count]
        }
        var first = 0
        while first < total && digit(at: first) == zero { first += 1 }
        guard first < total else { return .finite(ExactDecimal.zero) }
        var last = total - 1
        while digit(at: last) == zero { last -= 1 }
        var digits = [UInt8](repeating: 0, count: last - first + 1)
        for p in first...last { digits[p - first] = digit(at: p) - zero }
        let exponent = writtenExponent - fraction.count + (total - 1 - last)
        return .finite(ExactDecimal(normalisedDigits: digits, negative: negative, exponent: exponent))
    }

    /// Well above `ExactDecimal.exponentLimit`, well below `Int.max / 2`.
    private static let exponentSaturation = 4_000_000_000_000_000_000

    private static func hexadecimal(_ v: UnsafeBufferPointer<UInt8>) -> ExactDecimal? {
        var words: [UInt] = []
        words.reserveCapacity(v.count / 16 + 1)
        var end = v.count
        while end > 0 {
            let start = max(0, end - 16)
            var w: UInt = 0
            for j in start..<end {
                let c = v[j]
                let d: UInt8
                if isDigit(c) {
                    d = c - zero
                } else if c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "f") {
                    d = (c | 0x20) - UInt8(ascii: "a") + 10
                } else {
                    return nil
                }
                w = w << 4 | UInt(d)
            }
            words.append(w)
            end = start
        }
        return ExactDecimal(binaryWords: words, negative: false, exponent: 0)
    }
}
