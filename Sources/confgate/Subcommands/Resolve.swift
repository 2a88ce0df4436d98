import ArgumentParser
import ConfgateDocument
import ConfgateEngine

/// `confgate resolve --env ENV [--service S] [PATHS...]`: the effective configuration of one
/// environment, as the layers merge it (docs/environments.md, "resolve").
struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the effective configuration of one environment of a service.",
        discussion: """
            The service's layers (its base files, then the environment's override) are merged as \
            docs/environments.md describes and the result is printed as block YAML (default) or \
            pretty JSON; both read back to the same value. Services are found under PATHS (default: \
            the current directory) by the layouts of .confgate.yaml, or the zero-config layout \
            (base.yaml beside staging.yaml, production.yaml, ... in one folder). Without --service \
            there must be exactly one service. Values that confgate reports as plaintext secrets \
            are printed masked (their first characters and «redacted») unless --reveal is given. \
            --explain writes after each value the file and line that set it.

            Exit codes: 0 printed; 1 a layer does not read (its problems go to standard error, as \
            lint prints them); 2 usage or configuration error, an unknown service or environment.
            """)

    /// The options below that take a value, as spelled on the command line (for `PathArguments`).
    static let optionsTakingValue: Set<String> = ["--config", "--env", "--service", "--format"]

    @Argument(help: "Files and directories to look for services in (default: the current directory).")
    var paths: [String] = []

    @OptionGroup var configOptions: ConfigOptions

    @Option(help: ArgumentHelp("The environment to resolve (staging, production, ...).", valueName: "name"))
    var env: String

    @OptionGroup var serviceOptions: ServiceOptions

    @Option(help: "Output format: yaml or json.")
    var format: String = "yaml"

    @Flag(help: "With YAML output: after each value, a comment with the file and line that set it.")
    var explain = false

    @Flag(help: "Print values detected as plaintext secrets as they are, instead of masked.")
    var reveal = false

    func validate() throws {
        guard ["yaml", "json"].contains(format) else {
            throw ValidationError("unknown format \"\(format)\"; valid formats: yaml, json")
        }
        if explain && format == "json" {
            throw ValidationError("--explain writes YAML comments; it cannot be used with --format json")
        }
    }

    func run() throws {
        let cwd = FileSystem.currentDirectory()
        let config = try configOptions.load(workingDirectory: cwd)
        // The service template's x-confgate-merge decides how lists merge, as in lint.
        let templates = try SchemaOptions.loadTemplates(config)
        let all = try ServiceOptions.services(config, paths: paths, workingDirectory: cwd)
        let selected = try serviceOptions.select(all)
        guard selected.count == 1, let service = selected.first else {
            Output.stderr(
                "confgate: \(selected.count) services found (\(selected.map(\.displayName).joined(separator: ", "))); choose one with --service\n")
            throw ExitCode(ExitStatus.usage)
        }
        try ServiceOptions.check(env, in: service)
        let resolved = try ServiceOptions.resolve(service, environments: [env], config: config, templates: templates)
        guard let environment = resolved.environments.first else { throw ExitCode(ExitStatus.usage) }
        let masks = reveal ? [:] : environment.secretMasks(SecretScanner(settings: config.secrets))
        let value = environment.value.map { environment.document($0, masks: masks) } ?? .null
        if format == "json" {
            Output.stdout(value.prettyJSON + "\n")
        } else {
            let notes = explain ? environment.explanations() : [:]
            Output.stdout(YAMLWriter.write(value, comment: explain ? { notes[$0] } : nil))
        }
    }
}
