#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CLibPQ
import ConfgateEngine
import Crypto

/// A connection to a PostgreSQL server through libpq.
///
/// Everything libpq reads by itself still applies: `PGHOST`, `PGUSER`, `PGPASSWORD`, `PGSERVICE`,
/// `PGSSLMODE`, `~/.pgpass`, service files. The conninfo only adds to (and overrides) them.
public final class PostgresConnection: SQLConnection {
    public let backend = SQLBackend.postgres
    public let displayTarget: String

    private var connection: OpaquePointer?
    /// Passwords that must never reach a message: libpq quotes parts of the conninfo in some errors.
    private let secrets: [String]

    /// Connects with `conninfo`: a `postgresql://` URL or a libpq `key=value` string; empty means
    /// libpq's `PG*` variables and service files alone.
    public init(conninfo: String) throws(StoreError) {
        let parsed = try Self.parse(conninfo)
        secrets = [parsed["password"], environmentValue("PGPASSWORD")].compactMap { $0 }.filter { !$0.isEmpty }

        // Entries before `dbname` can be overridden by the expanded conninfo (libpq processes the
        // arrays in order, the last value wins), so these are defaults, never overrides.
        var keywords: [String] = []
        var values: [String] = []
        if parsed["application_name"] == nil && (environmentValue("PGAPPNAME") ?? "").isEmpty {
            keywords.append("application_name")
            values.append("confgate")
        }
        // libpq waits forever for an unreachable server without a timeout: a CI job would hang
        // instead of failing.
        if parsed["connect_timeout"] == nil && (environmentValue("PGCONNECT_TIMEOUT") ?? "").isEmpty {
            keywords.append("connect_timeout")
            values.append("10")
        }
        if !conninfo.isEmpty {
            keywords.append("dbname")
            values.append(conninfo)
        }

        let connection = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw .connectionFailed(target: DatabaseLocation.postgres(conninfo: conninfo).displayTarget, reason: "out of memory")
        }
        // The default processor prints NOTICEs to stderr; the library never prints.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)

