internal import CPCRE2

/// The outcome of matching a pattern against a string.
public enum ECMARegexMatch: Sendable, Equatable {
    case match
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
    /// inside one opcode (`[a-z]+`) counts once however long it runs, so the count alone bounds a
    /// search by (subject length) x (limit). Subjects longer than this many UTF-8 bytes therefore run
    /// a variant of the code with a callout at each start position that enforces `timeBudget`.
    static let unguardedSubjectLength = 256
    /// Total time for one search of a long subject.
    static let timeBudget = Duration.milliseconds(50)

    // MARK: - Compiled state

    private let plain: CompiledCode
    private let guarded: CompiledCode
    private let jitContext: OpaquePointer
    private let interpreterContext: OpaquePointer

    /// Compiles an ECMA-262 pattern, or throws `invalid` (ECMA-262 rejects it) or `unsupported`
    /// (valid, but PCRE2 cannot run it with the same meaning).
    public init(_ pattern: String) throws(ECMARegexError) {
        self.pattern = pattern
        let parsed = try ECMAPatternParser.parse(pattern)
        let translation = try PCRE2PatternWriter.translate(parsed, pattern: pattern)
        plain = try CompiledCode(translation.body, translation: translation, pattern: pattern)
        do {
            // The callout comes first and the whole pattern is one group, so it runs once per start
            // position whatever the alternatives.
            guarded = try CompiledCode(
                "(?C1)(?:" + translation.body + ")", translation: translation, pattern: pattern)
        } catch {
            plain.free()
            throw error
        }
        guard let jit = pcre2_match_context_create_8(nil), let interpreter = pcre2_match_context_create_8(nil) else {
            // Only an allocation failure gets here; without its limits no match may run.
            plain.free()
            guarded.free()
            throw .unsupported(pattern: pattern, feature: "out of memory for PCRE2's match contexts")
        }
        pcre2_set_match_limit_8(jit, Self.jitMatchLimit)
        pcre2_set_match_limit_8(interpreter, Self.interpreterMatchLimit)
        pcre2_set_depth_limit_8(interpreter, Self.interpreterMatchLimit)
        pcre2_set_heap_limit_8(interpreter, Self.interpreterHeapLimitKiB)
        jitContext = jit
        interpreterContext = interpreter
    }

    deinit {
        plain.free()
        guarded.free()
        pcre2_match_context_free_8(jitContext)
        pcre2_match_context_free_8(interpreterContext)
    }

    /// Whether the pattern matches somewhere in `subject` (ECMA-262 `RegExp.prototype.test`).
    public func firstMatch(in subject: String) -> ECMARegexMatch {
        var subject = subject
        return subject.withUTF8 { bytes in
            if bytes.count <= Self.unguardedSubjectLength {
                return outcome(search(plain, bytes, jitContext: jitContext, interpreterContext: interpreterContext))
            }
            var clock = DeadlineState(deadline: ContinuousClock.now.advanced(by: Self.timeBudget))
            return withUnsafeMutablePointer(to: &clock) { state in
                // The callout data is per call, so these contexts are too.
                guard let jit = pcre2_match_context_copy_8(jitContext) else { return .limitExceeded }
                defer { pcre2_match_context_free_8(jit) }
                guard let interpreter = pcre2_match_context_copy_8(interpreterContext) else { return .limitExceeded }
                defer { pcre2_match_context_free_8(interpreter) }
                pcre2_set_callout_8(jit, deadlineCallout, state)
                pcre2_set_callout_8(interpreter, deadlineCallout, state)
                return outcome(search(guarded, bytes, jitContext: jit, interpreterContext: interpreter))
            }
        }
    }

    /// Runs the JIT code when there is one, and the interpreter when there is none or when the JIT's
    /// 32 KiB stack is too small (deep repetition of groups); the interpreter keeps its frames on the
    /// heap, bounded by the heap limit.
    private func search(
        _ code: CompiledCode, _ bytes: UnsafeBufferPointer<UInt8>, jitContext: OpaquePointer,
        interpreterContext: OpaquePointer
    ) -> Int32 {
        guard let matchData = pcre2_match_data_create_8(1, nil) else { return PCRE2_ERROR_NOMEMORY }
        defer { pcre2_match_data_free_8(matchData) }
        var empty: UInt8 = 0
        return withUnsafePointer(to: &empty) { emptyPointer in
            let subject = bytes.baseAddress ?? emptyPointer
            // Swift strings are valid UTF-8: skip PCRE2's check (it is linear in the subject).
            if code.jit {
                let result = pcre2_match_8(
                    code.code, subject, bytes.count, 0, PCRE2_NO_UTF_CHECK, matchData, jitContext)
                if result != PCRE2_ERROR_JIT_STACKLIMIT { return result }
            }
            return pcre2_match_8(
                code.code, subject, bytes.count, 0, PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, matchData,
                interpreterContext)
        }
    }

    private func outcome(_ result: Int32) -> ECMARegexMatch {
        // 0 means a match whose offsets did not fit the (one-pair) ovector.
        if result >= 0 { return .match }
        if result == PCRE2_ERROR_NOMATCH { return .noMatch }
        // MATCHLIMIT, DEPTHLIMIT, HEAPLIMIT, NOMEMORY, the callout's deadline: no verdict.
        return .limitExceeded
    }
}

// MARK: - Compiled code

/// One pcre2_code with its JIT state; freed by the owning ECMARegex.
private struct CompiledCode {
    let code: OpaquePointer
    let jit: Bool

    static let compileOptions: UInt32 =
        PCRE2_UTF | PCRE2_NO_UTF_CHECK | PCRE2_DOTALL | PCRE2_DOLLAR_ENDONLY | PCRE2_MATCH_UNSET_BACKREF | PCRE2_DUPNAMES
        | PCRE2_NEVER_BACKSLASH_C

    init(_ source: String, translation: PCRE2PatternWriter.Translation, pattern: String) throws(ECMARegexError) {
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
        jit = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
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
            let escape = translation.propertyEscapes.first { $0.range.lowerBound < offset && offset <= $0.range.upperBound }
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

// MARK: - Time budget

private struct DeadlineState {
    let deadline: ContinuousClock.Instant
    var calls: UInt32 = 0
}

/// Called at each start position of the guarded code. Reading the clock costs about 27 ns, so it is
/// read every 16th call; between two calls PCRE2's match limit still bounds the work.
private func deadlineCallout(
    _ block: UnsafeMutablePointer<pcre2_callout_block_8>?, _ data: UnsafeMutableRawPointer?
) -> Int32 {
    guard let state = data?.assumingMemoryBound(to: DeadlineState.self) else { return 0 }
    state.pointee.calls &+= 1
    if state.pointee.calls & 15 == 0, ContinuousClock.now >= state.pointee.deadline {
        return PCRE2_ERROR_CALLOUT
    }
    return 0
}
