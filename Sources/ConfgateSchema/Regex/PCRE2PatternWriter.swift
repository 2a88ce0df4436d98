// Writes a parsed ECMA-262 pattern in PCRE2 syntax (compiled with PCRE2_UTF, PCRE2_DOTALL,
// PCRE2_DOLLAR_ENDONLY, PCRE2_MATCH_UNSET_BACKREF and PCRE2_DUPNAMES, never PCRE2_UCP). Every
// construct is spelled out rather than left to PCRE2's reading of the same text:
// - literals other than ASCII letters and digits become \x{...}, so no PCRE2 metacharacter, \Q, \E,
//   (* verb or POSIX class can appear;
// - \d \w \s and their complements become explicit code point ranges (ECMA-262's sets, not PCRE2's);
// - `.` becomes "anything but \n \r U+2028 U+2029" and `^`/`$` the whole-input anchors, with the
//   `m` and `s` modifiers handled here, since PCRE2's newline conventions are not ECMA-262's;
// - group names become n1, n2, ... (PCRE2 10.42 names are ASCII only), backreferences \g{N}.

struct PCRE2PatternWriter {
    /// The translated pattern and, for each `\p{...}`, its UTF-8 range in the output and its source
    /// text (to name the escape when PCRE2's tables do not know the property).
    struct Translation {
        let body: String
        let propertyEscapes: [(range: Range<Int>, source: String)]
    }

    /// `.` with PCRE2_DOTALL, which the compiler always sets (ECMA's own `.` is written as a class).
    static let any = "."
    static let never = "(?!)"
    private static let notLineTerminator = "[^\\n\\r\\x{2028}\\x{2029}]"

    private static let digits: [ClosedRange<UInt32>] = [0x30...0x39]
    private static let wordCharacters: [ClosedRange<UInt32>] = [
        0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A,
    ]
    /// With `i`, ECMA-262 adds the characters whose case folding is a word character: U+017F (long s)
    /// and U+212A (Kelvin sign).
    private static let wordCharactersIgnoringCase = wordCharacters + [0x17F...0x17F, 0x212A...0x212A]
    /// WhiteSpace and LineTerminator: tab, LF, VT, FF, CR, U+FEFF and General_Category Zs (stable
    /// since Unicode 6.3, when U+180E left it), plus U+2028 and U+2029.
    private static let whiteSpace: [ClosedRange<UInt32>] = [
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029,
        0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ]
    private static let surrogates: ClosedRange<UInt32> = 0xD800...0xDFFF

    private let pattern: String
    private let groupNumbers: [String: Int]
    private var output = ""
    private var flags: ECMAPatternFlags = []
    /// Capture groups whose body is being written, by number and by name.
    private var openGroups: [(number: Int, name: String?)] = []
    private var propertyEscapes: [(range: Range<Int>, source: String)] = []

    private init(pattern: String, groupNames: [String]) {
        self.pattern = pattern
        var numbers: [String: Int] = [:]
        for (index, name) in groupNames.enumerated() { numbers[name] = index + 1 }
        self.groupNumbers = numbers
    }

    static func translate(_ parsed: ECMAParsedPattern, pattern: String) throws(ECMARegexError) -> Translation {
        var writer = PCRE2PatternWriter(pattern: pattern, groupNames: parsed.groupNames)
        try writer.write(parsed.root)
        return Translation(body: writer.output, propertyEscapes: writer.propertyEscapes)
    }

    // MARK: - Nodes

    private mutating func write(_ node: ECMAPatternNode) throws(ECMARegexError) {
        switch node {
        case .alternation(let alternatives):
            for (index, alternative) in alternatives.enumerated() {
                if index > 0 { output += "|" }
                try write(alternative)
            }
        case .sequence(let terms):
            for term in terms { try write(term) }
        case .character(let value):
            output += Self.surrogates.contains(value) ? Self.never : Self.literal(value)
        case .anyCharacter:
            output += flags.contains(.dotAll) ? Self.any : Self.notLineTerminator
        case .characterClass(let characterClass):
            try write(characterClass)
        case .inputStart:
            output += flags.contains(.multiline) ? "(?<!\(Self.notLineTerminator))" : "^"
        case .inputEnd:
            output += flags.contains(.multiline) ? "(?!\(Self.notLineTerminator))" : "$"
        case .wordBoundary(let negated):
            if flags.contains(.ignoreCase) {
                let word = "[" + Self.wordCharactersIgnoringCase.map(Self.classRange).joined() + "]"
                output += negated
                    ? "(?:(?<=\(word))(?=\(word))|(?<!\(word))(?!\(word)))"
                    : "(?:(?<=\(word))(?!\(word))|(?<!\(word))(?=\(word)))"
            } else {
                output += negated ? "\\B" : "\\b"
            }
        case .group(let body, let capture, let name):
            if let name {
                output += "(?<n\(groupNumbers[name, default: 0])>"
            } else {
                output += capture == nil ? "(?:" : "("
            }
            if let capture { openGroups.append((capture, name)) }
            try write(body)
            if capture != nil { openGroups.removeLast() }
            output += ")"
        case .lookaround(let body, let behind, let negated):
            output += "(?" + (behind ? "<" : "") + (negated ? "!" : "=")
            try write(body)
            output += ")"
        case .quantified(let atom, let min, let max, let greedy):
            try writeQuantified(atom, min: min, max: max, greedy: greedy)
        // A reference from inside the group it names is always empty in ECMA-262 (the group is
        // unset until it closes, and reset at each iteration of a quantifier around it); PCRE2
        // would see the previous iteration's text, so the reference is left out.
        case .backreference(let number):
            if !openGroups.contains(where: { $0.number == number }) { output += "\\g{\(number)}" }
        case .namedBackreference(let name):
            if !openGroups.contains(where: { $0.name == name }) {
                output += "\\k<n\(groupNumbers[name, default: 0])>"
            }
        case .modified(let body, let adding, let removing):
            let outer = flags
            flags = outer.union(adding).subtracting(removing)
            if outer.contains(.ignoreCase) == flags.contains(.ignoreCase) {
                output += "(?:"
            } else {
                output += flags.contains(.ignoreCase) ? "(?i:" : "(?-i:"
            }
            try write(body)
            output += ")"
            flags = outer
        }
    }

