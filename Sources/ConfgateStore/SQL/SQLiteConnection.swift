#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CSQLite

/// A connection to the embedded history database: one SQLite file, `.confgate/history.db` by default.
public final class SQLiteConnection: SQLConnection {
    public let backend = SQLBackend.sqlite
    public let displayTarget: String

    private let path: String
    private var database: OpaquePointer?
    /// Prepared statements by their text, reused: a recording sends the same 500-row INSERT a
    /// dozen times, and preparing it (parsing 4,500 parameters) cost more than running it.
    private var prepared: [String: OpaquePointer] = [:]
    /// The open lock file while this connection holds the migration lock.
    private var lockDescriptor: Int32 = -1

    /// Opens (creating it, and its directory, when missing) the database file at `path`.
    public init(path: String) throws(StoreError) {
        self.path = path
        self.displayTarget = path
        // A fresh checkout has no `.confgate/`: the first `confgate` run that records creates it.
        if path != ":memory:", let failure = makeDirectories(parentOf: path) {
            throw .connectionFailed(target: path, reason: failure)
        }
        var database: OpaquePointer?
        let status = sqlite3_open_v2(path, &database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        guard status == SQLITE_OK, let database else {
            let reason = database.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close_v2(database)
            throw .connectionFailed(target: path, reason: reason)
        }
        self.database = database
        // Extended codes tell a unique violation (SQLITE_CONSTRAINT_UNIQUE) from a NOT NULL one.
        sqlite3_extended_result_codes(database, 1)
        do {
            // The busy timeout first: it makes a second writer wait instead of failing at once with
            // SQLITE_BUSY, and switching to WAL takes a lock a concurrent opener may hold (8
            // recorders opening one new file at once failed "database is locked" the other way
            // round). WAL: readers (`confgate history`) do not block the writer of a CI run.
            // Foreign keys are off by default in SQLite; the schema relies on them.
            try execute(script: "PRAGMA busy_timeout=30000; PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;")
        } catch {
            // A file that is not a database (or is locked) only shows here, on the first statement.
            close()
            if case .statementFailed(_, _, let reason) = error { throw .connectionFailed(target: path, reason: reason) }
            throw error
        }
    }

    deinit { close() }

    // MARK: - SQLConnection

    public func execute(script: String) throws(StoreError) {
        let database = try open()
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(database, script, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard status == SQLITE_OK else {
            let reason = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(database))
            throw failure(status: sqlite3_extended_errcode(database), reason: reason)
        }
    }

    @discardableResult
    public func query(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> [[String?]] {
        let statement = try prepare(sql)
        // Ready for the next use, and no parameter text kept alive in it.
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }

        // The store writes `$1`, `$2`, ... for both backends; SQLite reads them as named
        // parameters, numbered in order of first appearance, so each slot is bound by its name.
        // Slot by slot, not parameter by parameter: looking a name up is linear in the number of
        // names, and a batch of 500 rows has 4,500 (sqlite3_bind_parameter_index cost 9% of a
        // whole recording run).
        let slots = sqlite3_bind_parameter_count(statement)
        for position in stride(from: Int32(1), through: slots, by: 1) {
            guard let name = sqlite3_bind_parameter_name(statement, position), name.pointee == CChar(UInt8(ascii: "$")),
                let number = Int(String(cString: name + 1)), parameters.indices.contains(number - 1)
            else { continue }  // `?` or a name the store does not write: left NULL
            let status: Int32 = switch parameters[number - 1] {
            case .null: sqlite3_bind_null(statement, position)
            case .integer(let value): sqlite3_bind_int64(statement, position, value)
            case .text(let value): sqlite3_bind_text(statement, position, value, -1, transient)
            }
            guard status == SQLITE_OK else { throw lastError() }
        }

        var result: [[String?]] = []
        let columns = sqlite3_column_count(statement)
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return result }
            guard status == SQLITE_ROW else { throw lastError() }
            result.append((0..<columns).map { column in
                guard sqlite3_column_type(statement, column) != SQLITE_NULL,
                      let text = sqlite3_column_text(statement, column) else { return nil }
                let count = Int(sqlite3_column_bytes(statement, column))
                return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
            })
        }
    }

    public func lockMigrations() throws(StoreError) {
        _ = try open()
        guard lockDescriptor < 0 else { return }
        let lockPath = path + "-migrate.lock"
        let descriptor = openFile(lockPath)
        guard descriptor >= 0 else { throw lockFailure("cannot open \(lockPath)") }
        // flock, not SQLite's own locking: migrations span several transactions, and the lock must
        // outlive each of them. It is released by the kernel if the process dies.
        while flock(descriptor, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let failure = lockFailure("cannot lock \(lockPath)")
            closeFile(descriptor)
            throw failure
        }
        lockDescriptor = descriptor
    }

    public func unlockMigrations() throws(StoreError) {
        _ = try open()
        releaseLock()
    }

    public func close() {
        releaseLock()
        for statement in prepared.values { sqlite3_finalize(statement) }
        prepared = [:]
        guard let database else { return }
        // _v2: closes once the last statement is finalised instead of failing with SQLITE_BUSY.
        sqlite3_close_v2(database)
        self.database = nil
    }

    // MARK: - Helpers

    /// The prepared statement for `sql`, from the cache or prepared now. Exactly one statement.
    private func prepare(_ sql: String) throws(StoreError) -> OpaquePointer {
        if let cached = prepared[sql] { return cached }
        let database = try open()
        // A copy that outlives prepare: `tail` points into it.
        guard let text = strdup(sql) else { throw .statementFailed(target: path, sqlState: nil, reason: "out of memory") }
        defer { free(text) }
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        guard sqlite3_prepare_v2(database, text, -1, &statement, &tail) == SQLITE_OK else { throw lastError() }
        // A second statement would be silently ignored by prepare: refuse it instead.
        if let tail, tail.pointee != 0 {
            var rest: OpaquePointer?
            let status = sqlite3_prepare_v2(database, tail, -1, &rest, nil)
            sqlite3_finalize(rest)
            if status != SQLITE_OK || rest != nil {
                sqlite3_finalize(statement)
                throw .statementFailed(target: path, sqlState: nil, reason: "query runs one statement; use execute(script:) for several")
            }
        }
        // Only whitespace or comments: prepare gives no statement; `SELECT NULL WHERE 0` runs as nothing.
        guard let statement else { return try prepare("SELECT NULL WHERE 0") }
        if prepared.count >= 64 {
            for old in prepared.values { sqlite3_finalize(old) }
            prepared = [:]
        }
        prepared[sql] = statement
        return statement
    }

    private func open() throws(StoreError) -> OpaquePointer {
        guard let database else { throw .closed }
        return database
    }

    private func releaseLock() {
        guard lockDescriptor >= 0 else { return }
        flock(lockDescriptor, LOCK_UN)
        closeFile(lockDescriptor)
        lockDescriptor = -1
    }

    private func lockFailure(_ what: String) -> StoreError {
        .statementFailed(target: path, sqlState: nil, reason: "\(what): \(String(cString: strerror(errno)))")
    }

    private func lastError() -> StoreError {
        guard let database else { return .closed }
        return failure(status: sqlite3_extended_errcode(database), reason: String(cString: sqlite3_errmsg(database)))
    }

    private func failure(status: Int32, reason: String) -> StoreError {
        .statementFailed(target: path, sqlState: Self.codeName(status), reason: reason)
    }

    /// `SQLITE_ERROR`, `SQLITE_CONSTRAINT_UNIQUE`, ...: SQLite has no API for the names, only
    /// descriptions (`sqlite3_errstr`); codes without a name here read `SQLITE_<number>`.
    static func codeName(_ code: Int32) -> String {
        let extended: [Int32: String] = [
            275: "CONSTRAINT_CHECK", 531: "CONSTRAINT_COMMITHOOK", 787: "CONSTRAINT_FOREIGNKEY",
            1299: "CONSTRAINT_NOTNULL", 1555: "CONSTRAINT_PRIMARYKEY", 1811: "CONSTRAINT_TRIGGER",
            2067: "CONSTRAINT_UNIQUE", 2579: "CONSTRAINT_ROWID", 261: "BUSY_RECOVERY", 517: "BUSY_SNAPSHOT",
            773: "BUSY_TIMEOUT", 262: "LOCKED_SHAREDCACHE", 1032: "READONLY_DBMOVED", 264: "READONLY_RECOVERY",
            520: "READONLY_CANTLOCK", 776: "READONLY_ROLLBACK", 270: "CANTOPEN_NOTEMPDIR", 782: "CANTOPEN_FULLPATH",
            266: "IOERR_READ", 778: "IOERR_WRITE", 1034: "IOERR_FSYNC", 3338: "IOERR_SHORT_READ",
        ]
        let primary = [
            "OK", "ERROR", "INTERNAL", "PERM", "ABORT", "BUSY", "LOCKED", "NOMEM", "READONLY", "INTERRUPT",
            "IOERR", "CORRUPT", "NOTFOUND", "FULL", "CANTOPEN", "PROTOCOL", "EMPTY", "SCHEMA", "TOOBIG",
            "CONSTRAINT", "MISMATCH", "MISUSE", "NOLFS", "AUTH", "FORMAT", "RANGE", "NOTADB", "NOTICE", "WARNING",
        ]
        if let name = extended[code] { return "SQLITE_" + name }
        if code >= 0 && Int(code) < primary.count { return "SQLITE_" + primary[Int(code)] }
        return "SQLITE_\(code)"
    }
}

/// `SQLITE_TRANSIENT` (a macro casting -1 to a destructor, which Swift does not import): SQLite
/// copies the text before `bind` returns, so the Swift string need not outlive the call.
private let transient = unsafeBitCast(-1 as Int, to: sqlite3_destructor_type.self)

// `open` and `close` inside the class name its own methods.
private func openFile(_ path: String) -> Int32 { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) }
private func closeFile(_ descriptor: Int32) { close(descriptor) }

/// Creates the directories above `path` (`mkdir -p` of its parent); the error, if any.
private func makeDirectories(parentOf path: String) -> String? {
    guard let slash = path.lastIndex(of: "/") else { return nil }  // relative, in the current directory
    var built = path.hasPrefix("/") ? "/" : ""
    for component in path[..<slash].split(separator: "/") {
        built += (built.isEmpty || built.hasSuffix("/") ? "" : "/") + component
        // EEXIST also for a file in the way: opening the database then fails with a clear message.
        if mkdir(built, 0o755) != 0 && errno != EEXIST {
            return "cannot create directory \(built): \(String(cString: strerror(errno)))"
        }
    }
    return nil
}
