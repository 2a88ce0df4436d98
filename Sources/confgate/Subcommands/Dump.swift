import ArgumentParser
import ConfgateDocument
import ConfgateEngine
import ConfgateReporters

struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print how confgate reads a file: one JSON value per YAML document, one per line.",
        discussion: """
            The output is JSON Lines: aliases are expanded, merge keys (<<) applied, and YAML scalars \
            typed as documented in docs/yaml-typing.md (yes/no/on/off, 0777 and 1_000 stay strings). \
            A file that does not read cleanly prints the documents read before the problem, reports \
            the problem on standard error and exits with 1. Values that confgate reports as \
            plaintext secrets are printed masked (their first characters and «redacted») unless \
            --reveal is given.
            """)

    @Argument(help: "The file to read ('-' for standard input).")
    var file: String

    @OptionGroup var configOptions: ConfigOptions

    @Option(help: "The file name to assume for standard input; its extension picks YAML or JSON.")
    var stdinFilename: String?

    @Flag(help: "Print values detected as plaintext secrets as they are, instead of masked.")
    var reveal = false

    func run() throws {
        let cwd = FileSystem.currentDirectory()
        let config = try configOptions.load(workingDirectory: cwd)
        let display = file == "-" ? (stdinFilename ?? "<stdin>") : file
        let absolute = FilePath.absolute(file, from: cwd)
        let relative = FilePath.relative(absolute, to: config.root) ?? file
        let format = config.format(of: display, relativePath: relative) ?? .yaml
        let bytes: [UInt8]
        do {
            bytes = file == "-"
                ? try FileSystem.readStream(0, limit: config.limits.maxFileBytes)
                : try FileSystem.readFile(absolute, limit: config.limits.maxFileBytes)
        } catch {
            Output.stderr("\(display): error: cannot read \"\(display)\": \(error.description) [io-error]\n")
            throw ExitCode(ExitStatus.findings)
        }
        let target = LintTarget(displayPath: display, path: absolute, format: format)
        let result = DocumentReader(limits: config.limits).read(bytes, format: format)
        // Dump reports how the file reads, not what is in it: secrets are masked, not findings.
        var readingOnly = config
        readingOnly.secrets.enabled = false
        let linter = Linter(config: readingOnly)
        if let stream = result.stream {
            let fatalDocument = result.diagnostics.first(where: \.isFatal)?.document
            var masks: [NodeID: String] = [:]
            if !reveal {
                let secrets = SecretScanner(settings: config.secrets)
                for hit in secrets.scan(stream, production: false) where !hit.value.isEmpty {
                    masks[hit.node] = JSONWriter.quoted(Redaction.masked(hit.value))
                }
            }
            var out: [UInt8] = []
            for document in stream.documents {
                // A document cut short by a fatal problem is not printed as if it were whole.
                if let fatalDocument, document.index >= fatalDocument { break }
                JSONWriter.write(stream, document.root, into: &out, replacing: masks.isEmpty ? nil : { masks[$0] })
                out.append(0x0A)
            }
            Output.stdout(String(decoding: out, as: UTF8.self))
        }
        let lint = linter.lint(bytes: bytes, target: target)
        if !lint.findings.isEmpty {
            let report = LintReport(files: [lint])
            let text = TextReporter().render(report, context: ReportContext(color: false, fileCount: 1))
            Output.stderr(text)
            throw ExitCode(ExitStatus.findings)
        }
    }
}
