import ConfgateSchema
import Foundation
import Testing

/// `format` as an assertion (``FormatChecker``): JSON-Schema-Test-Suite's `optional/format` files
/// for the five drafts, with counts printed, then table tests that pin edge cases exactly.
@Suite("formats")
struct FormatTests {
    // MARK: - JSON-Schema-Test-Suite optional/format

    /// `<repository>/../shared/suites/json-schema-test-suite/tests`, found from this file's path
    /// (`<repository>/Tests/ConfgateSchemaTests/FormatTests.swift`).
    static let suiteTests: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // <repository>/Tests/ConfgateSchemaTests
        .deletingLastPathComponent()  // <repository>/Tests
        .deletingLastPathComponent()  // <repository>
        .deletingLastPathComponent()  // its parent, which holds shared/
        .appendingPathComponent("shared/suites/json-schema-test-suite/tests", isDirectory: true)

    static let drafts: [(folder: String, draft: FormatDraft)] = [
        ("draft4", .draft4), ("draft6", .draft6), ("draft7", .draft7),
        ("draft2019-09", .draft2019_09), ("draft2020-12", .draft2020_12),
    ]

    /// Suite cases confgate answers differently from the suite, each with the reason. The key is
    /// `<draft>/<file>: <group description>: <test description>`. A listed case that starts
    /// passing fails the test, so the list stays true.
    static let knownFailures: [String: String] = [:]

    /// Stands in for the validator's ECMA-262 regex compiler, which is wired in by the validator
    /// (`FormatChecker` only delegates `regex` to it): a pattern is valid unless it has one of a
    /// few constructs that are plainly not ECMA-262: unbalanced parentheses or brackets, the
    /// escape `\a`, Python's `(?P...)`, a comment group `(?#...)`, or a global flag group such as
    /// `(?i)`. The `regex` cases are counted apart from the others for that reason.
    static func stubRegexIsValid(_ pattern: String) -> Bool {
        let p = Array(pattern.unicodeScalars)
        var depth = 0, inClass = false, i = 0
        while i < p.count {
            switch p[i] {
            case "\\":
                if i + 1 < p.count, p[i + 1] == "a" { return false }
                i += 1
            case "[" where !inClass: inClass = true
            case "]" where inClass: inClass = false
            case "(" where !inClass:
                let rest = String(String.UnicodeScalarView(p[(i + 1)...]))
                if rest.hasPrefix("?P") || rest.hasPrefix("?#") { return false }
                if rest.hasPrefix("?"), let close = rest.firstIndex(of: ")"),
                    rest.index(after: rest.startIndex) < close,
                    rest[rest.index(after: rest.startIndex)..<close].allSatisfy("imsxu".contains)
                {
                    return false
                }
                depth += 1
            case ")" where !inClass:
                depth -= 1
                if depth < 0 { return false }
            default: break
            }
            i += 1
        }
        return depth == 0 && !inClass
    }

    /// One suite test: `id` is `<draft>/<file>: <group description>: <test description>`; `data`
    /// is nil for a non-string instance.
    struct SuiteCase {
        var id: String
        var format: String
        var data: String?
        var valid: Bool
    }

