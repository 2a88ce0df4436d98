import ConfgateStore
import Foundation
import Testing

/// The two `SQLConnection`s (PostgreSQL through libpq, SQLite) behave alike for what the store
/// uses: `$n` parameters, text results, scripts, typed errors, the migration lock.
@Suite struct SQLConnectionTests {
    // MARK: - Statements

    @Test(arguments: TestDatabases.bothBackends)
    func parametersRoundTripInEitherOrder(backend: SQLBackend) throws {
        let database = try TestDatabases.make(backend)
        defer { database.drop() }
        let connection = try database.location.open()
        defer { connection.close() }
        #expect(connection.backend == backend)

        #expect(try connection.query("CREATE TABLE t (id bigint, name text, note text)") == [])
        // `$2` before `$1`: SQLite numbers named parameters by first appearance, so binding by
        // position would swap the values.
        try connection.query("INSERT INTO t (name, id, note) VALUES ($2, $1, $3)", [.integer(7), .text("Zürich 東京 ✓"), .null])
        try connection.query(
            "INSERT INTO t (id, name, note) VALUES ($1, $2, $3)", [.integer(-9_000_000_000), .text("it's \"quoted\"\n"), .text("")])

        #expect(try connection.query("SELECT id, name, note FROM t ORDER BY id") == [
            ["-9000000000", "it's \"quoted\"\n", ""],
            ["7", "Zürich 東京 ✓", nil],
        ])
        #expect(try connection.query("SELECT name FROM t WHERE id = $2 AND name <> $1", [.text("x"), .integer(7)]) == [["Zürich 東京 ✓"]])
        #expect(try connection.query("SELECT count(*) FROM t WHERE note IS NULL") == [["1"]])
    }

    @Test(arguments: TestDatabases.bothBackends)
    func aScriptRunsEveryStatement(backend: SQLBackend) throws {
        let database = try TestDatabases.make(backend)
        defer { database.drop() }
        let connection = try database.location.open()
        defer { connection.close() }

        try connection.execute(script: """
            -- a migration file: several statements, comments, no parameters
            CREATE TABLE a (x integer NOT NULL);
            INSERT INTO a VALUES (1);
            INSERT INTO a VALUES (2);
            """)
        #expect(try connection.query("SELECT x FROM a ORDER BY x") == [["1"], ["2"]])
    }

    @Test(arguments: TestDatabases.bothBackends)
    func failedStatementsCarryTheirCode(backend: SQLBackend) throws {
        let database = try TestDatabases.make(backend)
        defer { database.drop() }
        let connection = try database.location.open()
        defer { connection.close() }
        let target = connection.displayTarget

        let missing = #expect(throws: StoreError.self) { try connection.query("SELECT * FROM missing_table") }
        let unique = #expect(throws: StoreError.self) {
            try connection.execute(script: "CREATE TABLE u (k text PRIMARY KEY); INSERT INTO u VALUES ('a'); INSERT INTO u VALUES ('a');")
        }
        let several = #expect(throws: StoreError.self) { try connection.query("SELECT 1; SELECT 2") }
        switch backend {
        case .postgres:
            #expect(missing == .statementFailed(target: target, sqlState: "42P01", reason: "relation \"missing_table\" does not exist"))
            #expect(missing?.message == "\(target): relation \"missing_table\" does not exist (SQLSTATE 42P01)")
            #expect(unique == .statementFailed(target: target, sqlState: "23505", reason: "duplicate key value violates unique constraint \"u_pkey\""))
            #expect(several == .statementFailed(target: target, sqlState: "42601", reason: "cannot insert multiple commands into a prepared statement"))
        case .sqlite:
            #expect(missing == .statementFailed(target: target, sqlState: "SQLITE_ERROR", reason: "no such table: missing_table"))
            #expect(missing?.message == "\(target): no such table: missing_table (SQLSTATE SQLITE_ERROR)")
            #expect(unique == .statementFailed(target: target, sqlState: "SQLITE_CONSTRAINT_PRIMARYKEY", reason: "UNIQUE constraint failed: u.k"))
            #expect(several == .statementFailed(target: target, sqlState: nil, reason: "query runs one statement; use execute(script:) for several"))
        }
        // A failed statement leaves the connection usable.
        #expect(try connection.query("SELECT 1") == [["1"]])
    }

    @Test(arguments: TestDatabases.bothBackends)
    func aClosedConnectionRefusesStatements(backend: SQLBackend) throws {
        let database = try TestDatabases.make(backend)
        defer { database.drop() }
        let connection = try database.location.open()
        connection.close()
        connection.close()  // idempotent
        #expect(throws: StoreError.closed) { try connection.query("SELECT 1") }
        #expect(throws: StoreError.closed) { try connection.execute(script: "SELECT 1") }
        #expect(throws: StoreError.closed) { try connection.lockMigrations() }
    }

    // MARK: - PostgreSQL connections

    @Test func aPostgresTargetNamesUserHostPortAndDatabase() throws {
        let database = try TestDatabases.postgres()
        defer { database.drop() }
        guard case .postgres(let conninfo) = database.location else { Issue.record("not postgres"); return }
        let connection = try PostgresConnection(conninfo: conninfo)
        defer { connection.close() }
        // The test URL is postgresql://confgate_admin@127.0.0.1:PORT/confgate_test_...: exactly the form.
        #expect(connection.displayTarget == conninfo)
        #expect(try connection.query("SELECT current_setting('application_name')") == [["confgate"]])
    }

    @Test func aRefusedConnectionNamesTheHostButNeverThePassword() throws {
        let port = try unusedPort()
        for conninfo in [
            "postgresql://someone:s3cret-pw@127.0.0.1:\(port)/x",
            "host=127.0.0.1 port=\(port) user=someone password='s3cret-pw' dbname=x",
        ] {
            let error = #expect(throws: StoreError.self) { try PostgresConnection(conninfo: conninfo) }
            guard case .connectionFailed(let target, _) = error, let message = error?.message else {
                Issue.record("expected connectionFailed, got \(String(describing: error))")
                continue
            }
            #expect(target == "postgresql://someone@127.0.0.1:\(port)/x")
            #expect(message.contains("127.0.0.1"))
            #expect(message.contains("Connection refused"))
            #expect(!message.contains("s3cret-pw"))
            #expect(!message.contains("\n"))
        }
    }

    @Test func anUnparsableURLIsShownMasked() {
        let error = #expect(throws: StoreError.self) { try PostgresConnection(conninfo: "postgresql://u:s3cret-pw@[bad") }
        guard case .connectionFailed(let target, _) = error, let message = error?.message else {
            Issue.record("expected connectionFailed, got \(String(describing: error))")
            return
        }
        #expect(target == "postgresql://u:***@[bad")
        #expect(message == #"cannot connect to postgresql://u:***@[bad: end of string reached when looking for matching "]" in IPv6 host address in URI: "postgresql://u:***@[bad""#)
    }

    @Test func aTerminatedBackendIsAConnectionLost() throws {
        let database = try TestDatabases.postgres()
        defer { database.drop() }
        let connection = try database.location.open()
        defer { connection.close() }
        let error = #expect(throws: StoreError.self) { try connection.query("SELECT pg_terminate_backend(pg_backend_pid())") }
        guard case .connectionLost(let target, let reason) = error else {
            Issue.record("expected connectionLost, got \(String(describing: error))")
            return
        }
        #expect(target == connection.displayTarget)
        #expect(reason.contains("terminating connection due to administrator command"))
        #expect(!reason.contains("\n"))
    }

    // MARK: - SQLite files

    @Test func theSQLiteDirectoryIsCreated() throws {
        let directory = try TestDatabases.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/project/.confgate/history.db"
        let connection = try SQLiteConnection(path: path)
        defer { connection.close() }
        #expect(connection.displayTarget == path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try connection.query("PRAGMA journal_mode") == [["wal"]])
        #expect(try connection.query("PRAGMA foreign_keys") == [["1"]])
        #expect(try connection.query("PRAGMA busy_timeout") == [["30000"]])
        try connection.lockMigrations()
        #expect(FileManager.default.fileExists(atPath: path + "-migrate.lock"))
        try connection.unlockMigrations()
    }

    @Test func aFileThatIsNoDatabaseFailsToConnect() throws {
        let directory = try TestDatabases.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/history.db"
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.connectionFailed(target: path, reason: "file is not a database")) {
            try SQLiteConnection(path: path)
        }
    }

    // MARK: - The migration lock

    @Test(arguments: TestDatabases.bothBackends)
    func theMigrationLockMakesASecondConnectionWait(backend: SQLBackend) async throws {
        let database = try TestDatabases.make(backend)
        defer { database.drop() }
        let first = try database.location.open()
        defer { first.close() }
        let events = EventLog()

        try first.lockMigrations()
        events.append("first locked")
        // A thread, not a Task: the second connection blocks in lockMigrations, and a blocked
        // task would hold one of the few threads of the cooperative pool.
        let location = database.location
        Thread {
            defer { events.finish() }
            do {
                let second = try location.open()
                defer { second.close() }
                events.append("second waiting")
                try second.lockMigrations()
                events.append("second locked")
                try second.unlockMigrations()
            } catch {
                events.append("second failed: \(error)")
            }
        }.start()

        // Release the lock only once the second connection is seen waiting for it.
        var waiting = false
        for _ in 0..<3000 where !waiting {
            try await Task.sleep(for: .milliseconds(10))
            waiting = try events.contains("second waiting") && isWaiting(first, location: location)
        }
        #expect(waiting, "the second connection was never seen waiting for the lock")
        events.append("first unlocking")
        try first.unlockMigrations()

        while !events.finished { try await Task.sleep(for: .milliseconds(10)) }
        #expect(events.all == ["first locked", "second waiting", "first unlocking", "second locked"])
    }

    /// Whether another connection waits for the migration lock: an ungranted advisory lock in
    /// PostgreSQL; a blocked `flock` waiter (`->` in /proc/locks) on the lock file for SQLite.
    private func isWaiting(_ connection: any SQLConnection, location: DatabaseLocation) throws -> Bool {
        switch location {
        case .postgres:
            return try connection.query(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            ) == [["1"]]
        case .sqlite(let path):
            let inode = try FileManager.default.attributesOfItem(atPath: path + "-migrate.lock")[.systemFileNumber] as? Int ?? -1
            guard let locks = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return true }
            return locks.split(separator: "\n").contains { line in
                line.contains("->") && line.split(separator: " ").contains { $0.hasSuffix(":\(inode)") }
            }
        }
    }

    // MARK: - Locations

    @Test func locationsResolveFlagThenEnvironmentThenTheDefault() throws {
        let root = "/work/project"
        let cases: [(url: String?, environment: [String: String], expected: DatabaseLocation)] = [
            ("postgresql://a@db/x", ["CONFGATE_DATABASE_URL": "sqlite:other.db"], .postgres(conninfo: "postgresql://a@db/x")),
            (nil, ["CONFGATE_DATABASE_URL": "sqlite:other.db"], .sqlite(path: "/work/project/other.db")),
            (nil, [:], .sqlite(path: "/work/project/.confgate/history.db")),
            (nil, ["CONFGATE_DATABASE_URL": ""], .sqlite(path: "/work/project/.confgate/history.db")),
            ("postgres://u@h:5433/d?sslmode=require", [:], .postgres(conninfo: "postgres://u@h:5433/d?sslmode=require")),
            ("postgresql://", [:], .postgres(conninfo: "postgresql://")),
            ("service=ci", [:], .postgres(conninfo: "service=ci")),
            ("host=db dbname=x", [:], .postgres(conninfo: "host=db dbname=x")),
            ("sqlite:///var/lib/h.db", [:], .sqlite(path: "/var/lib/h.db")),
            ("sqlite:/var/lib/h.db", [:], .sqlite(path: "/var/lib/h.db")),
            ("sqlite://state/h.db", [:], .sqlite(path: "/work/project/state/h.db")),
            ("sqlite:h.db", [:], .sqlite(path: "/work/project/h.db")),
        ]
        for (url, environment, expected) in cases {
            #expect(try DatabaseLocation.resolve(url: url, environment: environment, projectRoot: root) == expected, "\(url ?? "nil")")
        }
    }

    @Test func anUnrecognisedURLIsRefusedWithItsPasswordMasked() {
        let error = #expect(throws: StoreError.self) {
            try DatabaseLocation.resolve(url: "mysql://root:hunter2@db/x", environment: [:], projectRoot: "/p")
        }
        #expect(error == .refused(
            "unrecognised database URL mysql://root:***@db/x: expected postgresql://..., libpq keywords (host=... dbname=...) or sqlite:PATH"))
        #expect(throws: StoreError.self) { try DatabaseLocation.resolve(url: "sqlite:", environment: [:], projectRoot: "/p") }
        #expect(throws: StoreError.self) { try DatabaseLocation.resolve(url: "", environment: [:], projectRoot: "/p") }
    }

    @Test func displayTargetsMaskPasswords() {
        let cases: [(DatabaseLocation, String)] = [
            (.postgres(conninfo: "postgresql://u:pw@h:5432/db?sslmode=require&password=pw2"),
             "postgresql://u:***@h:5432/db?sslmode=require&password=***"),
            (.postgres(conninfo: "postgresql://u@h/db"), "postgresql://u@h/db"),
            (.postgres(conninfo: "postgresql://u:p@ss@h/db"), "postgresql://u:***@h/db"),
            (.postgres(conninfo: "host=h password='a b\\' c' user=u"), "host=h password='***' user=u"),
            (.postgres(conninfo: "host=h password = bare user=u"), "host=h password = *** user=u"),
            (.postgres(conninfo: ""), "PostgreSQL (from the PG* environment)"),
            (.sqlite(path: "/p/.confgate/history.db"), "/p/.confgate/history.db"),
        ]
        for (location, expected) in cases { #expect(location.displayTarget == expected) }
    }
}

/// Events of the lock test in the order they happened, from two threads.
private final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [String] = []
    private var done = false

    func append(_ event: String) { lock.withLock { events.append(event) } }
    func contains(_ event: String) -> Bool { lock.withLock { events.contains(event) } }
    func finish() { lock.withLock { done = true } }
    var finished: Bool { lock.withLock { done } }
    var all: [String] { lock.withLock { events } }
}

/// A TCP port of 127.0.0.1 that nothing listens on: bound to learn a free number, then released.
private func unusedPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw TestDatabases.SetupError(description: "socket: \(errno)") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
        }
    }
    guard bound else { throw TestDatabases.SetupError(description: "bind: \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}
