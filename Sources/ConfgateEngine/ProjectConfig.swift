import ConfgateDocument
import ConfgateSchema

/// The project configuration, `.confgate.yaml`. Its JSON Schema is `schemas/confgate.schema.json`;
/// unknown keys and wrong types are errors, never silently ignored.
public struct ProjectConfig: Sendable {
    /// The file it was read from, `nil` for the built-in defaults.
    public var file: String?
    /// The directory globs are relative to: the config file's directory, else the working directory.
    public var root: String
    public var include: [Glob]
    public var exclude: [Glob]
    /// Files read as JSON with comments and trailing commas, besides `*.jsonc`.
    public var jsonc: [Glob]
    public var limits: InputLimits
    public var failOn: FailThreshold?
    /// `templates:` entries, in order: the first whose `files` globs match a file binds it.
    public var templates: [TemplateBinding] = []
    /// Folders whose schema files are registered under their `$id` (offline `$ref` resolution).
    public var schemaDirectories: [String] = []
    /// Reference prefixes read from local folders (`https://json.schemastore.org/` → `vendor/schemastore/`).
    public var schemaMaps: [SchemaMap] = []
    /// `format` as an assertion rather than an annotation.
    public var strictFormats = false
    /// The draft for schemas without `$schema`.
    public var defaultDialect: Draft = .draft2020_12
    /// Plaintext-secret detection (`secrets:`).
    public var secrets = SecretSettings()
    /// `ignore:` entries: findings the project accepts, by file, pointer and rule (docs/suppressions.md).
    public var ignore: [IgnoreEntry] = []
    /// `environments:`: declared environments, service layouts, parity settings (docs/environments.md).
    public var environments = EnvironmentSettings()
    /// `packs:`: the compliance rule packs enabled, built-in names or pack files (docs/rule-packs.md).
    public var packs: [PackReference] = []
    /// `rules:`: per-rule settings (severity, enabled, a pack rule's checks), by rule id.
    public var ruleSettings: [String: RuleSetting] = [:]

    public static let defaultInclude = ["**/*.yaml", "**/*.yml", "**/*.json", "**/*.jsonc"].map(Glob.init)

    public init(root: String) {
        self.root = root
        include = ProjectConfig.defaultInclude
        exclude = []
        jsonc = []
        limits = .default
    }

    /// The name of the configuration file looked for.
    public static let fileName = ".confgate.yaml"
    static let topLevelKeys = [
        "version", "include", "exclude", "jsonc", "limits", "fail-on", "templates", "schema-dirs", "schema-maps",
        "strict-formats", "default-dialect", "secrets", "ignore", "environments", "packs", "rules",
    ]
    static let secretKeys = ["enabled", "sensitive-keys", "production-files"]
    static let templateKeys = ["schema", "files"]
    /// `default-dialect` values.
    static let dialectNames: [String: Draft] = [
        "draft-04": .draft4, "draft-06": .draft6, "draft-07": .draft7, "2019-09": .draft2019_09, "2020-12": .draft2020_12,
    ]
    static let limitKeys = ["max-file-bytes", "max-depth", "max-nodes", "max-scalar-bytes"]

    /// The source format of a file under this configuration.
    public func format(of path: String, relativePath: String) -> SourceFormat? {
        guard let format = SourceFormat.forPath(path) else { return nil }
        if format == .json && jsonc.contains(where: { $0.matches(relativePath) }) { return .jsonc }
        return format
    }

    /// Finds `.confgate.yaml` in `directory` or the nearest directory above it.
    public static func find(from directory: String) -> String? {
        var dir = FilePath.normalize(directory)
        while true {
            let candidate = FilePath.join(dir, fileName)
            if FileSystem.isRegularFile(candidate) { return candidate }
            let parent = FilePath.parent(dir)
            if parent == dir { return nil }
            dir = parent
        }
    }

    /// Loads a configuration file. `displayName` is how the file is named in messages.
    public static func load(path: String, displayName: String) throws(ConfigError) -> ProjectConfig {
        let bytes = try ConfigNodeReader.readFile(path, displayName: displayName, limit: 1 << 20)
        return try parse(bytes, file: displayName, root: FilePath.parent(FilePath.absolute(path)))
    }

