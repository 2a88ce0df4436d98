import ArgumentParser
import ConfgateEngine
import ConfgateStore

/// `confgate deployments record`: the team's pipeline tells the history what it deployed.
struct Deployments: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record deployments in the history database.",
        subcommands: [Record.self])

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a deployment done by your pipeline.",
            discussion: """
                Records the deployment (its id, method, status, who, when, error details) and sets \
                the deployment status of the configuration version it deployed. The version is the \
                config_version that lint --record stored (confgate history lists them); a version \
                that was never validated, or failed validation, is refused unless --force. With \
                --method rollback, --version is the version rolled back to.

                Exit codes: 0 recorded (the deployment id is printed); 1 refused; 2 usage error; \
                3 the database failed.
                """)

        @Option(help: ArgumentHelp("The environment deployed to.", valueName: "name"))
        var env: String

        @Option(help: ArgumentHelp("The service deployed, as the history names it.", valueName: "name"))
        var service: String

        @Option(help: ArgumentHelp("The configuration version deployed (a config_version from confgate history).", valueName: "version"))
        var version: String

        @Option(help: "succeeded or failed.")
        var status: String

        @Option(help: "automated (the default), manual or rollback.")
        var method: String = "automated"

        @Option(help: ArgumentHelp("What went wrong, for a failed deployment.", valueName: "text"))
        var errorDetails: String?

        @Flag(help: "Record the deployment even if the version was never validated or is invalid.")
        var force = false

        @OptionGroup var configOptions: ConfigOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard HistoryStore.DeploymentStatus(rawValue: status) != nil else {
                throw ValidationError("--status must be succeeded or failed, found \"\(status)\"")
            }
            guard HistoryStore.DeploymentMethod(rawValue: method) != nil else {
                throw ValidationError("--method must be automated, manual or rollback, found \"\(method)\"")
            }
            for (name, value) in [("--env", env), ("--service", service), ("--version", version)] where value.isEmpty {
                throw ValidationError("\(name) must not be empty")
            }
        }

        func run() throws {
            let config = try configOptions.load(workingDirectory: FileSystem.currentDirectory())
            let store = try database.open(config)
            defer { store.close() }
            let request = HistoryStore.DeploymentRequest(
                environment: env, service: service, version: version,
                status: HistoryStore.DeploymentStatus(rawValue: status) ?? .succeeded,
                method: HistoryStore.DeploymentMethod(rawValue: method) ?? .automated, actor: database.resolvedActor,
                errorDetails: errorDetails, force: force)
            let outcome: Result<String, HistoryStore.DeploymentRefusal>
            do {
                outcome = try store.recordDeployment(request)
            } catch {
                throw DatabaseOptions.fail(error)
            }
            switch outcome {
            case .success(let id):
                Output.stdout("recorded deployment \(id): \(service) \(version) to \(env), \(status)\n")
            case .failure(let refusal):
                Output.stderr("confgate: \(refusal.message)\n")
                throw ExitCode(ExitStatus.findings)
            }
        }
    }
}
