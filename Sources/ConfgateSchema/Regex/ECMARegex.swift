internal import CPCRE2

/// The outcome of matching a pattern against a string.
public enum ECMARegexMatch: Sendable, Equatable {
    /// The pattern matches somewhere in the subject.
    case match
    /// The pattern matches nowhere in the subject.
    case noMatch
    /// PCRE2 gave up (match, depth, heap or time limit): the answer is unknown, never "no match".
    case limitExceeded
}

/// An ECMA-262 regular expression as JSON Schema uses it (`pattern`, `patternProperties`,
/// `format: "regex"`): the `u` flag, no other flag, an unanchored search. The pattern is checked
/// against ECMA-262's grammar, translated to PCRE2 syntax and compiled once; matching is bounded, so
/// a catastrophic pattern answers `.limitExceeded` in about a millisecond instead of hanging.
/// See docs/regex-dialect.md.
///
/// Immutable after `init`: the compiled PCRE2 code and match contexts are only read while matching,
/// and each call has its own match data, so one instance can be used from any number of threads.
public final class ECMARegex: @unchecked Sendable {
    /// The ECMA-262 source pattern.
    public let pattern: String

    // MARK: - Limits

    // Calibrated on `^(a+)+$` against 30 "a" and "!" (docs/regex-dialect.md has the measurements):
    // each limit stops that match after about a millisecond. PCRE2 counts differently in the JIT and
    // in the interpreter, so each gets its own value for the same time budget.

    /// Match limit for JIT-compiled code (about 1.4 ns per count).
    static let jitMatchLimit: UInt32 = 700_000
    /// Match limit for the interpreter (about 12 ns per count); also its depth limit.
    static let interpreterMatchLimit: UInt32 = 80_000
    /// Heap for the interpreter's backtracking frames, in KiB.
    static let interpreterHeapLimitKiB: UInt32 = 20_480
    /// PCRE2 restarts its match count at every start position of an unanchored search, and a scan
    /// inside one opcode (`[a-z]+`) counts once however long it runs, so the limit alone bounds a
    /// search only by (subject length) x (limit). A longer subject is therefore searched in windows of
    /// this many UTF-8 bytes of start positions (PCRE2's offset limit), with the clock read between
    /// windows; a subject this short is one window.
    static let windowLength = 256
    /// Total time for the windows of one search.
    static let timeBudget = Duration.milliseconds(50)

    // MARK: - Compiled state

    private let code: CompiledCode
    private let jitContext: OpaquePointer
    private let interpreterContext: OpaquePointer

    /// Compiles an ECMA-262 pattern, or throws `invalid` (ECMA-262 rejects it) or `unsupported`
    /// (valid, but PCRE2 cannot run it with the same meaning).
    public convenience init(_ pattern: String) throws(ECMARegexError) {
        try self.init(pattern, allowingJIT: true)
    }

    /// `allowingJIT: false` runs the interpreter only, as on a platform without JIT (for tests).
    init(_ pattern: String, allowingJIT: Bool) throws(ECMARegexError) {
        self.pattern = pattern
        let parsed = try ECMAPatternParser.parse(pattern)
        if let feature = parsed.unsupportedFeature {
            throw .unsupported(pattern: pattern, feature: feature)
        }
        let translation = try PCRE2PatternWriter.translate(parsed, pattern: pattern)
        code = try CompiledCode(translation.body, translation: translation, pattern: pattern, allowingJIT: allowingJIT)
        guard let jit = pcre2_match_context_create_8(nil), let interpreter = pcre2_match_context_create_8(nil) else {
            // Only an allocation failure gets here; without its limits no match may run.
            code.free()
            throw .unsupported(pattern: pattern, feature: "out of memory for PCRE2's match contexts")
        }
        pcre2_set_match_limit_8(jit, Self.jitMatchLimit)
        pcre2_set_match_limit_8(interpreter, Self.interpreterMatchLimit)
        pcre2_set_depth_limit_8(interpreter, Self.interpreterMatchLimit)
        pcre2_set_heap_limit_8(interpreter, Self.interpreterHeapLimitKiB)
        jitContext = jit
        interpreterContext = interpreter
    }

