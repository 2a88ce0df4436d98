import ArgumentParser
import ConfgateDocument
import ConfgateEngine
import ConfgateReporters
import ConfgateStore

#if canImport(Glibc)
import Glibc
#endif

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lint YAML and JSON files and directories.",
        discussion: """
            Directories are searched for *.yaml, *.yml, *.json and *.jsonc files (the include and \
            exclude globs of .confgate.yaml apply; .gitignore is honoured inside a git work tree). \
            A file named explicitly is always linted. '-' reads standard input. Each file is \
            validated against its template: the first templates: entry of .confgate.yaml whose \
            files globs match it, else a $schema member, else a yaml-language-server modeline. \
            Every string is checked for plaintext secrets (rules/secrets.yaml, credential-like key \
            names, random tokens); reports never contain a secret's value.

            Layer files (a base and per-environment overrides: the environments: layouts of \
            .confgate.yaml, or base.yaml beside development.yaml, staging.yaml, production.yaml...) \
            are also resolved per environment: the service's template validates each resolved \
            configuration, and environments are compared for parity (docs/environments.md). A \
            service's other layers are read even when only one of its files is named or changed.

            The compliance rule packs of .confgate.yaml (packs:) check every configuration, a \
            service's as each environment resolves it (docs/rule-packs.md); --no-compliance skips \
            them.

            Findings can be suppressed by a comment (# confgate: ignore[rule-id] reason) or an \
            ignore: entry of .confgate.yaml (docs/suppressions.md); with --baseline, findings \
            recorded by 'confgate baseline' are suppressed too (docs/baseline.md). Suppressed \
            findings never fail the run; the summary counts them and the JSON report lists them.

            Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage or \
            configuration error; 3 an operational step failed (such as writing --output, or \
            recording with --record).

            --record stores the run in the history database (docs/database.md): the templates, \
            and each service's resolved configuration per environment (secret values redacted), \
            with a content-hash version, valid or invalid and the findings that make it so. It \
            is one transaction: if the database fails, nothing is written, the report still \
            prints, and the exit code is 3.
            """)

    /// The options below that take a value, as spelled on the command line; `PathArguments` needs
    /// them to tell an option's value from a path. Keep in step with the `@Option`s.
    static let optionsTakingValue = Set([
        "--config", "--format", "--output", "--fail-on", "--stdin-filename", "--color", "--baseline", "--report",
        "--max-warnings", "--changed-since", "--sarif-category",
    ]).union(SchemaOptions.optionsTakingValue).union(DatabaseOptions.optionsTakingValue)

    @Argument(help: "Files and directories to lint (default: the current directory).")
    var paths: [String] = []

    @OptionGroup var configOptions: ConfigOptions

    @OptionGroup var schemaOptions: SchemaOptions

    @Option(help: "Report format: \(ReportFormat.names).")
    var format: String = "text"

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(help: "Exit with 1 when a finding has this severity or above: error, warning, info or never (default: error).")
    var failOn: String?

    @Option(help: "The file name to report for standard input ('-'); its extension picks YAML or JSON.")
    var stdinFilename: String?

    @Option(help: "Colour the text report: auto (a terminal without NO_COLOR), always or never.")
    var color: String = "auto"

    @Flag(help: "Do not look for plaintext secrets (same as secrets: enabled: false in .confgate.yaml).")
    var noSecrets = false

    @Flag(help: "Lint every file on its own: no environments resolved, no parity checks (same as environments: enabled: false in .confgate.yaml).")
    var noEnvironments = false

    @Flag(help: "Run no compliance rules (the packs of .confgate.yaml and the rules templates attach).")
    var noCompliance = false

    @Option(help: ArgumentHelp(
        "Report only findings not in this baseline (written by 'confgate baseline'); the summary says how many of its entries matched.",
        valueName: "file"))
    var baseline: String?

    @Option(help: ArgumentHelp(
        "Also write a report in FORMAT to FILE (repeatable), e.g. --report sarif=confgate.sarif --report junit=report.xml; the --format report still goes to standard output or --output.",
        valueName: "format=file"))
    var report: [String] = []

    @Option(help: ArgumentHelp("Exit with 1 when there are more than N warnings, whatever --fail-on says.", valueName: "n"))
    var maxWarnings: Int?

    @Option(help: ArgumentHelp(
        "Lint only the files changed since this git ref (committed, staged, unstaged or untracked), among those the paths select.",
        valueName: "git-ref"))
    var changedSince: String?

    @Flag(help: "Look for plaintext secrets only: no template validation, and only secret findings (and problems that stop a file from being read) are reported. For a pre-commit secrets hook.")
    var secretsOnly = false

    @Flag(help: "Record this run in the history database: templates, and each service's resolved configuration per environment with its findings (docs/database.md).")
    var record = false

    @OptionGroup var database: DatabaseOptions

    /// `--report` values, split (checked in `validate`).
    var extraReports: [(format: ReportFormat, file: String)] {
        report.compactMap { spec in
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let format = ReportFormat(rawValue: parts[0]) else { return nil }
            return (format, parts[1])
        }
    }

    // SARIF (docs/report-sarif.md).
    @Option(help: ArgumentHelp(
        "With --format sarif: the run's automationDetails.id category, to tell several uploads for one commit apart.",
        valueName: "category"))
    var sarifCategory: String?

    /// Checks the option values while parsing (not in `run`), so a usage error prints this
    /// subcommand's usage line rather than the root command's.
    func validate() throws {
        guard ReportFormat(rawValue: format) != nil else {
            throw ValidationError("unknown format \"\(format)\"; valid formats: \(ReportFormat.names)")
        }
        guard ["auto", "always", "never"].contains(color) else {
            throw ValidationError("--color must be auto, always or never, found \"\(color)\"")
        }
        if let failOn, FailThreshold(rawValue: failOn) == nil {
            throw ValidationError("--fail-on must be error, warning, info or never, found \"\(failOn)\"")
        }
        for spec in report {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw ValidationError("--report must be FORMAT=FILE, found \"\(spec)\"")
            }
            guard ReportFormat(rawValue: parts[0]) != nil else {
                throw ValidationError("--report: unknown format \"\(parts[0])\"; valid formats: \(ReportFormat.names)")
            }
        }
        if let maxWarnings, maxWarnings < 0 {
            throw ValidationError("--max-warnings must be 0 or more, found \(maxWarnings)")
        }
        if record && (secretsOnly || noEnvironments) {
            throw ValidationError("--record stores each environment's resolved configuration; it cannot be used with \(secretsOnly ? "--secrets-only" : "--no-environments")")
        }
        if secretsOnly && noSecrets { throw ValidationError("--secrets-only and --no-secrets exclude each other") }
        if secretsOnly && schemaFile != nil { throw ValidationError("--secrets-only does no schema validation; drop --schema") }
        let dashes = paths.filter { $0 == "-" }.count  // PathArguments leaves each "-" to the parser
        if dashes > 1 { throw ValidationError("'-' (standard input) can be given only once") }
        if dashes == 0 && stdinFilename != nil { throw ValidationError("--stdin-filename needs '-' among the paths") }
    }

    /// Templates besides the configured ones (`validate --schema`).
    var schemaFile: String? = nil

    func extraTemplates(workingDirectory: String) -> [TemplateBinding] {
        guard let schemaFile else { return [] }
        return [
            TemplateBinding(
                schema: FilePath.absolute(schemaFile, from: workingDirectory), displayPath: schemaFile, files: [Glob("**")])
        ]
    }

    func run() throws {
        let reportFormat = ReportFormat(rawValue: format) ?? .text  // checked in validate()
        let cwd = FileSystem.currentDirectory()
        var config = schemaOptions.applied(to: try configOptions.load(workingDirectory: cwd), workingDirectory: cwd)
        if noSecrets { config.secrets.enabled = false }
        if secretsOnly { config.secrets.enabled = true }
        // A secrets-only hook needs no environments: each file's secrets are its own.
        if noEnvironments || secretsOnly { config.environments.enabled = false }
        let templates = secretsOnly ? nil : try SchemaOptions.loadTemplates(config, extra: extraTemplates(workingDirectory: cwd))
        let threshold = failOn.flatMap(FailThreshold.init(rawValue:)) ?? config.failOn ?? .error

        var linter = Linter(config: config, templates: templates)
        if !noCompliance && !secretsOnly { linter.compliance = try Rules.loadCompliance(config, templates: templates) }
        let baselineFile = try baseline.map { try Lint.loadBaseline($0, workingDirectory: cwd) }
        linter.baselineSalt = baselineFile?.salt
        if record { linter.snapshots = SnapshotCollector() }
        var inputs = paths.isEmpty ? ["."] : paths
        var results: [FileResult] = []
        var stdinResult: FileResult?
        if let dash = inputs.firstIndex(of: "-") {
            inputs.remove(at: dash)
            stdinResult = try lintStandardInput(linter: linter, config: config)
        }
        let discovery = FileDiscovery(config: config, workingDirectory: cwd)
        var (targets, missing) = discovery.discover(inputs)
        if let changedSince {
            do {
                let changed = try discovery.changedFiles(since: changedSince)
                targets = targets.filter { changed.contains(FileSystem.realPath($0.path)) }
            } catch {
                Output.stderr("confgate: \(error.description)\n")
                throw ExitCode(ExitStatus.usage)
            }
        }
        // Directories walked whole hold every layer there is to find (not so with --changed-since,
        // which keeps only changed files: their siblings are looked up on disk).
        if changedSince == nil {
            linter.walkedDirectories = inputs.map { FilePath.absolute($0, from: cwd) }.filter { FileSystem.kind($0) == .directory }
        }
        results = linter.lint(targets)
        if let stdinResult { results.insert(stdinResult, at: 0) }
        if secretsOnly { results = results.map(Lint.secretsOnly) }
        var lintReport = LintReport(files: results, inputFindings: missing)
        lintReport.configFindings = linter.configurationFindings()
        if let baselineFile, let baseline { baselineFile.apply(to: &lintReport, source: baseline, linter: linter) }

        // The verdict before the reports, which carry it (SARIF's invocation exit code).
        let warnings = lintReport.count(.warning)
        let tooManyWarnings = maxWarnings.map { warnings > $0 } ?? false
        let failed = lintReport.findings.contains { threshold.fails($0.severity) } || tooManyWarnings
        let exitCode = Int(failed ? ExitStatus.findings : ExitStatus.clean)
        func context(color: Bool) -> ReportContext {
            var context = ReportContext(
                color: color, fileCount: results.count, workingDirectory: cwd, exitCode: exitCode, category: sarifCategory)
            context.packRules = linter.compliance.packRules
            return context
        }

        // The extra reports first: a failure to write one is operational (exit 3), and the main
        // report then still reaches the terminal.
        var writeFailed = false
        for (extraFormat, file) in extraReports {
            let text = extraFormat.reporter.render(lintReport, context: context(color: false))
            do {
                try Output.writeFile(file, text)
            } catch {
                Output.stderr("confgate: --report \(extraFormat.rawValue): \(error.description)\n")
                writeFailed = true
            }
        }
        let useColor = output == nil && reportFormat == .text && (color == "always" || (color == "auto" && Output.colorAllowed()))
        let text = reportFormat.reporter.render(lintReport, context: context(color: useColor))
        if let output {
            do {
                try Output.writeFile(output, text)
            } catch {
                Output.stderr("confgate: \(error.description)\n")
                writeFailed = true
            }
        } else {
            Output.stdout(text)
        }
        if record, let collector = linter.snapshots,
            !recordRun(config: config, templates: templates, collector: collector, report: lintReport, threshold: threshold)
        {
            writeFailed = true
        }
        if writeFailed { throw ExitCode(ExitStatus.operational) }
        if tooManyWarnings, let maxWarnings {
            Output.stderr("confgate: \(warnings) \(warnings == 1 ? "warning" : "warnings"), more than --max-warnings \(maxWarnings)\n")
        }
        throw ExitCode(failed ? ExitStatus.findings : ExitStatus.clean)
    }

    /// `--record`, after the report is out: stores the run, and says on standard error what it
    /// stored or, in one line, why it could not. Returns false when recording failed.
    private func recordRun(
        config: ProjectConfig, templates: TemplateSet?, collector: SnapshotCollector, report: LintReport, threshold: FailThreshold
    ) -> Bool {
        let snapshots = ConfigurationSnapshots.attachingFindings(collector.snapshots, from: report)
        for skip in collector.skipped { Output.stderr("confgate: --record: \(skip.service) not recorded: \(skip.reason)\n") }
        let templateRecords = (templates?.templates ?? []).map { template in
            HistoryStore.TemplateRecord(
                name: template.file, type: template.shorthand == nil ? "json-schema" : "shorthand",
                schemaJSON: DocumentValue(template.document, template.root).compactJSON,
                validationRules: template.validationRules.map(\.id))
        }
        do throws(StoreError) {
            let location = try DatabaseLocation.resolve(
                url: database.databaseURL, environment: DatabaseOptions.processEnvironment, projectRoot: config.root)
            let store = try HistoryStore.open(location, actor: database.resolvedActor)
            defer { store.close() }
            let summary = try store.record(
                templates: templateRecords, snapshots: snapshots, invalid: { threshold.fails($0.severity) }, actor: database.resolvedActor)
            Output.stderr(
                "confgate: recorded \(snapshots.count) configuration \(snapshots.count == 1 ? "version" : "versions") (\(summary.versionsAdded) new, \(summary.versionsUnchanged) unchanged) and \(templateRecords.count) \(templateRecords.count == 1 ? "template" : "templates") in \(store.connection.displayTarget)\n")
            return true
        } catch {
            Output.stderr("confgate: --record failed, nothing recorded: \(error.message)\n")
            return false
        }
    }

    /// `--secrets-only`: a file's secret findings, and the problems that kept it from being read
    /// (a file that cannot be parsed cannot be checked for secrets, which the hook must say).
    static func secretsOnly(_ result: FileResult) -> FileResult {
        var result = result
        let unreadable: Set<String> = [SyntaxErrorRule.id, InputLimitRule.id, InvalidEncodingRule.id]
        let keep: (Finding) -> Bool = { $0.category == .secret || $0.category == .io || unreadable.contains($0.rule) }
        result.findings = result.findings.filter(keep)
        result.suppressed = result.suppressed.filter(keep)
        return result
    }

    /// Loads `--baseline`; a missing or damaged file is a usage error (exit 2): linting without it
    /// would report every accepted finding as new.
    static func loadBaseline(_ path: String, workingDirectory: String) throws -> BaselineFile {
        do {
            return try BaselineFile.load(path: FilePath.absolute(path, from: workingDirectory), displayName: path)
        } catch {
            Output.stderr("confgate: \(error.description)\n")
            throw ExitCode(ExitStatus.usage)
        }
    }

    private func lintStandardInput(linter: Linter, config: ProjectConfig) throws -> FileResult {
        let name = stdinFilename ?? "<stdin>"
        let format = config.format(of: name, relativePath: name) ?? .yaml
        let target = LintTarget(displayPath: name, path: "-", format: format)
        do {
            let bytes = try FileSystem.readStream(0, limit: config.limits.maxFileBytes)
            return linter.lint(bytes: bytes, target: target)
        } catch {
            let finding = Finding(
                rule: error.isTooLarge ? InputLimitRule.id : IOErrorRule.id, category: error.isTooLarge ? .syntax : .io,
                severity: .error, message: "cannot read standard input: \(error.description)", file: name,
                range: error.isTooLarge ? SourceRange(at: .start) : nil)
            return linter.unread(target, finding)
        }
    }
}

extension ReadFailure {
    var isTooLarge: Bool {
        if case .tooLarge = self { return true }
        return false
    }
}
