// A recursive-descent parser for ECMA-262 patterns with the `u` flag (ECMA-262 §22.2.1, 2025 edition:
// named groups, lookbehind, property escapes, pattern modifiers, duplicate names in different
// alternatives). It reports every early error ECMA-262 defines for that grammar, so a pattern is
// accepted exactly when a JavaScript engine would accept `new RegExp(pattern, "u")`. Anything PCRE2
// would read differently never reaches PCRE2 as written: the writer re-spells every construct.

struct ECMAPatternParser {
    /// Deeper nesting is refused (as unsupported, at once) before PCRE2's own limit (250 groups,
    /// counting the few the writer adds) and before recursion could exhaust a thread's stack.
    static let maximumNesting = 100
    /// PCRE2's largest repeat count.
    static let maximumRepeat = 65_535

    private struct PathStep: Equatable {
        let disjunction: Int
        let alternative: Int
    }

    private struct NamedGroup {
        let name: String
        let path: [PathStep]
        let offset: Int
    }

    private enum ClassAtom {
        case character(UInt32)
        case item(ECMAClassItem)
    }

    private enum UnicodeEscape {
        case value(UInt32)
        case malformed
        case tooLarge
    }

    private let pattern: String
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var captureCount = 0
    private var nesting = 0
    private var disjunctionCount = 0
    private var path: [PathStep] = []
    private var namedGroups: [NamedGroup] = []
    private var namedReferences: [(name: String, offset: Int)] = []
    private var numberedReferences: [(number: Int, offset: Int)] = []
    /// The first valid construct PCRE2 cannot run; the parse goes on, so a syntax error later in the
    /// pattern still wins.
    private var unsupportedFeature: String?

    private init(pattern: String) {
        self.pattern = pattern
        self.scalars = Array(pattern.unicodeScalars)
    }

    /// Parses `pattern`, or throws the first error ECMA-262 would raise.
    static func parse(_ pattern: String) throws(ECMARegexError) -> ECMAParsedPattern {
        var parser = ECMAPatternParser(pattern: pattern)
        return try parser.parsePattern()
    }

    // MARK: - Pattern, disjunction, alternative

    private mutating func parsePattern() throws(ECMARegexError) -> ECMAParsedPattern {
        let root = try parseDisjunction()
        if position < scalars.count {
            // parseAlternative stops only at `|` (consumed by parseDisjunction) or `)`.
            throw invalid(position, "unmatched ')'")
        }
        // Early errors that need the whole pattern, reported in source order.
        var errors: [(offset: Int, reason: String)] = []
        for reference in numberedReferences where reference.number > captureCount {
            errors.append((reference.offset, "backreference \\\(reference.number) names no capturing group"))
        }
        var names: [String] = []
        var paths: [String: [[PathStep]]] = [:]
        for group in namedGroups {
            if let earlier = paths[group.name] {
                if earlier.contains(where: { Self.mightBothParticipate($0, group.path) }) {
                    errors.append((group.offset, "duplicate capture group name \"\(group.name)\""))
                }
            } else {
                names.append(group.name)
            }
            paths[group.name, default: []].append(group.path)
        }
        for reference in namedReferences where paths[reference.name] == nil {
            errors.append((reference.offset, "backreference \\k<\(reference.name)> names no capturing group"))
        }
        if let first = errors.min(by: { $0.offset < $1.offset }) {
            throw invalid(first.offset, first.reason)
        }
        return ECMAParsedPattern(
            root: root, captureCount: captureCount, groupNames: names, unsupportedFeature: unsupportedFeature)
    }

    /// Two groups can both take part in one match unless some disjunction holds them in different
    /// alternatives (ECMA-262 2025 MightBothParticipate).
    private static func mightBothParticipate(_ first: [PathStep], _ second: [PathStep]) -> Bool {
        for (a, b) in zip(first, second) {
            if a.disjunction != b.disjunction { return true }
            if a.alternative != b.alternative { return false }
        }
        return true
    }

