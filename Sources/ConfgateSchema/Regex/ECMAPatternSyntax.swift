// The syntax tree of an ECMA-262 pattern as the parser reads it (u flag, no other flags): the parser
// checks every early error, the writer turns the tree into PCRE2 syntax. Characters are code points;
// a lone surrogate written as an escape (\uD800) is kept, because ECMA-262 accepts it and it can
// simply never match a Swift string.

/// One node of a parsed ECMA-262 pattern.
indirect enum ECMAPatternNode {
    case alternation([ECMAPatternNode])
    case sequence([ECMAPatternNode])
    case character(UInt32)
    /// `.`: any code point but a line terminator (all of them inside `(?s:...)`).
    case anyCharacter
    case characterClass(ECMACharacterClass)
    /// `^` and `$`.
    case inputStart
    case inputEnd
    case wordBoundary(negated: Bool)
    /// `(...)`, `(?<name>...)` and `(?:...)`; `capture` is the 1-based group number.
    case group(ECMAPatternNode, capture: Int?, name: String?)
    case lookaround(ECMAPatternNode, behind: Bool, negated: Bool)
    case quantified(ECMAPatternNode, min: Int, max: Int?, greedy: Bool)
    case backreference(Int)
    case namedBackreference(String)
    /// `(?ims-ims:...)` (ECMA-262 2025 pattern modifiers).
    case modified(ECMAPatternNode, adding: ECMAPatternFlags, removing: ECMAPatternFlags)
}

/// A bracketed class (`[...]`, `[^...]`) or a class escape (`\d`, `\p{L}`) as a one-item class.
struct ECMACharacterClass {
    var items: [ECMAClassItem]
    var negated: Bool
}

/// One member of a class; escapes stay symbolic because `\w` depends on the `i` modifier.
enum ECMAClassItem {
    case range(UInt32, UInt32)
    case digit(negated: Bool)
    case word(negated: Bool)
    case space(negated: Bool)
    /// `\p{...}` / `\P{...}`; `source` is the escape as written, for messages.
    case property(UnicodePropertyTarget, negated: Bool, source: String)
}

/// The flags a modifier group can change.
struct ECMAPatternFlags: OptionSet {
    let rawValue: UInt8
    static let ignoreCase = ECMAPatternFlags(rawValue: 1)
    static let multiline = ECMAPatternFlags(rawValue: 2)
    static let dotAll = ECMAPatternFlags(rawValue: 4)
}

/// A pattern that passed every ECMA-262 check.
struct ECMAParsedPattern {
    let root: ECMAPatternNode
    let captureCount: Int
    /// Distinct group names in order of first appearance; the writer numbers them.
    let groupNames: [String]
    /// Set when the pattern is valid but uses something PCRE2 cannot run (a repeat count above
    /// 65535): compiling it throws `unsupported`, checking its syntax does not.
    let unsupportedFeature: String?
}
