import ArgumentParser
import ConfgateEngine
import ConfgateStore

/// `confgate db migrate [up|down N|status]`: the history database's schema (docs/database.md).
struct Db: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the history database.",
        subcommands: [Migrate.self])

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply, undo or list the history database's migrations.",
            discussion: """
                up (the default) applies every pending migration; down N undoes the last N applied; \
                status lists every migration and when it was applied. Each migration runs in its \
                own transaction, under a lock that makes concurrent runs take turns. A migration \
                edited after it was applied stops the run (its checksum no longer matches).

                Exit codes: 0 done; 2 usage error; 3 the database failed (cannot connect, a \
                migration failed, an applied migration was edited).
                """)

        @Argument(help: "up, down or status.")
        var action: String = "up"

        @Argument(help: "With down: how many migrations to undo.")
        var count: Int?

        @OptionGroup var configOptions: ConfigOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            switch action {
            case "up", "status":
                if count != nil { throw ValidationError("\(action) takes no count") }
            case "down":
                guard let count else { throw ValidationError("down needs a count: confgate db migrate down 1") }
                if count < 1 { throw ValidationError("down needs a count of 1 or more, found \(count)") }
            default:
                throw ValidationError("unknown action \"\(action)\"; valid actions: up, down N, status")
            }
        }

        func run() throws {
            let config = try configOptions.load(workingDirectory: FileSystem.currentDirectory())
            let location = try database.location(config)
            let connection: any SQLConnection
            do {
                connection = try location.open()
            } catch {
                throw DatabaseOptions.fail(error)
            }
            defer { connection.close() }
            let migrator = Migrator(connection: connection, actor: database.resolvedActor)
            do {
                switch action {
                case "status":
                    for state in try migrator.status() {
                        let when = state.appliedAt.map { "applied " + (HistoryStore.timestamp($0) ?? $0) } ?? "pending"
                        Output.stdout(state.id + String(repeating: " ", count: max(1, 30 - state.id.count)) + when + "\n")
                    }
                case "down":
                    let undone = try migrator.down(count ?? 0)
                    for state in undone { Output.stdout("undid \(state.id)\n") }
                    if undone.isEmpty { Output.stdout("nothing to undo in \(connection.displayTarget)\n") }
                default:
                    let applied = try migrator.up()
                    for state in applied { Output.stdout("applied \(state.id)\n") }
                    Output.stdout(
                        applied.isEmpty
                            ? "\(connection.displayTarget) is up to date\n"
                            : "\(connection.displayTarget) is up to date (\(applied.count) applied)\n")
                }
            } catch {
                throw DatabaseOptions.fail(error)
            }
        }
    }
}

