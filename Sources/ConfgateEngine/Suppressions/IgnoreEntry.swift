import ConfgateDocument

/// One `ignore:` entry of `.confgate.yaml`: findings of some rules, in some files (below a JSON
/// Pointer), that the project has decided to accept, with the reason and an optional end date.
///
/// This is the suppression for what a comment cannot reach: JSON files, generated files, whole
/// folders. See docs/suppressions.md.
public struct IgnoreEntry: Sendable {
    /// Position in the `ignore:` list, for messages (`ignore[2]`).
    public var index: Int
    /// Globs relative to the configuration's folder, like `include`.
    public var files: [Glob]
    /// The node the entry covers, with everything below it; `nil` for the whole file.
    public var pointer: String?
    public var rules: [RulePattern]
    /// `""` when missing or blank: the entry still applies, and `suppression-missing-reason` says so.
    public var reason: String
    /// The last day the entry applies (UTC); after it the entry suppresses nothing and is reported.
    public var expires: CalendarDate?
    /// The configuration file, as named in messages.
    public var configFile: String
    /// Where the entry's mapping starts.
    public var range: SourceRange
    /// Where its `expires` value is written.
    public var expiresRange: SourceRange?

    public init(
        index: Int, files: [Glob], pointer: String? = nil, rules: [RulePattern], reason: String,
        expires: CalendarDate? = nil, configFile: String = ProjectConfig.fileName,
        range: SourceRange = SourceRange(at: .start), expiresRange: SourceRange? = nil
    ) {
        self.index = index
        self.files = files
        self.pointer = pointer
        self.rules = rules
        self.reason = reason
        self.expires = expires
        self.configFile = configFile
        self.range = range
        self.expiresRange = expiresRange
    }

    /// How suppressions by this entry name it.
    public var name: String { "ignore[\(index)]" }

    /// Whether the entry has run out on `today` (it applies through its `expires` day).
    public func isExpired(on today: CalendarDate) -> Bool {
        expires.map { today > $0 } ?? false
    }

    /// Whether the entry covers a finding of `rule` at `pointer` in the file at `projectPath`
    /// (relative to the configuration's folder). Expiry is checked by the caller.
    public func covers(rule: String, pointer findingPointer: String?, projectPath: String) -> Bool {
        guard rules.contains(where: { $0.matches(rule) }), files.contains(where: { $0.matches(projectPath) }) else {
            return false
        }
        guard let pointer else { return true }
        guard let findingPointer else { return false }
        return pointer.isEmpty || findingPointer == pointer || findingPointer.hasPrefix(pointer + "/")
    }

    static let keys = ["files", "pointer", "rules", "reason", "expires"]

    /// Reads the `ignore:` list. Every error names the file, line, column and key (`ignore[1].expires`).
    static func list(_ node: NodeID, reader: ConfigNodeReader) throws(ConfigError) -> [IgnoreEntry] {
        let stream = reader.stream, file = reader.file
        let list = stream.resolved(node)
        guard stream.kind(list) == .sequence else {
            throw .wrongType(
                file: file, at: stream.start(list), path: "ignore",
                expected: "a list of {files, rules, reason} mappings", found: reader.describe(list))
        }
        var result: [IgnoreEntry] = []
        for (index, item) in stream.elements(list).enumerated() {
            let path = "ignore[\(index)]"
            let fields = try reader.mapping(item, path: path)
            try reader.checkKeys(fields, allowed: keys, path: path)
            func field(_ name: String) -> (name: String, key: NodeID, value: NodeID)? {
                fields.first { $0.name == name }
            }
            guard let files = field("files") else {
                throw .invalidValue(
                    file: file, at: stream.start(item), path: path,
                    message: "needs \"files\": a glob or a list of globs (\"**\" for every file)")
            }
            guard let rules = field("rules") else {
                throw .invalidValue(
                    file: file, at: stream.start(item), path: path,
                    message: "needs \"rules\": a rule id or a list of them (\"schema-*\" for a prefix)")
            }
            var entry = IgnoreEntry(
                index: index, files: try globs(files.value, path: path + ".files", reader: reader),
                rules: try patterns(rules.value, path: path + ".rules", reader: reader), reason: "", configFile: file,
                range: stream.range(stream.resolved(item)))
            if let pointer = field("pointer") {
                let text = try reader.string(pointer.value, path: path + ".pointer")
                guard JSONPointer.tokens(text) != nil else {
                    throw .invalidValue(
                        file: file, at: stream.start(pointer.value), path: path + ".pointer",
                        message: "must be a JSON Pointer such as /database/password (\"\" for the whole document), found \(JSONWriter.quoted(text))")
                }
                entry.pointer = text
            }
            if let reason = field("reason") {
                let value = stream.resolved(reason.value)
                // `reason:` with nothing after it is a missing reason, not a type error.
                if stream.scalarType(value) != .null {
                    entry.reason = try reader.string(value, path: path + ".reason").trimmingWhitespace()
                }
            }
            if let expires = field("expires") {
                let value = stream.resolved(expires.value)
                guard stream.scalarType(value) == .string else {
                    throw .wrongType(
                        file: file, at: stream.start(value), path: path + ".expires", expected: "a date YYYY-MM-DD",
                        found: reader.describe(value))
                }
                let text = stream.string(value)
                guard let date = CalendarDate(parsing: text) else {
                    throw .invalidValue(
                        file: file, at: stream.start(value), path: path + ".expires",
                        message: "must be a date YYYY-MM-DD, found \(JSONWriter.quoted(text))")
                }
                entry.expires = date
                entry.expiresRange = stream.range(value)
            }
            result.append(entry)
        }
        return result
    }

    /// A glob or a list of globs.
    private static func globs(_ node: NodeID, path: String, reader: ConfigNodeReader) throws(ConfigError) -> [Glob] {
        let value = reader.stream.resolved(node)
        if reader.stream.kind(value) == .scalar { return [Glob(try reader.string(value, path: path))] }
        guard reader.stream.kind(value) == .sequence, !reader.stream.elements(value).isEmpty else {
            throw .wrongType(
                file: reader.file, at: reader.stream.start(value), path: path,
                expected: "a glob pattern or a non-empty list of them", found: reader.describe(value))
        }
        return try reader.globs(value, path: path)
    }

    /// A rule id or a list of them, each exact or a `*` prefix.
    private static func patterns(_ node: NodeID, path: String, reader: ConfigNodeReader) throws(ConfigError)
        -> [RulePattern]
    {
        let stream = reader.stream
        let value = stream.resolved(node)
        let items: [(NodeID, String)]
        if stream.kind(value) == .scalar {
            items = [(value, path)]
        } else if stream.kind(value) == .sequence, !stream.elements(value).isEmpty {
            items = stream.elements(value).enumerated().map { ($1, "\(path)[\($0)]") }
        } else {
            throw .wrongType(
                file: reader.file, at: stream.start(value), path: path,
                expected: "a rule id or a non-empty list of them", found: reader.describe(value))
        }
        var result: [RulePattern] = []
        for (item, itemPath) in items {
            let text = try reader.string(item, path: itemPath)
            guard let pattern = RulePattern(text) else {
                throw .invalidValue(
                    file: reader.file, at: stream.start(item), path: itemPath,
                    message: "must be a rule id such as duplicate-key, or a prefix such as schema-*, found \(JSONWriter.quoted(text))")
            }
            result.append(pattern)
        }
        return result
    }
}

extension String {
    /// Without leading and trailing white space.
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}
