import Crypto
import Dispatch

/// Applies and undoes the numbered migrations of `Migrations/` (embedded in the binary) on one
/// database: `confgate db migrate` (docs/database.md, "Migrations").
///
/// - Each migration runs in its own transaction, with its `schema_migrations` row: a failed one
///   leaves the database as it was before it.
/// - The migration lock (an advisory lock on PostgreSQL) is held for the whole run, so two CI jobs
///   migrating the same database take turns instead of applying the same file twice.
/// - Every applied migration's checksum (SHA-256 of its up file) is compared with the file's:
///   an edited applied migration stops the run before anything is applied.
public struct Migrator {
    public let connection: any SQLConnection
    public let migrations: [EmbeddedMigration]
    /// Who runs the migrations, for `schema_migrations.applied_by`.
    public var actor: String

    public init(connection: any SQLConnection, migrations: [EmbeddedMigration]? = nil, actor: String) {
        self.connection = connection
        self.migrations = migrations ?? Migrator.embedded(for: connection.backend)
        self.actor = actor
    }

    public static func embedded(for backend: SQLBackend) -> [EmbeddedMigration] {
        switch backend {
        case .postgres: EmbeddedMigrations.postgres
        case .sqlite: EmbeddedMigrations.sqlite
        }
    }

    /// One migration and whether the database has it.
    public struct State: Sendable, Equatable {
        public var version: Int
        public var name: String
        /// When it was applied (the database's text), `nil` when pending. A migration applied
        /// before the bookkeeping table existed, not yet recorded, says `"(not recorded)"`.
        public var appliedAt: String?
        public var isApplied: Bool { appliedAt != nil }
        /// `0003_audit_log`: the migration's file name without `.up.sql`.
        public var id: String { String(format4: version) + "_" + name }
    }

