import ConfgateDocument
import ConfgateEngine
import Foundation
import Testing

@testable import ConfgateStore

/// The history store on both backends, with the same tests: a real PostgreSQL server (started by
/// scripts/with-postgres.sh) and a real SQLite file.
@Suite struct HistoryStoreTests {
    /// A fresh, empty database of `backend`, dropped when `body` returns.
    static func withDatabase(_ backend: SQLBackend, _ body: (DatabaseLocation) throws -> Void) throws {
        let database = backend == .postgres ? try TestDatabases.postgres() : try TestDatabases.sqlite()
        defer { database.drop() }
        try body(database.location)
    }

    static func migrated(_ location: DatabaseLocation) throws -> any SQLConnection {
        let connection = try location.open()
        try Migrator(connection: connection, actor: "tester").up()
        return connection
    }

    static func snapshot(
        service: String = "services/api", environment: String = "staging", data: DocumentValue, findings: [Finding] = [],
        secretPaths: [String] = []
    ) -> ConfigurationSnapshot {
        ConfigurationSnapshot(
            service: service, environment: environment, value: data, secretPaths: secretPaths, findings: findings,
            templateFile: "schemas/api.json")
    }

    static let template = HistoryStore.TemplateRecord(
        name: "schemas/api.json", type: "json-schema", schemaJSON: #"{"type":"object","required":["replicas"]}"#,
        validationRules: ["debug-enabled-in-production"])

    static let replicas2: DocumentValue = .object([.init("replicas", .number("2")), .init("debug", .bool(false))])
    static let replicas3: DocumentValue = .object([.init("replicas", .number("3")), .init("debug", .bool(false))])

    static let error = Finding(
        rule: "schema-minimum", category: .schema, severity: .error, message: "\"/replicas\" must be at least 2, found 1",
        file: "services/api/production.yaml", range: SourceRange(at: SourceLocation(line: 2, column: 11, offset: 10)),
        pointer: "/replicas")

    static func count(_ connection: any SQLConnection, _ table: String) throws -> Int {
        Int(try connection.query("SELECT count(*) FROM \(table)").first?.first.flatMap { $0 } ?? "") ?? -1
    }

    // MARK: - Migrations

    @Test(arguments: [SQLBackend.postgres, .sqlite])
    func migrationsGoUpDownAndUpAgain(_ backend: SQLBackend) throws {
        try Self.withDatabase(backend) { location in
            let connection = try location.open()
            defer { connection.close() }
            let migrator = Migrator(connection: connection, actor: "tester")
            #expect(try migrator.status().map(\.isApplied) == [false, false, false, false, false])
            #expect(try migrator.up().map(\.id) == [
                "0001_initial", "0002_schema_migrations", "0003_audit_log", "0004_access_control", "0005_toast_compression",
            ])
            #expect(try migrator.status().allSatisfy(\.isApplied))
            // 0001 ran before the bookkeeping table existed; 0002 recorded it, with its checksum.
            let rows = try connection.query("SELECT version, name, checksum, applied_by FROM schema_migrations ORDER BY version")
            #expect(rows.map { $0[0] } == ["1", "2", "3", "4", "5"])
            #expect(rows[0][2]?.trimmingSpaces == Migrator.checksum(Migrator.embedded(for: backend)[0].up))
            #expect(rows.allSatisfy { $0[3] == "tester" })
            #expect(try migrator.up().isEmpty)

            #expect(try migrator.down(2).map(\.id) == ["0005_toast_compression", "0004_access_control"])
            #expect(try migrator.status().map(\.isApplied) == [true, true, true, false, false])
            #expect(try migrator.down(3).map(\.id) == ["0003_audit_log", "0002_schema_migrations", "0001_initial"])
            #expect(try migrator.status().map(\.isApplied) == [false, false, false, false, false])
            #expect(throws: StoreError.self) { try connection.query("SELECT count(*) FROM environment_configurations") }

