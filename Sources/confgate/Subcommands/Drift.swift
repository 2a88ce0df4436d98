import ArgumentParser
import ConfgateDocument
import ConfgateEngine
import ConfgateReporters
import ConfgateStore

/// `confgate drift --env ENV [--service S] [PATHS...]`: the repository against what was deployed.
struct Drift: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare the repository's configuration of an environment with the version last deployed.",
        discussion: """
            For each service (found under PATHS as lint finds them), the environment is resolved \
            as lint --record would store it and compared with the configuration of the version \
            last recorded as successfully deployed (confgate deployments record). Each differing \
            path is listed with both values; secret values are redacted on both sides, so a \
            changed secret is never shown. A service never deployed to the environment is \
            listed as such and is not drift.

            Exit codes: 0 no drift; 1 drift; 2 usage error (no service, unknown environment); \
            3 the database failed.
            """)

    static let optionsTakingValue = Set(["--config", "--env", "--service", "--format"]).union(DatabaseOptions.optionsTakingValue)

    @Argument(help: "Files and directories to look for services in (default: the current directory).")
    var paths: [String] = []

    @Option(help: ArgumentHelp("The environment.", valueName: "name"))
    var env: String

    @OptionGroup var serviceOptions: ServiceOptions

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("unknown format \"\(format)\"; valid formats: text, json") }
    }

    func run() throws {
        let cwd = FileSystem.currentDirectory()
        let config = try configOptions.load(workingDirectory: cwd)
        let templates = try SchemaOptions.loadTemplates(config)
        let services = try serviceOptions.select(ServiceOptions.services(config, paths: paths, workingDirectory: cwd))
            .filter { $0.environments.contains { $0.name == env } }
        if services.isEmpty {
            Output.stderr("confgate: no service has an environment \(JSONWriter.quoted(env))\n")
            throw ExitCode(ExitStatus.usage)
        }
        let (snapshots, skipped) = ConfigurationSnapshots(config: config, templates: templates).build(services)
        for skip in skipped { Output.stderr("confgate: \(skip.service): cannot compare, \(skip.reason)\n") }
        let store = try database.open(config)
        defer { store.close() }
        var drifted = false
        var text = ""
        var json: [DocumentValue] = []
        for snapshot in snapshots where snapshot.environment == env {
            let deployed: HistoryStore.DeployedConfiguration?
            do {
                deployed = try store.lastDeployed(environment: env, service: snapshot.service)
            } catch {
                throw DatabaseOptions.fail(error)
            }
            guard let deployed else {
                text += "\(snapshot.service) (\(env)): never deployed\n"
                json.append(.object([.init("service", .string(snapshot.service)), .init("status", .string("never-deployed"))]))
                continue
            }
            guard let stored = deployed.data else {
                text += "\(snapshot.service) (\(env)): deployed version \(deployed.version) was never recorded by lint --record; nothing to compare\n"
                json.append(.object([
                    .init("service", .string(snapshot.service)), .init("status", .string("deployed-unrecorded")),
                    .init("deployed_version", .string(deployed.version)),
                ]))
                continue
            }
            let changes = ConfigurationDrift.changes(deployed: stored, repository: snapshot.value)
            let when = [deployed.deployedAt.map { "at \($0)" }, deployed.deployedBy.map { "by \($0)" }].compactMap { $0 }.joined(separator: " ")
            if changes.isEmpty {
                text += "\(snapshot.service) (\(env)): no drift from deployed version \(deployed.version)\n"
            } else {
                drifted = true
                text += "\(snapshot.service) (\(env)): \(changes.count) \(changes.count == 1 ? "path differs" : "paths differ") from deployed version \(deployed.version)\(when.isEmpty ? "" : " (deployed \(when))"); repository version \(snapshot.version)\n"
                for change in changes {
                    let path = change.pointer.isEmpty ? "(the whole document)" : change.pointer
                    switch change.kind {
                    case .added: text += "  added    \(path): \(change.repository ?? "")\n"
                    case .removed: text += "  removed  \(path): was \(change.deployed ?? "")\n"
                    case .changed: text += "  changed  \(path): \(change.deployed ?? "") -> \(change.repository ?? "")\n"
                    }
                }
            }
            json.append(.object([
                .init("service", .string(snapshot.service)), .init("status", .string(changes.isEmpty ? "in-sync" : "drift")),
                .init("deployed_version", .string(deployed.version)), .init("repository_version", .string(snapshot.version)),
                .init("changes", .array(changes.map { change in
                    .object([
                        .init("kind", .string(change.kind.rawValue)), .init("path", .string(change.pointer)),
                        .init("deployed", change.deployed.map(DocumentValue.string) ?? .null),
                        .init("repository", change.repository.map(DocumentValue.string) ?? .null),
                    ])
                })),
            ]))
        }
        Output.stdout(format == "json" ? DocumentValue.array(json).prettyJSON + "\n" : text)
        throw ExitCode(drifted ? ExitStatus.findings : ExitStatus.clean)
    }
}
