import Foundation
import Testing

@testable import ConfgateStore

/// The binary embeds Migrations/ (scripts/gen-migrations.py): a migration edited or added without
/// re-running the script would ship the old schema, and its recorded checksum would not match
/// the file a reviewer reads.
@Suite struct EmbeddedMigrationsTests {
    static let migrations = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Migrations")

    @Test(arguments: [SQLBackend.postgres, .sqlite])
    func embeddedMigrationsAreTheFilesInTheRepository(_ backend: SQLBackend) throws {
        let folder = backend == .postgres ? Self.migrations : Self.migrations.appendingPathComponent("sqlite")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        let embedded = Migrator.embedded(for: backend)
        #expect(
            files == embedded.flatMap { ["\($0.id).down.sql", "\($0.id).up.sql"] }.sorted(),
            "Sources/ConfgateStore/Generated/EmbeddedMigrations.swift is stale: run scripts/gen-migrations.py")
        for migration in embedded {
            let up = try String(contentsOf: folder.appendingPathComponent(migration.id + ".up.sql"), encoding: .utf8)
            let down = try String(contentsOf: folder.appendingPathComponent(migration.id + ".down.sql"), encoding: .utf8)
            #expect(migration.up == up, "\(migration.id).up.sql: run scripts/gen-migrations.py")
            #expect(migration.down == down, "\(migration.id).down.sql: run scripts/gen-migrations.py")
        }
        #expect(embedded.map(\.version) == Array(1...embedded.count))
    }

    /// Both stores have the same steps, so a version means the same thing in either.
    @Test func bothBackendsHaveTheSameSteps() {
        #expect(EmbeddedMigrations.postgres.map(\.id) == EmbeddedMigrations.sqlite.map(\.id))
    }
}
