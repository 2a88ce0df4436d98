#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Types YAML scalars per the YAML 1.2 core schema, except where a YAML 1.1 reader would read the
/// same text differently: then the value stays a string, so nothing is silently coerced either way.
/// See `docs/yaml-typing.md` for the full table.
enum ScalarResolver {
    static let coreTagPrefix = "tag:yaml.org,2002:"

    /// The type of a scalar given its decoded bytes, how it was written, and its tag.
    static func resolve(_ v: UnsafeBufferPointer<UInt8>, plain: Bool, tag: String?) -> ScalarType {
        if let tag {
            if tag == "!" { return .string }  // the non-specific tag `!` means "string"
            if tag.hasPrefix(coreTagPrefix) {
                let name = tag.dropFirst(coreTagPrefix.count)
                let inferred = plainType(v)
                switch name {
                case "str": return .string
                case "null": return inferred == .null ? .null : .string
                case "bool": return inferred == .bool ? .bool : .string
                case "int": return inferred == .integer ? .integer : .string
                case "float": return inferred == .integer || inferred == .number ? .number : .string
                default: return plain ? inferred : .string
                }
            }
            // An application tag (`!vault`, `!Ref`) is kept as data and does not change the type.
        }
        return plain ? plainType(v) : .string
    }

    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// The core-schema type of an untagged plain scalar.
    static func plainType(_ v: UnsafeBufferPointer<UInt8>) -> ScalarType {
        let n = v.count
        if n == 0 { return .null }
        let c0 = v[0]
        // Nearly every plain scalar starts with a letter that no special value starts with.
        switch c0 {
        case UInt8(ascii: "~"):
            return n == 1 ? .null : .string
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            return matches(v, ["null", "Null", "NULL"]) ? .null : .string
        case UInt8(ascii: "t"), UInt8(ascii: "T"):
            return matches(v, ["true", "True", "TRUE"]) ? .bool : .string
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            return matches(v, ["false", "False", "FALSE"]) ? .bool : .string
        case UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return numericType(v)
        default:
            return .string
        }
    }

    private static func matches(_ v: UnsafeBufferPointer<UInt8>, _ words: [StaticString]) -> Bool {
        for w in words where w.utf8CodeUnitCount == v.count {
            if memcmp(w.utf8Start, v.baseAddress!, v.count) == 0 { return true }
        }
        return false
    }

    private static func numericType(_ v: UnsafeBufferPointer<UInt8>) -> ScalarType {
        let n = v.count
        var i = 0
        if v[0] == UInt8(ascii: "+") || v[0] == UInt8(ascii: "-") { i = 1 }
        if i == n { return .string }
        // .inf / .nan
        if v[i] == UInt8(ascii: ".") && n - i == 4 {
            let rest = UnsafeBufferPointer(rebasing: v[(i + 1)...])
            if matches(rest, ["inf", "Inf", "INF"]) { return .number }
            if i == 0 && matches(rest, ["nan", "NaN", "NAN"]) { return .number }
        }
        // Hexadecimal: an integer in YAML 1.1 and 1.2 alike.
        if i == 0 && n > 2 && v[0] == UInt8(ascii: "0") && v[1] == UInt8(ascii: "x") {
            for j in 2..<n {
                let c = v[j] | 0x20
                if !(isDigit(v[j]) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))) { return .string }
            }
            return .integer
        }
        // Decimal: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
        let intStart = i
        while i < n && isDigit(v[i]) { i += 1 }
        let intDigits = i - intStart
        var fracDigits = 0, hasDot = false, hasExp = false
        if i < n && v[i] == UInt8(ascii: ".") {
            hasDot = true
            i += 1
            let fracStart = i
            while i < n && isDigit(v[i]) { i += 1 }
            fracDigits = i - fracStart
        }
        if intDigits == 0 && fracDigits == 0 { return .string }
        if i < n && (v[i] == UInt8(ascii: "e") || v[i] == UInt8(ascii: "E")) {
            hasExp = true
            i += 1
            if i < n && (v[i] == UInt8(ascii: "+") || v[i] == UInt8(ascii: "-")) { i += 1 }
            let expStart = i
            while i < n && isDigit(v[i]) { i += 1 }
            if i == expStart { return .string }
        }
        if i != n { return .string }
        if !hasDot && !hasExp {
            // `0777` is octal 511 in YAML 1.1 and decimal 777 in 1.2: ambiguous, so a string.
            if intDigits > 1 && v[intStart] == UInt8(ascii: "0") { return .string }
            return .integer
        }
        return .number
    }
}

