import ConfgateDocument
import ConfgateEngine
import ConfgateReporters
import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The JUnit reporter on the fixed reports of `ReporterTests`: exact output, and well-formed XML.
@Suite struct JUnitReporterTests {
    @Test func junitIsExact() throws {
        let xml = JUnitReporter().render(ReporterTests.report, context: ReportContext(color: true, fileCount: 3))
        #expect(
            xml == """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites name="confgate" tests="6" failures="5" errors="0" skipped="0">
                  <testsuite name="missing.yaml" tests="1" failures="1" errors="0" skipped="0">
                    <testcase classname="missing.yaml" name="io-error">
                      <failure message="cannot read &quot;missing.yaml&quot;: no such file or directory" type="error">missing.yaml: error: cannot read "missing.yaml": no such file or directory [io-error]</failure>
                    </testcase>
                  </testsuite>
                  <testsuite name="config/app.yaml" tests="2" failures="2" errors="0" skipped="0">
                    <testcase classname="config/app.yaml" name="duplicate-key">
                      <failure message="duplicate key &quot;port&quot;; it is first defined at line 2, column 3" type="error">config/app.yaml:3:3: error: duplicate key "port"; it is first defined at line 2, column 3 [duplicate-key]</failure>
                    </testcase>
                    <testcase classname="config/app.yaml" name="example-warning">
                      <failure message="document is empty" type="warning">config/app.yaml:12:1: warning: document is empty [example-warning]</failure>
                    </testcase>
                  </testsuite>
                  <testsuite name="data.json" tests="2" failures="2" errors="0" skipped="0">
                    <testcase classname="data.json" name="syntax-error">
                      <failure message="trailing comma before &apos;}&apos; is not allowed in JSON" type="error">data.json:1:8: error: trailing comma before '}' is not allowed in JSON [syntax-error]</failure>
                    </testcase>
                    <testcase classname="data.json" name="example-info">
                      <failure message="tab-indented &quot;key&quot;" type="info">data.json:2:2: info: tab-indented "key" [example-info]</failure>
                    </testcase>
                  </testsuite>
                  <testsuite name="clean.yaml" tests="1" failures="0" errors="0" skipped="0">
                    <testcase classname="clean.yaml" name="confgate"/>
                  </testsuite>
                </testsuites>

                """)
        let parsed = try ParsedJUnit(xml)
        #expect(parsed.counts("testsuites") == ["tests": "6", "failures": "5", "errors": "0", "skipped": "0"])
        #expect(parsed.elements.filter { $0.name == "testsuite" }.map { $0.attributes["name"] } == [
            "missing.yaml", "config/app.yaml", "data.json", "clean.yaml",
        ])
    }

    /// An empty run is a valid document with no suites.
    @Test func emptyReport() throws {
        let xml = JUnitReporter().render(LintReport(files: []), context: ReportContext(fileCount: 0))
        #expect(
            xml == """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites name="confgate" tests="0" failures="0" errors="0" skipped="0">
                </testsuites>

                """)
        _ = try ParsedJUnit(xml)
    }

    /// Suppressed findings are skipped test cases; a file whose findings are all suppressed passes.
    @Test func suppressedFindingsAreSkipped() throws {
        let xml = JUnitReporter().render(ReporterTests.suppressedReport, context: ReportContext(fileCount: 2))
        #expect(
            xml == """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites name="confgate" tests="5" failures="1" errors="0" skipped="3">
                  <testsuite name="config/app.yaml" tests="2" failures="1" errors="0" skipped="1">
                    <testcase classname="config/app.yaml" name="example-warning">
                      <failure message="document is empty" type="warning">config/app.yaml:12:1: warning: document is empty [example-warning]</failure>
                    </testcase>
                    <testcase classname="config/app.yaml" name="duplicate-key (suppressed)">
                      <skipped message="suppressed: generated &quot;legacy&quot; file">config/app.yaml:3:3: error: duplicate key "port"; it is first defined at line 2, column 3 [duplicate-key] (suppressed by comment at line 2)</skipped>
                    </testcase>
                  </testsuite>
                  <testsuite name="data.json" tests="3" failures="0" errors="0" skipped="2">
                    <testcase classname="data.json" name="confgate"/>
                    <testcase classname="data.json" name="syntax-error (suppressed)">
                      <skipped message="suppressed: baseline .confgate-baseline.json">data.json:1:8: error: trailing comma before '}' is not allowed in JSON [syntax-error] (suppressed by baseline .confgate-baseline.json)</skipped>
                    </testcase>
                    <testcase classname="data.json" name="example-info (suppressed)">
                      <skipped message="suppressed: .confgate.yaml ignore[0]">data.json:2:2: info: tab-indented "key" [example-info] (suppressed by .confgate.yaml ignore[0])</skipped>
                    </testcase>
                  </testsuite>
                </testsuites>

                """)
        _ = try ParsedJUnit(xml)
    }

    /// Several findings of one rule in one file are one test case with one failure listing them all,
    /// typed with the highest severity. XML special characters are escaped, and the characters XML 1.0
    /// forbids (C0 controls but tab, LF, CR; U+FFFE) become U+FFFD.
    @Test func groupingAndEscaping() throws {
        let file = "dir/<a&b>\"'.yaml"
        let evil = Finding(
            rule: "r", category: .syntax, severity: .warning,
            message: "a & b < c > d \"e\" 'f' \u{1B}[31m \0 tab\tcr\r nl\n ]]> \u{FFFE} é🚀", file: file,
            range: point(line: 1, column: 1, offset: 0))
        let second = Finding(
            rule: "r", category: .syntax, severity: .error, message: "second", file: file,
            range: point(line: 2, column: 4, offset: 9))
        let other = Finding(rule: "other", category: .io, severity: .info, message: "whole file", file: file, range: nil)
        let report = LintReport(files: [
            FileResult(target: LintTarget(displayPath: file, path: "/p/x.yaml", format: .yaml), findings: [evil, other, second])
        ])
        let xml = JUnitReporter().render(report, context: ReportContext(fileCount: 1))
        let f = "dir/&lt;a&amp;b&gt;&quot;&apos;.yaml"
        let t = "dir/&lt;a&amp;b&gt;\"'.yaml"
        #expect(
            xml == """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites name="confgate" tests="2" failures="2" errors="0" skipped="0">
                  <testsuite name="\(f)" tests="2" failures="2" errors="0" skipped="0">
                    <testcase classname="\(f)" name="r">
                      <failure message="2 findings" type="error">\(t):1:1: warning: a &amp; b &lt; c &gt; d "e" 'f' \u{FFFD}[31m \u{FFFD} tab\tcr&#13; nl
                 ]]&gt; \u{FFFD} é🚀 [r]
                \(t):2:4: error: second [r]</failure>
                    </testcase>
                    <testcase classname="\(f)" name="other">
                      <failure message="whole file" type="info">\(t): info: whole file [other]</failure>
                    </testcase>
                  </testsuite>
                </testsuites>

                """)
        let parsed = try ParsedJUnit(xml)
        #expect(parsed.elements.first { $0.name == "testsuite" }?.attributes["name"] == file)
        #expect(parsed.elements.first { $0.name == "testcase" }?.attributes["classname"] == file)

        // In an attribute, tab, CR and LF are character references, so they survive normalisation.
        let single = LintReport(files: [
            FileResult(target: LintTarget(displayPath: file, path: "/p/x.yaml", format: .yaml), findings: [evil])
        ])
        let one = JUnitReporter().render(single, context: ReportContext(fileCount: 1))
        #expect(
            one.contains(
                #"message="a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos; \#u{FFFD}[31m \#u{FFFD} tab&#9;cr&#13; nl&#10; ]]&gt; \#u{FFFD} é🚀""#))
        let failure = try ParsedJUnit(one).elements.first { $0.name == "failure" }
        #expect(failure?.attributes["message"] == "a & b < c > d \"e\" 'f' \u{FFFD}[31m \u{FFFD} tab\tcr\r nl\n ]]> \u{FFFD} é🚀")
    }
}

/// The elements of a JUnit document as Foundation's XMLParser reads them; throws if it is not
/// well-formed.
struct ParsedJUnit {
    struct Element {
        var name: String
        var attributes: [String: String]
    }

    var elements: [Element] = []

    init(_ xml: String) throws {
        let delegate = Collector()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = delegate
        guard parser.parse() else {
            throw ParseError(message: "\(parser.parserError.map { "\($0)" } ?? "unknown error") in\n\(xml)")
        }
        elements = delegate.elements
    }

    func counts(_ name: String) -> [String: String] {
        let attributes = elements.first { $0.name == name }?.attributes ?? [:]
        return attributes.filter { ["tests", "failures", "errors", "skipped"].contains($0.key) }
    }

    struct ParseError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            elements.append(Element(name: elementName, attributes: attributeDict))
        }
    }
}
