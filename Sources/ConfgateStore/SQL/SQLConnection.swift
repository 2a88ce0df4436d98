/// The two databases the history can live in.
public enum SQLBackend: String, Sendable {
    /// A team store on a PostgreSQL server, reached through libpq.
    case postgres
    /// The embedded default: one SQLite file (`.confgate/history.db`).
    case sqlite
}

/// A value bound to a statement parameter. Text is sent as text in both backends (PostgreSQL
/// infers the column type from the statement: `jsonb`, `text[]`, `timestamp`, ...).
public enum SQLValue: Sendable, Hashable {
    case null
    case text(String)
    case integer(Int64)
}

/// One open connection to a history database: the little the store needs of it, the same for
/// both backends so that the store's logic (migrations, recording, history, drift) is written once.
///
/// Statements use `$1`, `$2`, ... for parameters in both backends (SQLite reads `$1` as a named
/// parameter, bound by name). Results come back in text form, one `String?` per column (`nil` for
/// SQL NULL): PostgreSQL's text output (`t`/`f` booleans, `{a,b}` arrays, `jsonb` as JSON text),
/// SQLite's column text.
///
/// Not thread-safe: one connection per thread.
public protocol SQLConnection: AnyObject {
    var backend: SQLBackend { get }

    /// Where the connection goes, safe to print: a URL or file path with any password replaced.
    var displayTarget: String { get }

    /// Runs a script of one or more statements without parameters (a migration file).
    func execute(script: String) throws(StoreError)

    /// Runs one statement with parameters and returns its rows (empty for statements that return none).
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> [[String?]]

    /// Takes the lock that serialises migrations across processes (PostgreSQL: a session-level
    /// advisory lock; SQLite: an exclusive `flock` on a file beside the database), waiting for it.
    func lockMigrations() throws(StoreError)
    func unlockMigrations() throws(StoreError)

    /// Closes the connection; further calls fail with `StoreError.closed`.
    func close()
}

extension SQLConnection {
    @discardableResult
    public func query(_ sql: String) throws(StoreError) -> [[String?]] { try query(sql, []) }
}