    private mutating func writeQuantified(_ atom: ECMAPatternNode, min: Int, max: Int?, greedy: Bool)
        throws(ECMARegexError)
    {
        // Every atom is written as one PCRE2 item (a literal, a class, `.`, a backreference or a
        // group), so the quantifier applies to it directly: wrapping `[a-z]` in `(?:...)` would turn
        // PCRE2's single-opcode class repeat into a group repeat, which costs a match count and a
        // backtracking frame per iteration. Two atoms do need a group: the never-matching assertion,
        // and a backreference, because PCRE2 10.42's JIT fails `(a)|\1+` on "x" (a repeated
        // reference to an unset group, which PCRE2_MATCH_UNSET_BACKREF says matches empty) while
        // its interpreter and `(a)|(?:\1)+` succeed.
        switch atom {
        case .backreference, .namedBackreference:
            output += "(?:"
            try write(atom)
            output += ")"
        default:
            let start = output.utf8.count
            try write(atom)
            if output.utf8.dropFirst(start).elementsEqual(Self.never.utf8) {
                output.removeLast(Self.never.count)
                output += "(?:" + Self.never + ")"
            }
        }
        switch (min, max) {
        case (0, nil): output += "*"
        case (1, nil): output += "+"
        case (0, 1): output += "?"
        case (_, nil): output += "{\(min),}"
        case (_, let max?) where max == min: output += "{\(min)}"
        case (_, let max?): output += "{\(min),\(max)}"
        }
        if !greedy { output += "?" }
    }

    // MARK: - Classes

    private mutating func write(_ characterClass: ECMACharacterClass) throws(ECMARegexError) {
        var ranges: [ClosedRange<UInt32>] = []
        var properties: [(text: String, source: String)] = []
        for item in characterClass.items {
            switch item {
            case .range(let low, let high):
                ranges.append(low...high)
            case .digit(let negated):
                ranges += negated ? Self.complement(Self.digits) : Self.digits
            case .word(let negated):
                let word = flags.contains(.ignoreCase) ? Self.wordCharactersIgnoringCase : Self.wordCharacters
                ranges += negated ? Self.complement(word) : word
            case .space(let negated):
                ranges += negated ? Self.complement(Self.whiteSpace) : Self.whiteSpace
            case .property(.codePoints(let set), let negated, _):
                ranges += negated ? Self.complement(set) : set
            case .property(.pcre2(let name), let negated, let source):
                if flags.contains(.ignoreCase) {
                    // ECMA-262 case-folds the property's set under `i`; PCRE2 ignores caselessness for \p.
                    throw .unsupported(pattern: pattern, feature: "\(source) inside a case-insensitive group")
                }
                var body = name
                var inverted = negated
                if body.hasPrefix("^") {
                    body.removeFirst()
                    inverted.toggle()
                }
                properties.append(((inverted ? "\\P{" : "\\p{") + body + "}", source))
            }
        }
        let normalized = Self.normalize(ranges)
        if properties.isEmpty {
            if normalized.isEmpty {
                output += characterClass.negated ? Self.any : Self.never
                return
            }
            if Self.complement(normalized).isEmpty {
                output += characterClass.negated ? Self.never : Self.any
                return
            }
        }
        output += characterClass.negated ? "[^" : "["
        for range in normalized { output += Self.classRange(range) }
        for property in properties {
            let start = output.utf8.count
            output += property.text
            propertyEscapes.append((start..<output.utf8.count, property.source))
        }
        output += "]"
    }

    /// Sorted, merged ranges without surrogates (PCRE2 rejects them in UTF mode, and a Swift string
    /// never contains one, so dropping them changes no match).
    static func normalize(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var merged: [ClosedRange<UInt32>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...Swift.max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        var result: [ClosedRange<UInt32>] = []
        for range in merged {
            if range.lowerBound < surrogates.lowerBound {
                result.append(range.lowerBound...Swift.min(range.upperBound, surrogates.lowerBound - 1))
            }
            if range.upperBound > surrogates.upperBound {
                result.append(Swift.max(range.lowerBound, surrogates.upperBound + 1)...range.upperBound)
            }
        }
        return result
    }

    /// The code points (surrogates aside) in none of `ranges`.
    static func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in normalize(ranges) {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            next = range.upperBound + 1
        }
        if next <= 0x10_FFFF { result.append(next...0x10_FFFF) }
        return normalize(result)
    }

    // MARK: - Literals

    private static func literal(_ value: UInt32) -> String {
        switch value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A:
            return String(Character(Unicode.Scalar(UInt8(value))))
        default:
            return "\\x{" + String(value, radix: 16, uppercase: true) + "}"
        }
    }

    private static func classRange(_ range: ClosedRange<UInt32>) -> String {
        range.lowerBound == range.upperBound
            ? literal(range.lowerBound) : literal(range.lowerBound) + "-" + literal(range.upperBound)
    }
}
