import ConfgateStore
import Foundation

/// Fresh, empty history databases for the store's tests: one per test, so tests run in parallel
/// and never see each other's rows.
enum TestDatabases {
    /// Why a test database could not be made. The tests fail with it: a store test that skips when
    /// PostgreSQL is missing would let the PostgreSQL backend go untested without anyone noticing.
    struct SetupError: Error, CustomStringConvertible {
        let description: String
    }

    /// The admin URL of the test server (`scripts/with-postgres.sh` sets it).
    static func adminURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["CONFGATE_TEST_DATABASE_URL"], !url.isEmpty else {
            throw SetupError(
                description: "CONFGATE_TEST_DATABASE_URL is not set: run the tests with `make test` (scripts/with-postgres.sh starts a PostgreSQL server)")
        }
        return url
    }

    /// A new database `confgate_test_<random hex>` on the test server; `drop` removes it.
    static func postgres() throws -> (location: DatabaseLocation, drop: () -> Void) {
        let admin = try adminURL()
        let name = "confgate_test_" + (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let connection = try PostgresConnection(conninfo: admin)
        defer { connection.close() }
        try connection.execute(script: "CREATE DATABASE \(name)")
        let location = DatabaseLocation.postgres(conninfo: replacingDatabase(in: admin, with: name))
        return (location, {
            // FORCE: a connection a failed test left open must not keep the database alive.
            guard let connection = try? PostgresConnection(conninfo: admin) else { return }
            _ = try? connection.execute(script: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            connection.close()
        })
    }

    /// `history.db` in a new temporary directory; `drop` removes the directory.
    static func sqlite() throws -> (location: DatabaseLocation, drop: () -> Void) {
        let directory = try temporaryDirectory()
        return (.sqlite(path: directory + "/history.db"), { try? FileManager.default.removeItem(atPath: directory) })
    }

    /// A fresh database of `backend`.
    static func make(_ backend: SQLBackend) throws -> (location: DatabaseLocation, drop: () -> Void) {
        switch backend {
        case .postgres: try postgres()
        case .sqlite: try sqlite()
        }
    }

    /// Both backends, for `@Test(arguments: TestDatabases.bothBackends)`.
    static let bothBackends: [SQLBackend] = [.postgres, .sqlite]

    /// A new empty directory under the system temporary directory (symbolic links resolved).
    static func temporaryDirectory() throws -> String {
        let base = FileManager.default.temporaryDirectory.resolvingSymlinksInPath().path
        let path = base + "/confgate-store-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// `url` naming database `name` instead: the URL's path replaced, or `dbname=` appended to
    /// keywords (libpq takes the last value of a repeated keyword).
    static func replacingDatabase(in url: String, with name: String) -> String {
        guard let scheme = url.range(of: "://") else { return url + " dbname=" + name }
        let rest = url[scheme.upperBound...]
        let queryStart = rest.firstIndex(of: "?") ?? url.endIndex
        let pathStart = rest[..<queryStart].firstIndex(of: "/") ?? queryStart
        return String(url[..<pathStart]) + "/" + name + String(url[queryStart...])
    }
}
