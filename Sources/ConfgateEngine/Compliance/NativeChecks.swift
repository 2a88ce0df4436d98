import ConfgateDocument
import ConfgateSchema

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The value checks of a rule evaluated directly on the parsed tree, when they are all of the
/// simple kinds (scalar `equals`/`notEquals`/`enum`, `pattern`, `notPattern`, lengths, bounds,
/// `type`, `truthy`, `falsy`). They mean exactly what the JSON Schema they compile to means
/// (`RuleChecks.schemaText`, which `rules explain` shows and the validator runs otherwise); this
/// is the same judgement without building the validator's evaluation for each node, which cost
/// more than the rest of a lint when the built-in packs' `/**` selectors reach every node.
///
/// A class: a rule's checks are read for nearly every node, and a struct of five arrays was
/// copied (five retains and releases) at each read (with the walk's own, 93M instructions of
/// reference counting on 200 services of the benchmark corpus).
final class NativeChecks: Sendable {
    /// A scalar as JSON compares it: numbers by value (`1` equals `1.0`).
    enum Scalar: Hashable, Sendable {
        case string([UInt8])
        case number(ExactDecimal)
        case bool(Bool)
        case null
    }

    /// The checks as `make` gathers them.
    struct Parts {
        var oneOf: [Scalar]?
        var noneOf: [Scalar] = []
        var patterns: [ECMARegex] = []
        var antiPatterns: [Exclusion] = []
        var minLength: Int?
        var maxLength: Int?
        var minimum: ExactDecimal?
        var maximum: ExactDecimal?
        var types: [String]?
        var truthy = false
        var falsy = false
    }

    let oneOf: [Scalar]?
    let noneOf: [Scalar]
    let patterns: [ECMARegex]
    let antiPatterns: [Exclusion]
    let minLength: Int?
    let maxLength: Int?
    let minimum: ExactDecimal?
    let maximum: ExactDecimal?
    let types: [String]?
    let truthy: Bool
    let falsy: Bool
    /// `failingKinds`, worked out once (`fails` asks it for every node).
    private let judged: NodeKinds
    /// What `stringFails` reads, worked out once: the string operands of `equals`/`enum` and
    /// `notEquals` as bytes, whether `type` rules strings out, whether lengths are checked.
    /// (Reading the `Scalar` enums per string copied, retained and released their arrays.)
    private let stringOneOf: [[UInt8]]?
    private let stringNoneOf: [[UInt8]]
    private let rejectsStrings: Bool
    private let checksLength: Bool

    init(_ parts: Parts) {
        oneOf = parts.oneOf
        noneOf = parts.noneOf
        patterns = parts.patterns
        antiPatterns = parts.antiPatterns
        minLength = parts.minLength
        maxLength = parts.maxLength
        minimum = parts.minimum
        maximum = parts.maximum
        types = parts.types
        truthy = parts.truthy
        falsy = parts.falsy
        judged = Self.failingKinds(parts)
        func bytes(_ scalar: Scalar) -> [UInt8]? { if case .string(let s) = scalar { s } else { nil } }
        stringOneOf = parts.oneOf.map { $0.compactMap(bytes) }
        stringNoneOf = parts.noneOf.compactMap(bytes)
        rejectsStrings = parts.types.map { !$0.contains("string") } ?? false
        checksLength = parts.minLength != nil || parts.maxLength != nil
    }

    static let supported: Set<String> = [
        "equals", "notEquals", "enum", "pattern", "notPattern", "minLength", "maxLength", "minimum", "maximum", "type",
        "truthy", "falsy",
    ]

