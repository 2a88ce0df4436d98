import BigInt

/// A number from source text, exact: `mantissa × 10^exponent`, normalised so that equal values
/// are `==` and hash alike (`1`, `1.0`, `1e0`, `10e-1` and `0x1` are one value).
///
/// Normal form: the mantissa has no trailing decimal zero; zero is `0 × 10^0` (so `-0` is `0`).
/// The mantissa is kept as its decimal digits, so reading, comparing, hashing, printing and
/// `multipleOf` are linear in the number of digits, however many there are (a 1 MiB scalar of
/// digits costs milliseconds in a release build); ``mantissa`` gives it as a `BigInt`.
///
/// **Exponent range.** The exponent is an `Int` kept within ±``exponentLimit`` (10^18 − 1), so
/// every exponent written with up to 18 digits is exact. A text whose normalised exponent lies
/// beyond (`1e99999999999999999999`) saturates there: it keeps its sign, its digits, whether it
/// is an integer, and its `multipleOf` answers, and orders correctly against every value of
/// ordinary size; only such out-of-range values may compare equal among themselves. Nothing is
/// ever computed with 10^exponent: every operation costs work in the number of digits.
public struct ExactDecimal: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// |mantissa| as decimal digits (values 0...9), most significant first: empty for zero, never
    /// starting or ending with 0.
    let digits: [UInt8]
    /// Whether the value is below zero (never for zero).
    let negative: Bool
    /// The power of ten the mantissa is scaled by; within ±``exponentLimit``, 0 for zero.
    public let exponent: Int

    /// The largest exponent magnitude kept exactly; beyond it, exponents saturate.
    public static let exponentLimit = 999_999_999_999_999_999

    static let zero = ExactDecimal(normalisedDigits: [], negative: false, exponent: 0)

    // MARK: - Making values

    /// Reads a number text as ConfgateDocument types it `integer` or `number` (JSON numbers, YAML
    /// 1.2 core decimals such as `+1.5e3`, `.5`, `1.`, and hexadecimal `0x1F`); nil for anything
    /// else, including `.inf` and `.nan` (see ``SchemaNumber``).
    public init?(_ text: some Collection<UInt8>) {
        guard case .finite(let value) = NumberText.parse(text) else { return nil }
        self = value
    }

    /// Reads a number text; see ``init(_:)-(Collection<UInt8>)``.
    public init?(_ text: String) {
        self.init(text.utf8)
    }

    /// The value of an integer.
    public init(_ value: Int) {
        var m = value.magnitude
        var e = 0
        var reversed: [UInt8] = []
        if m != 0 {
            while m % 10 == 0 {
                m /= 10
                e += 1
            }
            while m != 0 {
                reversed.append(UInt8(m % 10))
                m /= 10
            }
        }
        self.init(normalisedDigits: reversed.reversed(), negative: value < 0, exponent: e)
    }

    /// `mantissa × 10^exponent`, brought to normal form (trailing zeros moved into the exponent,
    /// which then saturates at ±``exponentLimit``).
    public init(mantissa: BigInt, exponent: Int) {
        self.init(binaryWords: Array(mantissa.magnitude.words), negative: mantissa.sign == .minus, exponent: exponent)
    }

    /// From the binary words (least significant first) of |mantissa|.
    init(binaryWords words: [UInt], negative: Bool, exponent: Int) {
        var digits = DigitConversion.decimalDigits(ofWords: words)
        var zeros = 0
        while zeros < digits.count && digits[digits.count - 1 - zeros] == 0 { zeros += 1 }
        digits.removeLast(zeros)
        self.init(
            normalisedDigits: digits, negative: negative,
            exponent: Self.clamped(exponent, to: Self.exponentLimit * 2) + zeros)
    }

    /// For digits already in normal form (or empty); only clamps the exponent.
    init(normalisedDigits digits: [UInt8], negative: Bool, exponent: Int) {
        self.digits = digits
        self.negative = negative && !digits.isEmpty
        self.exponent = digits.isEmpty ? 0 : Self.clamped(exponent, to: Self.exponentLimit)
    }

    private static func clamped(_ value: Int, to limit: Int) -> Int { min(max(value, -limit), limit) }

    // MARK: - Properties

    /// The significant digits, with the sign, as an integer: never divisible by 10 unless zero.
    /// Computed on each use, in time quadratic in the number of digits.
    public var mantissa: BigInt {
        BigInt(sign: negative ? .minus : .plus, magnitude: BigUInt(words: DigitConversion.binaryWords(ofDigits: digits)))
    }

    /// Whether the value has no fractional part: `1.0`, `1e3` and `-0` do, `1.5` and `1e-3` do not.
    public var isInteger: Bool { exponent >= 0 }

    /// Whether the value is zero (`0`, `-0`, `0.0e5`).
    public var isZero: Bool { digits.isEmpty }

    /// Whether the value is below zero (`-0` is not).
    public var isNegative: Bool { negative }

    // MARK: - Order

    /// Exact numeric order.
    public static func < (a: ExactDecimal, b: ExactDecimal) -> Bool { compare(a, b) < 0 }

    /// -1, 0 or 1 as `a` is below, equal to or above `b`.
    static func compare(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        let sa = a.isZero ? 0 : (a.negative ? -1 : 1), sb = b.isZero ? 0 : (b.negative ? -1 : 1)
        if sa != sb { return sa < sb ? -1 : 1 }
        if sa == 0 { return 0 }
        let magnitudeOrder = compareMagnitudes(a, b)
        return sa > 0 ? magnitudeOrder : -magnitudeOrder
    }

    /// Compares |a| and |b|: first where the leading digit sits, then the digits themselves.
    private static func compareMagnitudes(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        // |x| ∈ [10^(p−1), 10^p) with p = exponent + digit count; no overflow within the limits.
        let pa = a.exponent + a.digits.count, pb = b.exponent + b.digits.count
        if pa != pb { return pa < pb ? -1 : 1 }
        // Same leading position: digit order is numeric order, and a proper prefix is smaller
        // (normal forms have no trailing zeros to pad).
        let n = min(a.digits.count, b.digits.count)
        for i in 0..<n where a.digits[i] != b.digits[i] { return a.digits[i] < b.digits[i] ? -1 : 1 }
        return a.digits.count < b.digits.count ? -1 : (a.digits.count == b.digits.count ? 0 : 1)
    }

    // MARK: - multipleOf

    /// Whether `self = k × divisor` for some integer k, exactly (JSON Schema's `multipleOf`).
    ///
    /// A negative divisor has the same multiples as its magnitude, and only zero is a multiple of
    /// zero, so the answer is defined (and never traps) even for a divisor a meta-schema rejects.
    ///
    /// With `self = m·10^e` and `divisor = n·10^f`, both normalised:
    /// - if e < f, `self / divisor = m / (n·10^(f−e))` needs 10 | m, false for a normal m ≠ 0;
    /// - otherwise the question is n | m·10^t with t = e − f. Writing n = 2^a·5^b·n' (n' prime to
    ///   10), for every t ≥ max(a, b) that is just n' | m, so t can be capped at bitWidth(n) > a, b:
    ///   the work depends on the digits of m and n, never on how far apart the exponents are
    ///   (`1e100000` by `7` costs one small remainder). m mod n takes one pass over m's digits:
    ///   in machine words for a divisor of up to 19 digits (every divisor anyone writes), in
    ///   BigInt steps the size of n beyond.
    public func isMultiple(of divisor: ExactDecimal) -> Bool {
        if divisor.isZero { return isZero }
        if isZero { return true }
        if exponent < divisor.exponent { return false }
        let gap = exponent - divisor.exponent  // ≤ 2 × exponentLimit: no overflow
        if divisor.digits.count <= 19 {
            var n: UInt = 0
            for d in divisor.digits { n = n * 10 + UInt(d) }
            if n == 1 { return true }
            var r: UInt = 0
            if n <= (UInt.max - 9) / 10 {
                for d in digits { r = (r * 10 + UInt(d)) % n }
            } else {
                for d in digits { r = Self.multiplyModulo(r, 10, adding: UInt(d), n) }
            }
            if r == 0 { return true }
            var scale: UInt = 1
            for _ in 0..<min(gap, UInt.bitWidth) { scale = Self.multiplyModulo(scale, 10, adding: 0, n) }
            return Self.multiplyModulo(r, scale, adding: 0, n) == 0
        }
        // A longer divisor: m mod n in one pass over m's digits, 19 at a time, so the cost stays
        // linear in the instance (the divisor comes from the schema).
        let n = BigUInt(words: DigitConversion.binaryWords(ofDigits: divisor.digits))
        var r = BigUInt()
        var position = 0
        var chunkLength = digits.count % 19 == 0 ? 19 : digits.count % 19
        while position < digits.count {
            var chunk: UInt = 0
            for j in position..<(position + chunkLength) { chunk = chunk &* 10 &+ UInt(digits[j]) }
            r.multiply(byWord: DigitConversion.smallPowersOfTen[chunkLength])
            r += BigUInt(chunk)
            if r >= n { r = r % n }
            position += chunkLength
            chunkLength = 19
        }
        if r.isZero { return true }
        let t = min(gap, n.bitWidth)
        return (r * BigUInt(10).power(BigUInt(t), modulus: n) % n).isZero
    }

    /// (a × b + c) mod n for a, c < n, in full width.
    private static func multiplyModulo(_ a: UInt, _ b: UInt, adding c: UInt, _ n: UInt) -> UInt {
        var (high, low) = a.multipliedFullWidth(by: b)
        let (sum, overflow) = low.addingReportingOverflow(c)
        low = sum
        if overflow { high += 1 }
        if high >= n { high %= n }  // keeps the quotient within a word; (high·2^64 + low) mod n is unchanged
        return n.dividingFullWidth((high, low)).remainder
    }

    // MARK: - Text

    /// Canonical text, valid JSON and read back by ``init(_:)-(String)`` to the same value.
    ///
    /// Plain notation unless that needs many padding zeros (JavaScript's thresholds, counted in
    /// padding so an exact big integer keeps all its digits): `0`, `-42`, `1.5`, `-0.001`,
    /// `100000000000000000000` (20 zeros), `12345678901234567890.0001`, `0.000001`; otherwise
    /// scientific with one digit before the point and a signed exponent: `1e+21`, `1.5e-7`,
    /// `-2.5e+400`.
    public var description: String {
        if isZero { return "0" }
        let zero = UInt8(ascii: "0")
        let k = digits.count
        var out: [UInt8] = []
        out.reserveCapacity(k + 24)
        if negative { out.append(UInt8(ascii: "-")) }
        func appendDigits(_ range: Range<Int>) { for i in range { out.append(digits[i] + zero) } }
        if exponent >= 0 && exponent <= 20 {
            appendDigits(0..<k)
            out += repeatElement(zero, count: exponent)
            return String(decoding: out, as: UTF8.self)
        }
        if exponent < 0 {
            let point = k + exponent  // digits before the decimal point
            if point > 0 {
                appendDigits(0..<point)
                out.append(UInt8(ascii: "."))
                appendDigits(point..<k)
                return String(decoding: out, as: UTF8.self)
            }
            if point > -6 {
                out += [zero, UInt8(ascii: ".")]
                out += repeatElement(zero, count: -point)
                appendDigits(0..<k)
                return String(decoding: out, as: UTF8.self)
            }
        }
        appendDigits(0..<1)
        if k > 1 {
            out.append(UInt8(ascii: "."))
            appendDigits(1..<k)
        }
        let scientific = k - 1 + exponent
        out += Array((scientific >= 0 ? "e+" : "e-").utf8)
        out += Array(String(scientific.magnitude).utf8)
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Double

    /// The nearest `Double` (ties to even), ±infinity beyond its range, ±0 below it.
    ///
    /// Correctly rounded from the exact value, whatever the number of digits: a halfway point
    /// between two doubles has at most 767 significant digits, so the first 800 digits plus a
    /// sticky 1 for any beyond decide the rounding as the whole number would.
    public var doubleValue: Double {
        if isZero { return 0 }
        let count = digits.count
        let position = exponent + count  // |x| ∈ [10^(position−1), 10^position)
        if position - 1 >= 309 { return negative ? -.infinity : .infinity }
        if position <= -324 { return negative ? -0.0 : 0.0 }  // below 10^-324 < 2^-1075, half the least subnormal
        let magnitude: Double
        if count <= 15 && exponent.magnitude <= 22 {
            // Clinger's fast path: both operands are exact doubles, so one rounding.
            var m: UInt64 = 0
            for d in digits { m = m * 10 + UInt64(d) }
            magnitude = exponent >= 0 ? Double(m) * Self.exactPowersOfTen[exponent] : Double(m) / Self.exactPowersOfTen[-exponent]
        } else {
            var kept = Array(digits.prefix(800))
            var e = exponent + (count - kept.count)
            if count > kept.count {
                kept.append(1)  // the dropped digits end in a non-zero one
                e -= 1
            }
            let m = BigUInt(words: DigitConversion.binaryWords(ofDigits: kept))
            // position bounds e to about [-1125, 309]: the powers of ten stay small.
            magnitude = e >= 0 ? Self.roundedQuotient(m * Self.powerOfTen(e), 1) : Self.roundedQuotient(m, Self.powerOfTen(-e))
        }
        return negative ? -magnitude : magnitude
    }

    private static let exactPowersOfTen: [Double] = (0...22).map { (0..<$0).reduce(1.0) { r, _ in r * 10 } }

    /// p / q rounded to the nearest double (ties to even), for p, q > 0.
    private static func roundedQuotient(_ p: BigUInt, _ q: BigUInt) -> Double {
        // Scale by 2^k so the integer quotient has 55 or 56 bits: enough for 53 plus guard bits.
        let k = 55 - (p.bitWidth - q.bitWidth)
        let (num, den) = k >= 0 ? (p << k, q) : (p, q << -k)
        let (quotientBig, remainder) = num.quotientAndRemainder(dividingBy: den)
        let quotient = UInt64(quotientBig)  // < 2^56
        let top = quotientBig.bitWidth - 1 - k  // x ∈ [2^top, 2^(top+1))
        if top >= 1024 { return .infinity }
        let ulpExponent = max(top - 52, -1074)
        let shift = ulpExponent + k  // quotient bits below the last kept one, ≥ 2
        if shift > 60 { return 0 }  // half an ulp is then 2^59 or more: above the whole quotient
        var kept = quotient >> UInt64(shift)
        let dropped = quotient & ((1 << UInt64(shift)) - 1)
        let half: UInt64 = 1 << UInt64(shift - 1)
        if dropped > half || (dropped == half && (!remainder.isZero || kept & 1 == 1)) { kept += 1 }
        // kept ∈ [2^52, 2^53] for normal numbers, < 2^52 for subnormals (ulpExponent = -1074):
        // adding it to the exponent field lets a carry to 2^53 (or into the normals) fall into place.
        let pattern = UInt64(ulpExponent + 1074) << 52 + kept
        if pattern >= Double.infinity.bitPattern { return .infinity }
        return Double(bitPattern: pattern)
    }

    // MARK: - Helpers

    /// 10^n for n ≥ 0; callers keep n proportional to the size of a mantissa.
    static func powerOfTen(_ n: Int) -> BigUInt {
        n < DigitConversion.smallPowersOfTen.count ? BigUInt(DigitConversion.smallPowersOfTen[n]) : BigUInt(10).power(n)
    }
}
