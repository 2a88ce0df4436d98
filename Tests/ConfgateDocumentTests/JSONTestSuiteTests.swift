import ConfgateDocument
import Foundation
import Testing

/// Runs JSONTestSuite's `test_parsing` files (`../shared/suites/json-test-suite/`) through
/// ``DocumentReader`` as `.json`: every `y_` file is read in full, every `n_` file is rejected at a
/// position, every `i_` file is read or rejected as decided in ``JSONTestSuiteTests/acceptedIFiles``,
/// and none crashes. The counts are printed; exact positions and messages are pinned for a few files.
@Suite("JSONTestSuite")
struct JSONTestSuiteTests {
    /// `y_` files that hold a key twice. JSONTestSuite's `y_` means "a parser must accept this", and
    /// RFC 8259 only says names SHOULD be unique, so confgate reads them in full (the last value wins,
    /// as in jansson). The `duplicate-key` rule still reports them: it is a finding about the content,
    /// not a rejection, and is the only diagnostic a `y_` file may give. (So for these two files the
    /// issue's "every y_ file linted with no finding" and its `duplicate-key` rule contradict each
    /// other; this test follows the rule.)
    static let yFilesWithDuplicateKeys: Set<String> = [
        "y_object_duplicated_key.json",  // {"a":"b","a":"c"}
        "y_object_duplicated_key_and_value.json",  // {"a":"b","a":"b"}
    ]

    /// `n_` files rejected with a kind other than `syntax-error`, and why. Every other `n_` file must
    /// give `syntax-error`.
    static let nonSyntaxRejections: [String: ReadDiagnostic.Kind] = [
        // 100,000 `[`: the depth limit (256) is reached long before the missing `]`.
        "n_structure_100000_opening_arrays.json": .inputLimit,
        // 250 KB of `[{"":`: likewise.
        "n_structure_open_array_object.json": .inputLimit,
        // The rest are rejected where the bytes stop being text: a NUL byte (binary content) or a
        // byte that is not UTF-8. The issue files both under `invalid-encoding`, wherever they occur.
        "n_array_invalid_utf8.json": .invalidEncoding,
        "n_multidigit_number_then_00.json": .invalidEncoding,
        "n_number_invalid-utf-8-in-bigger-int.json": .invalidEncoding,
        "n_number_invalid-utf-8-in-exponent.json": .invalidEncoding,
        "n_number_invalid-utf-8-in-int.json": .invalidEncoding,
        "n_number_real_with_invalid_utf8_after_e.json": .invalidEncoding,
        "n_object_lone_continuation_byte_in_key_and_trailing_comma.json": .invalidEncoding,
        "n_string_backslash_00.json": .invalidEncoding,
        "n_string_invalid-utf-8-in-escape.json": .invalidEncoding,
        "n_string_invalid_utf8_after_escape.json": .invalidEncoding,
        "n_string_unescaped_ctrl_char.json": .invalidEncoding,
        "n_structure_incomplete_UTF8_BOM.json": .invalidEncoding,
        "n_structure_lone-invalid-utf-8.json": .invalidEncoding,
        "n_structure_null-byte-outside-string.json": .invalidEncoding,
        "n_structure_single_eacute.json": .invalidEncoding,
    ]

    /// The `i_` files confgate accepts; it rejects the others. Numbers are kept as exact text, so huge
    /// or tiny numbers are fine (checks on them work on exact decimals); a UTF-8 BOM is skipped. Lone
    /// surrogates, invalid UTF-8 and UTF-16 are rejected (config text must be valid Unicode), and so is
    /// nesting deeper than the default depth limit of 256.
    static let acceptedIFiles: Set<String> = [
        "i_number_double_huge_neg_exp.json",
        "i_number_huge_exp.json",
        "i_number_neg_int_huge_exp.json",
        "i_number_pos_double_huge_exp.json",
        "i_number_real_neg_overflow.json",
        "i_number_real_pos_overflow.json",
        "i_number_real_underflow.json",
        "i_number_too_big_neg_int.json",
        "i_number_too_big_pos_int.json",
        "i_number_very_big_negative_int.json",
        "i_structure_UTF-8_BOM_empty_object.json",
    ]

