import ArgumentParser
import ConfgateEngine
import ConfgateReporters

/// `confgate render TEMPLATE`: a configuration generated from a template's defaults and the
/// parameters given, validated against the template (docs/render.md).
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a configuration from a template: its defaults, then --values files, then --set parameters.",
        discussion: """
            TEMPLATE is a template file (JSON Schema or short-hand, YAML or JSON) or the name of a \
            template of .confgate.yaml (as templates list shows it). The configuration starts from \
            the template's defaults; each --values file is merged over it in order (mappings key by \
            key, anything else replaced, null deletes), then each --set in order. --set takes a \
            dotted path (a\\.b for a dot in a key, [N] for a list item) and a YAML value: 8443 is an \
            integer, "8443" a string, [a, b] a list. --env picks x-confgate-default-by-env defaults \
            and replaces {env} in string defaults.

            A valid configuration is printed (or written to --output) and the exit code is 0. An \
            invalid one is not printed: each violation is reported on standard error at the --set \
            argument, values file line or template default that caused it, and the exit code is 1. \
            Exit code 2: a usage or configuration error (a malformed --set, an unknown template, an \
            unreadable values file).
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case yaml
        case json
    }

    @Argument(help: "The template file, or the name of a template of .confgate.yaml.")
    var template: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Set a value, e.g. server.port=8443 (repeatable).", valueName: "key=value"))
    var parameters: [String] = []

    @Option(name: .customLong("values"), help: ArgumentHelp("A YAML or JSON file of values, merged in order (repeatable).", valueName: "file"))
    var valuesFiles: [String] = []

    @Option(help: ArgumentHelp("The environment to render for (x-confgate-default-by-env, {env} in defaults).", valueName: "env"))
    var env: String?

    @Option(help: "The format of the configuration written.")
    var format: OutputFormat = .yaml

    @Option(help: ArgumentHelp("Write the configuration to this file instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var schemaOptions: SchemaOptions

    func run() throws {
        let cwd = FileSystem.currentDirectory()
        let config = schemaOptions.applied(to: try configOptions.load(workingDirectory: cwd), workingDirectory: cwd)
        let setParameters: [SetParameter]
        let values: [ValuesFile]
        let result: RenderResult
        do {
            setParameters = try parameters.map { argument throws(RenderError) in try SetParameter.parse(argument) }
            let template = try Self.template(template, config: config, workingDirectory: cwd)
            values = try valuesFiles.map { file throws(RenderError) in
                try ValuesFile.read(path: FilePath.absolute(file, from: cwd), displayPath: file, limits: config.limits)
            }
            let renderer = TemplateRenderer(template: template, environment: env, secrets: config.secrets)
            result = try renderer.render(values: values, parameters: setParameters)
        } catch {
            Output.stderr("confgate: \(error.description)\n")
            throw ExitCode(ExitStatus.usage)
        }
        guard result.isValid else {
            let context = ReportContext(color: false, fileCount: result.fileCount)
            Output.stderr(TextReporter().render(result.report, context: context))
            throw ExitCode(ExitStatus.findings)
        }
        let text = format == .yaml ? YAMLEmitter.emit(result.config) : result.config.prettyJSON
        guard let output else {
            Output.stdout(text)
            return
        }
        do {
            try Output.writeFile(FilePath.absolute(output, from: cwd), text)
        } catch {
            Output.stderr("confgate: \(error.description)\n")
            throw ExitCode(ExitStatus.operational)
        }
    }

    /// The template named on the command line: a file, else a template of .confgate.yaml by name.
    static func template(_ name: String, config: ProjectConfig, workingDirectory: String) throws(RenderError) -> TemplateSet.Template {
        let path = FilePath.absolute(name, from: workingDirectory)
        do throws(ConfigError) {
            if FileSystem.kind(path) == .file {
                return try TemplateSet.loadSingle(path: path, displayPath: name, config: config)
            }
            let templates = try TemplateSet.load(config: config)
            if let template = templates.templates.first(where: { $0.name == name || $0.file == name }) { return template }
            let names = templates.templates.map(\.name)
            let hint: String
            if let match = closestMatch(to: name, in: names) {
                hint = "; did you mean \"\(match)\"?"
            } else if names.isEmpty {
                hint = "; no templates configured (templates: in .confgate.yaml)"
            } else {
                hint = "; valid templates: \(names.joined(separator: ", "))"
            }
            throw ConfigError.usage("no template file or template named \"\(name)\"\(hint)")
        } catch {
            throw .template(error)
        }
    }
}
