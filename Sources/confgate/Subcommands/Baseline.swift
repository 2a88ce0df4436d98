import ArgumentParser
import ConfgateEngine

/// `confgate baseline [paths] [--output FILE]`: records today's findings so that
/// `lint --baseline FILE` reports only new ones (docs/baseline.md).
struct Baseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record the current findings in a baseline file, for adopting confgate on an existing repository.",
        discussion: """
            Lints like 'confgate lint' (same paths, configuration and schema options) and writes \
            every active finding to the baseline (default: .confgate-baseline.json in the folder \
            of .confgate.yaml, else here). 'confgate lint --baseline FILE' then reports only \
            findings that are not in it. Entries are keyed on rule, file, JSON Pointer and a salted \
            hash of the value, never on line numbers and never holding the value itself; \
            rewriting an existing baseline keeps its salt, so unchanged findings keep their lines.

            Exit codes: 0 the baseline was written; 2 usage or configuration error, or a path \
            that does not exist; 3 the baseline could not be written.
            """)

    /// Options that take a value, for `PathArguments`. Keep in step with the `@Option`s.
    static let optionsTakingValue = Set(["--config", "--output"]).union(SchemaOptions.optionsTakingValue)

    @Argument(help: "Files and directories to lint (default: the current directory).")
    var paths: [String] = []

    @OptionGroup var configOptions: ConfigOptions

    @OptionGroup var schemaOptions: SchemaOptions

    @Option(help: ArgumentHelp(
        "Where to write the baseline (default: .confgate-baseline.json in the project's folder).", valueName: "file"))
    var output: String?

    func validate() throws {
        if paths.contains("-") { throw ValidationError("baseline cannot read standard input; name files or folders") }
    }

    func run() throws {
        let cwd = FileSystem.currentDirectory()
        let config = schemaOptions.applied(to: try configOptions.load(workingDirectory: cwd), workingDirectory: cwd)
        let templates = try SchemaOptions.loadTemplates(config)
        let outputPath = output.map { FilePath.absolute($0, from: cwd) } ?? FilePath.join(config.root, BaselineFile.defaultName)
        let display = output ?? FilePath.relative(outputPath, to: cwd) ?? outputPath

        // Rewriting keeps the salt, so an unchanged finding keeps its entry byte for byte.
        let previous = try? BaselineFile.load(path: outputPath, displayName: display)
        let salt = previous?.salt ?? BaselineFile.newSalt()
        var linter = Linter(config: config, templates: templates)
        linter.compliance = try Rules.loadCompliance(config, templates: templates)
        linter.baselineSalt = salt

        let (targets, missing) = FileDiscovery(config: config, workingDirectory: cwd).discover(paths.isEmpty ? ["."] : paths)
        // A baseline that silently skipped a mistyped path would hide that path's findings later.
        for finding in missing { Output.stderr("confgate: \(finding.message)\n") }
        if !missing.isEmpty { throw ExitCode(ExitStatus.usage) }

        let report = LintReport(files: linter.lint(targets))
        let baseline = BaselineFile.make(from: report, salt: salt, linter: linter)
        do {
            try Output.writeFile(output ?? outputPath, baseline.render())  // errors name the path as given
        } catch {
            Output.stderr("confgate: \(error.description)\n")
            throw ExitCode(ExitStatus.operational)
        }
        let count = baseline.entries.count
        Output.stdout("wrote \(count) \(count == 1 ? "finding" : "findings") to \(display)\n")
    }
}