    /// The native form of the value checks among `entries`, already validated by
    /// `RuleChecks.parse`; `nil` when one needs the validator (a list or mapping as an operand).
    static func make(
        _ entries: [(name: String, key: NodeID, value: NodeID)], _ stream: ParsedStream, regexes: [String: ECMARegex] = [:]
    ) -> NativeChecks? {
        var native = Parts()
        // The checks the validator's value schema holds; `schema`, `unique` and presence are
        // checked apart from it (RuleChecks.check).
        for entry in entries where supported.contains(entry.name) {
            let value = stream.resolved(entry.value)
            switch entry.name {
            case "equals", "notEquals":
                guard let scalar = scalar(stream, value) else { return nil }
                if entry.name == "equals" { native.oneOf = [scalar] } else { native.noneOf.append(scalar) }
            case "enum":
                var items: [Scalar] = []
                for item in stream.elements(value) {
                    guard let scalar = scalar(stream, item) else { return nil }
                    items.append(scalar)
                }
                native.oneOf = items
            case "pattern", "notPattern":
                let pattern = stream.string(value)
                guard let regex = regexes[pattern] ?? (try? ECMARegex(pattern)) else { return nil }
                if entry.name == "pattern" { native.patterns.append(regex) } else { native.antiPatterns.append(Exclusion(regex)) }
            case "minLength": native.minLength = Int(stream.string(value))
            case "maxLength": native.maxLength = Int(stream.string(value))
            case "minimum", "maximum":
                guard case .number(let bound)? = scalar(stream, value) else { return nil }
                if entry.name == "minimum" { native.minimum = bound } else { native.maximum = bound }
            case "type":
                native.types = stream.kind(value) == .sequence ? stream.elements(value).map(stream.string) : [stream.string(value)]
            case "truthy": native.truthy = true
            case "falsy": native.falsy = true
            default: return nil
            }
        }
        return NativeChecks(native)
    }

    static func scalar(_ stream: ParsedStream, _ node: NodeID) -> Scalar? {
        let node = stream.resolved(node)
        switch stream.scalarType(node) {
        case .bool?:
            var first: UInt8 = 0
            stream.withUnsafeValueBytes(node) { first = $0.first ?? 0 }
            return .bool(first == UInt8(ascii: "t") || first == UInt8(ascii: "T"))
        case .null?: return .null
        case .integer?:
            // Decimal digits read in place; other spellings (0x1F, 0o17) through their JSON form.
            var value: ExactDecimal?
            stream.withUnsafeValueBytes(node) { bytes in
                if bytes.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }) {
                    value = ExactDecimal(bytes)
                }
            }
            if let value { return .number(value) }
        default: break
        }
        switch DocumentValue.scalar(stream, node) {
        case .string(let s)?: return .string(Array(s.utf8))
        case .number(let text)?: return ExactDecimal(text).map(Scalar.number)
        case .bool(let b)?: return .bool(b)
        case .null?: return .null
        default: return nil
        }
    }

    private static let falsyValues: [Scalar] = [.bool(false), .null, .number(ExactDecimal(0)), .string([])]

    /// The kinds of node these checks can fail on.
    var failingKinds: NodeKinds { judged }

    private static func failingKinds(_ parts: Parts) -> NodeKinds {
        if parts.oneOf != nil || parts.types != nil || parts.falsy { return .all }
        var kinds: NodeKinds = []
        for value in parts.noneOf {
            switch value {
            case .string: kinds.insert(.string)
            case .number: kinds.insert(.number)
            case .bool: kinds.insert(.boolean)
            case .null: kinds.insert(.null)
            }
        }
        if !parts.patterns.isEmpty || !parts.antiPatterns.isEmpty { kinds.insert(.string) }
        if parts.minLength != nil || parts.maxLength != nil { kinds.formUnion([.string, .mapping, .sequence]) }
        if parts.minimum != nil || parts.maximum != nil { kinds.insert(.number) }
        if parts.truthy { kinds.formUnion(.scalars) }
        return kinds
    }

    /// Whether a list or mapping of `count` items or members fails the checks (the collections a
    /// merge built, which no stream holds).
    func collectionFails(isMapping: Bool, count: Int) -> Bool {
        if oneOf != nil || falsy { return true }
        if let types, !types.contains(isMapping ? "object" : "array") { return true }
        return count < (minLength ?? 0) || count > (maxLength ?? Int.max)
    }

    /// Whether a node fails any of the checks.
    func fails(_ stream: ParsedStream, _ node: NodeID) -> Bool {
        let node = stream.resolved(node)
        let kind = stream.kind(node)
        // A value of a kind no check judges passes them all (a `notPattern` and a number).
        guard kind == .scalar || kind == .alias else {
            guard judged.contains(kind == .mapping ? .mapping : .sequence) else { return false }
            // A list or mapping: never equal to a scalar operand, truthy, free of string and
            // number checks; its length counts items or members.
            if oneOf != nil || falsy { return true }
            if let types, !types.contains(kind == .mapping ? "object" : "array") { return true }
            if minLength != nil || maxLength != nil, let length = RuleChecks.length(stream, node) {
                if length < (minLength ?? 0) || length > (maxLength ?? Int.max) { return true }
            }
            return false
        }
        let type = stream.scalarType(node) ?? .null
        let scalarKind: NodeKinds = switch type {
        case .string: .string
        case .integer, .number: .number
        case .bool: .boolean
        case .null: .null
        }
        guard judged.contains(scalarKind) else { return false }
        // Strings are compared as bytes in place; other scalars are read once.
        if type == .string { return stringFails(stream, node) }
        guard let value = Self.scalar(stream, node) else { return true }
        if let oneOf, !oneOf.contains(value) { return true }
        if noneOf.contains(value) { return true }
        if truthy && Self.falsyValues.contains(value) { return true }
        if falsy && !Self.falsyValues.contains(value) { return true }
        if let types {
            let names: [String]
            switch value {
            case .number(let n): names = n.isInteger ? ["number", "integer"] : ["number"]
            case .bool: names = ["boolean"]
            case .null: names = ["null"]
            case .string: names = ["string"]
            }
            if !names.contains(where: types.contains) { return true }
        }
        if case .number(let n) = value {
            if let minimum, n < minimum { return true }
            if let maximum, n > maximum { return true }
        }
        return false
    }

    /// `fails` for a node the caller knows is a string (not an alias).
    func stringFails(_ stream: ParsedStream, _ node: NodeID) -> Bool {
        guard judged.contains(.string) else { return false }
        var failed = false
        stream.withUnsafeValueBytes(node) { bytes in failed = stringFails(bytes) }
        return failed
    }

    private func stringFails(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func equal(_ operand: [UInt8]) -> Bool {
            operand.count == bytes.count
                && (bytes.isEmpty || operand.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
        }
        if let stringOneOf, !stringOneOf.contains(where: equal) { return true }
        if stringNoneOf.contains(where: equal) { return true }
        if truthy && bytes.isEmpty { return true }
        if falsy && !bytes.isEmpty { return true }
        if rejectsStrings { return true }
        if checksLength {
            var length = 0
            for b in bytes where b & 0xC0 != 0x80 { length += 1 }
            if length < (minLength ?? 0) || length > (maxLength ?? Int.max) { return true }
        }
        // A search over PCRE2's match limit counts against the value, as the validator counts it.
        if patterns.contains(where: { $0.firstMatch(utf8: bytes) != .match }) { return true }
        for i in antiPatterns.indices where antiPatterns[i].matches(bytes) { return true }
        return false
    }
}