    public static func checksum(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    // MARK: - Reading the state

    private struct Recorded {
        var version: Int
        var name: String
        var checksum: String
        var appliedAt: String
    }

    private func tableExists(_ name: String) throws(StoreError) -> Bool {
        let sql = switch connection.backend {
        case .postgres: "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = $1"
        case .sqlite: "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1"
        }
        let count = try connection.query(sql, [.text(name)]).first?.first ?? nil
        return (count.flatMap { Int($0) } ?? 0) > 0
    }

    /// The recorded migrations, and the versions applied but not recorded: 0001 runs before the
    /// bookkeeping table exists, and a database made by hand from the original design has the
    /// three tables without any bookkeeping (it is adopted as having 0001 applied).
    private func readApplied() throws(StoreError) -> (recorded: [Recorded], unrecorded: Set<Int>) {
        if try tableExists("schema_migrations") {
            let rows = try connection.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version")
            let recorded = rows.map { row in
                Recorded(version: Int(row[0] ?? "") ?? -1, name: row[1] ?? "", checksum: (row[2] ?? "").trimmingSpaces, appliedAt: row[3] ?? "")
            }
            return (recorded, [])
        }
        return ([], try tableExists("configuration_templates") ? [1] : [])
    }

    /// Every migration this binary knows, applied or not, in order.
    public func status() throws(StoreError) -> [State] {
        let (recorded, unrecorded) = try readApplied()
        try verify(recorded)
        let at = Dictionary(recorded.map { ($0.version, $0.appliedAt) }, uniquingKeysWith: { a, _ in a })
        return migrations.map { migration in
            State(
                version: migration.version, name: migration.name,
                appliedAt: at[migration.version] ?? (unrecorded.contains(migration.version) ? "(not recorded)" : nil))
        }
    }

    /// Stops on a recorded migration this binary does not know or whose file has changed.
    private func verify(_ recorded: [Recorded]) throws(StoreError) {
        let known = Dictionary(migrations.map { ($0.version, $0) }, uniquingKeysWith: { a, _ in a })
        for row in recorded {
            guard let migration = known[row.version] else { throw .unknownMigration(version: row.version, name: row.name) }
            let current = Migrator.checksum(migration.up)
            if current != row.checksum {
                throw .migrationChanged(version: row.version, name: migration.name, recorded: row.checksum, current: current)
            }
        }
    }

    // MARK: - Changing it

    /// Applies every pending migration (up to `target` when given); returns those applied.
    @discardableResult
    public func up(to target: Int? = nil) throws(StoreError) -> [State] {
        try connection.lockMigrations()
        defer { try? connection.unlockMigrations() }
        let (recorded, unrecordedAtStart) = try readApplied()
        try verify(recorded)
        var applied = Set(recorded.map(\.version)).union(unrecordedAtStart)
        var unrecorded = unrecordedAtStart
        var done: [State] = []
        for migration in migrations where !applied.contains(migration.version) {
            if let target, migration.version > target { break }
            let clock = ContinuousClock()
            let started = clock.now
            try inTransaction { () throws(StoreError) in
                do throws(StoreError) {
                    try connection.execute(script: migration.up)
                } catch {
                    throw Migrator.naming(migration, error)
                }
                unrecorded.insert(migration.version)
                // Bookkeeping as soon as the table exists: 0002 records 0001 too.
                if try tableExists("schema_migrations") {
                    let elapsed = clock.now - started
                    let ms = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
                    for version in unrecorded.sorted() {
                        guard let m = migrations.first(where: { $0.version == version }) else { continue }
                        try connection.query(
                            "INSERT INTO schema_migrations (version, name, checksum, applied_by, execution_ms) VALUES ($1, $2, $3, $4, $5)",
                            [.integer(Int64(version)), .text(m.name), .text(Migrator.checksum(m.up)), .text(actor),
                             version == migration.version ? .integer(ms) : .null])
                    }
                    unrecorded = []
                }
            }
            applied.insert(migration.version)
            done.append(State(version: migration.version, name: migration.name, appliedAt: "now"))
        }
        return done
    }

    /// Undoes the last `count` applied migrations, newest first; returns those undone.
    @discardableResult
    public func down(_ count: Int) throws(StoreError) -> [State] {
        try connection.lockMigrations()
        defer { try? connection.unlockMigrations() }
        let (recorded, unrecorded) = try readApplied()
        try verify(recorded)
        let applied = Set(recorded.map(\.version)).union(unrecorded)
        let undo = migrations.filter { applied.contains($0.version) }.suffix(count).reversed()
        var done: [State] = []
        for migration in undo {
            try inTransaction { () throws(StoreError) in
                do throws(StoreError) {
                    try connection.execute(script: migration.down)
                } catch {
                    throw Migrator.naming(migration, error)
                }
                if try tableExists("schema_migrations") {
                    try connection.query("DELETE FROM schema_migrations WHERE version = $1", [.integer(Int64(migration.version))])
                }
            }
            done.append(State(version: migration.version, name: migration.name, appliedAt: nil))
        }
        return done
    }

    private func inTransaction(_ body: () throws(StoreError) -> Void) throws(StoreError) {
        try connection.execute(script: connection.backend == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
        do throws(StoreError) {
            try body()
            try connection.execute(script: "COMMIT")
        } catch {
            try? connection.execute(script: "ROLLBACK")
            throw error
        }
    }

    /// A failed statement's error, saying which migration it was in.
    private static func naming(_ migration: EmbeddedMigration, _ error: StoreError) -> StoreError {
        guard case .statementFailed(let target, let state, let reason) = error else { return error }
        return .statementFailed(target: target, sqlState: state, reason: "migration \(String(format4: migration.version))_\(migration.name): \(reason)")
    }
}

extension String {
    /// Without leading and trailing spaces (PostgreSQL pads `CHAR(n)`).
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

extension EmbeddedMigration {
    /// `0003_audit_log`: the migration's file name without `.up.sql`.
    public var id: String { String(format4: version) + "_" + name }
}
