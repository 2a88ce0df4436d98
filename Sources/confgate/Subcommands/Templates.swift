import ArgumentParser
import ConfgateDocument
import ConfgateEngine

/// `confgate templates list|show`: what templates the project has and what they bind.
struct Templates: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the project's templates, or show one.",
        subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the templates of .confgate.yaml and the files each one binds.")

        @OptionGroup var configOptions: ConfigOptions
        @OptionGroup var schemaOptions: SchemaOptions

        func run() throws {
            let cwd = FileSystem.currentDirectory()
            let config = schemaOptions.applied(to: try configOptions.load(workingDirectory: cwd), workingDirectory: cwd)
            let templates = try SchemaOptions.loadTemplates(config)
            let discovery = FileDiscovery(config: config, workingDirectory: cwd)
            let (targets, _) = discovery.discover([config.root])
            var out = ""
            if templates.templates.isEmpty { out = "no templates configured (templates: in .confgate.yaml)\n" }
            for template in templates.templates {
                let kind = template.shorthand.map { " (\($0.type.rawValue), short-hand)" } ?? ""
                out += "\(template.name)\(kind): \(template.file), \(template.schema.draft)\n"
                let bound = targets.filter { target in
                    let relative = FilePath.relative(target.path, to: config.root) ?? target.displayPath
                    return templates.templates.first { t in t.files.contains { $0.matches(relative) } }?.file == template.file
                }
                for target in bound { out += "  \(FilePath.relative(target.path, to: cwd) ?? target.displayPath)\n" }
                if bound.isEmpty { out += "  (no files)\n" }
            }
            Output.stdout(out)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a template: its file as written, or with --expanded the JSON Schema it compiles to.")

        @Argument(help: "The template's name (as listed by templates list) or file.")
        var name: String

        @Flag(help: "Print the equivalent JSON Schema of a short-hand template.")
        var expanded = false

        @OptionGroup var configOptions: ConfigOptions
        @OptionGroup var schemaOptions: SchemaOptions

        func run() throws {
            let cwd = FileSystem.currentDirectory()
            let config = schemaOptions.applied(to: try configOptions.load(workingDirectory: cwd), workingDirectory: cwd)
            let templates = try SchemaOptions.loadTemplates(config)
            guard let template = templates.templates.first(where: { $0.name == name || $0.file == name }) else {
                let names = templates.templates.map(\.name)
                // A likely typo gets the close name; anything else the list to choose from.
                let hint: String
                if let match = closestMatch(to: name, in: names) {
                    hint = "; did you mean \"\(match)\"?"
                } else if names.isEmpty {
                    hint = "; no templates configured (templates: in .confgate.yaml)"
                } else {
                    hint = "; valid templates: \(names.joined(separator: ", "))"
                }
                Output.stderr("confgate: no template named \"\(name)\"\(hint)\n")
                throw ExitCode(ExitStatus.usage)
            }
            if expanded, let shorthand = template.shorthand {
                Output.stdout(shorthand.jsonSchema + "\n")
                return
            }
            let binding = config.templates.first { $0.displayPath == template.file }
            let bytes = (try? FileSystem.readFile(binding?.schema ?? template.file, limit: 64 << 20)) ?? []
            Output.stdout(String(decoding: bytes, as: UTF8.self))
        }
    }
}