/// A `notPattern`, with what PCRE2 knows of it: a string too short for it, without a byte every
/// match contains, or starting with a byte no match starts with, is not searched. The built-in
/// packs' "no loopback URL anywhere" and "no plain http anywhere" run on every string.
struct Exclusion: Sendable {
    let regex: ECMARegex
    let minimumLength: Int
    /// The required byte, and its other case when it is a letter (else the same byte).
    let requiredByte: UInt8?
    let requiredOtherCase: UInt8
    /// The bytes a match can start with.
    let startBytes: BitSet256?

    init(_ regex: ECMARegex) {
        self.regex = regex
        minimumLength = regex.minimumLength
        requiredByte = regex.requiredByte
        if let required = requiredByte, (0x61...0x7A).contains(required | 0x20) {
            requiredOtherCase = required ^ 0x20
        } else {
            requiredOtherCase = requiredByte ?? 0
        }
        startBytes = regex.startBytes.map { table in BitSet256(table.indices.filter { table[$0] }) }
    }

    /// Whether the regex matches the string. A search over PCRE2's match limit counts as a match,
    /// as the validator counts it as a failure (`pattern-limit`).
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // The minimum counts characters; a string of fewer bytes has fewer characters.
        if bytes.count < minimumLength { return false }
        if minimumLength > 0, let startBytes, let first = bytes.first, !startBytes.contains(Int(first)) { return false }
        if let required = requiredByte, let base = bytes.baseAddress {
            if memchr(base, Int32(required), bytes.count) == nil
                && (requiredOtherCase == required || memchr(base, Int32(requiredOtherCase), bytes.count) == nil)
            {
                return false
            }
        }
        return regex.firstMatch(utf8: bytes) != .noMatch
    }
}