    /// Checks `pattern` against ECMA-262's grammar only, which is what `format: "regex"` asks: a
    /// pattern this engine cannot run (variable-length lookbehind, say) is still a valid regex.
    /// Throws `.invalid` when ECMA-262 rejects the pattern, and `.unsupported` only for groups
    /// nested more than 100 deep, which the parser does not read.
    public static func checkSyntax(_ pattern: String) throws(ECMARegexError) {
        _ = try ECMAPatternParser.parse(pattern)
    }

    /// Whether matching runs PCRE2's JIT code (the interpreter otherwise).
    var usesJIT: Bool { code.jit }

    /// The fewest characters a match can span, as PCRE2 computes it from the pattern
    /// (`PCRE2_INFO_MINLENGTH`; lookbehinds not counted). A UTF-8 subject with fewer bytes cannot
    /// match, since no character is shorter than a byte: a free prefilter for callers that run
    /// many patterns over many short values (the secret scanner).
    public var minimumLength: Int {
        var value: UInt32 = 0
        return pcre2_pattern_info_8(code.code, UInt32(PCRE2_INFO_MINLENGTH), &value) == 0 ? Int(value) : 0
    }

    /// For a pattern anchored at the start (`^...`), the bytes a match can begin with, when PCRE2
    /// knows them (its first-code-unit analysis): a subject starting with another byte cannot
    /// match. `nil` when any start is possible or the pattern is not anchored.
    public var startBytes: [Bool]? {
        guard code.anchored else { return nil }
        var type: UInt32 = 0
        guard pcre2_pattern_info_8(code.code, UInt32(PCRE2_INFO_FIRSTCODETYPE), &type) == 0 else { return nil }
        if type == 1 {
            var unit: UInt32 = 0
            guard pcre2_pattern_info_8(code.code, UInt32(PCRE2_INFO_FIRSTCODEUNIT), &unit) == 0, unit < 0x80 else { return nil }
            var table = [Bool](repeating: false, count: 256)
            table[Int(unit)] = true
            // PCRE2 reports `[Hh]` as a caseless `h` with one of its cases: allow both.
            let letter = unit | 0x20
            if letter >= 0x61 && letter <= 0x7A {
                table[Int(letter)] = true
                table[Int(letter & ~0x20)] = true
            }
            return table
        }
        var bitmap: UnsafePointer<UInt8>?
        guard pcre2_pattern_info_8(code.code, UInt32(PCRE2_INFO_FIRSTBITMAP), &bitmap) == 0, let bitmap else { return nil }
        // 256 bits, one per first byte.
        return (0..<256).map { bitmap[$0 / 8] & (1 << UInt8($0 % 8)) != 0 }
    }

    /// An ASCII byte that every match contains, when PCRE2 finds one (its "last code unit", such as
    /// the `@` of a URL with a password); a subject without that byte cannot match.
    public var requiredByte: UInt8? {
        var type: UInt32 = 0
        guard pcre2_pattern_info_8(code.code, UInt32(PCRE2_INFO_LASTCODETYPE), &type) == 0, type == 1 else { return nil }
        var unit: UInt32 = 0
        guard pcre2_pattern_info_8(code.code, UInt32(PCRE2_INFO_LASTCODEUNIT), &unit) == 0, unit < 0x80 else { return nil }
        return UInt8(unit)
    }

    deinit {
        code.free()
        pcre2_match_context_free_8(jitContext)
        pcre2_match_context_free_8(interpreterContext)
    }