    /// Parses configuration text.
    public static func parse(_ bytes: [UInt8], file: String, root: String) throws(ConfigError) -> ProjectConfig {
        let (stream, doc) = try ConfigNodeReader.oneDocument(bytes, file: file, holder: "a configuration file")
        var config = ProjectConfig(root: root)
        config.file = file
        let reader = ConfigNodeReader(stream: stream, file: file)
        let root = stream.resolved(doc.root)
        let entries = try reader.mapping(root, path: "")
        try reader.checkKeys(entries, allowed: topLevelKeys, path: "")
        try reader.checkVersion(entries)
        for entry in entries {
            switch entry.name {
            case "include": config.include = try reader.globs(entry.value, path: "include")
            case "exclude": config.exclude = try reader.globs(entry.value, path: "exclude")
            case "jsonc": config.jsonc = try reader.globs(entry.value, path: "jsonc")
            case "templates":
                let node = stream.resolved(entry.value)
                guard stream.kind(node) == .sequence else {
                    throw .wrongType(
                        file: file, at: stream.start(node), path: "templates",
                        expected: "a list of {schema, files} mappings", found: reader.describe(node))
                }
                for (i, item) in stream.elements(node).enumerated() {
                    let path = "templates[\(i)]"
                    let fields = try reader.mapping(item, path: path)
                    try reader.checkKeys(fields, allowed: templateKeys, path: path)
                    guard let schema = fields.first(where: { $0.name == "schema" }) else {
                        throw .invalidValue(file: file, at: stream.start(item), path: path, message: "needs a \"schema\" file")
                    }
                    let files = try fields.first(where: { $0.name == "files" }).map { f throws(ConfigError) in
                        try reader.globs(f.value, path: path + ".files")
                    } ?? []
                    let schemaPath = try reader.string(schema.value, path: path + ".schema")
                    config.templates.append(
                        TemplateBinding(
                            schema: FilePath.absolute(schemaPath, from: config.root), displayPath: schemaPath, files: files,
                            configFile: file, at: stream.start(schema.value)))
                }
            case "schema-dirs":
                for (i, item) in stream.elements(stream.resolved(entry.value)).enumerated() {
                    config.schemaDirectories.append(FilePath.absolute(try reader.string(item, path: "schema-dirs[\(i)]"), from: config.root))
                }
                if stream.kind(stream.resolved(entry.value)) != .sequence {
                    throw .wrongType(
                        file: file, at: stream.start(entry.value), path: "schema-dirs", expected: "a list of folders",
                        found: reader.describe(stream.resolved(entry.value)))
                }
            case "schema-maps":
                for map in try reader.mapping(entry.value, path: "schema-maps") {
                    let directory = try reader.string(map.value, path: "schema-maps.\(map.name)")
                    config.schemaMaps.append(SchemaMap(prefix: map.name, directory: FilePath.absolute(directory, from: config.root)))
                }
            case "secrets":
                let fields = try reader.mapping(entry.value, path: "secrets")
                try reader.checkKeys(fields, allowed: secretKeys, path: "secrets")
                for field in fields {
                    let path = "secrets.\(field.name)"
                    switch field.name {
                    case "enabled": config.secrets.enabled = try reader.boolean(field.value, path: path)
                    case "sensitive-keys":
                        let node = stream.resolved(field.value)
                        guard stream.kind(node) == .sequence else {
                            throw .wrongType(
                                file: file, at: stream.start(node), path: path, expected: "a list of key words",
                                found: reader.describe(node))
                        }
                        for (i, item) in stream.elements(node).enumerated() {
                            let word = try reader.string(item, path: "\(path)[\(i)]")
                            guard word.utf8.count >= 2, word.allSatisfy({ $0.isLetter || $0.isNumber }) else {
                                throw .invalidValue(
                                    file: file, at: stream.start(item), path: "\(path)[\(i)]",
                                    message: "must be one word of two or more letters and digits (key names are split into words at _, - and camelCase), found \(JSONWriter.quoted(word))")
                            }
                            config.secrets.sensitiveKeys.insert(word.lowercased())
                        }
                    default: config.secrets.productionFiles = try reader.globs(field.value, path: path)
                    }
                }
            case "strict-formats":
                config.strictFormats = try reader.boolean(entry.value, path: "strict-formats")
            case "default-dialect":
                let text = try reader.string(entry.value, path: "default-dialect")
                guard let draft = dialectNames[text] else {
                    throw .invalidValue(
                        file: file, at: stream.start(entry.value), path: "default-dialect",
                        message: "must be one of draft-04, draft-06, draft-07, 2019-09, 2020-12, found \"\(text)\"")
                }
                config.defaultDialect = draft
            case "ignore": config.ignore = try IgnoreEntry.list(entry.value, reader: reader)
            case "environments":
                config.environments = try EnvironmentSettings.parse(entry.value, reader: reader, root: config.root)
            case "packs": config.packs = try PackReference.list(entry.value, reader: reader, root: config.root)
            case "rules": config.ruleSettings = try RuleSetting.parse(entry.value, reader: reader)
            case "fail-on":
                let text = try reader.string(entry.value, path: "fail-on")
                guard let threshold = FailThreshold(rawValue: text) else {
                    throw .invalidValue(
                        file: file, at: stream.start(entry.value), path: "fail-on",
                        message: "must be one of error, warning, info, never, found \"\(text)\"")
                }
                config.failOn = threshold
            case "limits":
                let limits = try reader.mapping(entry.value, path: "limits")
                try reader.checkKeys(limits, allowed: limitKeys, path: "limits")
                for limit in limits {
                    let path = "limits.\(limit.name)"
                    let value = try reader.integer(limit.value, path: path)
                    guard value >= 1, value <= 1 << 30 else {
                        throw .invalidValue(
                            file: file, at: stream.start(limit.value), path: path,
                            message: "must be between 1 and \(1 << 30), found \(value)")
                    }
                    switch limit.name {
                    case "max-file-bytes": config.limits.maxFileBytes = value
                    case "max-depth": config.limits.maxDepth = value
                    case "max-nodes": config.limits.maxNodes = value
                    default: config.limits.maxScalarBytes = value
                    }
                }
            default: break
            }
        }
        return config
    }
}

