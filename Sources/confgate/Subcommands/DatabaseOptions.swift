import ArgumentParser
import ConfgateEngine
import ConfgateStore

#if canImport(Glibc)
import Glibc
#endif

/// `--database-url` and `--actor`: where the history lives and who is writing to it
/// (docs/database.md, "Connecting").
struct DatabaseOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The history database: postgresql://user@host/db (or libpq keywords such as service=ci; plain postgresql:// takes everything from the PG* variables and ~/.pgpass), or sqlite:PATH. Default: $CONFGATE_DATABASE_URL, else the embedded store .confgate/history.db beside .confgate.yaml.",
        valueName: "url"))
    var databaseURL: String?

    @Option(help: ArgumentHelp(
        "Who is recording (default: the CI's own variable, such as GITHUB_ACTOR or GITLAB_USER_LOGIN, else the local user).",
        valueName: "name"))
    var actor: String?

    static let optionsTakingValue: Set<String> = ["--database-url", "--actor"]

    static var processEnvironment: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }

    var resolvedActor: String { RunActor.resolve(explicit: actor, environment: DatabaseOptions.processEnvironment) }

    func location(_ config: ProjectConfig) throws -> DatabaseLocation {
        do {
            return try DatabaseLocation.resolve(url: databaseURL, environment: DatabaseOptions.processEnvironment, projectRoot: config.root)
        } catch {
            Output.stderr("confgate: \(error.message)\n")
            throw ExitCode(ExitStatus.usage)
        }
    }

    /// Opens the store (the embedded one migrates itself). A database that cannot be reached or is
    /// not migrated is exit 3, with one line on standard error.
    func open(_ config: ProjectConfig) throws -> HistoryStore {
        let location = try location(config)
        do {
            return try HistoryStore.open(location, actor: resolvedActor)
        } catch {
            throw DatabaseOptions.fail(error)
        }
    }

    /// Prints a store error on one line and gives the exit code to throw: 3, operational.
    static func fail(_ error: StoreError) -> ExitCode {
        Output.stderr("confgate: \(error.message)\n")
        return ExitCode(ExitStatus.operational)
    }
}