    @Test("y_ files are accepted, n_ files rejected at a position, i_ files as decided")
    func conformance() throws {
        let directory = SuitePaths.jsonTestSuiteParsing
        let yFiles = try SuitePaths.files(in: directory, prefix: "y_")
        let nFiles = try SuitePaths.files(in: directory, prefix: "n_")
        let iFiles = try SuitePaths.files(in: directory, prefix: "i_")
        // The counts of the pinned upstream commit (see the suite's SOURCE.md).
        #expect(yFiles.count == 95 && nFiles.count == 188 && iFiles.count == 35)
        let reader = DocumentReader()

        var yAccepted = 0
        var yWithDiagnostics: Set<String> = []
        for file in yFiles {
            let name = file.lastPathComponent
            let result = reader.read(try SuitePaths.bytes(of: file), format: .json)
            let fatal = result.diagnostics.filter(\.isFatal)
            #expect(fatal.isEmpty, "\(name): \(fatal.map(describe))")
            #expect(result.stream?.documents.count == 1, "\(name): expected one document")
            if fatal.isEmpty && result.stream?.documents.count == 1 { yAccepted += 1 }
            if !result.diagnostics.isEmpty {
                yWithDiagnostics.insert(name)
                #expect(
                    result.diagnostics.allSatisfy { $0.kind == .duplicateKey },
                    "\(name): \(result.diagnostics.map(describe))")
            }
        }
        #expect(yWithDiagnostics == Self.yFilesWithDuplicateKeys)

        var nRejected = 0
        var nonSyntax: [String: ReadDiagnostic.Kind] = [:]
        for file in nFiles {
            let name = file.lastPathComponent
            let result = reader.read(try SuitePaths.bytes(of: file), format: .json)
            guard let fatal = result.diagnostics.last, fatal.isFatal else {
                Issue.record("\(name): accepted, but it must be rejected")
                continue
            }
            nRejected += 1
            #expect(result.diagnostics.filter(\.isFatal).count == 1, "\(name): more than one fatal diagnostic")
            #expect(fatal.range.start.line >= 1 && fatal.range.start.column >= 1, "\(name): \(describe(fatal))")
            #expect(!fatal.message.isEmpty, "\(name): empty message")
            // The document cut short is dropped whole: nothing of an n_ file is linted further.
            #expect(result.stream?.documents.isEmpty ?? true, "\(name): a partial document was kept")
            if fatal.kind != .syntax { nonSyntax[name] = fatal.kind }
        }
        #expect(nonSyntax == Self.nonSyntaxRejections)

        var iAccepted: Set<String> = []
        for file in iFiles {
            let result = reader.read(try SuitePaths.bytes(of: file), format: .json)
            if !result.diagnostics.contains(where: \.isFatal) { iAccepted.insert(file.lastPathComponent) }
        }
        #expect(iAccepted == Self.acceptedIFiles)

