/// Where the history lives: a PostgreSQL server or an SQLite file.
///
/// Chosen by `resolve`: the `--database-url` flag, else `CONFGATE_DATABASE_URL`, else the
/// embedded default `<project root>/.confgate/history.db`.
///
/// PostgreSQL URLs are handed to libpq as they are, so everything libpq reads by itself applies:
/// `--database-url postgresql://` (empty) means "PostgreSQL, with everything from `PGHOST`,
/// `PGUSER`, `PGDATABASE`, `PGPASSWORD`, `PGSERVICE` and `~/.pgpass`", and `service=ci` names a
/// service from `pg_service.conf`.
public enum DatabaseLocation: Equatable, Sendable {
    /// A libpq conninfo: a `postgres://`/`postgresql://` URL or `key=value` keywords.
    case postgres(conninfo: String)
    /// An absolute (or caller-relative) path to an SQLite file.
    case sqlite(path: String)

    /// The location from the CLI's `--database-url` (`url`, wins), else `CONFGATE_DATABASE_URL`
    /// from `environment`, else the SQLite file `.confgate/history.db` under `projectRoot`.
    ///
    /// - `postgres://...`, `postgresql://...` or libpq keywords (`host=db dbname=x`, `service=ci`): PostgreSQL.
    /// - `sqlite:PATH` or `sqlite://PATH`: SQLite; a relative `PATH` is under `projectRoot`.
    public static func resolve(url: String?, environment: [String: String], projectRoot: String) throws(StoreError) -> DatabaseLocation {
        // An empty variable counts as unset (`CONFGATE_DATABASE_URL= confgate ...`), an empty flag does not.
        let chosen = url ?? environment["CONFGATE_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard let chosen else { return .sqlite(path: join(projectRoot, ".confgate/history.db")) }
        if chosen.hasPrefix("postgres://") || chosen.hasPrefix("postgresql://") { return .postgres(conninfo: chosen) }
        for prefix in ["sqlite://", "sqlite:"] where chosen.hasPrefix(prefix) {
            let path = String(chosen.dropFirst(prefix.count))
            guard !path.isEmpty else { throw .refused("the database URL \(chosen) names no file; write sqlite:PATH") }
            return .sqlite(path: path.hasPrefix("/") ? path : join(projectRoot, path))
        }
        if chosen.contains("=") { return .postgres(conninfo: chosen) }
        let shown = chosen.isEmpty ? "(empty)" : maskedConninfo(chosen)
        throw .refused(
            "unrecognised database URL \(shown): expected postgresql://..., libpq keywords (host=... dbname=...) or sqlite:PATH")
    }

    /// Where the location points, safe to print: `postgresql://user:***@host/db`, `password=***`, or the path.
    public var displayTarget: String {
        switch self {
        case .postgres(let conninfo): conninfo.isEmpty ? "PostgreSQL (from the PG* environment)" : Self.maskedConninfo(conninfo)
        case .sqlite(let path): path
        }
    }

    /// Opens a connection to the location.
    public func open() throws(StoreError) -> any SQLConnection {
        switch self {
        case .postgres(let conninfo): try PostgresConnection(conninfo: conninfo)
        case .sqlite(let path): try SQLiteConnection(path: path)
        }
    }

    private static func join(_ root: String, _ path: String) -> String {
        root.hasSuffix("/") ? root + path : root + "/" + path
    }

    // MARK: - Passwords

    /// `conninfo` with its password replaced by `***`: the URL's `user:password@` and `password=`
    /// query parameter, or the `password=` keyword (quoted or not).
    static func maskedConninfo(_ conninfo: String) -> String {
        guard let range = passwordRanges(in: conninfo).first else { return conninfo }
        var masked = conninfo
        masked.replaceSubrange(range, with: "***")
        return maskedConninfo(masked)
    }

    /// The password written in `conninfo`, if any (as written: still percent-encoded or quoted).
    static func password(in conninfo: String) -> String? {
        passwordRanges(in: conninfo).first.map { String(conninfo[$0]) }
    }

    /// The ranges of password values not yet masked, first first.
    private static func passwordRanges(in text: String) -> [Range<String.Index>] {
        let ranges = isURL(text) ? urlPasswordRanges(text) : keywordPasswordRanges(text)
        return ranges.filter { text[$0] != "***" && !$0.isEmpty }
    }

    private static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") || text.contains("://")
    }

    private static func urlPasswordRanges(_ url: String) -> [Range<String.Index>] {
        guard let scheme = url.range(of: "://") else { return [] }
        var ranges: [Range<String.Index>] = []
        let authorityEnd = url[scheme.upperBound...].firstIndex { $0 == "/" || $0 == "?" } ?? url.endIndex
        let authority = url[scheme.upperBound..<authorityEnd]
        // The userinfo ends at the last `@` of the authority; its password after the first `:`.
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            ranges.append(url.index(after: colon)..<at)
        }
        if let question = url[authorityEnd...].firstIndex(of: "?") {
            var start = url.index(after: question)
            while start < url.endIndex {
                let end = url[start...].firstIndex(of: "&") ?? url.endIndex
                let pair = url[start..<end]
                if pair.hasPrefix("password="), let equals = pair.firstIndex(of: "=") {
                    ranges.append(url.index(after: equals)..<end)
                }
                start = end < url.endIndex ? url.index(after: end) : end
            }
        }
        return ranges
    }

    /// libpq keyword form: `key = value` pairs separated by spaces, a value either bare (up to
    /// white space) or single-quoted with backslash escapes.
    private static func keywordPasswordRanges(_ text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var index = text.startIndex
        func skipSpace() { while index < text.endIndex && text[index].isWhitespace { index = text.index(after: index) } }
        while true {
            skipSpace()
            guard index < text.endIndex else { break }
            let keyStart = index
            while index < text.endIndex && text[index] != "=" && !text[index].isWhitespace { index = text.index(after: index) }
            let key = text[keyStart..<index]
            skipSpace()
            guard index < text.endIndex, text[index] == "=" else { break }  // malformed: libpq will say so
            index = text.index(after: index)
            skipSpace()
            var valueStart = index
            var valueEnd = index
            if index < text.endIndex && text[index] == "'" {
                index = text.index(after: index)
                valueStart = index
                while index < text.endIndex && text[index] != "'" {
                    if text[index] == "\\" && text.index(after: index) < text.endIndex { index = text.index(after: index) }
                    index = text.index(after: index)
                }
                valueEnd = index
                if index < text.endIndex { index = text.index(after: index) }
            } else {
                while index < text.endIndex && !text[index].isWhitespace {
                    if text[index] == "\\" && text.index(after: index) < text.endIndex { index = text.index(after: index) }
                    index = text.index(after: index)
                }
                valueEnd = index
            }
            if key == "password" { ranges.append(valueStart..<valueEnd) }
        }
        return ranges
    }
}
