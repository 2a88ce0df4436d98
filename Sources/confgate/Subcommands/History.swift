import ArgumentParser
import ConfgateDocument
import ConfgateEngine
import ConfgateStore

/// `confgate history --env ENV [--service S]`: the configuration versions lint --record stored.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the recorded configuration versions of an environment.",
        discussion: """
            One line per version, newest first for each service: version, validation status, \
            deployment status, when and by whom it was recorded, and the number of findings. \
            --format json prints the same as an array of objects.

            Exit codes: 0 listed (also when there is nothing); 2 usage error; 3 the database failed.
            """)

    @Option(help: ArgumentHelp("The environment.", valueName: "name"))
    var env: String

    @Option(help: ArgumentHelp("Only this service, as the history names it.", valueName: "name"))
    var service: String?

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("unknown format \"\(format)\"; valid formats: text, json") }
    }

    func run() throws {
        let config = try configOptions.load(workingDirectory: FileSystem.currentDirectory())
        let store = try database.open(config)
        defer { store.close() }
        let entries: [HistoryStore.VersionEntry]
        do {
            entries = try store.history(environment: env, service: service)
        } catch {
            throw DatabaseOptions.fail(error)
        }
        if format == "json" {
            let values = entries.map { entry in
                DocumentValue.object([
                    .init("service", .string(entry.service)), .init("environment", .string(entry.environment)),
                    .init("version", .string(entry.version)), .init("validation_status", .string(entry.validationStatus)),
                    .init("deployment_status", .string(entry.deploymentStatus)), .init("recorded_at", .string(entry.recordedAt)),
                    .init("recorded_by", .string(entry.recordedBy)), .init("deployed_at", entry.deployedAt.map(DocumentValue.string) ?? .null),
                    .init("findings", .number(String(entry.findingCount))),
                ])
            }
            Output.stdout(DocumentValue.array(values).prettyJSON + "\n")
            return
        }
        if entries.isEmpty {
            Output.stdout("no configuration recorded for \(service.map { "\($0) in " } ?? "")\(env)\n")
            return
        }
        var rows = [["SERVICE", "VERSION", "VALIDATION", "DEPLOYMENT", "RECORDED", "BY", "FINDINGS"]]
        for entry in entries {
            rows.append([
                entry.service, entry.version, entry.validationStatus, entry.deploymentStatus, entry.recordedAt, entry.recordedBy,
                String(entry.findingCount),
            ])
        }
        Output.stdout(TextTable.render(rows))
    }
}

/// Columns padded to their widest cell, two spaces apart.
enum TextTable {
    static func render(_ rows: [[String]]) -> String {
        guard let columns = rows.first?.count else { return "" }
        let widths = (0..<columns).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                c == columns - 1 ? cell : cell + String(repeating: " ", count: widths[c] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
