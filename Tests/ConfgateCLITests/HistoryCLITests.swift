import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `lint --record`, `db migrate`, `deployments record`, `history` and `drift` through the built
/// binary, on the embedded SQLite store and on the PostgreSQL server the test command starts.
@Suite struct HistoryCLITests {
    static let password = "hunter2-" + "very-secret"
    static let awsKey = "AKIA" + "Z7QH3MXK" + "2PW9RTLB"

    /// A service with three environments; production has a plaintext password and key (errors),
    /// staging is clean.
    static func project() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write(
            "svc/base.yaml",
            """
            server:
              port: 8080
            replicas: 1
            debug: false

            """)
        try dir.write("svc/staging.yaml", "replicas: 2\n")
        try dir.write(
            "svc/production.yaml",
            """
            replicas: 3
            database:
              password: \(password)
            aws_access_key: \(awsKey)

            """)
        return dir
    }

    /// `X-Y-Z` timestamps replaced, so a listing can be compared exactly.
    static func stamped(_ text: String) -> String {
        text.replacingOccurrences(of: #"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"#, with: "<time>", options: .regularExpression)
    }

    static func version(_ history: String, environment: String) -> String? {
        guard let data = history.data(using: .utf8),
            let rows = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return nil }
        return rows.first { $0["environment"] as? String == environment }?["version"] as? String
    }

    // MARK: - The embedded store

    @Test func lintRecordsIntoTheEmbeddedStore() throws {
        let dir = try Self.project()
        let first = try CLI.run(["lint", "--record", "--actor", "alice"], in: dir.url)
        #expect(first.exited(1), "\(first)")  // the production secrets are errors
        #expect(first.stdout.contains("svc/production.yaml:3:13: error:"))
        let store = dir.path + "/.confgate/history.db"
        #expect(first.stderr == "confgate: recorded 2 configuration versions (2 new, 0 unchanged) and 0 templates in \(store)\n")
        #expect(FileManager.default.fileExists(atPath: store))

        let again = try CLI.run(["lint", "--record", "--actor", "bob"], in: dir.url)
        #expect(again.exited(1))
        #expect(again.stderr == "confgate: recorded 2 configuration versions (0 new, 2 unchanged) and 0 templates in \(store)\n")

        let history = try CLI.run(["history", "--env", "production"], in: dir.url)
        #expect(history.exited(0), "\(history)")
        let json = try CLI.run(["history", "--env", "production", "--format", "json"], in: dir.url)
        let version = try #require(Self.version(json.stdout, environment: "production"))
        #expect(
            Self.stamped(history.stdout) == """
                SERVICE  VERSION       VALIDATION  DEPLOYMENT  RECORDED             BY     FINDINGS
                svc      \(version)  invalid     pending     <time>  alice  4

                """)
        #expect(json.stdout.contains(#""validation_status": "invalid""#))

        // The findings of each environment, as the report gave them.
        let errors = try Tool.run("sqlite3", [store, "SELECT environment, validation_errors FROM environment_configurations ORDER BY environment"])
        #expect(errors.stdout == #"""
            production|[{"rule":"override-unknown-key","severity":"error","message":"\"/database\" is set only by production and is in no base layer, no template and no other environment","file":"svc/production.yaml","line":2,"column":1,"pointer":"/database"},{"rule":"secret-plaintext-value","severity":"error","message":"\"database.password\" holds a plaintext value, starting \"hun…\"; use a reference such as ${DATABASE_PASSWORD} or an encrypted value","file":"svc/production.yaml","line":3,"column":13,"pointer":"/database/password"},{"rule":"override-unknown-key","severity":"error","message":"\"/aws_access_key\" is set only by production and is in no base layer, no template and no other environment","file":"svc/production.yaml","line":4,"column":1,"pointer":"/aws_access_key"},{"rule":"secret-plaintext-value","severity":"error","message":"\"aws_access_key\" holds a plaintext value, starting \"AKIA…\"; use a reference such as ${AWS_ACCESS_KEY} or an encrypted value","file":"svc/production.yaml","line":4,"column":17,"pointer":"/aws_access_key"}]
            staging|[]

            """#)

        // Nothing of a secret value reaches the database file.
        let dump = try Tool.run("sqlite3", [store, ".dump"])
        #expect(dump.exited(0), "\(dump)")
        #expect(dump.stdout.contains("«redacted»"))
        #expect(dump.stdout.contains(#"["/aws_access_key","/database/password"]"#))
        #expect(!dump.stdout.contains(Self.password))
        #expect(!dump.stdout.contains(Self.awsKey))
        #expect(!dump.stdout.contains("hunter2"))
    }

    @Test func deploymentsAndDrift() throws {
        let dir = try Self.project()
        _ = try CLI.run(["lint", "--record"], in: dir.url)
        let json = try CLI.run(["history", "--env", "staging", "--format", "json"], in: dir.url)
        let staging = try #require(Self.version(json.stdout, environment: "staging"))
        let production = try #require(Self.version(try CLI.run(["history", "--env", "production", "--format", "json"], in: dir.url).stdout, environment: "production"))

        let never = try CLI.run(["drift", "--env", "staging"], in: dir.url)
        #expect(never.exited(0), "\(never)")
        #expect(never.stdout == "svc (staging): never deployed\n")

        let refused = try CLI.run(
            ["deployments", "record", "--env", "production", "--service", "svc", "--version", production, "--status", "succeeded"], in: dir.url)
        #expect(refused.exited(1), "\(refused)")
        #expect(refused.stderr == "confgate: version \(production) of svc in production failed validation; fix it, or pass --force to record the deployment anyway\n")
        let unknown = try CLI.run(
            ["deployments", "record", "--env", "staging", "--service", "svc", "--version", "feedfacecafe", "--status", "succeeded"], in: dir.url)
        #expect(unknown.exited(1))
        #expect(unknown.stderr == "confgate: version feedfacecafe of svc in staging was never validated (no lint --record recorded it); record it first, or pass --force\n")

        let deployed = try CLI.run(
            ["deployments", "record", "--env", "staging", "--service", "svc", "--version", staging, "--status", "succeeded", "--actor", "ci"],
            in: dir.url)
        #expect(deployed.exited(0), "\(deployed)")
        #expect(deployed.stdout.hasSuffix(": svc \(staging) to staging, succeeded\n"))
        #expect(deployed.stdout.hasPrefix("recorded deployment "))

        let inSync = try CLI.run(["drift", "--env", "staging"], in: dir.url)
        #expect(inSync.exited(0), "\(inSync)")
        #expect(inSync.stdout == "svc (staging): no drift from deployed version \(staging)\n")

        try dir.write("svc/staging.yaml", "replicas: 4\nfeature: {beta: true}\n")
        try dir.write("svc/base.yaml", "server:\n  port: 8080\nreplicas: 1\n")
        let drift = try CLI.run(["drift", "--env", "staging"], in: dir.url)
        #expect(drift.exited(1), "\(drift)")
        let lines = drift.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Self.stamped(lines[0]).hasPrefix("svc (staging): 3 paths differ from deployed version \(staging) (deployed at <time> by ci); repository version "))
        #expect(Array(lines.dropFirst()) == [
            "  added    /feature: {\"beta\":true}",
            "  changed  /replicas: 2 -> 4",
            "  removed  /debug: was false",
            "",
        ])
        let history = try CLI.run(["history", "--env", "staging", "--service", "svc"], in: dir.url)
        #expect(history.stdout.contains("\(staging)  valid       succeeded"))
    }

    @Test func usageErrors() throws {
        let dir = try Self.project()
        let badStatus = try CLI.run(
            ["deployments", "record", "--env", "staging", "--service", "svc", "--version", "x", "--status", "ok"], in: dir.url)
        #expect(badStatus.exited(2))
        #expect(badStatus.stderr.contains("--status must be succeeded or failed, found \"ok\""))
        let badURL = try CLI.run(["history", "--env", "staging", "--database-url", "mysql://root:pw@db/x"], in: dir.url)
        #expect(badURL.exited(2))
        #expect(!badURL.stderr.contains("pw@"))
        let validate = try CLI.run(["validate", "--schema", "x.json", "--record", "svc/base.yaml"], in: dir.url)
        #expect(validate.exited(2))
        #expect(validate.stderr.contains("validate records nothing; use lint --record"))
        let down = try CLI.run(["db", "migrate", "down"], in: dir.url)
        #expect(down.exited(2))
        #expect(down.stderr.contains("down needs a count: confgate db migrate down 1"))
    }

    /// The database is down: the report still prints, one line says what failed, exit 3, and no
    /// password appears anywhere.
    @Test func aDatabaseThatIsDownIsExitThree() throws {
        let dir = try Self.project()
        let url = "postgresql://recorder:pa55-w0rd-xyz@127.0.0.1:1/history"
        let result = try CLI.run(["lint", "--record", "--database-url", url], in: dir.url)
        #expect(result.exited(3), "\(result)")
        #expect(result.stdout.contains("svc/production.yaml:3:13: error:"))
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(result.stderr.hasPrefix("confgate: --record failed, nothing recorded: cannot connect to postgresql://recorder@127.0.0.1:1/history: "))
        #expect(!result.stderr.contains("pa55-w0rd-xyz"))
        #expect(!result.stdout.contains("pa55-w0rd-xyz"))
        let viaEnvironment = try CLI.run(["history", "--env", "staging"], in: dir.url, environment: ["CONFGATE_DATABASE_URL": url])
        #expect(viaEnvironment.exited(3))
        #expect(!viaEnvironment.stderr.contains("pa55-w0rd-xyz"))
    }

    // MARK: - PostgreSQL

    @Test func recordsIntoPostgreSQL() throws {
        let database = try Postgres.Database()
        let dir = try Self.project()
        let status = try CLI.run(["db", "migrate", "status", "--database-url", database.url], in: dir.url)
        #expect(status.exited(0), "\(status)")
        #expect(status.stdout == """
            0001_initial                  pending
            0002_schema_migrations        pending
            0003_audit_log                pending
            0004_access_control           pending
            0005_toast_compression        pending

            """)
        let migrate = try CLI.run(["db", "migrate", "--database-url", database.url], in: dir.url)
        #expect(migrate.exited(0), "\(migrate)")
        let target = database.url
        #expect(migrate.stdout == """
            applied 0001_initial
            applied 0002_schema_migrations
            applied 0003_audit_log
            applied 0004_access_control
            applied 0005_toast_compression
            \(target) is up to date (5 applied)

            """)
        let record = try CLI.run(["lint", "--record", "--database-url", database.url, "--actor", "ci-bot"], in: dir.url)
        #expect(record.exited(1), "\(record)")
        #expect(record.stderr == "confgate: recorded 2 configuration versions (2 new, 0 unchanged) and 0 templates in \(target)\n")
        #expect(try Postgres.psql(database.url, "SELECT environment, validation_status, created_by FROM environment_configurations ORDER BY environment")
            == "production|invalid|ci-bot\nstaging|valid|ci-bot\n")
        #expect(try Postgres.psql(database.url, "SELECT encrypted_fields FROM environment_configurations WHERE environment = 'production'")
            == "{/aws_access_key,/database/password}\n")

        // A dump of every table holds none of the fixture's secret values.
        let dump = try Postgres.tool("pg_dump", ["--data-only", "-d", database.url])
        #expect(dump.contains("COPY public.environment_configurations"))
        #expect(dump.contains("«redacted»"))
        #expect(!dump.contains(Self.password))
        #expect(!dump.contains(Self.awsKey))
        #expect(!dump.contains("hunter2"))

        let down = try CLI.run(["db", "migrate", "down", "5", "--database-url", database.url], in: dir.url)
        #expect(down.exited(0), "\(down)")
        #expect(down.stdout == "undid 0005_toast_compression\nundid 0004_access_control\nundid 0003_audit_log\nundid 0002_schema_migrations\nundid 0001_initial\n")
        let notMigrated = try CLI.run(["lint", "--record", "--database-url", database.url], in: dir.url)
        #expect(notMigrated.exited(3))
        #expect(notMigrated.stderr == "confgate: --record failed, nothing recorded: \(target) is not migrated (5 of 5 migrations pending); run confgate db migrate\n")
    }

    /// libpq's own settings reach the server: `postgresql://` alone takes host, port, user and
    /// database from the PG* variables, and `sslmode=require` is enforced (the test server has no
    /// TLS, so it refuses to connect rather than fall back to plain text).
    @Test func libpqSettingsAreRespected() throws {
        let database = try Postgres.Database()
        let dir = try Self.project()
        guard let parts = database.url.firstMatch(of: /^postgresql:\/\/([^@]+)@([^:\/]+):(\d+)\/(.+)$/) else {
            Issue.record("unexpected test database URL \(database.url)")
            return
        }
        let fromEnvironment = [
            "PGUSER": String(parts.1), "PGHOST": String(parts.2), "PGPORT": String(parts.3), "PGDATABASE": String(parts.4),
        ]
        let migrate = try CLI.run(["db", "migrate", "--database-url", "postgresql://"], in: dir.url, environment: fromEnvironment)
        #expect(migrate.exited(0), "\(migrate)")
        #expect(migrate.stdout.hasSuffix("\(database.url) is up to date (5 applied)\n"))
        let tls = try CLI.run(["history", "--env", "staging", "--database-url", database.url + "?sslmode=require"], in: dir.url)
        #expect(tls.exited(3), "\(tls)")
        #expect(tls.stderr.contains("SSL"))
        let disabled = try CLI.run(["history", "--env", "staging", "--database-url", database.url + "?sslmode=disable"], in: dir.url)
        #expect(disabled.exited(0), "\(disabled)")
        #expect(disabled.stdout == "no configuration recorded for staging\n")
    }

    /// Eight `lint --record` runs at once, four of one project and four of another: no error, and
    /// one row per distinct (environment, service, version).
    @Test func eightConcurrentRecordingRuns() throws {
        let database = try Postgres.Database()
        let a = try Self.project()
        let b = try Self.project()
        try b.write("svc/staging.yaml", "replicas: 5\n")
        let migrate = try CLI.run(["db", "migrate", "--database-url", database.url], in: a.url)
        #expect(migrate.exited(0), "\(migrate)")
        let results = RunResults()
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let dir = i % 2 == 0 ? a : b
            results.add(try? CLI.run(["lint", "--record", "--database-url", database.url], in: dir.url, timeout: 120, recordTimeout: false))
        }
        for result in results.all {
            #expect(result?.exited(1) == true, "\(String(describing: result))")
            #expect(result?.stderr.hasPrefix("confgate: recorded 2 configuration versions (") == true, "\(String(describing: result))")
        }
        // staging differs between the projects, production does not: 3 distinct versions.
        #expect(try Postgres.psql(database.url, "SELECT environment, count(*) FROM environment_configurations GROUP BY environment ORDER BY environment")
            == "production|1\nstaging|2\n")
    }

    /// The server stops while a run is about to write: exit 3, and after a restart not one row of
    /// that run is in the database.
    @Test func theServerStoppingDuringARunLeavesNoPartialRows() throws {
        guard let script = ProcessInfo.processInfo.environment["CONFGATE_TEST_PG_CLUSTER_SCRIPT"] else { throw Postgres.NotStarted() }
        let cluster = try TemporaryDirectory()
        let started = try Tool.run(script, ["start", cluster.path], timeout: 120)
        #expect(started.exited(0), "\(started)")
        let url = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        defer { _ = try? Tool.run(script, ["stop", cluster.path]) }
        let dir = try Self.project()
        // A template, so that the run writes to two tables before it blocks.
        try dir.write(".confgate.yaml", "version: 1\ntemplates:\n  - schema: schema.json\n    files: ['svc/**']\n")
        try dir.write("schema.json", #"{"type": "object"}"#)
        #expect(try CLI.run(["db", "migrate", "--database-url", url], in: dir.url).exited(0))

        // Another session holds the configurations table, so the run blocks inside its transaction.
        let holder = try Spawn.start(
            "/usr/bin/env", ["psql", "-X", "-q", "-d", url, "-c", "BEGIN; LOCK TABLE environment_configurations IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120);"],
            directory: dir.path, environment: CLI.environment([:], removing: []), stdin: .null, stdout: .null, stderr: .null)
        defer { kill(holder.pid, SIGKILL); _ = Spawn.wait(holder.pid, timeout: 10) }
        try Self.waitFor(url, "SELECT count(*) FROM pg_locks WHERE relation = 'environment_configurations'::regclass AND mode = 'AccessExclusiveLock' AND granted")

        let run = RunResults()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            run.add(try? CLI.run(["lint", "--record", "--database-url", url], in: dir.url, timeout: 120, recordTimeout: false))
            group.leave()
        }
        try Self.waitFor(url, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'confgate' AND wait_event_type = 'Lock'")
        #expect(try Tool.run(script, ["stop", cluster.path]).exited(0))
        group.wait()
        let result = try #require(run.all.first ?? nil)
        #expect(result.exited(3), "\(result)")
        #expect(result.stdout.contains("svc/production.yaml:3:13: error:"))
        #expect(result.stderr.hasPrefix("confgate: --record failed, nothing recorded: "))
        #expect(result.stderr.split(separator: "\n").count == 1)

        #expect(try Tool.run(script, ["restart", cluster.path], timeout: 120).exited(0))
        #expect(try Postgres.psql(url, "SELECT (SELECT count(*) FROM configuration_templates) || '/' || (SELECT count(*) FROM environment_configurations) || '/' || (SELECT count(*) FROM configuration_audit_log)") == "0/0/0\n")
    }

    /// Polls until `sql` counts at least one row (a minute at most).
    static func waitFor(_ url: String, _ sql: String) throws {
        for _ in 0..<600 {
            if let out = try? Tool.run("psql", ["-X", "-q", "-At", "-d", url, "-c", sql]), out.exited(0),
                let n = Int(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), n > 0
            {
                return
            }
            usleep(100_000)
        }
        Issue.record("timed out waiting for: \(sql)")
    }
}

/// Results gathered from worker threads.
final class RunResults: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [RunResult?] = []

    func add(_ item: RunResult?) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }

    var all: [RunResult?] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
