/// Conversions between ExactDecimal's decimal digits and binary words.
///
/// Binary to decimal (hexadecimal texts, `ExactDecimal(mantissa:exponent:)`) is divide and
/// conquer over base-10^9 limbs with Karatsuba multiplication, so a 1 MiB hexadecimal scalar, which
/// a YAML instance can hold, converts in about a second instead of half a minute. Decimal to
/// binary (`mantissa`, long `multipleOf` divisors, the 801-digit prefix behind `doubleValue`) is a
/// plain in-place Horner scheme: it only ever sees schema values and short prefixes.
enum DigitConversion {
    /// 10^19, the largest power of ten in a 64-bit word.
    static let wordPowerOfTen: UInt = 10_000_000_000_000_000_000

    /// 10^0 ... 10^19.
    static let smallPowersOfTen: [UInt] = (0..<20).map { (0..<$0).reduce(1) { r, _ in r * 10 } }

    // MARK: - Decimal to binary

    /// The binary words (least significant first) of the integer written by `digits` (values 0...9,
    /// most significant first): Horner's scheme in base 10^19, in place. Quadratic.
    static func binaryWords(ofDigits digits: [UInt8]) -> [UInt] {
        var words = [UInt](repeating: 0, count: digits.count / 19 + 1)
        var used = 0
        var position = 0
        // The first chunk takes the odd digits, so every later chunk is exactly 19 digits long.
        var chunkLength = digits.count % 19 == 0 ? 19 : digits.count % 19
        words.withUnsafeMutableBufferPointer { w in
            while position < digits.count {
                var chunk: UInt = 0
                for j in position..<(position + chunkLength) { chunk = chunk &* 10 &+ UInt(digits[j]) }
                let scale = smallPowersOfTen[chunkLength]
                var carry = chunk
                for k in 0..<used {
                    let (high, low) = w[k].multipliedFullWidth(by: scale)
                    let (sum, overflow) = low.addingReportingOverflow(carry)
                    w[k] = sum
                    carry = high &+ (overflow ? 1 : 0)
                }
                if carry != 0 {
                    w[used] = carry
                    used += 1
                }
                position += chunkLength
                chunkLength = 19
            }
        }
        return Array(words[..<used])
    }

    // MARK: - Binary to decimal

    /// The decimal digits (most significant first, no leading zero, empty for zero) of the integer
    /// with binary `words` (least significant first).
    static func decimalDigits(ofWords words: [UInt]) -> [UInt8] {
        var count = words.count
        while count > 0 && words[count - 1] == 0 { count -= 1 }
        var powers: [[UInt64]] = [limbs(ofWords: [0, 1])]  // 2^64
        let limbs = convert(words, 0..<count, &powers)
        var digits: [UInt8] = []
        digits.reserveCapacity(limbs.count * 9)
        for (index, limb) in limbs.enumerated().reversed() {
            var nine = [UInt8](repeating: 0, count: 9)
            var l = limb
            for j in stride(from: 8, through: 0, by: -1) {
                nine[j] = UInt8(l % 10)
                l /= 10
            }
            if index == limbs.count - 1 {
                digits += nine.drop { $0 == 0 }
            } else {
                digits += nine
            }
        }
        return digits
    }

    /// Base of the decimal limbs: products of two limbs fit in 64 bits with room for carries.
    private static let limbBase: UInt64 = 1_000_000_000

    /// Base-10^9 limbs (least significant first, trimmed) of `words[range]`; `powers[j]` caches
    /// the limbs of 2^(64·2^j).
    private static func convert(_ words: [UInt], _ range: Range<Int>, _ powers: inout [[UInt64]]) -> [UInt64] {
        if range.count <= 32 { return limbs(ofWords: Array(words[range])) }
        var j = 0
        while 2 << j < range.count { j += 1 }
        let half = 1 << j
        while powers.count <= j { powers.append(multiply(powers[powers.count - 1], powers[powers.count - 1])) }
        let low = convert(words, range.lowerBound..<(range.lowerBound + half), &powers)
        let high = convert(words, (range.lowerBound + half)..<range.upperBound, &powers)
        var result = multiply(high, powers[j])
        add(&result, low, at: 0)
        return trimmed(result)
    }

    /// Limbs of a short number by repeated division by 10^18, in place. Quadratic: for ≤ 32 words.
    private static func limbs(ofWords input: [UInt]) -> [UInt64] {
        var w = input
        var used = w.count
        while used > 0 && w[used - 1] == 0 { used -= 1 }
        var limbs: [UInt64] = []
        let divisor: UInt = 1_000_000_000_000_000_000
        while used > 0 {
            var remainder: UInt = 0
            for k in stride(from: used - 1, through: 0, by: -1) {
                (w[k], remainder) = divisor.dividingFullWidth((remainder, w[k]))
            }
            limbs.append(UInt64(remainder) % limbBase)
            limbs.append(UInt64(remainder) / limbBase)
            while used > 0 && w[used - 1] == 0 { used -= 1 }
        }
        return trimmed(limbs)
    }