    /// Whether the pattern matches somewhere in `subject` (ECMA-262 `RegExp.prototype.test`).
    public func firstMatch(in subject: String) -> ECMARegexMatch {
        // Match data holds per-match state, so each call has its own (one ovector pair: only the
        // verdict is needed).
        guard let matchData = pcre2_match_data_create_8(1, nil) else { return .limitExceeded }
        defer { pcre2_match_data_free_8(matchData) }
        var subject = subject
        return subject.withUTF8 { bytes in
            if bytes.count <= Self.windowLength || code.anchored {
                return outcome(search(bytes, from: 0, matchData, jitContext, interpreterContext))
            }
            return searchInWindows(bytes, matchData)
        }
    }

    /// `firstMatch(in:)` on UTF-8 bytes the caller vouches for (a parsed document's values, which
    /// the readers have checked), without making a `String` of them.
    public func firstMatch(utf8 bytes: UnsafeBufferPointer<UInt8>) -> ECMARegexMatch {
        guard let matchData = pcre2_match_data_create_8(1, nil) else { return .limitExceeded }
        defer { pcre2_match_data_free_8(matchData) }
        if bytes.count <= Self.windowLength || code.anchored {
            return outcome(search(bytes, from: 0, matchData, jitContext, interpreterContext))
        }
        return searchInWindows(bytes, matchData)
    }

    /// Each window tries the start positions in `start...limit`; the subject stays whole, so
    /// lookbehind, `\b` and `$` see the text around the window.
    private func searchInWindows(_ bytes: UnsafeBufferPointer<UInt8>, _ matchData: OpaquePointer) -> ECMARegexMatch {
        // The offset limit changes per window, so these contexts are per call.
        guard let jit = pcre2_match_context_copy_8(jitContext) else { return .limitExceeded }
        defer { pcre2_match_context_free_8(jit) }
        guard let interpreter = pcre2_match_context_copy_8(interpreterContext) else { return .limitExceeded }
        defer { pcre2_match_context_free_8(interpreter) }
        let deadline = ContinuousClock.now.advanced(by: Self.timeBudget)
        var start = 0
        while start <= bytes.count {
            let limit = min(start + Self.windowLength - 1, bytes.count)
            pcre2_set_offset_limit_8(jit, limit)
            pcre2_set_offset_limit_8(interpreter, limit)
            let result = search(bytes, from: start, matchData, jit, interpreter)
            if result != PCRE2_ERROR_NOMATCH { return outcome(result) }
            // The next window starts at a character boundary: UTF mode must never start inside one.
            start = limit + 1
            while start < bytes.count, bytes[start] & 0xC0 == 0x80 { start += 1 }
            if start <= bytes.count, ContinuousClock.now >= deadline { return .limitExceeded }
        }
        return .noMatch
    }

    /// Runs the JIT code when there is one, and the interpreter when there is none or when the JIT's
    /// 32 KiB stack is too small (deep repetition of groups); the interpreter keeps its frames on the
    /// heap, bounded by the heap limit.
    private func search(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ matchData: OpaquePointer,
        _ jitContext: OpaquePointer, _ interpreterContext: OpaquePointer
    ) -> Int32 {
        var empty: UInt8 = 0
        return withUnsafePointer(to: &empty) { emptyPointer in
            let subject = bytes.baseAddress ?? emptyPointer
            // Swift strings are valid UTF-8: skip PCRE2's check (it is linear in the subject).
            if code.jit {
                let result = pcre2_match_8(
                    code.code, subject, bytes.count, start, PCRE2_NO_UTF_CHECK, matchData, jitContext)
                if result != PCRE2_ERROR_JIT_STACKLIMIT { return result }
            }
            return pcre2_match_8(
                code.code, subject, bytes.count, start, PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, matchData,
                interpreterContext)
        }
    }

    private func outcome(_ result: Int32) -> ECMARegexMatch {
        // 0 means a match whose offsets did not fit the (one-pair) ovector.
        if result >= 0 { return .match }
        if result == PCRE2_ERROR_NOMATCH { return .noMatch }
        // MATCHLIMIT, DEPTHLIMIT, HEAPLIMIT, NOMEMORY: no verdict.
        return .limitExceeded
    }
}

// MARK: - Compiled code

