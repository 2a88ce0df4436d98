import ConfgateDocument

/// One `packs:` entry of `.confgate.yaml`: a built-in pack by name, or a pack file.
public struct PackReference: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case builtIn(String)
        /// The pack file, absolute, and as written.
        case file(path: String, displayPath: String)
    }

    public var source: Source
    /// Where the entry is written, for errors about the pack it names.
    public var configFile: String?
    public var at: SourceLocation?

    public init(_ source: Source, configFile: String? = nil, at: SourceLocation? = nil) {
        self.source = source
        self.configFile = configFile
        self.at = at
    }

    /// A name without `/` and without a YAML extension is a built-in pack; anything else a file,
    /// relative to the configuration's folder.
    static func list(_ node: NodeID, reader: ConfigNodeReader, root: String) throws(ConfigError) -> [PackReference] {
        let stream = reader.stream
        let node = stream.resolved(node)
        guard stream.kind(node) == .sequence else {
            throw .wrongType(
                file: reader.file, at: stream.start(node), path: "packs",
                expected: "a list of built-in pack names or pack files", found: reader.describe(node))
        }
        var result: [PackReference] = []
        for (i, item) in stream.elements(node).enumerated() {
            let text = try reader.string(item, path: "packs[\(i)]")
            let isFile = text.contains("/") || text.hasSuffix(".yaml") || text.hasSuffix(".yml")
            let source: Source = isFile ? .file(path: FilePath.absolute(text, from: root), displayPath: text) : .builtIn(text)
            if result.contains(where: { $0.source == source }) {
                throw .invalidValue(
                    file: reader.file, at: stream.start(item), path: "packs[\(i)]", message: "\(JSONWriter.quoted(text)) is listed twice")
            }
            result.append(PackReference(source, configFile: reader.file, at: stream.start(item)))
        }
        return result
    }
}

/// One `rules:` entry of `.confgate.yaml`: what a project changes about one rule.
public struct RuleSetting: Sendable {
    public var severity: Severity?
    public var enabled: Bool?
    /// Checks that replace a pack rule's `then` (a configurable rule: the key naming convention).
    public var checks: RuleChecks?
    /// Where the entry's id is written, for errors about the id.
    public var configFile: String
    public var at: SourceLocation

    static let keys = ["severity", "enabled", "then"]

    static func parse(_ node: NodeID, reader: ConfigNodeReader) throws(ConfigError) -> [String: RuleSetting] {
        let stream = reader.stream
        var result: [String: RuleSetting] = [:]
        for entry in try reader.mapping(node, path: "rules") {
            let path = "rules.\(entry.name)"
            var setting = RuleSetting(configFile: reader.file, at: stream.start(entry.key))
            let fields = try reader.mapping(entry.value, path: path)
            try reader.checkKeys(fields, allowed: keys, path: path)
            for field in fields {
                switch field.name {
                case "severity":
                    let text = try reader.string(field.value, path: path + ".severity")
                    guard let severity = Severity(rawValue: text) else {
                        throw .invalidValue(
                            file: reader.file, at: stream.start(field.value), path: path + ".severity",
                            message: "must be one of error, warning, info, found \(JSONWriter.quoted(text))")
                    }
                    setting.severity = severity
                case "enabled": setting.enabled = try reader.boolean(field.value, path: path + ".enabled")
                default:
                    setting.checks = try RuleChecks.parse(
                        field.value, reader: reader, path: path + ".then", extraKeys: ["field"],
                        uri: "urn:confgate:config:rules:\(entry.name)"
                    ).checks
                }
            }
            result[entry.name] = setting
        }
        return result
    }
}