        print(
            "JSONTestSuite: y_ \(yAccepted)/\(yFiles.count) accepted (\(yWithDiagnostics.count) with duplicate-key), "
                + "n_ \(nRejected)/\(nFiles.count) rejected (\(nFiles.count - nonSyntax.count) syntax-error, "
                + kindCounts(nonSyntax.values) + "), "
                + "i_ \(iFiles.count) (\(iAccepted.count) accepted, \(iFiles.count - iAccepted.count) rejected)")
    }

    /// Exact kind, position and message for representative `n_` files, as `confgate lint` reports them.
    static let pinned: [JSONSuitePinnedDiagnostic] = [
        .init("n_array_extra_comma.json", .syntax, 1, 4, 3, "trailing comma before ']' is not allowed in JSON"),
        .init("n_object_trailing_comma.json", .syntax, 1, 8, 7, "trailing comma before '}' is not allowed in JSON"),
        .init("n_structure_unclosed_array.json", .syntax, 1, 3, 2, "unexpected end of file: expected ',' or ']'"),
        .init("n_array_unclosed_with_new_lines.json", .syntax, 3, 3, 8, "unexpected end of file: expected ',' or ']'"),
        .init(
            "n_string_1_surrogate_then_escape.json", .syntax, 1, 3, 2,
            "lone surrogate \\uD800 is not a Unicode character"),
        .init("n_array_invalid_utf8.json", .invalidEncoding, 1, 2, 1, "expected a JSON value, found invalid UTF-8 byte 0xFF"),
        .init(
            "n_object_lone_continuation_byte_in_key_and_trailing_comma.json", .invalidEncoding, 1, 3, 2,
            "invalid UTF-8 byte 0xB9"),
        .init(
            "n_number_with_leading_zero.json", .syntax, 1, 2, 1,
            "invalid number: leading zeros are not allowed in JSON"),
        .init(
            "n_string_single_quote.json", .syntax, 1, 2, 1,
            "expected a JSON value, found a single quote (JSON strings use double quotes)"),
        .init(
            "n_structure_object_with_comment.json", .syntax, 1, 6, 5,
            "expected a JSON value, found a comment (comments are allowed in .jsonc files and in files listed under jsonc: in .confgate.yaml)"),
        .init("n_structure_array_trailing_garbage.json", .syntax, 1, 4, 3, "unexpected content after the JSON value: found 'x'"),
        .init(
            "n_string_unescaped_newline.json", .syntax, 1, 6, 5,
            "unterminated string: a line break must be escaped as \\n in a JSON string"),
        .init(
            "n_structure_100000_opening_arrays.json", .inputLimit, 1, 257, 256,
            "nesting is deeper than 256 levels (limit max-depth)"),
        .init("n_structure_no_data.json", .syntax, 1, 1, 0, "empty JSON file: expected a value"),
    ]

    @Test("exact position and message", arguments: pinned)
    func pinnedDiagnostic(_ expected: JSONSuitePinnedDiagnostic) throws {
        let bytes = try SuitePaths.bytes(of: SuitePaths.jsonTestSuiteParsing.appendingPathComponent(expected.file))
        let result = DocumentReader().read(bytes, format: .json)
        let diagnostic = try #require(result.diagnostics.last)
        #expect(diagnostic.kind == expected.kind)
        #expect(diagnostic.range.start.line == expected.line)
        #expect(diagnostic.range.start.column == expected.column)
        #expect(diagnostic.range.start.offset == expected.offset)
        #expect(diagnostic.message == expected.message)
    }

    @Test("a duplicated key in a y_ file points at the second key and names the first")
    func duplicateKeyInYFile() throws {
        let bytes = try SuitePaths.bytes(
            of: SuitePaths.jsonTestSuiteParsing.appendingPathComponent("y_object_duplicated_key.json"))
        let result = DocumentReader().read(bytes, format: .json)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(diagnostic.kind == .duplicateKey)
        #expect(diagnostic.range.start == SourceLocation(line: 1, column: 10, offset: 9))
        #expect(diagnostic.message == "duplicate key \"a\"; it is first defined at line 1, column 2")
        #expect(diagnostic.pointer == "/a")
        #expect(diagnostic.related?.range.start == SourceLocation(line: 1, column: 2, offset: 1))
        let stream = try #require(result.stream)
        #expect(JSONWriter.compact(stream, stream.documents[0].root) == #"{"a":"c"}"#)
    }

    /// Comments and trailing commas are errors in `.json` but allowed in `.jsonc`.
    @Test(
        "n_ files that only use .jsonc extensions are read as .jsonc",
        arguments: [
            ("n_structure_object_with_comment.json", #"{"a":"b"}"#),
            ("n_object_trailing_comma.json", #"{"id":0}"#),
            ("n_array_extra_comma.json", #"[""]"#),
        ])
    func jsoncExtensions(_ file: String, _ expected: String) throws {
        let bytes = try SuitePaths.bytes(of: SuitePaths.jsonTestSuiteParsing.appendingPathComponent(file))
        let result = DocumentReader().read(bytes, format: .jsonc)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(describe))")
        let stream = try #require(result.stream)
        try #require(stream.documents.count == 1)
        #expect(JSONWriter.compact(stream, stream.documents[0].root) == expected)
    }
}

/// One pinned diagnostic of a JSONTestSuite file.
struct JSONSuitePinnedDiagnostic: Sendable, CustomTestStringConvertible {
    let file: String
    let kind: ReadDiagnostic.Kind
    let line: Int
    let column: Int
    let offset: Int
    let message: String

    init(_ file: String, _ kind: ReadDiagnostic.Kind, _ line: Int, _ column: Int, _ offset: Int, _ message: String) {
        self.file = file
        self.kind = kind
        self.line = line
        self.column = column
        self.offset = offset
        self.message = message
    }

    var testDescription: String { file }
}

private func describe(_ d: ReadDiagnostic) -> String {
    "\(d.kind.rawValue) at \(d.range.start): \(d.message)"
}

private func kindCounts<S: Sequence>(_ kinds: S) -> String where S.Element == ReadDiagnostic.Kind {
    var counts: [String: Int] = [:]
    for kind in kinds { counts[kind.rawValue, default: 0] += 1 }
    return counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
}
