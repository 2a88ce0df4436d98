import Foundation
import Testing

/// `--format json`: the versioned report of docs/report-json.md, read back with JSONSerialization.
@Suite struct JSONReportTests {
    @Test func reportHasVersionToolSummaryAndFindingFields() throws {
        let dir = try TextReportTests.sampleTree()
        let result = try CLI.run(["lint", "--format", "json"], in: dir.url)
        #expect(result.exited(1), "\(result)")
        #expect(result.stderr == "")
        let report = try JSONReport(result.stdout)
        #expect(report.root["version"] as? Int == 1)
        let tool = try #require(report.root["tool"] as? [String: Any])
        #expect(tool["name"] as? String == "confgate")
        #expect((tool["version"] as? String)?.isEmpty == false)
        #expect(report.summary["files"] as? Int == 3)
        #expect(report.summary["findings"] as? Int == 2)
        #expect(report.summary["errors"] as? Int == 2)
        #expect(report.summary["warnings"] as? Int == 0)
        #expect(report.summary["infos"] as? Int == 0)

        let findings = try report.findings.map { try FindingFields($0) }
        #expect(
            findings == [
                FindingFields(
                    rule: "duplicate-key", message: "duplicate key \"port\"; it is first defined at line 2, column 3",
                    file: "a.yaml", line: 3, column: 3, endLine: 3, endColumn: 7, pointer: "/server/port", document: 0),
                FindingFields(
                    rule: "syntax-error", message: "trailing comma before '}' is not allowed in JSON",
                    file: "b.json", line: 1, column: 8, endLine: 1, endColumn: 8, pointer: nil, document: 0),
            ])

        let related = try #require(report.findings.first?["related"] as? [[String: Any]])
        #expect(related.count == 1)
        #expect(related.first?["message"] as? String == "first definition of \"port\"")
        #expect(related.first?["file"] as? String == "a.yaml")
        #expect(related.first?["line"] as? Int == 2)
        #expect(related.first?["column"] as? Int == 3)
        #expect(related.first?["endLine"] as? Int == 2)
        #expect(related.first?["endColumn"] as? Int == 7)
        #expect((report.findings.last?["related"] as? [Any])?.isEmpty == true)
    }

    @Test func cleanReportHasAnEmptyFindingsArray() throws {
        let dir = try TemporaryDirectory()
        try dir.write("ok.json", "{\"a\": [1, 2]}\n")
        let result = try CLI.run(["lint", "--format", "json"], in: dir.url)
        #expect(result.exited(0), "\(result)")
        let report = try JSONReport(result.stdout)
        #expect(report.findings.isEmpty)
        #expect(report.root["findings"] is [Any])
        #expect(report.fileCount == 1)
        #expect(report.summary["findings"] as? Int == 0)
    }

    /// Keys holding `/` and `~` are escaped in the pointer (RFC 6901); a multi-byte key keeps
    /// columns in characters.
    @Test func pointerEscapingAndColumnsInCharacters() throws {
        let dir = try TemporaryDirectory()
        try dir.write("p.json", "{\"a/b\": {\"c~d\": 1, \"c~d\": 2}}")
        try dir.write("u.yaml", "größe:\n  städte: [a]\n  städte: [b]\n")
        let result = try CLI.run(["lint", "--format", "json", "p.json", "u.yaml"], in: dir.url)
        #expect(result.exited(1), "\(result)")
        let findings = try JSONReport(result.stdout).findings.map { try FindingFields($0) }
        #expect(
            findings == [
                FindingFields(
                    rule: "duplicate-key", message: "duplicate key \"c~d\"; it is first defined at line 1, column 10",
                    file: "p.json", line: 1, column: 20, endLine: 1, endColumn: 25, pointer: "/a~1b/c~0d", document: 0),
                FindingFields(
                    rule: "duplicate-key", message: "duplicate key \"städte\"; it is first defined at line 2, column 3",
                    file: "u.yaml", line: 3, column: 3, endLine: 3, endColumn: 9, pointer: "/größe/städte", document: 0),
            ])
    }

    /// Each document of a YAML stream is linted; the finding says which (0-based `document`).
    @Test func multiDocumentYAMLNamesTheDocument() throws {
        let dir = try TemporaryDirectory()
        try dir.write("m.yaml", "a: 1\n---\nb: 1\nb: 2\n---\nc: 1\n---\nd: [1, 2]\nd: x\n---\ne: [\n")
        let result = try CLI.run(["lint", "--format", "json", "m.yaml"], in: dir.url)
        #expect(result.exited(1), "\(result)")
        let findings = try JSONReport(result.stdout).findings.map { try FindingFields($0) }
        #expect(
            findings == [
                FindingFields(
                    rule: "duplicate-key", message: "duplicate key \"b\"; it is first defined at line 3, column 1",
                    file: "m.yaml", line: 4, column: 1, endLine: 4, endColumn: 2, pointer: "/b", document: 1),
                FindingFields(
                    rule: "duplicate-key", message: "duplicate key \"d\"; it is first defined at line 8, column 1",
                    file: "m.yaml", line: 9, column: 1, endLine: 9, endColumn: 2, pointer: "/d", document: 3),
                FindingFields(
                    rule: "syntax-error",
                    message: "unexpected end of file: did not find expected node content",
                    file: "m.yaml", line: 12, column: 1, endLine: 12, endColumn: 1, pointer: nil, document: 4),
            ])
    }

    /// A path that does not exist is an `io-error` about the file: no position, no document.
    @Test func ioErrorHasNullPositionAndDocument() throws {
        let dir = try TemporaryDirectory()
        let result = try CLI.run(["lint", "--format", "json", "missing.yaml"], in: dir.url)
        #expect(result.exited(1), "\(result)")
        let report = try JSONReport(result.stdout)
        #expect(report.fileCount == 0)
        let findings = try report.findings.map { try FindingFields($0) }
        #expect(
            findings == [
                FindingFields(
                    rule: "io-error", category: "io", message: "cannot read \"missing.yaml\": no such file or directory",
                    file: "missing.yaml", line: nil, column: nil, endLine: nil, endColumn: nil, pointer: nil, document: nil)
            ])
    }
}
