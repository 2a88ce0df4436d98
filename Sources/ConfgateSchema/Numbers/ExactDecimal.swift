import BigInt

/// A number from source text, exact: `mantissa × 10^exponent`, normalised so that equal values
/// are `==` and hash alike (`1`, `1.0`, `1e0`, `10e-1` and `0x1` are one value).
///
/// Normal form: the mantissa has no trailing decimal zero; zero is `0 × 10^0` (so `-0` is `0`).
///
/// **Exponent range.** The exponent is an `Int` kept within ±``exponentLimit`` (10^18 − 1), so
/// every exponent written with up to 18 digits is exact. A text whose normalised exponent lies
/// beyond (`1e99999999999999999999`) saturates there: it keeps its sign, its mantissa, whether it
/// is an integer, and its `multipleOf` answers, and orders correctly against every value of
/// ordinary size; only such out-of-range values may compare equal among themselves. Nothing is
/// ever computed with 10^exponent: every operation costs work in the size of the mantissas.
public struct ExactDecimal: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The significant digits, with the sign; never divisible by 10 unless zero.
    public let mantissa: BigInt
    /// The power of ten the mantissa is scaled by; within ±``exponentLimit``, 0 for zero.
    public let exponent: Int

    /// The largest exponent magnitude kept exactly; beyond it, exponents saturate.
    public static let exponentLimit = 999_999_999_999_999_999

    static let zero = ExactDecimal(normalisedMagnitude: BigUInt(), negative: false, exponent: 0)

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
        self.init(mantissa: BigInt(value), exponent: 0)
    }

    /// `mantissa × 10^exponent`, brought to normal form (trailing zeros moved into the exponent,
    /// which then saturates at ±``exponentLimit``).
    public init(mantissa: BigInt, exponent: Int) {
        var magnitude = mantissa.magnitude
        guard !magnitude.isZero else {
            self = .zero
            return
        }
        var e = Self.clamped(exponent, to: Self.exponentLimit * 2)
        // 10^k divides the mantissa only if 2^k does: the binary trailing zeros bound the work.
        var budget = magnitude.trailingZeroBitCount
        let wordPower = BigUInt(NumberText.wordPowerOfTen)
        while budget >= 19 {
            let (q, r) = magnitude.quotientAndRemainder(dividingBy: wordPower)
            guard r.isZero else { break }
            magnitude = q
            e += 19
            budget -= 19
        }
        let ten = BigUInt(10)
        while budget >= 1 {
            let (q, r) = magnitude.quotientAndRemainder(dividingBy: ten)
            guard r.isZero else { break }
            magnitude = q
            e += 1
            budget -= 1
        }
        self.init(normalisedMagnitude: magnitude, negative: mantissa.sign == .minus, exponent: e)
    }

    /// For a magnitude already free of trailing zeros (or zero); only clamps the exponent.
    init(normalisedMagnitude magnitude: BigUInt, negative: Bool, exponent: Int) {
        if magnitude.isZero {
            mantissa = BigInt()
            self.exponent = 0
        } else {
            mantissa = BigInt(sign: negative ? .minus : .plus, magnitude: magnitude)
            self.exponent = Self.clamped(exponent, to: Self.exponentLimit)
        }
    }

    private static func clamped(_ value: Int, to limit: Int) -> Int { min(max(value, -limit), limit) }

    // MARK: - Properties

    /// Whether the value has no fractional part: `1.0`, `1e3` and `-0` do, `1.5` and `1e-3` do not.
    public var isInteger: Bool { exponent >= 0 }

    /// Whether the value is zero (`0`, `-0`, `0.0e5`).
    public var isZero: Bool { mantissa.isZero }

    /// Whether the value is below zero (`-0` is not).
    public var isNegative: Bool { mantissa.sign == .minus && !mantissa.isZero }

    // MARK: - Order

    /// Exact numeric order.
    public static func < (a: ExactDecimal, b: ExactDecimal) -> Bool { compare(a, b) < 0 }

    /// -1, 0 or 1 as `a` is below, equal to or above `b`.
    static func compare(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        let sa = a.mantissa.signum(), sb = b.mantissa.signum()
        if sa != sb { return sa < sb ? -1 : 1 }
        if sa == 0 { return 0 }
        let magnitudeOrder = compareMagnitudes(a, b)
        return sa > 0 ? magnitudeOrder : -magnitudeOrder
    }

    /// Compares |a| and |b| without ever forming 10^(exponent difference) when it is large.
    private static func compareMagnitudes(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        if a.exponent < b.exponent { return -compareMagnitudes(b, a) }
        let ma = a.mantissa.magnitude, mb = b.mantissa.magnitude
        let d = a.exponent - b.exponent  // ≤ 2 × exponentLimit: no overflow
        if d == 0 { return ma < mb ? -1 : (ma == mb ? 0 : 1) }
        // |ma| ≥ 1 and 10^d > 8^d = 2^(3d) ≥ 2^bitWidth(mb) > |mb|.
        if 3 * d >= mb.bitWidth { return 1 }
        let scaled = ma * powerOfTen(d)
        return scaled < mb ? -1 : (scaled == mb ? 0 : 1)
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
    ///   the work depends on the sizes of m and n, never on how far apart the exponents are
    ///   (`1e100000` by `7` costs one small remainder).
    public func isMultiple(of divisor: ExactDecimal) -> Bool {
        if divisor.isZero { return isZero }
        if isZero { return true }
        if exponent < divisor.exponent { return false }
        let n = divisor.mantissa.magnitude
        if n == 1 { return true }
        let t = min(exponent - divisor.exponent, n.bitWidth)
        var r = mantissa.magnitude % n
        if r.isZero { return true }
        if t > 0 { r = (r * (Self.powerOfTen(t) % n)) % n }
        return r.isZero
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
        let digits = String(mantissa.magnitude)
        let k = digits.utf8.count
        var out = isNegative ? "-" : ""
        if exponent >= 0 && exponent <= 20 {
            out += digits
            out += String(repeating: "0", count: exponent)
            return out
        }
        if exponent < 0 {
            let point = k + exponent  // digits before the decimal point
            if point > 0 {
                let split = digits.utf8.index(digits.startIndex, offsetBy: point)
                out += digits[..<split]
                out += "."
                out += digits[split...]
                return out
            }
            if point > -6 {
                out += "0."
                out += String(repeating: "0", count: -point)
                out += digits
                return out
            }
        }
        out += digits.prefix(1)
        if k > 1 {
            out += "."
            out += digits.dropFirst()
        }
        let scientific = k - 1 + exponent
        out += scientific >= 0 ? "e+" : "e-"
        out += String(scientific.magnitude)
        return out
    }

    // MARK: - Double

    /// The nearest `Double` (ties to even), ±infinity beyond its range, ±0 below it.
    ///
    /// Correctly rounded from the exact value, whatever the number of digits; far out-of-range
    /// exponents are decided from bit widths alone.
    public var doubleValue: Double {
        if isZero { return 0 }
        let negative = isNegative
        let m = mantissa.magnitude
        let bits = m.bitWidth  // |m| ∈ [2^(bits−1), 2^bits)
        let p: BigUInt, q: BigUInt
        if exponent >= 0 {
            // |x| ≥ 2^(bits−1) · 8^e: at or beyond 2^1024 it rounds to infinity.
            if bits - 1 + 3 * exponent >= 1024 { return negative ? -.infinity : .infinity }
            (p, q) = (m * Self.powerOfTen(exponent), 1)
        } else {
            // |x| < 2^bits / 8^|e|: below 2^-1075 (half the least subnormal) it rounds to zero.
            if bits - 3 * -exponent < -1075 { return negative ? -0.0 : 0.0 }
            // |x| ≥ 2^(bits−1) / 16^|e|.
            if bits - 1 - 4 * -exponent >= 1024 { return negative ? -.infinity : .infinity }
            (p, q) = (m, Self.powerOfTen(-exponent))
        }
        let magnitude = Self.roundedQuotient(p, q)
        return negative ? -magnitude : magnitude
    }

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
        if shift > 60 { return 0 }  // below a quarter of the least subnormal
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

    private static let smallPowersOfTen: [UInt] = (0..<20).map { (0..<$0).reduce(1) { r, _ in r * 10 } }

    /// 10^n for n ≥ 0; callers keep n proportional to the size of a mantissa.
    static func powerOfTen(_ n: Int) -> BigUInt {
        n < smallPowersOfTen.count ? BigUInt(smallPowersOfTen[n]) : BigUInt(10).power(n)
    }
}