    // MARK: - Limb arithmetic

    private static func trimmed(_ limbs: [UInt64]) -> [UInt64] {
        var count = limbs.count
        while count > 0 && limbs[count - 1] == 0 { count -= 1 }
        return count == limbs.count ? limbs : Array(limbs[..<count])
    }

    /// r += x × base^offset.
    private static func add(_ r: inout [UInt64], _ x: [UInt64], at offset: Int) {
        if r.count < offset + x.count + 1 { r += repeatElement(0, count: offset + x.count + 1 - r.count) }
        var carry: UInt64 = 0
        r.withUnsafeMutableBufferPointer { r in
            x.withUnsafeBufferPointer { x in
                for i in 0..<x.count {
                    let t = r[offset + i] &+ x[i] &+ carry
                    carry = t >= limbBase ? 1 : 0
                    r[offset + i] = t &- carry &* limbBase
                }
            }
        }
        var k = offset + x.count
        while carry != 0 {
            if k == r.count { r.append(0) }
            let t = r[k] + carry
            carry = t >= limbBase ? 1 : 0
            r[k] = t - carry * limbBase
            k += 1
        }
    }

    /// r −= x, for r ≥ x.
    private static func subtract(_ r: inout [UInt64], _ x: [UInt64]) {
        var borrow: UInt64 = 0
        r.withUnsafeMutableBufferPointer { r in
            x.withUnsafeBufferPointer { x in
                for i in 0..<x.count {
                    let s = x[i] &+ borrow
                    borrow = r[i] < s ? 1 : 0
                    r[i] = r[i] &+ borrow &* limbBase &- s
                }
                var k = x.count
                while borrow != 0 {
                    borrow = r[k] == 0 ? 1 : 0
                    r[k] = r[k] &+ borrow &* limbBase &- 1
                    k += 1
                }
            }
        }
    }

    /// a × b, trimmed: schoolbook for short operands, Karatsuba above.
    static func multiply(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        if a.isEmpty || b.isEmpty { return [] }
        let (long, short) = a.count >= b.count ? (a, b) : (b, a)
        if short.count < 64 { return schoolbook(long, short) }
        if long.count >= 2 * short.count {
            // Unbalanced: multiply short by each short-sized slice of long.
            var result: [UInt64] = []
            var start = 0
            while start < long.count {
                let end = min(start + short.count, long.count)
                add(&result, multiply(Array(long[start..<end]), short), at: start)
                start = end
            }
            return trimmed(result)
        }
        let h = long.count / 2
        let a0 = trimmed(Array(long[..<h])), a1 = Array(long[h...])
        let b0 = trimmed(Array(short[..<min(h, short.count)])), b1 = short.count > h ? Array(short[h...]) : []
        let z0 = multiply(a0, b0), z2 = multiply(a1, b1)
        var sumA = a0, sumB = b0
        add(&sumA, a1, at: 0)
        add(&sumB, b1, at: 0)
        var z1 = multiply(trimmed(sumA), trimmed(sumB))
        subtract(&z1, z0)
        subtract(&z1, z2)
        var result = z0
        add(&result, trimmed(z1), at: h)
        add(&result, z2, at: 2 * h)
        return trimmed(result)
    }

    private static func schoolbook(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var result = [UInt64](repeating: 0, count: a.count + b.count)
        result.withUnsafeMutableBufferPointer { r in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    // Carries are deferred: a cell below B takes 17 products below B² and stays
                    // under 2^64, so rows are plain independent multiply-adds, normalised every 17.
                    var batchStart = 0
                    for i in 0..<a.count {
                        let ai = a[i]
                        if ai != 0 {
                            for j in 0..<b.count { r[i + j] &+= ai &* b[j] }
                        }
                        if i - batchStart == 16 || i == a.count - 1 {
                            // Cells below batchStart are normal and untouched since. A literal
                            // divisor, so the division compiles to a multiplication.
                            var carry: UInt64 = 0
                            var k = batchStart
                            while k < i + b.count || (carry != 0 && k < r.count) {
                                let t = r[k] &+ carry
                                carry = t / 1_000_000_000
                                r[k] = t &- carry &* 1_000_000_000
                                k += 1
                            }
                            batchStart = i + 1
                        }
                    }
                }
            }
        }
        return trimmed(result)
    }
}
