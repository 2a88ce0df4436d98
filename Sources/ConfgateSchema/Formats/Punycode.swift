extension FormatChecker {
    /// Punycode (RFC 3492), the encoding of an A-label's part after "xn--". Both directions are
    /// needed: a decoded A-label must encode back to itself (RFC 5891 section 5.4), and a
    /// U-label's length limit is on its encoded form (section 4.2.4).
    enum Punycode {
        private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
        private static let initialBias = 72, initialN = 128, delimiter: UInt32 = 0x2D
        /// Arithmetic beyond this fails instead of overflowing (RFC 3492 section 6.4).
        private static let maxInt = Int(Int32.max)

        /// The code points `input` encodes; nil when it is not valid Punycode.
        static func decode(_ input: Scalars) -> [UInt32]? {
            var output: [UInt32] = []
            var position = input.startIndex
            // The basic code points are those before the last delimiter, if there is anything
            // before it; otherwise every code point is a digit.
            if let last = input.lastIndex(of: delimiter), last > input.startIndex {
                for c in input[..<last] {
                    guard c < 0x80 else { return nil }
                    output.append(c)
                }
                position = last + 1
            }
            var n = initialN, i = 0, bias = initialBias
            while position < input.endIndex {
                let oldI = i
                var w = 1, k = base
                while true {
                    guard position < input.endIndex, let digit = digitValue(input[position]) else { return nil }
                    position += 1
                    guard digit <= (maxInt - i) / w else { return nil }
                    i += digit * w
                    let t = threshold(k, bias)
                    if digit < t { break }
                    guard w <= maxInt / (base - t) else { return nil }
                    w *= base - t
                    k += base
                }
                let count = output.count + 1
                bias = adapt(i - oldI, count, firstTime: oldI == 0)
                guard i / count <= maxInt - n else { return nil }
                n += i / count
                i %= count
                // A basic code point must not be encoded; a surrogate is not a scalar.
                guard n >= 0x80, n <= 0x10FFFF, !(0xD800...0xDFFF).contains(n) else { return nil }
                output.insert(UInt32(n), at: i)
                i += 1
            }
            return output
        }

        /// The Punycode form of `input` (lowercase digits); nil on overflow.
        static func encode(_ input: [UInt32]) -> [UInt32]? {
            var output = input.filter { $0 < 0x80 }
            let basicCount = output.count
            var handled = basicCount
            if basicCount > 0 { output.append(delimiter) }
            var n = initialN, delta = 0, bias = initialBias
            while handled < input.count {
                guard let m = input.lazy.map({ Int($0) }).filter({ $0 >= n }).min() else { return nil }
                guard m - n <= (maxInt - delta) / (handled + 1) else { return nil }
                delta += (m - n) * (handled + 1)
                n = m
                for c in input.lazy.map({ Int($0) }) {
                    if c < n {
                        delta += 1
                        guard delta <= maxInt else { return nil }
                    }
                    if c == n {
                        var q = delta, k = base
                        while true {
                            let t = threshold(k, bias)
                            if q < t { break }
                            output.append(digitScalar(t + (q - t) % (base - t)))
                            q = (q - t) / (base - t)
                            k += base
                        }
                        output.append(digitScalar(q))
                        bias = adapt(delta, handled + 1, firstTime: handled == basicCount)
                        delta = 0
                        handled += 1
                    }
                }
                delta += 1
                n += 1
            }
            return output
        }

        // MARK: - Pieces

        private static func threshold(_ k: Int, _ bias: Int) -> Int {
            k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
        }

        private static func adapt(_ delta: Int, _ count: Int, firstTime: Bool) -> Int {
            var delta = firstTime ? delta / damp : delta / 2
            delta += delta / count
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + ((base - tMin + 1) * delta) / (delta + skew)
        }

        /// a-z (either case) are 0-25, 0-9 are 26-35.
        private static func digitValue(_ c: UInt32) -> Int? {
            if ASCII.isAlpha(c) { return Int(ASCII.lowercased(c) - 0x61) }
            if ASCII.isDigit(c) { return Int(c - 0x30) + 26 }
            return nil
        }

        private static func digitScalar(_ d: Int) -> UInt32 {
            d < 26 ? UInt32(0x61 + d) : UInt32(0x30 + d - 26)
        }
    }
}
