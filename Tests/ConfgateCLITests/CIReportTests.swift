import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `--format junit` and `--format github` on the demo tree (fixtures/demo): known findings, exact lines.
@Suite struct CIReportTests {
    static let demo = CLI.repositoryRoot.appendingPathComponent("fixtures/demo")

    @Test func githubAnnotatesTheDemo() throws {
        let result = try CLI.run(["lint", "--format", "github"], in: Self.demo)
        #expect(result.exited(1), "\(result)")
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let expected = [
            "::error file=services/checkout/config.json,line=5,col=77,endLine=5,endColumn=77,title=syntax-error::trailing comma before ']' is not allowed in JSON",
            "::warning file=services/payments/production.yaml,line=7,col=13,endLine=7,endColumn=21,title=secret-placeholder::\"database.password\" holds the placeholder \"changeme\" in a production file; set a reference to the real secret",
            "::error file=services/search/development.yaml,line=10,col=3,endLine=10,endColumn=7,title=duplicate-key::duplicate key \"port\"; it is first defined at line 9, column 3",
            "::error file=services/payments/staging.yaml,line=9,col=3,endLine=9,endColumn=9,title=parity-missing-key::\"/logging/format\" is set in staging but missing in production",
            "::warning file=services/payments/production.yaml,line=10,col=10,endLine=10,endColumn=15,title=log-level-verbose-in-production::\"/logging/level\" logs at level \"debug\" in production; use info or above",
        ]
        for line in expected { #expect(lines.contains(line), "\(line) missing from\n\(result.stdout)") }
        #expect(lines.last == "8 errors, 2 warnings, 2 info (8 files checked)")
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") || $0.hasPrefix("::notice ") })
        #expect(lines.filter { $0.hasPrefix("::notice ") }.count == 2)
    }

    @Test func junitReportsTheDemo() throws {
        let result = try CLI.run(["lint", "--format", "junit"], in: Self.demo)
        #expect(result.exited(1), "\(result)")
        #expect(result.stderr == "")
        let xml = result.stdout
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"confgate\" tests=\"13\" failures=\"12\" errors=\"0\" skipped=\"0\">\n"))
        let lines = xml.split(separator: "\n").map(String.init)
        for line in [
            #"    <testcase classname="services/search/development.yaml" name="duplicate-key">"#,
            #"      <failure message="duplicate key &quot;port&quot;; it is first defined at line 9, column 3" type="error">services/search/development.yaml:10:3: error: duplicate key "port"; it is first defined at line 9, column 3 [duplicate-key]</failure>"#,
            #"  <testsuite name="services/payments/base.yaml" tests="1" failures="0" errors="0" skipped="0">"#,
            #"    <testcase classname="services/payments/base.yaml" name="confgate"/>"#,
        ] {
            #expect(lines.contains(line), "\(line) missing from\n\(xml)")
        }

        // Well-formed: Foundation's XML parser reads it, with one suite per linted file.
        final class Counter: NSObject, XMLParserDelegate {
            var suites: [String] = []
            func parser(
                _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
            ) {
                if elementName == "testsuite" { suites.append(attributeDict["name"] ?? "") }
            }
        }
        let counter = Counter()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = counter
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(counter.suites.count == 8)
        #expect(counter.suites.first == "services/checkout/config.json")

        // The same bytes on every run.
        #expect(try CLI.run(["lint", "--format", "junit"], in: Self.demo).stdout == xml)
    }
}