    private mutating func parseDisjunction() throws(ECMARegexError) -> ECMAPatternNode {
        let disjunction = disjunctionCount
        disjunctionCount += 1
        var alternatives: [ECMAPatternNode] = []
        while true {
            path.append(PathStep(disjunction: disjunction, alternative: alternatives.count))
            alternatives.append(try parseAlternative())
            path.removeLast()
            guard peek() == "|" else { break }
            position += 1
        }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func parseAlternative() throws(ECMARegexError) -> ECMAPatternNode {
        var terms: [ECMAPatternNode] = []
        while let scalar = peek(), scalar != "|", scalar != ")" {
            terms.append(try parseTerm())
        }
        return terms.count == 1 ? terms[0] : .sequence(terms)
    }

    // MARK: - Terms and quantifiers

    private mutating func parseTerm() throws(ECMARegexError) -> ECMAPatternNode {
        let start = position
        let scalar = scalars[position]
        let atom: ECMAPatternNode
        switch scalar {
        case "^":
            position += 1
            return try assertion(.inputStart)
        case "$":
            position += 1
            return try assertion(.inputEnd)
        case "\\" where peek(1) == "b" || peek(1) == "B":
            position += 2
            return try assertion(.wordBoundary(negated: scalars[start + 1] == "B"))
        case "\\":
            atom = try parseAtomEscape()
        case "(":
            let (group, quantifiable) = try parseGroup()
            if !quantifiable { return try assertion(group) }
            atom = group
        case "[":
            atom = .characterClass(try parseClass())
        case ".":
            position += 1
            atom = .anyCharacter
        case "*", "+", "?":
            throw invalid(start, "nothing to repeat")
        case "{":
            if braceQuantifier(at: start) != nil { throw invalid(start, "nothing to repeat") }
            throw invalid(start, "lone '{' must be escaped as \\{")
        case "}":
            throw invalid(start, "lone '}' must be escaped as \\}")
        case "]":
            throw invalid(start, "lone ']' must be escaped as \\]")
        default:
            position += 1
            atom = .character(scalar.value)
        }
        return try parseQuantifier(after: atom)
    }

    /// An assertion cannot be quantified with the `u` flag (not even a lookahead).
    private func assertion(_ node: ECMAPatternNode) throws(ECMARegexError) -> ECMAPatternNode {
        if let scalar = peek(),
            scalar == "*" || scalar == "+" || scalar == "?" || (scalar == "{" && braceQuantifier(at: position) != nil)
        {
            throw invalid(position, "nothing to repeat")
        }
        return node
    }

    private mutating func parseQuantifier(after atom: ECMAPatternNode) throws(ECMARegexError) -> ECMAPatternNode {
        guard let scalar = peek() else { return atom }
        let start = position
        let min: Int
        let max: Int?
        switch scalar {
        case "*":
            (min, max) = (0, nil)
            position += 1
        case "+":
            (min, max) = (1, nil)
            position += 1
        case "?":
            (min, max) = (0, 1)
            position += 1
        case "{":
            guard let brace = braceQuantifier(at: position) else {
                throw invalid(start, "lone '{' must be escaped as \\{")
            }
            (min, max) = (brace.min, brace.max)
            position = brace.end
        default:
            return atom
        }
        var greedy = true
        if peek() == "?" {
            greedy = false
            position += 1
        }
        if let max, min > max {
            throw invalid(start, "numbers out of order in {} quantifier")
        }
        let largest = Swift.max(min, max ?? 0)
        if largest > Self.maximumRepeat, unsupportedFeature == nil {
            unsupportedFeature =
                "quantifier bound \(Self.decimal(largest)) above PCRE2's limit of \(Self.maximumRepeat)"
        }
        return .quantified(atom, min: min, max: max, greedy: greedy)
    }

    /// `{n}`, `{n,}` or `{n,m}` starting at `start`, with the index after `}`; nil when the text is
    /// not a quantifier. Values saturate, so a huge bound is reported rather than overflowing.
    private func braceQuantifier(at start: Int) -> (min: Int, max: Int?, end: Int)? {
        var index = start + 1
        guard let min = decimalDigits(from: &index) else { return nil }
        var max: Int? = min
        if index < scalars.count, scalars[index] == "," {
            index += 1
            max = decimalDigits(from: &index)
        }
        guard index < scalars.count, scalars[index] == "}" else { return nil }
        return (min, max, index + 1)
    }

    private func decimalDigits(from index: inout Int) -> Int? {
        var value: Int?
        while index < scalars.count, let digit = Self.decimalValue(scalars[index]) {
            value = Swift.min((value ?? 0) * 10 + digit, Int(Int32.max))
            index += 1
        }
        return value
    }

    private static func decimal(_ value: Int) -> String {
        value == Int(Int32.max) ? "\(value)+" : "\(value)"
    }

    // MARK: - Groups

    /// Parses a parenthesised construct; the flag says whether a quantifier may follow it.
    private mutating func parseGroup() throws(ECMARegexError) -> (ECMAPatternNode, Bool) {
        let start = position
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Self.maximumNesting {
            throw .unsupported(pattern: pattern, feature: "groups nested more than \(Self.maximumNesting) deep")
        }
        position += 1
        guard peek() == "?" else {
            captureCount += 1
            let number = captureCount
            let body = try parseGroupBody(start: start)
            return (.group(body, capture: number, name: nil), true)
        }
        switch peek(1) {
        case ":":
            position += 2
            return (.group(try parseGroupBody(start: start), capture: nil, name: nil), true)
        case "=", "!":
            let negated = peek(1) == "!"
            position += 2
            return (.lookaround(try parseGroupBody(start: start), behind: false, negated: negated), false)
        case "<" where peek(2) == "=" || peek(2) == "!":
            let negated = peek(2) == "!"
            position += 3
            return (.lookaround(try parseGroupBody(start: start), behind: true, negated: negated), false)
        case "<":
            position += 2
            let nameOffset = position
            let name = try parseGroupName()
            captureCount += 1
            let number = captureCount
            namedGroups.append(NamedGroup(name: name, path: path, offset: nameOffset))
            let body = try parseGroupBody(start: start)
            return (.group(body, capture: number, name: name), true)
        case "i", "m", "s", "-":
            position += 1
            let (adding, removing) = try parseModifiers(start: start)
            let body = try parseGroupBody(start: start)
            return (.modified(body, adding: adding, removing: removing), true)
        default:
            throw invalid(start, "invalid group")
        }
    }

    private mutating func parseGroupBody(start: Int) throws(ECMARegexError) -> ECMAPatternNode {
        let body = try parseDisjunction()
        guard peek() == ")" else { throw invalid(start, "unterminated group") }
        position += 1
        return body
    }

    /// `ims-ims:` after `(?`; ECMA-262 has no `(?i)` that runs to the end of the pattern.
    private mutating func parseModifiers(start: Int) throws(ECMARegexError)
        -> (ECMAPatternFlags, ECMAPatternFlags)
    {
        var seen: ECMAPatternFlags = []
        func flags(_ parser: inout ECMAPatternParser) throws(ECMARegexError) -> ECMAPatternFlags {
            var flags: ECMAPatternFlags = []
            while let scalar = parser.peek() {
                let flag: ECMAPatternFlags
                switch scalar {
                case "i": flag = .ignoreCase
                case "m": flag = .multiline
                case "s": flag = .dotAll
                default: return flags
                }
                if seen.contains(flag) {
                    throw parser.invalid(parser.position, "repeated flag '\(scalar)' in modifier group")
                }
                seen.insert(flag)
                flags.insert(flag)
                parser.position += 1
            }
            return flags
        }
        let adding = try flags(&self)
        var removing: ECMAPatternFlags = []
        var hasDash = false
        if peek() == "-" {
            hasDash = true
            position += 1
            removing = try flags(&self)
        }
        switch peek() {
        case ":":
            if hasDash && adding.isEmpty && removing.isEmpty {
                throw invalid(start, "modifier group (?-:...) changes no flag")
            }
            position += 1
            return (adding, removing)
        case ")":
            throw invalid(start, "inline flags are not ECMA-262, use a modifier group such as (?i:...)")
        default:
            throw invalid(start, "invalid group")
        }
    }

    /// A RegExpIdentifierName followed by `>`; `\u` escapes count as the code point they name.
    private mutating func parseGroupName() throws(ECMARegexError) -> String {
        let start = position
        var name = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else { throw invalid(start, "invalid capture group name") }
            if scalar == ">" {
                position += 1
                break
            }
            var value = scalar.value
            position += 1
            if scalar == "\\" {
                guard peek() == "u" else { throw invalid(start, "invalid capture group name") }
                position += 1
                guard case .value(let escaped) = parseUnicodeEscape() else {
                    throw invalid(start, "invalid capture group name")
                }
                value = escaped
            }
            guard let character = Unicode.Scalar(value),
                name.isEmpty ? Self.isIdentifierStart(character) : Self.isIdentifierPart(character)
            else {
                throw invalid(start, "invalid capture group name")
            }
            name.append(character)
        }
        if name.isEmpty { throw invalid(start, "invalid capture group name") }
        return String(name)
    }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "$" || scalar == "_" || scalar.properties.isIDStart
    }

    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "$" || scalar.value == 0x200C || scalar.value == 0x200D || scalar.properties.isIDContinue
    }

    // MARK: - Escapes

    /// An escape outside a class: class escapes, backreferences, character escapes.
    private mutating func parseAtomEscape() throws(ECMARegexError) -> ECMAPatternNode {
        let start = position
        position += 1
        guard let scalar = peek() else { throw invalid(start, "\\ at end of pattern") }
        switch scalar {
        case "d", "D", "s", "S", "w", "W":
            position += 1
            return .characterClass(ECMACharacterClass(items: [Self.classEscape(scalar)], negated: false))
        case "p", "P":
            return .characterClass(ECMACharacterClass(items: [try parsePropertyEscape(start: start)], negated: false))
        case "k":
            position += 1
            guard peek() == "<" else { throw invalid(start, "invalid escape \\k (expected \\k<name>)") }
            position += 1
            let name = try parseGroupName()
            namedReferences.append((name, start))
            return .namedBackreference(name)
        case "1"..."9":
            var index = position
            let number = decimalDigits(from: &index) ?? 0
            position = index
            numberedReferences.append((number, start))
            return .backreference(number)
        default:
            return .character(try parseCharacterEscape(start: start, inClass: false))
        }
    }

    private static func classEscape(_ scalar: Unicode.Scalar) -> ECMAClassItem {
        switch scalar {
        case "d": return .digit(negated: false)
        case "D": return .digit(negated: true)
        case "s": return .space(negated: false)
        case "S": return .space(negated: true)
        case "w": return .word(negated: false)
        default: return .word(negated: true)
        }
    }

    /// A CharacterEscape; `position` is just after the backslash at `start`.
    private mutating func parseCharacterEscape(start: Int, inClass: Bool) throws(ECMARegexError) -> UInt32 {
        let scalar = scalars[position]
        position += 1
        switch scalar {
        case "f": return 0x0C
        case "n": return 0x0A
        case "r": return 0x0D
        case "t": return 0x09
        case "v": return 0x0B
        case "c":
            guard let letter = peek(), letter.isASCII, letter.properties.isAlphabetic else {
                throw invalid(start, "invalid escape \\c (expected an ascii letter)")
            }
            position += 1
            return letter.value % 32
        case "0":
            if let digit = peek(), Self.decimalValue(digit) != nil {
                throw invalid(start, "invalid escape \\0\(digit) (octal escapes are not allowed)")
            }
            return 0
        case "x":
            guard let high = peek().flatMap(Self.hexValue), let low = peek(1).flatMap(Self.hexValue) else {
                throw invalid(start, "invalid escape \\x (expected two hex digits)")
            }
            position += 2
            return high * 16 + low
        case "u":
            switch parseUnicodeEscape() {
            case .value(let value): return value
            case .malformed: throw invalid(start, "invalid escape \\u (expected four hex digits or {code point})")
            case .tooLarge: throw invalid(start, "invalid escape \\u{...} (code point above 10FFFF)")
            }
        case "^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "/":
            return scalar.value
        case "-" where inClass:
            return scalar.value
        default:
            throw invalid(start, "invalid escape \\\(scalar)" + (inClass ? " in a character class" : ""))
        }
    }

    /// After `\u`: `XXXX`, `XXXX\uXXXX` (a surrogate pair, one code point) or `{X...}`.
    private mutating func parseUnicodeEscape() -> UnicodeEscape {
        if peek() == "{" {
            var index = position + 1
            var value: UInt32 = 0
            var digits = 0
            while index < scalars.count, let digit = Self.hexValue(scalars[index]) {
                value = Swift.min(value * 16 + digit, 0x11_0000)
                digits += 1
                index += 1
            }
            guard digits > 0, index < scalars.count, scalars[index] == "}" else { return .malformed }
            position = index + 1
            return value > 0x10_FFFF ? .tooLarge : .value(value)
        }
        guard let lead = fourHexDigits(at: position) else { return .malformed }
        position += 4
        if (0xD800...0xDBFF).contains(lead), peek() == "\\", peek(1) == "u",
            let trail = fourHexDigits(at: position + 2), (0xDC00...0xDFFF).contains(trail)
        {
            position += 6
            return .value(0x1_0000 + ((lead - 0xD800) << 10) + (trail - 0xDC00))
        }
        return .value(lead)
    }

    private func fourHexDigits(at index: Int) -> UInt32? {
        guard index + 4 <= scalars.count else { return nil }
        var value: UInt32 = 0
        for scalar in scalars[index..<index + 4] {
            guard let digit = Self.hexValue(scalar) else { return nil }
            value = value * 16 + digit
        }
        return value
    }

    /// `\p{...}` or `\P{...}`; `position` is at the `p`, `start` at the backslash.
    private mutating func parsePropertyEscape(start: Int) throws(ECMARegexError) -> ECMAClassItem {
        let letter = scalars[position]
        let negated = letter == "P"
        position += 1
        let malformed = invalid(start, "invalid escape \\\(letter) (expected \\\(letter){name})")
        guard peek() == "{" else { throw malformed }
        var index = position + 1
        while index < scalars.count, scalars[index] != "}" { index += 1 }
        guard index < scalars.count else { throw malformed }
        var body = String.UnicodeScalarView()
        body.append(contentsOf: scalars[(position + 1)..<index])
        position = index + 1
        let text = String(body)
        let source = "\\\(letter){\(text)}"
        let parts = text.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
        let name = parts[0]
        let value = parts.count == 2 ? parts[1] : nil
        let nameValid = parts.count <= 2 && !name.isEmpty
            && name.unicodeScalars.allSatisfy { Self.isPropertyCharacter($0, digits: value == nil) }
        let valueValid = value.map {
            !$0.isEmpty && $0.unicodeScalars.allSatisfy { Self.isPropertyCharacter($0, digits: true) }
        } ?? true
        guard nameValid, valueValid, let target = UnicodePropertyNames.resolve(name: name, value: value) else {
            throw invalid(start, "invalid property name in \(source)")
        }
        return .property(target, negated: negated, source: source)
    }

    private static func isPropertyCharacter(_ scalar: Unicode.Scalar, digits: Bool) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "_": return true
        case "0"..."9": return digits
        default: return false
        }
    }

    // MARK: - Character classes

    private mutating func parseClass() throws(ECMARegexError) -> ECMACharacterClass {
        let start = position
        position += 1
        var negated = false
        if peek() == "^" {
            negated = true
            position += 1
        }
        var items: [ECMAClassItem] = []
        while true {
            guard let scalar = peek() else { throw invalid(start, "unterminated character class") }
            if scalar == "]" {
                position += 1
                break
            }
            let atomStart = position
            let first = try parseClassAtom()
            if peek() == "-", let next = peek(1), next != "]" {
                position += 1
                let second = try parseClassAtom()
                guard case .character(let low) = first, case .character(let high) = second else {
                    throw invalid(atomStart, "a class escape cannot bound a range in a character class")
                }
                guard low <= high else { throw invalid(atomStart, "range out of order in character class") }
                items.append(.range(low, high))
            } else {
                switch first {
                case .character(let value): items.append(.range(value, value))
                case .item(let item): items.append(item)
                }
            }
        }
        return ECMACharacterClass(items: items, negated: negated)
    }

    private mutating func parseClassAtom() throws(ECMARegexError) -> ClassAtom {
        let scalar = scalars[position]
        guard scalar == "\\" else {
            position += 1
            return .character(scalar.value)
        }
        let start = position
        position += 1
        guard let escaped = peek() else { throw invalid(start, "\\ at end of pattern") }
        switch escaped {
        case "b":
            position += 1
            return .character(0x08)
        case "d", "D", "s", "S", "w", "W":
            position += 1
            return .item(Self.classEscape(escaped))
        case "p", "P":
            return .item(try parsePropertyEscape(start: start))
        default:
            return .character(try parseCharacterEscape(start: start, inClass: true))
        }
    }

    // MARK: - Helpers

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        position + ahead < scalars.count ? scalars[position + ahead] : nil
    }

    private func invalid(_ offset: Int, _ reason: String) -> ECMARegexError {
        .invalid(pattern: pattern, offset: offset, reason: reason)
    }

    private static func decimalValue(_ scalar: Unicode.Scalar) -> Int? {
        ("0"..."9").contains(scalar) ? Int(scalar.value - 0x30) : nil
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": return scalar.value - 0x30
        case "a"..."f": return scalar.value - 0x61 + 10
        case "A"..."F": return scalar.value - 0x41 + 10
        default: return nil
        }
    }
}
