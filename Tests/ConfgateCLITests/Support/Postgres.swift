import Foundation
import Testing

/// The PostgreSQL server the test command starts (scripts/with-postgres.sh), reached with the real
/// client tools: psql to set up and inspect, pg_dump to dump.
enum Postgres {
    struct NotStarted: Error, CustomStringConvertible {
        var description: String {
            "CONFGATE_TEST_DATABASE_URL is not set: run the tests with `make test` (scripts/with-postgres.sh starts a PostgreSQL server)"
        }
    }

    /// The admin URL of the test server.
    static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["CONFGATE_TEST_DATABASE_URL"], !url.isEmpty else { throw NotStarted() }
        return url
    }

    /// `url` with another database name.
    static func url(_ server: String, database: String) -> String {
        guard let slash = server.range(of: "/", options: .backwards), server[..<slash.lowerBound].contains("@") else { return server }
        return String(server[..<slash.upperBound]) + database
    }

    /// Runs a client tool and returns what it printed; a failure fails the test.
    @discardableResult
    static func tool(
        _ name: String, _ arguments: [String], environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let result = try Tool.run(name, arguments, environment: environment)
        if !result.exited(0) {
            Issue.record("\(name) \(arguments.joined(separator: " ")) failed: \(result)", sourceLocation: sourceLocation)
        }
        return result.stdout
    }

    /// One statement through psql, unaligned and tuples only: one line per row, columns joined by `|`.
    @discardableResult
    static func psql(_ url: String, _ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try tool("psql", ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql], sourceLocation: sourceLocation)
    }

    /// A fresh database on the test server, dropped when the value goes away.
    final class Database: Sendable {
        let url: String
        private let server: String
        private let name: String

        init() throws {
            server = try Postgres.serverURL()
            name = "confgate_cli_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
            try Postgres.psql(server, "CREATE DATABASE \(name)")
            url = Postgres.url(server, database: name)
        }

        deinit { _ = try? Postgres.psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }
}

/// Runs a program from PATH with pipes, as `CLI.run` runs confgate.
enum Tool {
    static func run(_ name: String, _ arguments: [String], in directory: URL? = nil, environment extra: [String: String] = [:], timeout: Double = 60)
        throws -> RunResult
    {
        let child = try Spawn.start(
            "/usr/bin/env", [name] + arguments, directory: directory?.path ?? FileManager.default.currentDirectoryPath,
            environment: CLI.environment(extra, removing: []), stdin: .null, stdout: .pipe, stderr: .pipe)
        let out = Collected()
        let group = DispatchGroup()
        for (fd, isStdout) in [(child.stdout, true), (child.stderr, false)] {
            group.enter()
            DispatchQueue.global().async {
                out.set(Data(Spawn.readAll(fd)), stdout: isStdout)
                group.leave()
            }
        }
        let exit = Spawn.wait(child.pid, timeout: timeout)
        _ = group.wait(timeout: .now() + 10)
        let (stdout, stderr) = out.values()
        return RunResult(
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self), status: exit.status,
            signaled: exit.signaled, timedOut: exit.timedOut)
    }
}
