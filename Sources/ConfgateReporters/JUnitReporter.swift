import ConfgateDocument
import ConfgateEngine

/// JUnit XML as CI systems read it (GitLab, Jenkins, GitHub test-report actions), documented in
/// `docs/report-junit.md`: one `<testsuite>` per file, one `<testcase>` per rule with findings in
/// that file. Every active finding is a failure, whatever its severity (the severity is the
/// failure's `type`); suppressed findings are skipped test cases; a file without active findings
/// has one passing test case named `confgate`, so a clean file shows as passed.
public struct JUnitReporter: Reporter {
    /// The name of the passing test case of a file without active findings.
    public static let passingCase = "confgate"

    public init() {}

    public func render(_ report: LintReport, context: ReportContext) -> String {
        let suites = JUnitReporter.suites(report)
        var body = ""
        var tests = 0, failures = 0, skipped = 0
        for suite in suites {
            let cases = JUnitReporter.cases(suite)
            let suiteFailures = cases.filter { $0.kind == .failure }.count
            let suiteSkipped = cases.filter { $0.kind == .skipped }.count
            tests += cases.count
            failures += suiteFailures
            skipped += suiteSkipped
            body += "  <testsuite name=\(attr(suite.file)) tests=\"\(cases.count)\" failures=\"\(suiteFailures)\""
                + " errors=\"0\" skipped=\"\(suiteSkipped)\">\n"
            for testCase in cases { body += render(testCase, file: suite.file) }
            body += "  </testsuite>\n"
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"confgate\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\""
        out += " skipped=\"\(skipped)\">\n"
        out += body
        out += "</testsuites>\n"
        return out
    }

    // MARK: - Suites and cases

    /// The findings of one file: active and suppressed.
    struct Suite {
        var file: String
        var active: [Finding] = []
        var suppressed: [Finding] = []
    }

    /// One suite per file, in report order: paths that could not be linted and `.confgate.yaml`
    /// first (as in `LintReport.findings`), then the linted files. A name seen twice is one suite.
    static func suites(_ report: LintReport) -> [Suite] {
        var suites: [Suite] = []
        var index: [String: Int] = [:]
        func suite(_ file: String) -> Int {
            if let i = index[file] { return i }
            suites.append(Suite(file: file))
            index[file] = suites.count - 1
            return suites.count - 1
        }
        for finding in report.inputFindings + report.configFindings { suites[suite(finding.file)].active.append(finding) }
        for result in report.files {
            let i = suite(result.target.displayPath)
            suites[i].active += result.findings
            suites[i].suppressed += result.suppressed
        }
        return suites
    }

    struct TestCase {
        enum Kind { case passed, failure, skipped }
        var name: String
        var kind: Kind
        var findings: [Finding]
    }

    /// One failing case per rule with active findings and one skipped case per rule with suppressed
    /// findings, each in order of first appearance; a passing case when nothing is active.
    static func cases(_ suite: Suite) -> [TestCase] {
        var cases = group(suite.active).map { TestCase(name: $0.rule, kind: .failure, findings: $0.findings) }
        if cases.isEmpty { cases.append(TestCase(name: passingCase, kind: .passed, findings: [])) }
        // A rule can have both active and suppressed findings in one file: the names stay distinct.
        cases += group(suite.suppressed).map {
            TestCase(name: $0.rule + " (suppressed)", kind: .skipped, findings: $0.findings)
        }
        return cases
    }

    private static func group(_ findings: [Finding]) -> [(rule: String, findings: [Finding])] {
        var groups: [(rule: String, findings: [Finding])] = []
        for finding in findings {
            if let i = groups.firstIndex(where: { $0.rule == finding.rule }) {
                groups[i].findings.append(finding)
            } else {
                groups.append((finding.rule, [finding]))
            }
        }
        return groups
    }

    // MARK: - Rendering

    /// CI readers (Jenkins, GitLab) take only the first `<failure>` of a test case, so a case has one,
    /// whose text lists every finding; its `type` is the highest severity among them.
    private func render(_ testCase: TestCase, file: String) -> String {
        let open = "    <testcase classname=\(attr(file)) name=\(attr(testCase.name))"
        switch testCase.kind {
        case .passed:
            return open + "/>\n"
        case .failure:
            let severity = testCase.findings.map(\.severity).max() ?? .error
            let lines = testCase.findings.map(line).joined(separator: "\n")
            return open + ">\n      <failure message=\(attr(summary(testCase.findings))) type=\"\(severity.rawValue)\">"
                + text(lines) + "</failure>\n    </testcase>\n"
        case .skipped:
            let message: String
            if testCase.findings.count == 1, let s = testCase.findings[0].suppression {
                message = "suppressed: " + (s.justification.isEmpty ? s.source : s.justification)
            } else {
                message = "suppressed: \(testCase.findings.count) findings"
            }
            let lines = testCase.findings.map { f in
                line(f) + (f.suppression.map { " (suppressed by \($0.source))" } ?? "")
            }.joined(separator: "\n")
            return open + ">\n      <skipped message=\(attr(message))>" + text(lines) + "</skipped>\n    </testcase>\n"
        }
    }

    private func summary(_ findings: [Finding]) -> String {
        findings.count == 1 ? findings[0].message : "\(findings.count) findings"
    }

    /// `FILE:LINE:COL: severity: message [rule]`, as the text report writes it.
    private func line(_ f: Finding) -> String {
        let position = f.range.map { ":\($0.start.line):\($0.start.column)" } ?? ""
        return "\(f.file)\(position): \(f.severity.rawValue): \(f.message) [\(f.rule)]"
    }

    // MARK: - Escaping

    /// A quoted attribute value. Tabs and line breaks are written as character references, since an
    /// XML parser turns them into spaces in a literal attribute value.
    func attr(_ s: String) -> String { "\"" + JUnitReporter.escape(s, attribute: true) + "\"" }

    func text(_ s: String) -> String { JUnitReporter.escape(s, attribute: false) }

    /// Escapes `&`, `<` and `>` (and `"` and `'` in an attribute), and replaces the characters XML 1.0 forbids (C0 controls
    /// but tab, LF and CR; U+FFFE, U+FFFF) with U+FFFD: no reference can stand for them either.
    static func escape(_ s: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "'" where attribute: out += "&apos;"
            case "\t": out += attribute ? "&#9;" : "\t"
            case "\n": out += attribute ? "&#10;" : "\n"
            // A literal CR is read back as LF (end-of-line handling), in text as in attributes.
            case "\r": out += "&#13;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
