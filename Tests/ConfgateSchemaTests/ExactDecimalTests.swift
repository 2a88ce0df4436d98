import BigInt
import ConfgateDocument
import Foundation
import Testing

@testable import ConfgateSchema

// MARK: - Fixtures

/// Helpers private to this file, so they cannot clash with other test files of the module.
private enum DecimalFixture {
    static func decimal(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ExactDecimal {
        try #require(ExactDecimal(text), "\(text) should read as a finite number", sourceLocation: sourceLocation)
    }

    static func number(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> SchemaNumber {
        try #require(SchemaNumber(text), "\(text) should read as a number", sourceLocation: sourceLocation)
    }

    /// `../shared/suites` beside the repository: this file is `<root>/Tests/ConfgateSchemaTests/…`.
    static let suites: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("shared/suites", isDirectory: true)

    /// A small seeded generator (SplitMix64), so random tables are the same on every run.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}

// MARK: - Reading

@Suite struct ExactDecimalTests {
    /// text, canonical description, isInteger.
    static let readTable: [(String, String, Bool)] = [
        // JSON integers and the YAML core's signed decimal integers
        ("0", "0", true), ("-0", "0", true), ("+0", "0", true), ("1", "1", true), ("+12", "12", true),
        ("-7", "-7", true), ("42", "42", true), ("65535", "65535", true), ("1000", "1000", true),
        ("9007199254740993", "9007199254740993", true),
        ("18446744073709551615", "18446744073709551615", true),
        ("-18446744073709551616", "-18446744073709551616", true),
        (
            "12345678910111213141516171819202122232425262728293031",
            "12345678910111213141516171819202122232425262728293031", true
        ),
        // fractions and exponents
        ("1.0", "1", true), ("1.5", "1.5", false), ("1.10", "1.1", false), ("-1.50", "-1.5", false),
        ("0.0", "0", true), ("-0.0", "0", true), ("-0.0e5", "0", true), ("0e0", "0", true), ("0E-0", "0", true),
        ("1e3", "1000", true), ("1E3", "1000", true), ("1E+3", "1000", true), ("1e-3", "0.001", false),
        ("-1.5e-3", "-0.0015", false), ("1.5e3", "1500", true), ("1.0e+3", "1000", true), ("10e-1", "1", true),
        ("0.0075", "0.0075", false), ("0.00751", "0.00751", false), ("-0.001", "-0.001", false),
        ("12345678901234567890.0001", "12345678901234567890.0001", false),
        ("972783798187987123879878123.18878137", "972783798187987123879878123.18878137", false),
        // YAML-only decimal spellings
        (".5", "0.5", false), ("+.5", "0.5", false), ("-.5", "-0.5", false), ("1.", "1", true),
        ("-1.", "-1", true), ("1.e3", "1000", true), (".5e1", "5", true), ("+1.5e3", "1500", true),
        (".0", "0", true), ("0.", "0", true), ("007.5", "7.5", false), ("007e1", "70", true),
        ("00.0", "0", true), ("-007.50", "-7.5", false), ("00e5", "0", true),
        // hexadecimal
        ("0x1F", "31", true), ("0xff", "255", true), ("0xFF", "255", true), ("0xaBc", "2748", true),
        ("0x0", "0", true), ("0x00", "0", true), ("0x64", "100", true), ("0x1", "1", true),
        ("0xffffffffffffffffffffffffffffffff", "340282366920938463463374607431768211455", true),
        ("0x56BC75E2D63100000", "100000000000000000000", true),
        // canonical form thresholds
        ("1e20", "100000000000000000000", true), ("1e21", "1e+21", true), ("123e20", "12300000000000000000000", true),
        ("1.5e21", "1500000000000000000000", true), ("1.5e22", "1.5e+22", true), ("-1e400", "-1e+400", true), ("1e400", "1e+400", true),
        ("-2.5e400", "-2.5e+400", true), ("1e-400", "1e-400", false), ("1.25e-400", "1.25e-400", false),
        ("0.000001", "0.000001", false), ("0.0000015", "0.0000015", false), ("0.0000001", "1e-7", false),
        ("1.5e-7", "1.5e-7", false), ("-12.5e-8", "-1.25e-7", false), ("1e308", "1e+308", true),
        // exponents at and beyond the limit (10^18 − 1) saturate, keeping sign and mantissa
        ("1e999999999999", "1e+999999999999", true),
        ("1e999999999999999999", "1e+999999999999999999", true),
        ("1e99999999999999999999", "1e+999999999999999999", true),
        ("-3e99999999999999999999999999999999", "-3e+999999999999999999", true),
        ("1e-99999999999999999999", "1e-999999999999999999", false),
        ("10e999999999999999999", "1e+999999999999999999", true),
        ("1e-999999999999999999", "1e-999999999999999999", false),
        ("12.5e-999999999999999999", "1.25e-999999999999999997", false),
        ("0e99999999999999999999", "0", true),
    ]

    @Test(arguments: readTable)
    func reads(_ row: (String, String, Bool)) throws {
        let (text, description, isInteger) = row
        let value = try DecimalFixture.decimal(text)
        #expect(value.description == description, "\(text)")
        #expect(value.isInteger == isInteger, "\(text)")
        #expect(ExactDecimal(description) == value, "canonical text reads back: \(text)")
        #expect(ExactDecimal(Array(text.utf8)[...]) == value, "bytes and String agree: \(text)")
        #expect(SchemaNumber(text) == .finite(value))
        #expect(value.exponent.magnitude <= UInt(ExactDecimal.exponentLimit))
        #expect(value.isZero || !value.mantissa.magnitude.isMultiple(of: 10), "normal form: \(text)")
    }

    /// Texts that ConfgateDocument keeps as strings, or that no reader produces.
    static let rejected: [String] = [
        "", "+", "-", ".", "e3", ".e3", "+.e3", "1e", "1e+", "1e-", "1.0.0", "1,000", "1_000", "1_000.5",
        "007", "00", "-007", "+01", "0777", "-00", "0X1F", "-0x1F", "+0x1", "0x", "0xg", "0x1.8", "0x1p3",
        "0o17", "0b101", " 1", "1 ", "1\n", "inf", "Infinity", "-Infinity", "NaN", "nan", "-.nan", "+.nan",
        ".nAn", ".iNF", ".inf ", "..inf", "+-1", "--1", "1e1.5", "1e--1", "1:30", "2001-12-14", "1e3.", "١",
        "１", "1f", "1d", "0.5.", "e", "E5", "++1", "1e+-1", ".infinity", "-.", "+.",
    ]

    @Test(arguments: rejected)
    func rejects(_ text: String) {
        #expect(ExactDecimal(text) == nil)
        #expect(SchemaNumber(text) == nil)
    }

    @Test func readsNonFiniteSpellings() throws {
        for text in [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"] {
            #expect(SchemaNumber(text) == .positiveInfinity, "\(text)")
            #expect(ExactDecimal(text) == nil, "\(text)")
        }
        for text in ["-.inf", "-.Inf", "-.INF"] {
            #expect(SchemaNumber(text) == .negativeInfinity, "\(text)")
        }
        for text in [".nan", ".NaN", ".NAN"] {
            #expect(SchemaNumber(text) == .nan, "\(text)")
            #expect(ExactDecimal(text) == nil, "\(text)")
        }
        #expect(SchemaNumber(".inf")?.description == ".inf")
        #expect(SchemaNumber("-.INF")?.description == "-.inf")
        #expect(SchemaNumber(".NaN")?.description == ".nan")
        #expect(SchemaNumber("1.50")?.description == "1.5")
    }

    @Test func makesValuesFromIntegersAndParts() {
        #expect(ExactDecimal(0) == ExactDecimal("0"))
        #expect(ExactDecimal(-120) == ExactDecimal("-1.2e2"))
        #expect(ExactDecimal(Int.max) == ExactDecimal("9223372036854775807"))
        #expect(ExactDecimal(Int.min) == ExactDecimal("-9223372036854775808"))
        #expect(ExactDecimal(mantissa: 1500, exponent: -3) == ExactDecimal("1.5"))
        #expect(ExactDecimal(mantissa: -1500, exponent: -3).mantissa == -15)
        #expect(ExactDecimal(mantissa: -1500, exponent: -3).exponent == -1)
        #expect(ExactDecimal(mantissa: 0, exponent: 7) == ExactDecimal("0"))
        #expect(ExactDecimal(mantissa: 0, exponent: 7).exponent == 0)
        #expect(ExactDecimal(mantissa: 10, exponent: Int.max).exponent == ExactDecimal.exponentLimit)
        #expect(ExactDecimal(mantissa: 10, exponent: Int.min).exponent == -ExactDecimal.exponentLimit)
        #expect(SchemaNumber(8080) == SchemaNumber("8080"))
        // Ten to the 400 as a mantissa: every trailing zero moves into the exponent.
        #expect(ExactDecimal(mantissa: BigInt(10).power(400), exponent: 0) == ExactDecimal("1e400"))
        #expect(ExactDecimal(mantissa: BigInt(10).power(400) * 7 + 0, exponent: -401) == ExactDecimal("0.7"))
    }

    @Test func signsAndZero() throws {
        #expect(try DecimalFixture.decimal("-0").isNegative == false)
        #expect(try DecimalFixture.decimal("-0.0").isZero)
        #expect(try DecimalFixture.decimal("-1e-400").isNegative)
        #expect(try DecimalFixture.decimal("0x0").isZero)
        #expect(try DecimalFixture.decimal("1e-400").isZero == false)
        #expect(try DecimalFixture.decimal("1e-99999999999999999999").isZero == false)
    }

    // MARK: - Agreement with ConfgateDocument's typing

    /// Every text over a small alphabet, up to four characters, plus longer known spellings: the
    /// YAML reader types it integer or number exactly when SchemaNumber reads it, and an integer
    /// reads as an integral value. The same for every JSON number text among them.
    @Test func agreesWithTheReadersOnEveryShortText() throws {
        let alphabet = Array("017.eE+-xafinNIFA").map(String.init)
        var candidates = [""]
        var frontier = [""]
        for _ in 1...4 {
            frontier = frontier.flatMap { prefix in alphabet.map { prefix + $0 } }
            candidates += frontier
        }
        candidates.removeFirst()
        candidates += [
            "+.inf", "-.inf", "+.Inf", "-.INF", "+.nan", "-.NaN", ".infx", "0x1F", "0xFFff", "0xG1", "-0x1",
            "1.5e+10", "-1.5E-10", "+.5e-3", "1.e+3", "0777", "0777.0", "0777e0", "007.", "0x1e3",
            "123456789012345678901234567890", "1e99999999999999999999",
        ]
        var yamlChecked = 0, yamlNumbers = 0, jsonNumbers = 0
        // Read many texts per document: one plain scalar per sequence entry.
        for chunkStart in stride(from: 0, to: candidates.count, by: 2000) {
            let chunk = Array(candidates[chunkStart..<min(chunkStart + 2000, candidates.count)])
            let yaml = chunk.map { "- \($0)\n" }.joined()
            let result = DocumentReader().read(Array(yaml.utf8), format: .yaml)
            let stream = try #require(result.stream)
            let root = try #require(stream.documents.first?.root)
            let items = stream.elements(root)
            if items.count != chunk.count { Issue.record("chunk at \(chunkStart): \(items.count) items for \(chunk.count)") }
            for (text, item) in zip(chunk, items) {
                guard stream.kind(item) == .scalar, stream.sourceText(item) == text,
                    stream.tag(item) == nil, let type = stream.scalarType(item)
                else { continue }
                yamlChecked += 1
                let number = SchemaNumber(stream.valueBytes(item))
                let typedNumber = type == .integer || type == .number
                #expect(typedNumber == (number != nil), "YAML \(text): typed \(type), read \(String(describing: number))")
                if typedNumber { yamlNumbers += 1 }
                if type == .integer {
                    guard case .finite(let d) = number else {
                        Issue.record("YAML integer \(text) is not finite")
                        continue
                    }
                    #expect(d.isInteger, "YAML integer \(text)")
                }
            }
            // A JSON document holds one value: one read per text.
            for text in chunk {
                guard let stream = DocumentReader().read(Array(text.utf8), format: .json).stream,
                    let root = stream.documents.first?.root,
                    let type = stream.scalarType(root), type == .integer || type == .number
                else { continue }
                jsonNumbers += 1
                let number = SchemaNumber(stream.valueBytes(root))
                #expect(number != nil, "JSON \(text)")
                if type == .integer, case .finite(let d) = number { #expect(d.isInteger, "JSON \(text)") }
            }
        }
        print("ExactDecimal: \(yamlChecked) plain YAML texts typed alike (\(yamlNumbers) numbers), \(jsonNumbers) JSON numbers read")
        #expect(yamlChecked > 80_000)
        #expect(yamlNumbers > 500)
    }

    /// Each JSON number text of the JSON reader's own grammar, one per document (a JSON document
    /// holds a single value, so a bad text cannot hide its neighbours).
    @Test func readsEveryJSONNumberForm() throws {
        let forms = [
            "0", "-0", "1", "-1", "10", "0.5", "-0.5", "1.25", "0e0", "0E+0", "0e-0", "1e5", "1E5", "-1e+5",
            "1.5e-5", "-0.0e0", "123456789012345678901234567890.123456789e-30",
        ]
        for text in forms {
            let stream = try #require(DocumentReader().read(Array(text.utf8), format: .json).stream, "\(text)")
            let root = try #require(stream.documents.first?.root)
            let type = try #require(stream.scalarType(root))
            let number = try #require(SchemaNumber(stream.valueBytes(root)), "\(text)")
            #expect(number == SchemaNumber(text))
            if type == .integer { #expect(try DecimalFixture.decimal(text).isInteger, "\(text)") }
        }
    }

    // MARK: - Equality and order

    static let equalGroups: [[String]] = [
        ["1", "1.0", "1e0", "10e-1", "0x1", "+1", "1.", ".1e1", "0.001e3", "100e-2", "1.000", "+1.0E+0", "0x01"],
        ["0", "-0", "0.0", "-0.0", "0e10", "0x0", "+0", ".0", "0.", "-0e-5", "00.00", "0x000"],
        ["255", "0xff", "0xFF", "2.55e2", "25500e-2", "+255.", "0.255e3"],
        ["1e400", "10e399", "0.1e401", "1.0e400", "10000e396"],
        ["-1.5", "-15e-1", "-1.50", "-.15e1", "-0.0015e3"],
        ["1e-400", "0.1e-399", "10e-401"],
        ["18446744073709551615", "0xFFFFFFFFFFFFFFFF", "1.8446744073709551615e19"],
    ]

    @Test func equalAcrossSpellings() throws {
        var distinct = Set<ExactDecimal>()
        for group in Self.equalGroups {
            let values = try group.map { try DecimalFixture.decimal($0) }
            for (text, value) in zip(group, values) {
                #expect(value == values[0], "\(text) == \(group[0])")
                #expect(value.hashValue == values[0].hashValue, "\(text) hashes as \(group[0])")
                #expect(!(value < values[0]) && !(values[0] < value))
            }
            distinct.formUnion(values)
        }
        #expect(distinct.count == Self.equalGroups.count)
        let numbers = try Self.equalGroups[0].map { try DecimalFixture.number($0) }
        #expect(Set(numbers).count == 1)
    }

    /// Strictly ascending.
    static let ascending: [String] = [
        "-1e99999999999999999999", "-1e400", "-1e20", "-18446744073709551616", "-12345678901234567890.0001",
        "-12345678901234567890", "-1.5", "-1.0000000000000000000000001", "-1", "-0.5", "-0.0075", "-1e-400",
        "-1e-99999999999999999999", "0", "1e-99999999999999999999", "1e-999999999999999998", "1e-400", "1e-7",
        "0.0001", "0.0075", "0.00751", "0.1", "0.5", "0.9999999999999999999999999", "1", "1.0000000000000000000000001",
        "1.5", "2", "9", "9.5", "10", "11", "99", "100", "12345678901234567890.0001", "18446744073709551600",
        "18446744073709551615", "1e20", "972783798187987123879878123.18878137",
        "972783798187987123879878123.188781371", "1e308", "1.0000000000000000000000001e308", "1e400",
        "1.5e400", "1e999999999999", "1e999999999999999998", "1e99999999999999999999",
    ]

    @Test func ordersExactly() throws {
        let values = try Self.ascending.map { try DecimalFixture.decimal($0) }
        for i in values.indices {
            #expect(!(values[i] < values[i]))
            #expect(values[i] == values[i])
            for j in values.indices where i < j {
                #expect(values[i] < values[j], "\(Self.ascending[i]) < \(Self.ascending[j])")
                #expect(!(values[j] < values[i]), "not \(Self.ascending[j]) < \(Self.ascending[i])")
                #expect(values[i] != values[j])
            }
        }
        #expect(values.shuffled().sorted() == values)
    }

    /// Against plain integer arithmetic over every small value a·10^e.
    @Test func ordersAndEqualsLikeIntegerArithmetic() {
        var values: [(ExactDecimal, Int)] = []  // value, value × 10^4
        for a in -25...25 {
            for e in -4...2 {
                values.append((ExactDecimal(mantissa: BigInt(a), exponent: e), a * Self.tenTo(e + 4)))
            }
        }
        for (x, sx) in values {
            for (y, sy) in values {
                if (x < y) != (sx < sy) || (x == y) != (sx == sy) {
                    Issue.record("\(x) vs \(y)")
                }
                if (x == y) && x.hashValue != y.hashValue { Issue.record("hash \(x) \(y)") }
            }
        }
    }

    static func tenTo(_ n: Int) -> Int { (0..<n).reduce(1) { r, _ in r * 10 } }

    @Test func schemaNumberOrderAndNaN() throws {
        let ascending = try ["-.inf", "-1e400", "-1", "0", "1e-400", "1", "1e99999999999999999999", ".inf"].map {
            try DecimalFixture.number($0)
        }
        for i in ascending.indices {
            for j in ascending.indices {
                #expect((ascending[i] < ascending[j]) == (i < j))
                #expect((ascending[i] <= ascending[j]) == (i <= j))
                #expect((ascending[i] > ascending[j]) == (i > j))
                #expect((ascending[i] >= ascending[j]) == (i >= j))
                #expect((ascending[i] == ascending[j]) == (i == j))
            }
        }
        let nan = try DecimalFixture.number(".NaN")
        for other in ascending + [nan] {
            #expect(!(nan < other) && !(nan <= other) && !(nan > other) && !(nan >= other), "\(other)")
            #expect(!(other < nan) && !(other <= nan) && !(other > nan) && !(other >= nan), "\(other)")
        }
        // Equality (const, enum, uniqueItems) is by value, NaN included.
        #expect(nan == SchemaNumber(".nan"))
        #expect(nan.isNaN)
        #expect(Set([nan, .nan, .positiveInfinity, SchemaNumber(".Inf")!, SchemaNumber("1.0")!, SchemaNumber(1)]).count == 3)
        #expect(SchemaNumber("+.inf") == .positiveInfinity)
        #expect(SchemaNumber(".inf")! != SchemaNumber("1e99999999999999999999")!)
        #expect(!nan.isFinite && !SchemaNumber.positiveInfinity.isFinite && SchemaNumber(0).isFinite)
    }

    // MARK: - multipleOf

    /// value, divisor, is a multiple.
    static let multiples: [(String, String, Bool)] = [
        // the suite's multipleOf.json, bignum.json and float-overflow.json, and their neighbours
        ("10", "2", true), ("7", "2", false), ("0", "1.5", true), ("4.5", "1.5", true), ("-4.5", "1.5", true),
        ("35", "1.5", false), ("0.0075", "0.0001", true), ("0.00751", "0.0001", false),
        ("1e308", "0.123456789", false), ("12391239123", "1e-8", true), ("1e308", "0.5", true),
        // exact where doubles are not
        ("0.3", "0.1", true), ("0.7", "0.1", true), ("0.9", "0.3", true), ("1.1", "0.1", true), ("0.1", "0.3", false),
        ("1", "0.3", false), ("9007199254740993", "3", true), ("9007199254740993", "2", false),
        ("12345678901234567890.0001", "0.0001", true), ("12345678901234567890.00001", "0.0001", false),
        ("123456789012345678901234567890", "1234567890123456789012345678.9", true),
        ("1.1e19", "1e18", true), ("1e19", "3e18", false), ("2.5e1", "2.5", true), ("19", "0x13", true),
        ("9999999999999999999e5", "9999999999999999999", true), ("18446744073709551615", "9999999999999999999", false),
        ("19999999999999999998", "9999999999999999999", true), ("1e40", "18446744073709551616", false),
        ("1e64", "18446744073709551616", true), ("5e100", "9999999999999999999", false),
        ("-6", "-3", true), ("6", "-4", false), ("6", "0", false), ("0", "0", true), ("-0", "7", true),
        ("1e-3", "1e-2", false), ("1e-2", "1e-3", true), ("0.5", "0.25", true), ("0.25", "0.5", false),
        // huge exponent gaps: the work depends on the mantissas, not on the gap
        ("1e400", "1e-400", true), ("1e-400", "1e400", false), ("1e100000", "7", false), ("7e100000", "7", true),
        ("1e100000", "3", false), ("1e100000", "1024", true), ("1e100000", "2e99999", true),
        ("1e100000", "3e99999", false), ("5e-100000", "1e-100000", true), ("1e-100000", "2e-100000", false),
        ("1e999999999999", "0.5", true), ("1e999999999999", "3", false), ("3e999999999999", "3", true),
        ("6e999999999999", "4", true), ("6e999999999999", "7", false), ("1e999999999999", "1e-999999999999", true),
        ("1e-999999999999", "1e999999999999", false), ("1e999999999999999999", "7", false),
        ("7e999999999999999999", "0.7e-999999999999999999", true), ("1e99999999999999999999", "0.5", true),
        ("1e-99999999999999999999", "1e-99999999999999999999", true),
        // a divisor with many factors of two (2^1000 in hexadecimal) and an odd cofactor
        ("1e1000", "0x1" + String(repeating: "0", count: 250), true),
        ("1e999", "0x1" + String(repeating: "0", count: 250), false),
        ("1e1000000000000", "0x1" + String(repeating: "0", count: 250), true),
        ("1e1000000000000", "0x7" + String(repeating: "0", count: 250), false),
        ("7e1000000000000", "0x7" + String(repeating: "0", count: 250), true),
        ("3e1000000000000", "0x3" + String(repeating: "0", count: 250), true),
    ]

    @Test(arguments: multiples)
    func isMultiple(_ row: (String, String, Bool)) throws {
        let (value, divisor, expected) = row
        let x = try DecimalFixture.decimal(value), d = try DecimalFixture.decimal(divisor)
        #expect(x.isMultiple(of: d) == expected, "\(value) multipleOf \(divisor)")
        #expect(SchemaNumber.finite(x).isMultiple(of: .finite(d)) == expected)
    }

    /// Against integer arithmetic: a·10^e is a multiple of b·10^f iff a·10^(e−k) ≡ 0 mod b·10^(f−k),
    /// k = min(e, f).
    @Test func isMultipleLikeIntegerArithmetic() {
        var mismatches = 0
        for a in -30...30 {
            for e in -3...3 {
                let x = ExactDecimal(mantissa: BigInt(a), exponent: e)
                for b in 1...30 {
                    for f in -3...3 {
                        let k = min(e, f)
                        let expected = (a * Self.tenTo(e - k)) % (b * Self.tenTo(f - k)) == 0
                        let d = ExactDecimal(mantissa: BigInt(b), exponent: f)
                        if x.isMultiple(of: d) != expected {
                            mismatches += 1
                            if mismatches < 10 { Issue.record("\(x) multipleOf \(d): expected \(expected)") }
                        }
                    }
                }
            }
        }
        #expect(mismatches == 0)
    }

    /// Random values of up to 45 digits against BigInt arithmetic, so each multipleOf path (a
    /// divisor of up to 19 digits, near the word limit, or longer) and the order are covered.
    @Test func randomValuesLikeBigIntArithmetic() {
        var rng = DecimalFixture.SplitMix(state: 42)
        func randomMantissa(_ maxDigits: Int) -> BigInt {
            let count = Int.random(in: 1...maxDigits, using: &rng)
            var text = ""
            for _ in 0..<count { text += String(Int.random(in: 0...9, using: &rng)) }
            return BigInt(text) ?? 0
        }
        var mismatches = 0
        for round in 0..<3000 {
            let a = randomMantissa(45) * (Bool.random(using: &rng) ? 1 : -1), e = Int.random(in: -30...30, using: &rng)
            var b = randomMantissa(round % 3 == 0 ? 19 : 25)
            if b.isZero { b = 7 }
            let f = Int.random(in: -30...30, using: &rng)
            // Sometimes make x a true multiple of d.
            let multiplier = randomMantissa(6)
            let (xm, xe) = round % 4 == 0 ? (b * multiplier, f + Int.random(in: 0...5, using: &rng)) : (a, e)
            let x = ExactDecimal(mantissa: xm, exponent: xe), d = ExactDecimal(mantissa: b, exponent: f)
            let k = min(xe, f)
            let scaledX = xm * BigInt(10).power(xe - k), scaledD = b * BigInt(10).power(f - k)
            if x.isMultiple(of: d) != (scaledX % scaledD == 0) || (x < d) != (scaledX < scaledD) || (x == d) != (scaledX == scaledD) {
                mismatches += 1
                if mismatches < 10 { Issue.record("\(x) vs \(d)") }
            }
        }
        #expect(mismatches == 0)
    }

    /// The subquadratic binary-to-decimal conversion (hexadecimal texts) against BigInt's own,
    /// across the sizes where it switches strategy, and back through the decimal-to-binary one.
    @Test func digitConversionsAgreeWithBigInt() {
        var rng = DecimalFixture.SplitMix(state: 7)
        for size in [0, 1, 2, 31, 32, 33, 47, 64, 65, 100, 257, 600] {
            var words = (0..<size).map { _ in UInt(rng.next()) }
            if size > 3 { words[size / 2] = 0 }  // a zero word inside
            if size > 0 && size % 2 == 0 { words[size - 1] = 1 }  // a short top word
            let value = BigUInt(words: words)
            let digits = DigitConversion.decimalDigits(ofWords: words)
            let expected = value.isZero ? [] : String(value).utf8.map { $0 - UInt8(ascii: "0") }
            #expect(digits == expected, "\(size) words")
            #expect(BigUInt(words: DigitConversion.binaryWords(ofDigits: digits)) == value, "\(size) words back")
        }
    }

    @Test func schemaNumberMultiples() throws {
        let inf = SchemaNumber.positiveInfinity, nan = SchemaNumber.nan
        #expect(!inf.isMultiple(of: SchemaNumber(2)))
        #expect(!SchemaNumber.negativeInfinity.isMultiple(of: SchemaNumber(2)))
        #expect(!nan.isMultiple(of: SchemaNumber(1)))
        #expect(SchemaNumber(0).isMultiple(of: inf))
        #expect(!SchemaNumber(5).isMultiple(of: inf))
        #expect(!SchemaNumber(5).isMultiple(of: nan))
        #expect(try DecimalFixture.number("4.5").isMultiple(of: DecimalFixture.number("1.5")))
    }

    // MARK: - Doubles

    static let doubleTexts: [String] = [
        "0", "1", "-1", "0.1", "0.2", "0.3", "1.5", "-2.75", "3.141592653589793", "2.718281828459045235360287",
        "9007199254740993", "9007199254740995", "18446744073709551615", "1e22", "1e23", "8.98846567431158e307",
        "1e308", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "-1e308",
        "2.2250738585072014e-308", "2.2250738585072011e-308", "2.2250738585072009e-308", "4.9406564584124654e-324",
        "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-320", "-1e-320", "123456.789e3",
        "0.000001", "1e-7", "0x1F", "0xfffffffffffff800", "0x1fffffffffffff",
        // 1 + 2^-53, exactly halfway between 1 and the next double: ties to even (1), and just above it
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203125000000000000000000000000000000000000000001",
        "1.00000000000000011102230246251565404236316680908203124999999999999999999999999999999999999999999",
    ]

    @Test func doublesAreCorrectlyRounded() throws {
        for text in Self.doubleTexts {
            let expected: Double
            if text.hasPrefix("0x") {
                expected = Double(try #require(UInt64(text.dropFirst(2), radix: 16)))
            } else {
                expected = try #require(Double(text), "\(text)")
            }
            let actual = try DecimalFixture.decimal(text).doubleValue
            #expect(actual.bitPattern == expected.bitPattern, "\(text): \(actual) vs \(expected)")
        }
        // Beyond the range, decided without computing the power of ten.
        #expect(try DecimalFixture.decimal("1e400").doubleValue == .infinity)
        #expect(try DecimalFixture.decimal("-1e400").doubleValue == -.infinity)
        #expect(try DecimalFixture.decimal("1e99999999999999999999").doubleValue == .infinity)
        #expect(try DecimalFixture.decimal("1e-400").doubleValue.bitPattern == (0.0).bitPattern)
        #expect(try DecimalFixture.decimal("-1e-400").doubleValue.bitPattern == (-0.0).bitPattern)
        #expect(try DecimalFixture.decimal("1e-99999999999999999999").doubleValue == 0)
        #expect(try DecimalFixture.decimal("123456789e-99999").doubleValue == 0)
        #expect(try DecimalFixture.decimal(String(repeating: "9", count: 400) + "e-10").doubleValue == .infinity)
        #expect(SchemaNumber.nan.doubleValue.isNaN)
        #expect(SchemaNumber.negativeInfinity.doubleValue == -.infinity)
    }

    /// Random decimal texts over the whole double range, against Foundation-free `Double(String)`.
    @Test func randomDoublesMatchTheStandardLibrary() throws {
        var rng = DecimalFixture.SplitMix(state: 0xC0FF_EE00)
        var mismatches = 0
        for _ in 0..<3000 {
            let digitCount = Int.random(in: 1...40, using: &rng)
            var digits = String(Int.random(in: 1...9, using: &rng))
            for _ in 1..<digitCount { digits += String(Int.random(in: 0...9, using: &rng)) }
            let point = Int.random(in: 0...digitCount, using: &rng)
            let mantissa = point == digitCount ? digits : String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            let text = (Bool.random(using: &rng) ? "-" : "") + mantissa + "e" + String(Int.random(in: -345...330, using: &rng))
            let expected = try #require(Double(text))
            let actual = try DecimalFixture.decimal(text).doubleValue
            if actual.bitPattern != expected.bitPattern {
                mismatches += 1
                if mismatches < 10 { Issue.record("\(text): \(actual) vs \(expected)") }
            }
        }
        #expect(mismatches == 0)
    }

    // MARK: - Conformance suite

    private static let numericKeywords: Set<String> = [
        "multipleOf", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "const", "enum", "type",
    ]

    /// Every JSON-Schema-Test-Suite group (drafts 6 to 2020-12, required and optional) whose schema
    /// uses only numeric keywords with numeric values, evaluated on its numeric instances with
    /// ExactDecimal alone; each verdict must match `valid`.
    @Test func conformanceSuiteNumericCases() throws {
        let fm = FileManager.default
        var evaluated = 0, skippedInstances = 0
        var evaluatedFiles = Set<String>()
        for draft in ["draft6", "draft7", "draft2019-09", "draft2020-12"] {
            let dir = DecimalFixture.suites.appendingPathComponent("json-schema-test-suite/tests/\(draft)")
            var files = try fm.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }
            files += try fm.contentsOfDirectory(atPath: dir.appendingPathComponent("optional").path)
                .filter { $0.hasSuffix(".json") }.map { "optional/" + $0 }
            for file in files.sorted() {
                let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(file)))
                let stream = try #require(DocumentReader().read(bytes, format: .json).stream, "\(draft)/\(file)")
                let root = try #require(stream.documents.first?.root)
                for group in stream.elements(root) {
                    guard let schema = Self.member(stream, group, "schema"), stream.kind(schema) == .mapping,
                        let check = Self.numericCheck(stream, schema),
                        let tests = Self.member(stream, group, "tests")
                    else { continue }
                    for test in stream.elements(tests) {
                        guard let data = Self.member(stream, test, "data"), let validNode = Self.member(stream, test, "valid")
                        else { continue }
                        guard stream.scalarType(data) == .integer || stream.scalarType(data) == .number,
                            let instance = SchemaNumber(stream.valueBytes(data))
                        else {
                            skippedInstances += 1
                            continue
                        }
                        let valid = stream.string(validNode) == "true"
                        #expect(
                            check(instance) == valid,
                            "\(draft)/\(file): \(stream.string(Self.member(stream, test, "description") ?? test)) (\(stream.sourceText(data)))")
                        evaluated += 1
                        evaluatedFiles.insert(file)
                    }
                }
            }
        }
        print("ExactDecimal: \(evaluated) JSON-Schema-Test-Suite number cases evaluated exactly (\(skippedInstances) non-number instances skipped), from \(evaluatedFiles.sorted())")
        for file in ["multipleOf.json", "optional/bignum.json", "optional/float-overflow.json", "minimum.json", "maximum.json", "exclusiveMinimum.json", "exclusiveMaximum.json", "const.json"] {
            #expect(evaluatedFiles.contains(file), "\(file) contributed no case")
        }
        #expect(evaluated >= 200)
    }

    private static func member(_ s: ParsedStream, _ object: NodeID, _ name: String) -> NodeID? {
        guard s.kind(object) == .mapping else { return nil }
        return s.entries(object).first { s.keyToken($0.key) == name }?.value
    }

    private static func numberValue(_ s: ParsedStream, _ node: NodeID) -> SchemaNumber? {
        guard s.scalarType(node) == .integer || s.scalarType(node) == .number else { return nil }
        return SchemaNumber(s.valueBytes(node))
    }

    /// The schema as a predicate on numbers, or nil when it uses anything else.
    private static func numericCheck(_ s: ParsedStream, _ schema: NodeID) -> ((SchemaNumber) -> Bool)? {
        var checks: [(SchemaNumber) -> Bool] = []
        for (key, value) in s.entries(schema) {
            let name = s.keyToken(key)
            if name == "$schema" { continue }
            guard numericKeywords.contains(name) else { return nil }
            switch name {
            case "type":
                guard s.scalarType(value) == .string else { return nil }
                switch s.string(value) {
                case "integer": checks.append { if case .finite(let d) = $0 { d.isInteger } else { false } }
                case "number": checks.append { _ in true }
                case "string", "boolean", "null", "array", "object": checks.append { _ in false }
                default: return nil
                }
            case "enum":
                guard s.kind(value) == .sequence else { return nil }
                let options = s.elements(value).map { numberValue(s, $0) }
                guard options.allSatisfy({ $0 != nil }) else { return nil }
                let set = Set(options.compactMap { $0 })
                checks.append { set.contains($0) }
            default:
                guard let bound = numberValue(s, value) else { return nil }
                switch name {
                case "multipleOf": checks.append { $0.isMultiple(of: bound) }
                case "minimum": checks.append { $0 >= bound }
                case "maximum": checks.append { $0 <= bound }
                case "exclusiveMinimum": checks.append { $0 > bound }
                case "exclusiveMaximum": checks.append { $0 < bound }
                default: checks.append { $0 == bound }  // const
                }
            }
        }
        return { instance in checks.allSatisfy { $0(instance) } }
    }

    // MARK: - Work bounds

    /// Each of these would take gigabytes or hours if it formed 10^exponent or converted digits
    /// quadratically; they must simply complete (no durations are asserted).
    @Test func hugeInputsStayCheap() throws {
        // 200,000 nines: 10^200000 − 1.
        let nines = try DecimalFixture.decimal(String(repeating: "9", count: 200_000))
        #expect(nines.isInteger)
        #expect(nines.isMultiple(of: ExactDecimal(9)))
        #expect(nines.isMultiple(of: ExactDecimal(11)))  // even number of digits
        #expect(!nines.isMultiple(of: ExactDecimal(7)))  // 10^200000 ≡ 10^2 ≡ 2 (mod 7)
        let (above, below) = (try DecimalFixture.decimal("1e200000"), try DecimalFixture.decimal("9.99e199999"))
        #expect(below < nines && nines < above)
        #expect(nines.doubleValue == .infinity)
        #expect(ExactDecimal(String(repeating: "9", count: 2000)) == ExactDecimal(mantissa: BigInt(10).power(2000) - 1, exponent: 0))
        #expect(try DecimalFixture.decimal(String(repeating: "9", count: 2000)).mantissa == BigInt(10).power(2000) - 1)

        // A 1 MiB scalar (ConfgateDocument's default limit) of digits, and its decimal fraction.
        let megabyte = String(repeating: "1234567890", count: 104_857) + "123456"
        let big = try DecimalFixture.decimal(megabyte)
        #expect(big.exponent == 0 && big.isMultiple(of: ExactDecimal(2)))
        let fraction = try DecimalFixture.decimal("0." + megabyte)
        let lower = try DecimalFixture.decimal("0.1234567")
        #expect(fraction < ExactDecimal(1) && fraction > lower)
        #expect(fraction.doubleValue == Double("0.1234567890123456789012345678901234567890"))
        // 16^10000 − 1, from hexadecimal: converted to decimal once, then cheap.
        let hex = try DecimalFixture.decimal("0x" + String(repeating: "f", count: 10_000))
        #expect(hex == ExactDecimal(mantissa: BigInt(16).power(10_000) - 1, exponent: 0))
        #expect(hex.isMultiple(of: ExactDecimal(15)) && hex.isMultiple(of: ExactDecimal(17)) && !hex.isMultiple(of: ExactDecimal(7)))

        // Exponents of any size: a comparison, a multipleOf, a description.
        let far = try DecimalFixture.decimal("1e999999999999999999")
        #expect(far > big)
        #expect(!far.isMultiple(of: ExactDecimal(7)))
        #expect(far.isMultiple(of: try DecimalFixture.decimal("1e-999999999999999999")))
        #expect(!big.isMultiple(of: try DecimalFixture.decimal("1e999999999999")))
        #expect(try DecimalFixture.decimal("1e-999999999999999999").doubleValue == 0)
        #expect(try DecimalFixture.decimal("1e100000").isMultiple(of: ExactDecimal(7)) == false)
    }
}
