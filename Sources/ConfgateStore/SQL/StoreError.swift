/// What went wrong talking to a history database. Every message is one line, names the database
/// by its `displayTarget` (never with a password) and says what failed.
public enum StoreError: Error, Sendable, Equatable {
    /// The connection could not be opened: server down, login refused, bad URL, unwritable file.
    case connectionFailed(target: String, reason: String)
    /// The server went away (or the connection broke) during the run.
    case connectionLost(target: String, reason: String)
    /// A statement failed. `sqlState` is PostgreSQL's five-character code (`42501` permission
    /// denied, `23505` unique violation, ...) or SQLite's extended result code as text.
    case statementFailed(target: String, sqlState: String?, reason: String)
    /// An applied migration's file has changed since it was applied.
    case migrationChanged(version: Int, name: String, recorded: String, current: String)
    /// The database holds a migration this binary does not know (it is newer than the binary).
    case unknownMigration(version: Int, name: String)
    /// A request the store refuses (an unknown version, a deployment of an invalid configuration, ...).
    case refused(String)
    /// The connection was closed.
    case closed

    public var message: String {
        switch self {
        case .connectionFailed(let target, let reason): "cannot connect to \(target): \(reason)"
        case .connectionLost(let target, let reason): "lost the connection to \(target): \(reason)"
        case .statementFailed(let target, let state, let reason):
            "\(target): \(reason)" + (state.map { " (SQLSTATE \($0))" } ?? "")
        case .migrationChanged(let version, let name, let recorded, let current):
            "migration \(String(format4: version))_\(name) was edited after it was applied (checksum \(recorded.prefix(12)) recorded, \(current.prefix(12)) now); restore the file or write a new migration"
        case .unknownMigration(let version, let name):
            "the database has migration \(String(format4: version))_\(name) applied, which this confgate does not know; use a newer confgate"
        case .refused(let reason): reason
        case .closed: "the database connection is closed"
        }
    }
}

extension String {
    /// `7` as `0007`: how migration versions are written in file names.
    init(format4 value: Int) {
        let digits = String(value)
        // `Swift.max`: a bare `max` here would resolve to the `Sequence.max` of the string being made.
        self = String(repeating: "0", count: Swift.max(0, 4 - digits.count)) + digits
    }
}