/// When `lint` exits with 1: at findings of this severity or above, or never.
public enum FailThreshold: String, Sendable, CaseIterable {
    case error, warning, info, never

    /// Whether a finding of this severity fails the run.
    public func fails(_ severity: Severity) -> Bool {
        switch self {
        case .never: false
        case .error: severity >= .error
        case .warning: severity >= .warning
        case .info: true
        }
    }
}

/// Reads typed values out of a configuration tree, with errors that name file, line, column and key.
struct ConfigNodeReader {
    let stream: ParsedStream
    let file: String

    /// A configuration file's bytes (`.confgate.yaml`, a rule pack, the secret catalogue); one
    /// that cannot be read is a configuration error naming it as `displayName`.
    static func readFile(_ path: String, displayName: String, limit: Int) throws(ConfigError) -> [UInt8] {
        do {
            return try FileSystem.readFile(path, limit: limit)
        } catch {
            throw .unreadable(file: displayName, reason: error.description)
        }
    }

    /// The one YAML document of configuration text; a syntax problem, no document (so no
    /// `version:`) or a second document is a configuration error. `holder` names the kind of file
    /// in the message ("a rule pack").
    static func oneDocument(_ bytes: [UInt8], file: String, holder: String) throws(ConfigError) -> (ParsedStream, DocumentInfo) {
        let result = DocumentReader().read(bytes, format: .yaml)
        if let problem = result.diagnostics.first {
            throw .syntax(file: file, at: problem.range.start, message: problem.message)
        }
        guard let stream = result.stream, let doc = stream.documents.first else { throw .missingVersion(file: file) }
        if stream.documents.count > 1 {
            throw .syntax(file: file, at: stream.documents[1].range.start, message: "\(holder) holds one YAML document")
        }
        return (stream, doc)
    }

    func describe(_ node: NodeID) -> String {
        switch stream.kind(node) {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar:
            switch stream.scalarType(node) ?? .null {
            case .null: return "null"
            case .bool: return "a boolean"
            case .integer: return "an integer"
            case .number: return "a number"
            case .string: return "a string"
            }
        }
    }