    /// Every test of one draft's `optional/format` files, in file order.
    static func suiteCases(_ folder: String) throws -> [SuiteCase] {
        let directory = suiteTests.appendingPathComponent("\(folder)/optional/format", isDirectory: true)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        var cases: [SuiteCase] = []
        for file in files {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            let groups = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]], "\(file)")
            for group in groups {
                let groupID = "\(folder)/\(file): \(group["description"] as? String ?? "?")"
                let schema = try #require(group["schema"] as? [String: Any], "\(groupID)")
                // Only `format` is under test: a group with other keywords would need the validator.
                #expect(Set(schema.keys).subtracting(["format", "$schema"]).isEmpty, "\(groupID)")
                let format = try #require(schema["format"] as? String, "\(groupID)")
                for test in try #require(group["tests"] as? [[String: Any]], "\(groupID)") {
                    let id = "\(groupID): \(test["description"] as? String ?? "?")"
                    let valid = try #require(test["valid"] as? Bool, "\(id)")
                    cases.append(SuiteCase(id: id, format: format, data: test["data"] as? String, valid: valid))
                }
            }
        }
        #expect(!cases.isEmpty, "no suite files in \(directory.path)")
        return cases
    }

    /// One draft's counts: all cases, the string instances (the ones `FormatChecker` sees), the
    /// `regex` cases among them (judged by the stub), and all cases per format.
    struct Tally {
        struct Count {
            var passed = 0, total = 0
            var text: String { "\(passed)/\(total)" }
            mutating func add(_ pass: Bool) { (passed, total) = (passed + (pass ? 1 : 0), total + 1) }
        }
        var all = Count(), strings = Count(), regex = Count()
        var byFormat: [String: Count] = [:]

        /// The string instances other than `regex` ones: the measure that owes nothing to the stub.
        var withoutRegex: Count { Count(passed: strings.passed - regex.passed, total: strings.total - regex.total) }

        mutating func add(_ c: SuiteCase, passed: Bool) {
            all.add(passed)
            byFormat[c.format, default: Count()].add(passed)
            guard c.data != nil else { return }
            strings.add(passed)
            if c.format == "regex" { regex.add(passed) }
        }
    }

    @Test("JSON-Schema-Test-Suite optional/format, all five drafts")
    func suite() throws {
        var overall = Tally.Count()
        var failed: Set<String> = []
        for (folder, draft) in Self.drafts {
            var tally = Tally()
            for c in try Self.suiteCases(folder) {
                // A format ignores non-strings; an unknown format (nil) ignores everything.
                let actual = c.data.map {
                    FormatChecker.check(c.format, $0, draft: draft, regexIsValid: Self.stubRegexIsValid) ?? true
                } ?? true
                let passed = actual == c.valid
                tally.add(c, passed: passed)
                if !passed {
                    failed.insert(c.id)
                    if Self.knownFailures[c.id] == nil {
                        Issue.record("\(c.id): \(String(reflecting: c.data)) should be \(c.valid ? "valid" : "invalid")")
                    }
                }
            }
            overall.passed += tally.all.passed
            overall.total += tally.all.total
            print(
                "format \(folder): \(tally.all.text) (string instances \(tally.strings.text);"
                    + " regex via the stub \(tally.regex.text))")
            for (format, count) in tally.byFormat.sorted(by: { $0.key < $1.key }) {
                print("format \(folder) \(format): \(count.text)")
            }
            #expect(Double(tally.all.passed) >= 0.95 * Double(tally.all.total), "\(folder)")
            let strict = tally.withoutRegex
            #expect(Double(strict.passed) >= 0.95 * Double(strict.total), "\(folder), string instances but regex")
        }
        print("format overall: \(overall.text)")
        for id in Self.knownFailures.keys.sorted() where !failed.contains(id) {
            Issue.record("\(id) is listed as a known failure but passes (or no longer exists): remove it")
        }
    }

    // MARK: - Table tests

    struct Case: Sendable, CustomTestStringConvertible {
        var format: String
        var value: String
        var expected: Bool?
        var draft: FormatDraft = .draft2020_12
        var testDescription: String { "\(format) \(String(reflecting: value)) in \(draft)" }

        init(_ format: String, _ value: String, _ expected: Bool?, _ draft: FormatDraft = .draft2020_12) {
            (self.format, self.value, self.expected, self.draft) = (format, value, expected, draft)
        }
    }

    static let dateTimeCases: [Case] = [
        Case("date-time", "2024-02-29T12:00:00Z", true),
        Case("date-time", "2023-02-29T12:00:00Z", false),
        Case("date-time", "1998-12-31T23:59:60Z", true),
        Case("date-time", "1998-12-31T23:59:60+01:00", false),  // 22:59:60 UTC
        Case("date-time", "1999-01-01T00:59:60+01:00", true),  // 23:59:60 UTC
        Case("date-time", "2024-01-01T00:00:00.Z", false),  // secfrac needs a digit
        Case("date-time", "2024-01-01 00:00:00Z", false),  // the ABNF has no space separator
        Case("date-time", "2024-01-01T00:00:00+0100", false),
        Case("date-time", "2024-01-01T00:00:00-00:00", true),  // unknown local offset
        Case("date-time", "2024-01-01T00:00:00+23:59", true),
        Case("date-time", "2024-01-01T00:00:00", false),  // the offset is required
        Case("date", "0000-01-01", true),  // date-fullyear = 4DIGIT
        Case("date", "2000-02-29", true),
        Case("date", "1900-02-29", false),
        Case("time", "23:59:60.999Z", true),
        Case("time", "12:00:00.Z", false),
        Case("time", "00:00:60+00:01", true),  // 23:59:60 UTC the day before
        Case("time", "12:00:00", nil, .draft6),  // "time" is a draft-07 format
        Case("duration", "P1W", true),
        Case("duration", "p1dt2h", true),  // ABNF literals are case-insensitive
        Case("duration", "PT1H1M1S", true),
        Case("duration", "P1M1Y", false),
        Case("duration", "PT1S1M", false),
        Case("duration", "P1DT", false),
        Case("duration", "P1Y2M3DT", false),
        Case("duration", "P1D", nil, .draft7),  // a 2019-09 format
    ]

    static let emailCases: [Case] = [
        Case("email", "a@b", true),  // a one-label domain
        Case("email", #""a\"b"@example.com"#, true),  // quoted-pairSMTP
        Case("email", #""a\"@example.com"#, false),  // the quote is escaped, the string unclosed
        Case("email", "a@[IPv6:::ffff:1.2.3.4]", true),
        Case("email", "a@[ipv6:::1]", true),
        Case("email", "a@[X-tag:foo]", false),  // General-address-literal: no registered tag
        Case("email", "a@[1.2.3]", false),
        Case("email", "a@[::1]", false),  // IPv6 needs the "IPv6:" tag
        Case("email", String(repeating: "a", count: 64) + "@example.com", true),
        Case("email", String(repeating: "a", count: 65) + "@example.com", false),
        Case("email", "a@-example.com", false),
        Case("email", "a@example.com.", false),
        Case("email", "a.b@example.com", true),
        Case("email", "ü@example.com", false),
        Case("idn-email", "ü@example.com", true),
        Case("idn-email", "a@münchen.de", true),
        Case("idn-email", "a@xn--X.de", false),
        Case("idn-email", "a@a。b", false),  // only "." separates labels in a mailbox
    ]

    /// Three 63-octet labels and a last one of `lastLabel` octets.
    static func name(lastLabel: Int) -> String {
        [String](repeating: String(repeating: "a", count: 63), count: 3).joined(separator: ".") + "."
            + String(repeating: "b", count: lastLabel)
    }

    static let hostnameCases: [Case] = [
        Case("hostname", "EXAMPLE.COM", true),
        Case("hostname", "1.2.3.4", true),  // RFC 1123 allows all-digit labels
        Case("hostname", "a.b-.c", false),
        Case("hostname", "ab--cd", true),  // RFC 1123 allows it; IDNA reserves it
        Case("hostname", "xn--mnchen-3ya.de", true),
        Case("hostname", "XN--MNCHEN-3YA.de", true),  // A-labels compare case-insensitively
        Case("hostname", "xn--mnchen-3yb.de", true),  // "mƫnchen": another name, but a valid one
        Case("hostname", "xn--7a.de", false),  // "¡" is DISALLOWED
        Case("hostname", "xn--.de", false),
        Case("hostname", "xn--example-.com", false),  // decodes to ASCII only
        Case("hostname", "müenchen.de", false),
        Case("hostname", name(lastLabel: 61), true),  // 253 octets
        Case("hostname", name(lastLabel: 62), false),  // 254 octets
        Case("idn-hostname", "ab--cd", false),
        Case("idn-hostname", "Bücher.example", true),  // ASCII is case-insensitive
        Case("idn-hostname", "BÜCHER.example", false),  // U+00DC is DISALLOWED in IDNA2008
        Case("idn-hostname", "münchen.de", true),
        Case("idn-hostname", "a\u{3002}b", true),
        Case("idn-hostname", "a..b", false),
        Case("idn-hostname", "xn--mnchen-3ya.de", true),
        Case("idn-hostname", "a\u{0301}", true),  // a combining mark after a letter
        Case("idn-hostname", "\u{0301}a", false),  // ... but not first
        Case("idn-hostname", "a.\u{0301}b", false),  // ... nor first in a later label
        Case("idn-hostname", "a b", false),
        Case("idn-hostname", "٠١٢", false),  // RTL label (AN) must start with R or AL
        Case("idn-hostname", "www.مثال", true),  // a Bidi domain name with an LTR label
        Case("idn-hostname", "1www.مثال", false),  // ... whose first character is a digit
        Case("idn-hostname", "a\u{200D}b", false),  // ZWJ with no virama before it
        Case("idn-hostname", "☃.example", false),  // a symbol is DISALLOWED
    ]

    static let ipCases: [Case] = [
        Case("ipv4", "01.2.3.4", false),  // no leading zeros (octal ambiguity)
        Case("ipv4", "0.0.0.0", true),
        Case("ipv4", "1.2.3.04", false),
        Case("ipv4", "1.2.3.4", true, .draft4),
        Case("ipv6", "1:2:3:4:5:6:7::", true),
        Case("ipv6", "::1:2:3:4:5:6:7", true),
        Case("ipv6", "1:2:3:4::5:6:7:8", false),  // "::" stands for at least one group
        Case("ipv6", "::FFFF:1.2.3.4", true),
        Case("ipv6", "1.2.3.4::", false),
        Case("ipv6", "fe80::1%eth0", false),
        Case("ipv6", ":::", false),
        Case("ipv6", "1::2::3", false),
        Case("ipv6", "1:2:3:4:5:6:1.2.3.4", true),
        Case("ipv6", "1:2:3:4:5:6:7:1.2.3.4", false),
    ]

    static let uriCases: [Case] = [
        Case("uri", "urn:isbn:0451450523", true),
        Case("uri", "http://[v1.x]", true),
        Case("uri", "http://[vG.x]", false),
        Case("uri", "http://a:b@host:80/p?q#f", true),
        Case("uri", "http://host:/", true),  // port = *DIGIT
        Case("uri", "http://[::1]:8080/", true),
        Case("uri", "http://[::1]x/", false),
        Case("uri", "http://[fe80::1%25eth0]/", false),  // RFC 6874 zone ids are not accepted
        Case("uri", "a:", true),
        Case("uri", "http://ex ample.com", false),
        Case("uri", "http://example.com/%C3%A9", true),
        Case("uri", "http://example.com/#a#b", false),
        Case("uri", "http://example.com/é", false),
        Case("uri-reference", "", true),
        Case("uri-reference", "#", true),
        Case("uri-reference", "a:b", true),
        Case("uri-reference", "//host:99999", true),  // syntax only
        Case("uri-reference", "a/b:c", true),  // the colon is not in the first segment
        Case("iri", "http://例え.jp/パス", true),
        Case("iri", "http://example.com/\u{E000}", false),  // iprivate only in the query
        Case("iri", "http://example.com/?\u{E000}", true),
        Case("iri", "http://ex\u{85}ample.com", false),  // a C1 control
        Case("iri", "é:x", false),  // the scheme stays ASCII
        Case("iri-reference", "//例え.jp", true),
        Case("uri-template", "{var:1}", true),
        Case("uri-template", "{var:12345}", false),
        Case("uri-template", "{var*:1}", false),
        Case("uri-template", "{=var}", true),  // a reserved operator is still syntax
        Case("uri-template", "{a.b.c}", true),
        Case("uri-template", "{.a}", true),  // the "." operator
        Case("uri-template", "{..a}", false),
        Case("uri-template", "{a.}", false),
        Case("uri-template", "a{b", false),
        Case("uri-template", "%zz", false),
        Case("uri-template", "{%zz}", false),
        Case("uri-template", "{a}{b}", true),
        Case("uri-template", "{a{b}", false),
    ]

    static let identifierCases: [Case] = [
        Case("json-pointer", "/~01", true),
        Case("json-pointer", "~0", false),
        Case("json-pointer", "/~", false),
        Case("json-pointer", "/a", nil, .draft4),  // a draft-06 format
        Case("relative-json-pointer", "0+1/a", true),  // index manipulation, 2020-12 only
        Case("relative-json-pointer", "0+1/a", false, .draft2019_09),
        Case("relative-json-pointer", "0-1#", true),
        Case("relative-json-pointer", "0+/a", false),
        Case("relative-json-pointer", "0+01/a", false),
        Case("relative-json-pointer", "0#", true, .draft7),
        Case("uuid", "00000000-0000-0000-0000-00000000000g", false),
        Case("uuid", "{2eb8aa08-aa98-11ea-b4aa-73b441d16380}", false),
        Case("uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d16380", nil, .draft7),  // a 2019-09 format
        Case("regex", "(", nil, .draft6),  // a draft-07 format
        Case("unknown-format", "anything", nil),
    ]

    @Test(arguments: dateTimeCases + emailCases + hostnameCases + ipCases + uriCases + identifierCases)
    func table(_ c: Case) {
        let actual = FormatChecker.check(c.format, c.value, draft: c.draft, regexIsValid: { _ in true })
        #expect(actual == c.expected)
    }

    /// Long inputs get the right answer, and quickly: every parser is linear, and the
    /// idn-hostname length limits are applied before any Punycode work.
    @Test func longInputs() {
        let n = 100_000
        let cases: [(String, String, Bool)] = [
            ("idn-hostname", String(repeating: "\u{30FB}", count: n), false),
            ("idn-hostname", String(repeating: "ü", count: 59), false),  // its A-label has 65 octets
            ("idn-hostname", String(repeating: "ü", count: 50), true),  // 56 octets
            ("idn-hostname", String(repeating: "a.", count: n) + "a", false),
            ("hostname", "xn--" + String(repeating: "a", count: n), false),
            ("uri", "a:" + String(repeating: "a", count: n), true),
            ("iri", "a:" + String(repeating: "ü", count: n), true),
            ("uri-template", String(repeating: "{", count: n), false),
            ("duration", "P" + String(repeating: "1", count: n) + "D", true),
            ("json-pointer", String(repeating: "/~0", count: n), true),
            ("idn-email", String(repeating: "ü", count: n) + "@example.com", false),
        ]
        for (format, value, expected) in cases {
            let actual = FormatChecker.check(format, value, draft: .draft2020_12, regexIsValid: { _ in true })
            #expect(actual == expected, "\(format) on \(value.unicodeScalars.count) code points")
        }
    }

    @Test func regexIsDelegated() {
        var seen: [String] = []
        let answer = FormatChecker.check("regex", "a(", draft: .draft7, regexIsValid: { seen.append($0); return false })
        #expect(answer == false)
        #expect(seen == ["a("])
        _ = FormatChecker.check("uri", "a(", draft: .draft7, regexIsValid: { seen.append($0); return true })
        #expect(seen == ["a("])
    }

    @Test func knownFormatsPerDraft() {
        #expect(FormatChecker.knownFormats.count == 19)
        #expect(FormatChecker.knownFormats(in: .draft4) == ["date-time", "email", "hostname", "ipv4", "ipv6", "uri"])
        #expect(FormatChecker.knownFormats(in: .draft6).count == 9)
        #expect(FormatChecker.knownFormats(in: .draft7).count == 17)
        #expect(FormatChecker.knownFormats(in: .draft2020_12) == FormatChecker.knownFormats)
    }
}
