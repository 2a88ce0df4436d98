import ArgumentParser
import ConfgateEngine

/// Options that decide how schemas are found and applied; shared by `lint`, `validate` and `templates`.
struct SchemaOptions: ParsableArguments {
    @Flag(help: "Treat \"format\" as an assertion (date-time, email, uri, ...), not an annotation.")
    var strictFormats = false

    @Option(help: ArgumentHelp("A folder of vendored schemas, each registered under its $id (repeatable).", valueName: "dir"))
    var schemaDir: [String] = []

    @Option(help: ArgumentHelp(
        "Read references starting with PREFIX from DIR, e.g. https://json.schemastore.org/=vendor/schemastore/ (repeatable).",
        valueName: "prefix=dir"))
    var schemaMap: [String] = []

    /// Option names that take a value, for `PathArguments`.
    static let optionsTakingValue: Set<String> = ["--schema-dir", "--schema-map"]

    func validate() throws {
        for map in schemaMap where !map.contains("=") {
            throw ValidationError("--schema-map must be PREFIX=DIR, found \"\(map)\"")
        }
    }

    /// The configuration with these options applied on top of it.
    func applied(to config: ProjectConfig, workingDirectory: String) -> ProjectConfig {
        var config = config
        if strictFormats { config.strictFormats = true }
        config.schemaDirectories += schemaDir.map { FilePath.absolute($0, from: workingDirectory) }
        for map in schemaMap {
            let parts = map.split(separator: "=", maxSplits: 1).map(String.init)
            config.schemaMaps.append(SchemaMap(prefix: parts[0], directory: FilePath.absolute(parts[1], from: workingDirectory)))
        }
        return config
    }

    /// Loads the templates; a template that cannot be used is a configuration error (exit 2).
    static func loadTemplates(_ config: ProjectConfig, extra: [TemplateBinding] = []) throws -> TemplateSet {
        do {
            return try TemplateSet.load(config: config, extraTemplates: extra)
        } catch {
            Output.stderr("confgate: \(error.description)\n")
            throw ExitCode(ExitStatus.usage)
        }
    }
}
