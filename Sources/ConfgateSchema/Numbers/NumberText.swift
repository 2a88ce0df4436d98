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
/// Work is linear in the text for numbers of up to a few hundred digits and quasi-linear beyond
/// (divide-and-conquer conversion), so a 1 MiB scalar of digits is read in milliseconds.
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

        return .finite(
            decimal(
                v, integer: intStart..<intEnd, fraction: fracStart..<fracEnd, exponent: writtenExponent,
                negative: negative))
    }

    /// Well above `ExactDecimal.exponentLimit`, well below `Int.max / 2`.
    private static let exponentSaturation = 4_000_000_000_000_000_000

    /// The value of `integer` digits, then `fraction` digits, times 10^`exponent`, normalised.
    private static func decimal(
        _ v: UnsafeBufferPointer<UInt8>, integer: Range<Int>, fraction: Range<Int>, exponent: Int, negative: Bool
    ) -> ExactDecimal {
        // Positions run over the concatenation integer ++ fraction; `digit(at:)` maps them back.
        let total = integer.count + fraction.count
        @inline(__always) func digit(at p: Int) -> UInt8 {
            p < integer.count ? v[integer.lowerBound + p] : v[fraction.lowerBound + p - integer.count]
        }
        var first = 0
        while first < total && digit(at: first) == zero { first += 1 }
        guard first < total else { return ExactDecimal.zero }
        var last = total - 1
        while digit(at: last) == zero { last -= 1 }
        let trailingZeros = total - 1 - last
        let e = exponent - fraction.count + trailingZeros

        let count = last - first + 1
        let magnitude: BigUInt
        if count <= 19 {
            var w: UInt64 = 0
            for p in first...last { w = w &* 10 &+ UInt64(digit(at: p) - zero) }
            magnitude = BigUInt(w)
        } else {
            var digits = [UInt8]()
            digits.reserveCapacity(count)
            for p in first...last { digits.append(digit(at: p) - zero) }
            magnitude = Self.magnitude(decimalDigits: digits)
        }
        return ExactDecimal(normalisedMagnitude: magnitude, negative: negative, exponent: e)
    }

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
        return ExactDecimal(mantissa: BigInt(sign: .plus, magnitude: BigUInt(words: words)), exponent: 0)
    }

    // MARK: - Digits to binary

    /// 10^19, the largest power of ten in a 64-bit word.
    static let wordPowerOfTen: UInt = 10_000_000_000_000_000_000

    /// The integer written by `digits` (values 0...9, most significant first).
    ///
    /// Splits the digits into base-10^19 words, then joins halves as `high × 10^(19·2^j) + low`
    /// with the powers computed once by squaring; BigInt's Karatsuba multiplication then makes
    /// the whole conversion quasi-linear instead of the quadratic word-by-word Horner scheme.
    static func magnitude(decimalDigits digits: [UInt8]) -> BigUInt {
        var chunks: [UInt] = []
        chunks.reserveCapacity(digits.count / 19 + 1)
        var end = digits.count
        while end > 0 {
            let start = max(0, end - 19)
            var w: UInt = 0
            for j in start..<end { w = w &* 10 &+ UInt(digits[j]) }
            chunks.append(w)
            end = start
        }
        var powers = [BigUInt(wordPowerOfTen)]
        return join(chunks, 0..<chunks.count, &powers)
    }

    /// Σ chunks[lo + i] · (10^19)^i over `range`; `powers[j]` caches (10^19)^(2^j).
    private static func join(_ chunks: [UInt], _ range: Range<Int>, _ powers: inout [BigUInt]) -> BigUInt {
        if range.count <= 16 {
            var r = BigUInt()
            for i in range.reversed() {
                r.multiply(byWord: wordPowerOfTen)
                r += BigUInt(chunks[i])
            }
            return r
        }
        var j = 0
        while 2 << j < range.count { j += 1 }
        let half = 1 << j
        while powers.count <= j { powers.append(powers[powers.count - 1] * powers[powers.count - 1]) }
        let low = join(chunks, range.lowerBound..<(range.lowerBound + half), &powers)
        let high = join(chunks, (range.lowerBound + half)..<range.upperBound, &powers)
        return high * powers[j] + low
    }
}