        let target = Self.target(of: connection) ?? DatabaseLocation.postgres(conninfo: conninfo).displayTarget
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.oneLine(
                PQerrorMessage(connection).map { String(cString: $0) } ?? "", scrubbing: secrets, conninfo: conninfo)
            PQfinish(connection)
            throw .connectionFailed(target: target, reason: reason.isEmpty ? "connection refused" : reason)
        }
        self.connection = connection
        self.displayTarget = target
    }

    deinit { close() }

    // MARK: - SQLConnection

    public func execute(script: String) throws(StoreError) {
        let connection = try open()
        let result = PQexec(connection, script)
        defer { PQclear(result) }
        try check(result, on: connection)
    }

    @discardableResult
    public func query(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> [[String?]] {
        let connection = try open()
        // Text format for every parameter, types left to the server (paramTypes nil): it infers
        // `jsonb`, `text[]`, `integer`, ... from where each `$n` is used.
        let texts: [String?] = parameters.map {
            switch $0 {
            case .null: nil
            case .text(let text): text
            case .integer(let value): String(value)
            }
        }
        let result = withOptionalCStringArray(texts) { pointers in
            PQexecParams(connection, sql, Int32(texts.count), nil, pointers, nil, nil, 0)
        }
        defer { PQclear(result) }
        try check(result, on: connection)
        guard let result, PQresultStatus(result) == PGRES_TUPLES_OK else { return [] }
        let rows = PQntuples(result)
        let columns = PQnfields(result)
        return (0..<rows).map { row in
            (0..<columns).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }

    public func lockMigrations() throws(StoreError) {
        try query("SELECT pg_advisory_lock($1)", [.integer(Self.migrationLockKey)])
    }

    public func unlockMigrations() throws(StoreError) {
        try query("SELECT pg_advisory_unlock($1)", [.integer(Self.migrationLockKey)])
    }

    public func close() {
        guard let connection else { return }
        PQfinish(connection)
        self.connection = nil
    }

    /// The advisory-lock key of migrations: the first 8 bytes of SHA-256("confgate.migrations"),
    /// fixed so that every confgate version (and every process) contends for the same lock, and
    /// unlikely to collide with another application's keys on a shared server.
    static let migrationLockKey: Int64 = {
        let digest = Array(SHA256.hash(data: Array("confgate.migrations".utf8)))
        return Int64(bitPattern: digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }()

    // MARK: - Errors

    private func open() throws(StoreError) -> OpaquePointer {
        guard let connection else { throw .closed }
        return connection
    }

    private func check(_ result: OpaquePointer?, on connection: OpaquePointer) throws(StoreError) {
        if let result {
            let status = PQresultStatus(result)
            if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY { return }
        }
        // A statement that broke the connection (server shut down, backend terminated) is not the
        // statement's fault: the caller may retry on a new connection.
        if PQstatus(connection) != CONNECTION_OK {
            throw .connectionLost(target: displayTarget, reason: connectionMessage(connection, fallback: "the server closed the connection"))
        }
        guard let result else {
            throw .statementFailed(target: displayTarget, sqlState: nil, reason: connectionMessage(connection, fallback: "no result"))
        }
        let sqlState = field(result, "C")
        let primary = field(result, "M") ?? PQresultErrorMessage(result).map { String(cString: $0) } ?? "statement failed"
        throw .statementFailed(target: displayTarget, sqlState: sqlState, reason: Self.oneLine(primary, scrubbing: secrets))
    }

    /// One field of an error result (`PG_DIAG_SQLSTATE` is `'C'`, `PG_DIAG_MESSAGE_PRIMARY` `'M'`:
    /// character macros, which Swift does not import).
    private func field(_ result: OpaquePointer, _ code: Unicode.Scalar) -> String? {
        guard let value = PQresultErrorField(result, Int32(code.value)) else { return nil }
        return String(cString: value)
    }

    private func connectionMessage(_ connection: OpaquePointer, fallback: String) -> String {
        let message = Self.oneLine(PQerrorMessage(connection).map { String(cString: $0) } ?? "", scrubbing: secrets)
        return message.isEmpty ? fallback : message
    }

    /// libpq's messages span lines (`connection to server ... failed: ...\n\tIs the server
    /// running ...?`) and carry severity prefixes; a store message is one line. A conninfo libpq
    /// quotes (a parse error) is shown masked, and any password left is replaced by `***`.
    static func oneLine(_ message: String, scrubbing secrets: [String], conninfo: String? = nil) -> String {
        var text = message.split(whereSeparator: \.isNewline)
            .map { line -> Substring in
                var line = line.drop(while: \.isWhitespace)
                for prefix in ["FATAL:  ", "ERROR:  ", "PANIC:  "] where line.hasPrefix(prefix) {
                    line = line.dropFirst(prefix.count)
                }
                while line.last?.isWhitespace == true { line = line.dropLast() }
                return line
            }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
        if let conninfo, !conninfo.isEmpty {
            text = text.replacingAll(conninfo, with: DatabaseLocation.postgres(conninfo: conninfo).displayTarget)
        }
        // Passwords under four characters are left: replacing every `p` or `ab` would mangle the
        // message, and such a password protects nothing anyway.
        for secret in secrets where secret.count >= 4 { text = text.replacingAll(secret, with: "***") }
        return text
    }

    // MARK: - Connection details

    /// The keywords of a conninfo as libpq reads them (URL or keyword form), without the
    /// environment's defaults.
    private static func parse(_ conninfo: String) throws(StoreError) -> [String: String] {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &error) else {
            let reason = error.map { String(cString: $0) } ?? "cannot parse the connection string"
            if let error { PQfreemem(error) }
            // The password may be what failed to parse: the message names only the masked form.
            let masked = DatabaseLocation.postgres(conninfo: conninfo).displayTarget
            let secrets = [DatabaseLocation.password(in: conninfo), environmentValue("PGPASSWORD")].compactMap { $0 }
            throw .connectionFailed(target: masked, reason: oneLine(reason, scrubbing: secrets, conninfo: conninfo))
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return values
    }

    /// `postgresql://user@host:port/dbname` of a connection (its password never), or nil when
    /// libpq knows neither host nor database (the conninfo did not parse).
    private static func target(of connection: OpaquePointer) -> String? {
        func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }
        let user = text(PQuser(connection))
        let host = text(PQhost(connection))
        let port = text(PQport(connection))
        let database = text(PQdb(connection))
        if host.isEmpty && database.isEmpty { return nil }
        var target = "postgresql://" + (user.isEmpty ? "" : user + "@")
        // A Unix-socket directory is no URL host: it goes in the query, as libpq's URLs write it.
        let socket = host.hasPrefix("/") || host.hasPrefix("@")
        if !socket { target += host.contains(":") ? "[\(host)]" : host }
        if !port.isEmpty { target += ":" + port }
        target += "/" + database
        if socket { target += "?host=" + host }
        return target
    }
}

// MARK: - C strings

/// `getenv` without Foundation.
func environmentValue(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
}

/// Calls `body` with a NULL-terminated array of C strings that live for the call.
private func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    withOptionalCStringArray(strings + [nil]) { body($0) }
}

/// Calls `body` with an array of C strings (NULL for nil) that live for the call.
private func withOptionalCStringArray<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
    defer { for copy in copies { free(copy) } }
    let pointers = copies.map { UnsafePointer($0) }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}