            #expect(try migrator.up().count == 5)
            #expect(try Self.count(connection, "schema_migrations") == 5)
            if backend == .postgres {
                // 0005: stored configurations are compressed with lz4 (`l`), which this server has.
                let method = try connection.query(
                    "SELECT attcompression FROM pg_attribute WHERE attrelid = 'environment_configurations'::regclass AND attname = 'configuration_data'")
                #expect(method.first?.first == "l")
            }
            #expect(try Self.count(connection, "environment_configurations") == 0)
        }
    }

    @Test(arguments: [SQLBackend.postgres, .sqlite])
    func anEditedAppliedMigrationIsAnError(_ backend: SQLBackend) throws {
        try Self.withDatabase(backend) { location in
            let connection = try Self.migrated(location)
            defer { connection.close() }
            var edited = Migrator.embedded(for: backend)
            let original = edited[2]
            edited[2] = EmbeddedMigration(version: original.version, name: original.name, up: original.up + "\n-- edited\n", down: original.down)
            let migrator = Migrator(connection: connection, migrations: edited, actor: "tester")
            let expected = StoreError.migrationChanged(
                version: 3, name: "audit_log", recorded: Migrator.checksum(original.up), current: Migrator.checksum(edited[2].up))
            #expect(throws: expected) { try migrator.status() }
            #expect(throws: expected) { try migrator.up() }
            #expect(expected.message.hasPrefix("migration 0003_audit_log was edited after it was applied (checksum "))
        }
    }

    @Test(arguments: [SQLBackend.postgres, .sqlite])
    func aMigrationThisBinaryDoesNotKnowIsAnError(_ backend: SQLBackend) throws {
        try Self.withDatabase(backend) { location in
            let connection = try Self.migrated(location)
            defer { connection.close() }
            try connection.query(
                "INSERT INTO schema_migrations (version, name, checksum, applied_by) VALUES (9, 'from_the_future', $1, 'x')",
                [.text(String(repeating: "0", count: 64))])
            #expect(throws: StoreError.unknownMigration(version: 9, name: "from_the_future")) {
                try Migrator(connection: connection, actor: "tester").up()
            }
        }
    }

    /// A database made by hand from the original design (its three tables, no bookkeeping) is
    /// adopted: 0001 counts as applied and is recorded when 0002 creates the table.
    @Test(arguments: [SQLBackend.postgres, .sqlite])
    func theOriginalDesignMadeByHandIsAdopted(_ backend: SQLBackend) throws {
        try Self.withDatabase(backend) { location in
            let connection = try location.open()
            defer { connection.close() }
            try connection.execute(script: Migrator.embedded(for: backend)[0].up)
            let migrator = Migrator(connection: connection, actor: "tester")
            #expect(try migrator.status().map(\.appliedAt) == ["(not recorded)", nil, nil, nil, nil])
            #expect(try migrator.up().map(\.id) == ["0002_schema_migrations", "0003_audit_log", "0004_access_control", "0005_toast_compression"])
            #expect(try Self.count(connection, "schema_migrations") == 5)
        }
    }

    @Test(arguments: [SQLBackend.postgres, .sqlite])
    func aFailingMigrationLeavesNothingBehind(_ backend: SQLBackend) throws {
        try Self.withDatabase(backend) { location in
            let connection = try location.open()
            defer { connection.close() }
            var broken = Migrator.embedded(for: backend)
            broken[1] = EmbeddedMigration(
                version: 2, name: broken[1].name, up: broken[1].up + "\nCREATE TABLE half_done (x INTEGER);\nSELECT * FROM no_such_table;\n",
                down: broken[1].down)
            let migrator = Migrator(connection: connection, migrations: broken, actor: "tester")
            #expect {
                try migrator.up()
            } throws: { error in
                guard case .statementFailed(_, _, let reason)? = error as? StoreError else { return false }
                return reason.hasPrefix("migration 0002_schema_migrations: ")
            }
            // 0001 committed on its own; 0002 rolled back whole.
            #expect(try migrator.status().map(\.appliedAt) == ["(not recorded)", nil, nil, nil, nil])
            #expect(throws: StoreError.self) { try connection.query("SELECT count(*) FROM half_done") }
        }
    }

    // MARK: - Recording

    @Test(arguments: [SQLBackend.postgres, .sqlite])
    func recordingTheSameContentTwiceChangesNothing(_ backend: SQLBackend) throws {
        try Self.withDatabase(backend) { location in
            try Self.migrated(location).close()
            let store = try HistoryStore.open(location, actor: "alice")
            defer { store.close() }
            let snapshots = [
                Self.snapshot(environment: "staging", data: Self.replicas2),
                Self.snapshot(environment: "production", data: Self.replicas3, findings: [Self.error]),
            ]
            let first = try store.record(templates: [Self.template], snapshots: snapshots, invalid: { $0.severity == .error }, actor: "alice")
            #expect(first == HistoryStore.RecordSummary(templatesWritten: 1, versionsAdded: 2, versionsUnchanged: 0))
            let again = try store.record(templates: [Self.template], snapshots: snapshots, invalid: { $0.severity == .error }, actor: "bob")
            #expect(again == HistoryStore.RecordSummary(templatesWritten: 0, versionsAdded: 0, versionsUnchanged: 2))
            #expect(try Self.count(store.connection, "environment_configurations") == 2)
            #expect(try Self.count(store.connection, "configuration_templates") == 1)

            let production = try store.history(environment: "production", service: nil)
            #expect(production.count == 1)
            #expect(production.first?.version == Self.snapshot(data: Self.replicas3).version)
            #expect(production.first?.validationStatus == "invalid")
            #expect(production.first?.deploymentStatus == "pending")
            #expect(production.first?.recordedBy == "alice")
            #expect(production.first?.findingCount == 1)
            let staging = try store.history(environment: "staging", service: "services/api")
            #expect(staging.map(\.validationStatus) == ["valid"])
            #expect(try store.history(environment: "staging", service: "services/other").isEmpty)

            // The template points at the configuration; its schema is stored as JSON.
            let linked = try store.connection.query(
                "SELECT t.template_name, t.template_type FROM environment_configurations c JOIN configuration_templates t ON t.id = c.template_id WHERE c.environment = 'staging'")
            #expect(linked.map { $0.compactMap { $0 } } == [["schemas/api.json", "json-schema"]])

            // The findings are stored with their positions.
            let errors = try store.connection.query(
                "SELECT validation_errors FROM environment_configurations WHERE environment = 'production'").first?.first ?? nil
            let stored = try #require(errors)
            #expect(stored.contains("schema-minimum"))
            #expect(stored.contains("services/api/production.yaml"))
        }
    }

    @Test(arguments: [SQLBackend.postgres, .sqlite])
    func aChangedTemplateIsUpdatedAndAudited(_ backend: SQLBackend) throws {
        try Self.withDatabase(backend) { location in
            try Self.migrated(location).close()
            let store = try HistoryStore.open(location, actor: "alice")
            defer { store.close() }
            _ = try store.record(templates: [Self.template], snapshots: [], invalid: { _ in true }, actor: "alice")
            var changed = Self.template
            changed.schemaJSON = #"{"type":"object"}"#
            let summary = try store.record(templates: [changed], snapshots: [], invalid: { _ in true }, actor: "carol")
            #expect(summary.templatesWritten == 1)
            let audit = try store.connection.query(
                "SELECT table_name, operation, actor FROM configuration_audit_log WHERE table_name = 'configuration_templates' ORDER BY id")
            #expect(audit.map { $0.compactMap { $0 } } == [
                ["configuration_templates", "INSERT", "alice"], ["configuration_templates", "UPDATE", "carol"],
            ])
        }
    }

    @Test(arguments: [SQLBackend.postgres, .sqlite])
    func theAuditLogRecordsVersionsAndCannotBeEdited(_ backend: SQLBackend) throws {
        try Self.withDatabase(backend) { location in
            try Self.migrated(location).close()
            let store = try HistoryStore.open(location, actor: "alice")
            defer { store.close() }
            let snapshot = Self.snapshot(environment: "production", data: Self.replicas2)
            _ = try store.record(templates: [], snapshots: [snapshot], invalid: { _ in true }, actor: "alice")
            let deployment = HistoryStore.DeploymentRequest(
                environment: "production", service: "services/api", version: snapshot.version, status: .succeeded, method: .automated,
                actor: "deployer")
            #expect(try store.recordDeployment(deployment).get().count >= 32)
            let rows = try store.connection.query(
                """
                SELECT table_name, operation, actor, environment, service_name, old_version, new_version
                FROM configuration_audit_log ORDER BY id
                """)
            let v = snapshot.version
            #expect(rows.map { $0.map { $0 ?? "∅" } } == [
                ["environment_configurations", "INSERT", "alice", "production", "services/api", "∅", v],
                ["configuration_deployments", "INSERT", "deployer", "production", "services/api", "∅", v],
                ["environment_configurations", "UPDATE", "deployer", "production", "services/api", v, v],
            ])
            #expect(throws: StoreError.self) { try store.connection.query("UPDATE configuration_audit_log SET actor = 'mallory'") }
            #expect(throws: StoreError.self) { try store.connection.query("DELETE FROM configuration_audit_log") }
            #expect(try Self.count(store.connection, "configuration_audit_log") == 3)
        }
    }

    // MARK: - Deployments and drift

    @Test(arguments: [SQLBackend.postgres, .sqlite])
    func deploymentsOfUnvalidatedOrInvalidVersionsAreRefused(_ backend: SQLBackend) throws {
        try Self.withDatabase(backend) { location in
            try Self.migrated(location).close()
            let store = try HistoryStore.open(location, actor: "alice")
            defer { store.close() }
            let invalid = Self.snapshot(environment: "production", data: Self.replicas2, findings: [Self.error])
            let valid = Self.snapshot(environment: "production", data: Self.replicas3)
            _ = try store.record(templates: [], snapshots: [invalid, valid], invalid: { $0.severity == .error }, actor: "alice")
            func request(_ version: String, force: Bool = false, status: HistoryStore.DeploymentStatus = .succeeded) -> HistoryStore.DeploymentRequest {
                .init(environment: "production", service: "services/api", version: version, status: status, method: .manual, actor: "dep", force: force)
            }
            #expect(try store.recordDeployment(request("0123456789ab")) == .failure(.neverValidated(service: "services/api", environment: "production", version: "0123456789ab")))
            #expect(try store.recordDeployment(request(invalid.version)) == .failure(.invalid(service: "services/api", environment: "production", version: invalid.version)))
            #expect(try Self.count(store.connection, "configuration_deployments") == 0)
            #expect(try store.lastDeployed(environment: "production", service: "services/api") == nil)

            _ = try store.recordDeployment(request(valid.version)).get()
            let deployed = try #require(try store.lastDeployed(environment: "production", service: "services/api"))
            #expect(deployed.version == valid.version)
            #expect(deployed.deployedBy == "dep")
            #expect(deployed.data.map { ConfigurationDrift.changes(deployed: $0, repository: Self.replicas3) } == [])
            #expect(try store.history(environment: "production", service: nil).first { $0.version == valid.version }?.deploymentStatus == "succeeded")

            // A failed deployment does not replace the last successful one; a forced one does.
            _ = try store.recordDeployment(request(invalid.version, force: true, status: .failed)).get()
            #expect(try store.lastDeployed(environment: "production", service: "services/api")?.version == valid.version)
            _ = try store.recordDeployment(request("0123456789ab", force: true)).get()
            let forced = try #require(try store.lastDeployed(environment: "production", service: "services/api"))
            #expect(forced.version == "0123456789ab")
            #expect(forced.data == nil)

            // A rollback names the version it returns to.
            var rollback = request(valid.version)
            rollback.method = .rollback
            _ = try store.recordDeployment(rollback).get()
            let last = try store.connection.query(
                "SELECT deployment_method, deployment_status, rollback_version, deployed_by FROM configuration_deployments ORDER BY id DESC LIMIT 1")
            #expect(last.map { $0.compactMap { $0 } } == [["rollback", "succeeded", valid.version, "dep"]])
            #expect(try store.lastDeployed(environment: "production", service: "services/api")?.version == valid.version)
        }
    }

    @Test func driftListsEveryDifferingPath() {
        let deployed: DocumentValue = .object([
            .init("replicas", .number("2")), .init("tls", .object([.init("enabled", .bool(true))])), .init("old", .string("x")),
            .init("hosts", .array([.string("a")])), .init("ratio", .number("1.0")),
        ])
        let repository: DocumentValue = .object([
            .init("tls", .object([.init("enabled", .bool(false))])), .init("replicas", .number("2")), .init("new", .null),
            .init("hosts", .array([.string("a"), .string("b")])), .init("ratio", .number("1")),
        ])
        #expect(ConfigurationDrift.changes(deployed: deployed, repository: repository) == [
            .init(kind: .changed, pointer: "/tls/enabled", deployed: "true", repository: "false"),
            .init(kind: .added, pointer: "/new", deployed: nil, repository: "null"),
            .init(kind: .changed, pointer: "/hosts", deployed: #"["a"]"#, repository: #"["a","b"]"#),
            .init(kind: .removed, pointer: "/old", deployed: #""x""#, repository: nil),
        ])
    }

    @Test func versionsHashContentNotKeyOrder() {
        let a: DocumentValue = .object([.init("a", .number("1")), .init("b", .object([.init("x", .bool(true)), .init("y", .null)]))])
        let b: DocumentValue = .object([.init("b", .object([.init("y", .null), .init("x", .bool(true))])), .init("a", .number("1"))])
        #expect(Self.snapshot(data: a).version == Self.snapshot(data: b).version)
        #expect(Self.snapshot(data: a).version.count == 12)
        #expect(Self.snapshot(data: a).version != Self.snapshot(data: .object([.init("a", .number("2"))])).version)
        #expect(ConfigurationSnapshot.canonicalJSON(b) == #"{"a":1,"b":{"x":true,"y":null}}"#)
    }

    // MARK: - Access control (PostgreSQL: roles and row-level security)

    /// A CI role allowed to record staging only: its staging rows go in, a production row is
    /// refused by the row-level security policy, and the refused run leaves nothing behind.
    @Test func aStagingOnlyRoleCannotRecordProduction() throws {
        try Self.withDatabase(.postgres) { location in
            try Self.migrated(location).close()
            guard case .postgres(let url) = location, let at = url.firstIndex(of: "@"), let scheme = url.range(of: "://") else {
                Issue.record("unexpected test database URL")
                return
            }
            let role = "ci_staging_" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let admin = try location.open()
            defer {
                try? admin.execute(script: "DROP OWNED BY \(role); DROP ROLE IF EXISTS \(role)")
                admin.close()
            }
            try admin.execute(script: """
                CREATE ROLE \(role) LOGIN;
                GRANT confgate_recorder TO \(role);
                INSERT INTO environment_access (role_name, environment, can_record, can_deploy) VALUES ('\(role)', 'staging', true, false);
                """)
            let asRole = DatabaseLocation.postgres(conninfo: String(url[..<scheme.upperBound]) + role + String(url[at...]))
            let store = try HistoryStore.open(asRole, actor: role)
            defer { store.close() }
            let staging = Self.snapshot(environment: "staging", data: Self.replicas2)
            #expect(try store.record(templates: [], snapshots: [staging], invalid: { _ in true }, actor: role).versionsAdded == 1)
            // Recording the same content again goes through ON CONFLICT, which needs the SELECT policy too.
            #expect(try store.record(templates: [], snapshots: [staging], invalid: { _ in true }, actor: role).versionsUnchanged == 1)

            let production = Self.snapshot(environment: "production", data: Self.replicas3)
            let other = Self.snapshot(environment: "staging", data: Self.replicas3)
            #expect {
                try store.record(templates: [], snapshots: [other, production], invalid: { _ in true }, actor: role)
            } throws: { error in
                guard case .statementFailed(_, let state, let reason)? = error as? StoreError else { return false }
                return state == "42501" && reason.contains("row-level security")
            }
            // One transaction: the staging row of the refused run is not there either.
            #expect(try Self.count(admin, "environment_configurations") == 1)
            // It can read, but it cannot deploy.
            #expect(try store.history(environment: "staging", service: nil).count == 1)
            #expect(throws: StoreError.self) {
                try store.recordDeployment(.init(
                    environment: "staging", service: "services/api", version: staging.version, status: .succeeded,
                    method: .automated, actor: role))
            }
        }
    }

    // MARK: - Concurrency

    /// Eight recorders at once, half with the same content and half with their own: no error, and
    /// one row per distinct version.
    @Test(arguments: [SQLBackend.postgres, .sqlite])
    func eightConcurrentRecordersWriteNoDuplicate(_ backend: SQLBackend) throws {
        try Self.withDatabase(backend) { location in
            try Self.migrated(location).close()
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 8) { i in
                do {
                    let store = try HistoryStore.open(location, actor: "job-\(i)")
                    defer { store.close() }
                    let data: DocumentValue = i % 2 == 0 ? Self.replicas2 : .object([.init("replicas", .number(String(10 + i)))])
                    _ = try store.record(
                        templates: [Self.template], snapshots: [Self.snapshot(environment: "staging", data: data)],
                        invalid: { _ in true }, actor: "job-\(i)")
                } catch {
                    failures.add("job \(i): \(error)")
                }
            }
            #expect(failures.all == [])
            let connection = try location.open()
            defer { connection.close() }
            #expect(try Self.count(connection, "environment_configurations") == 5)
            #expect(try Self.count(connection, "configuration_templates") == 1)
        }
    }
}

/// Errors gathered from worker threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func add(_ item: String) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