/// One pcre2_code with its JIT state; freed by the owning ECMARegex.
private struct CompiledCode {
    let code: OpaquePointer
    let jit: Bool
    /// PCRE2 found the pattern anchored (`^...`): only offset 0 can match, one call decides.
    let anchored: Bool

    static let compileOptions: UInt32 =
        PCRE2_UTF | PCRE2_NO_UTF_CHECK | PCRE2_DOTALL | PCRE2_DOLLAR_ENDONLY | PCRE2_MATCH_UNSET_BACKREF
        | PCRE2_DUPNAMES | PCRE2_NEVER_BACKSLASH_C | PCRE2_USE_OFFSET_LIMIT

    init(_ source: String, translation: PCRE2PatternWriter.Translation, pattern: String, allowingJIT: Bool)
        throws(ECMARegexError)
    {
        // An empty pattern is written as an empty group: PCRE2 wants a non-null pointer.
        let source = source.isEmpty ? "(?:)" : source
        var errorCode: Int32 = 0
        var errorOffset = 0
        let compiled = source.utf8.withContiguousStorageIfAvailable { bytes in
            pcre2_compile_8(bytes.baseAddress, bytes.count, Self.compileOptions, &errorCode, &errorOffset, nil)
        } ?? Array(source.utf8).withUnsafeBufferPointer { bytes in
            pcre2_compile_8(bytes.baseAddress, bytes.count, Self.compileOptions, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw Self.error(errorCode, offset: errorOffset, translation: translation, pattern: pattern)
        }
        code = compiled
        // JIT is an optimisation: where it is unavailable (no JIT support, no executable memory),
        // the interpreter answers the same with its own limits.
        jit = allowingJIT && pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
        var options: UInt32 = 0
        anchored = pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_ALLOPTIONS), &options) == 0
            && options & PCRE2_ANCHORED != 0
    }

    func free() {
        pcre2_code_free_8(code)
    }

    /// PCRE2 compile errors of a translated pattern: the parser has already rejected everything
    /// ECMA-262 rejects, so what is left is something PCRE2 cannot do.
    private static func error(
        _ code: Int32, offset: Int, translation: PCRE2PatternWriter.Translation, pattern: String
    ) -> ECMARegexError {
        let feature: String
        switch code {
        case PCRE2_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH:
            feature = "variable-length lookbehind (PCRE2 needs a fixed length for each lookbehind alternative)"
        case PCRE2_ERROR_LOOKBEHIND_TOO_LONG, PCRE2_ERROR_LOOKBEHIND_TOO_COMPLICATED:
            feature = "lookbehind too long or complex for PCRE2"
        case PCRE2_ERROR_UNKNOWN_UNICODE_PROPERTY:
            // The offset is just after the property name, inside the escape.
            let escape = translation.propertyEscapes.first {
                $0.range.lowerBound < offset && offset <= $0.range.upperBound
            }
            feature = "\(escape?.source ?? "a property escape") is not in PCRE2's Unicode \(unicodeVersion) tables"
        case PCRE2_ERROR_PATTERN_TOO_LARGE, PCRE2_ERROR_PATTERN_TOO_COMPLICATED, PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP,
            PCRE2_ERROR_HEAP_FAILED:
            feature = "pattern too large for PCRE2"
        default:
            feature = "PCRE2 cannot compile it (\(message(code)))"
        }
        return .unsupported(pattern: pattern, feature: feature)
    }

    private static func message(_ code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
        return length > 0 ? String(decoding: buffer[..<Int(length)], as: UTF8.self) : "error \(code)"
    }

    private static let unicodeVersion: String = {
        var buffer = [UInt8](repeating: 0, count: 32)
        let length = pcre2_config_8(UInt32(PCRE2_CONFIG_UNICODE_VERSION), &buffer)
        // The length includes the terminating zero.
        return length > 1 ? String(decoding: buffer[..<Int(length - 1)], as: UTF8.self) : "?"
    }()
}