    func mapping(_ node: NodeID, path: String) throws(ConfigError) -> [(name: String, key: NodeID, value: NodeID)] {
        let node = stream.resolved(node)
        guard stream.kind(node) == .mapping else {
            throw .wrongType(
                file: file, at: stream.start(node), path: path.isEmpty ? "(top level)" : path, expected: "a mapping",
                found: describe(node))
        }
        return stream.entries(node).map { (stream.keyToken($0.key), $0.key, $0.value) }
    }

    func checkKeys(_ entries: [(name: String, key: NodeID, value: NodeID)], allowed: [String], path: String)
        throws(ConfigError)
    {
        for entry in entries where !allowed.contains(entry.name) {
            throw .unknownKey(
                file: file, at: stream.start(entry.key), key: entry.name, path: path,
                suggestion: closestMatch(to: entry.name, in: allowed))
        }
    }

    /// The top-level `version:` entry, which must be there and be 1 (the configuration and the
    /// secret catalogue share the format's versioning).
    func checkVersion(_ entries: [(name: String, key: NodeID, value: NodeID)]) throws(ConfigError) {
        guard let version = entries.first(where: { $0.name == "version" }) else { throw .missingVersion(file: file) }
        let v = try integer(version.value, path: "version")
        guard v == 1 else {
            throw .invalidValue(
                file: file, at: stream.start(version.value), path: "version",
                message: "unsupported version \(v); this confgate reads version 1")
        }
    }

    func boolean(_ node: NodeID, path: String) throws(ConfigError) -> Bool {
        let node = stream.resolved(node)
        guard stream.scalarType(node) == .bool else {
            throw .wrongType(file: file, at: stream.start(node), path: path, expected: "true or false", found: describe(node))
        }
        return stream.string(node).lowercased() == "true"
    }

    func integer(_ node: NodeID, path: String) throws(ConfigError) -> Int {
        let node = stream.resolved(node)
        guard stream.scalarType(node) == .integer, let value = Int(stream.string(node)) else {
            throw .wrongType(file: file, at: stream.start(node), path: path, expected: "an integer", found: describe(node))
        }
        return value
    }

    func string(_ node: NodeID, path: String) throws(ConfigError) -> String {
        let node = stream.resolved(node)
        guard stream.scalarType(node) == .string else {
            throw .wrongType(file: file, at: stream.start(node), path: path, expected: "a string", found: describe(node))
        }
        return stream.string(node)
    }

    func strings(_ node: NodeID, path: String) throws(ConfigError) -> [String] {
        let node = stream.resolved(node)
        guard stream.kind(node) == .sequence else {
            throw .wrongType(file: file, at: stream.start(node), path: path, expected: "a list of strings", found: describe(node))
        }
        var result: [String] = []
        for (i, item) in stream.elements(node).enumerated() {
            result.append(try string(item, path: "\(path)[\(i)]"))
        }
        return result
    }

    func globs(_ node: NodeID, path: String) throws(ConfigError) -> [Glob] {
        let node = stream.resolved(node)
        guard stream.kind(node) == .sequence else {
            throw .wrongType(
                file: file, at: stream.start(node), path: path, expected: "a list of glob patterns", found: describe(node))
        }
        var result: [Glob] = []
        for (i, item) in stream.elements(node).enumerated() {
            result.append(Glob(try string(item, path: "\(path)[\(i)]")))
        }
        return result
    }
}

/// One `templates:` entry of `.confgate.yaml`: a schema (JSON Schema or short-hand template) and
/// the files it applies to.
public struct TemplateBinding: Sendable {
    /// The schema file, absolute.
    public var schema: String
    /// The schema file as written in the configuration, for messages.
    public var displayPath: String
    /// Globs relative to the configuration's folder; a file matching one is bound to the schema.
    public var files: [Glob]
    /// Where the entry is written, for configuration errors about the schema.
    public var configFile: String?
    public var at: SourceLocation?

    public init(schema: String, displayPath: String, files: [Glob], configFile: String? = nil, at: SourceLocation? = nil) {
        self.schema = schema
        self.displayPath = displayPath
        self.files = files
        self.configFile = configFile
        self.at = at
    }
}

/// A reference prefix served from a local folder (`--schema-map PREFIX=DIR`).
public struct SchemaMap: Sendable, Hashable {
    public var prefix: String
    public var directory: String

    public init(prefix: String, directory: String) {
        self.prefix = prefix
        self.directory = directory
    }
}
