import ConfgateDocument
import ConfgateEngine
import ConfgateReporters
import Testing

/// The GitHub Actions reporter on the fixed reports of `ReporterTests`: exact output.
@Suite struct GitHubReporterTests {
    @Test func githubIsExact() {
        let out = GitHubReporter().render(ReporterTests.report, context: ReportContext(color: true, fileCount: 3))
        #expect(
            out == """
                ::error file=missing.yaml,title=io-error::cannot read "missing.yaml": no such file or directory
                ::error file=config/app.yaml,line=3,col=3,endLine=3,endColumn=7,title=duplicate-key::duplicate key "port"; it is first defined at line 2, column 3
                ::warning file=config/app.yaml,line=12,col=1,endLine=12,endColumn=4,title=example-warning::document is empty
                ::error file=data.json,line=1,col=8,endLine=1,endColumn=8,title=syntax-error::trailing comma before '}' is not allowed in JSON
                ::notice file=data.json,line=2,col=2,endLine=2,endColumn=7,title=example-info::tab-indented "key"
                3 errors, 1 warning, 1 info (3 files checked)

                """)
        #expect(
            GitHubReporter().render(LintReport(files: []), context: ReportContext(fileCount: 2))
                == "no findings (2 files checked)\n")
    }

    /// Suppressed findings are not annotated; the summary counts them.
    @Test func suppressedFindingsAreNotAnnotated() {
        let out = GitHubReporter().render(ReporterTests.suppressedReport, context: ReportContext(fileCount: 2))
        #expect(
            out == """
                ::warning file=config/app.yaml,line=12,col=1,endLine=12,endColumn=4,title=example-warning::document is empty
                0 errors, 1 warning, 0 info (2 files checked, 2 suppressed, 1 of 3 baseline entries matched)

                """)
    }

    /// `%`, CR and LF are escaped in the message; in property values `:` and `,` too. A range over
    /// several lines has no columns (GitHub accepts them only on one line).
    @Test func escapingAndMultiLineRanges() {
        let odd = Finding(
            rule: "r:1,x", category: .syntax, severity: .error, message: "100% sure\nline two\r:, kept %0A",
            file: "dir/a:b,c%.yaml", range: point(line: 1, column: 1, offset: 0))
        let block = Finding(
            rule: "block", category: .schema, severity: .info, message: "m", file: "b.yaml",
            range: SourceRange(
                start: SourceLocation(line: 2, column: 5, offset: 10), end: SourceLocation(line: 4, column: 1, offset: 30)))
        let out = GitHubReporter().render(LintReport(files: [], inputFindings: [odd, block]), context: ReportContext(fileCount: 1))
        #expect(
            out == """
                ::error file=dir/a%3Ab%2Cc%25.yaml,line=1,col=1,endLine=1,endColumn=1,title=r%3A1%2Cx::100%25 sure%0Aline two%0D:, kept %250A
                ::notice file=b.yaml,line=2,endLine=4,title=block::m
                1 error, 0 warnings, 1 info (1 file checked)

                """)
        // Every annotation is one line, whatever the message holds.
        #expect(out.split(separator: "\n").count == 3)
    }
}
