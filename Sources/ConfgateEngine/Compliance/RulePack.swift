import ConfgateDocument
import ConfgateSchema

/// A compliance rule pack: a YAML file of rules (docs/rule-packs.md; JSON Schema in
/// schemas/rule-pack.schema.json). Every error names the pack file, line, column and key path.
public struct RulePack: Sendable {
    /// Kebab-case name (`production`).
    public let name: String
    public let description: String?
    /// The file as named in messages.
    public let file: String
    public let rules: [PackRule]

    static let topLevelKeys = ["version", "pack", "description", "rules"]
    static let ruleKeys = [
        "id", "description", "rationale", "severity", "when", "given", "then", "message", "help", "aliases", "examples",
    ]
    static let scopeKeys = ["environments", "services", "files", "if"]

    /// Loads a pack file. `displayName` is how the file is named in messages.
    public static func load(path: String, displayName: String) throws(ConfigError) -> RulePack {
        try parse(ConfigNodeReader.readFile(path, displayName: displayName, limit: 4 << 20), file: displayName)
    }

    /// Parses pack text.
    public static func parse(_ bytes: [UInt8], file: String) throws(ConfigError) -> RulePack {
        let (stream, doc) = try ConfigNodeReader.oneDocument(bytes, file: file, holder: "a rule pack")
        let reader = ConfigNodeReader(stream: stream, file: file)
        let entries = try reader.mapping(doc.root, path: "")
        try reader.checkKeys(entries, allowed: topLevelKeys, path: "")
        try reader.checkVersion(entries)
        guard let nameEntry = entries.first(where: { $0.name == "pack" }) else {
            throw .invalidValue(file: file, at: stream.start(doc.root), path: "pack", message: "is required (the pack's name)")
        }
        let name = try reader.string(nameEntry.value, path: "pack")
        guard SecretCatalogue.isKebabCase(name) else {
            throw .invalidValue(
                file: file, at: stream.start(nameEntry.value), path: "pack",
                message: "must be kebab-case (lowercase letters, digits and single hyphens), found \(JSONWriter.quoted(name))")
        }
        let description = try entries.first(where: { $0.name == "description" }).map { e throws(ConfigError) in
            try reader.string(e.value, path: "description")
        }
        guard let list = entries.first(where: { $0.name == "rules" }) else {
            throw .invalidValue(file: file, at: stream.start(doc.root), path: "rules", message: "is required (a list of rules)")
        }
        let rules = try parseRules(list.value, path: "rules", pack: name, reader: reader)
        return RulePack(name: name, description: description, file: file, rules: rules)
    }

    /// Reads a list of rules (a pack's `rules:`, a template's `validation_rules:`); ids must be
    /// unique in the list.
    static func parseRules(_ node: NodeID, path: String, pack: String, reader: ConfigNodeReader) throws(ConfigError)
        -> [PackRule]
    {
        let stream = reader.stream
        let node = stream.resolved(node)
        guard stream.kind(node) == .sequence else {
            throw .wrongType(file: reader.file, at: stream.start(node), path: path, expected: "a list of rules", found: reader.describe(node))
        }
        var rules: [PackRule] = []
        var seen: [String: Int] = [:]
        for (i, item) in stream.elements(node).enumerated() {
            let rule = try parseRule(item, path: "\(path)[\(i)]", pack: pack, reader: reader)
            for id in [rule.id] + rule.aliases {
                if let first = seen[id] {
                    throw .invalidValue(
                        file: reader.file, at: rule.location, path: "\(path)[\(i)].id",
                        message: "duplicate rule id \(JSONWriter.quoted(id)), first used by \(path)[\(first)]")
                }
                seen[id] = i
            }
            rules.append(rule)
        }
        return rules
    }

    static func parseRule(_ node: NodeID, path: String, pack: String, reader: ConfigNodeReader) throws(ConfigError) -> PackRule {
        let stream = reader.stream
        let file = reader.file
        let fields = try reader.mapping(node, path: path)
        try reader.checkKeys(fields, allowed: ruleKeys, path: path)
        func field(_ name: String) -> (name: String, key: NodeID, value: NodeID)? { fields.first { $0.name == name } }
        func required(_ name: String) throws(ConfigError) -> NodeID {
            guard let entry = field(name) else {
                throw .invalidValue(file: file, at: stream.start(node), path: path, message: "needs \"\(name)\"")
            }
            return entry.value
        }
        let idNode = try required("id")
        let id = try reader.string(idNode, path: path + ".id")
        try checkID(id, at: stream.start(idNode), path: path + ".id", file: file)
        let uri = "urn:confgate:rule:\(pack):\(id)"
        let description = try reader.string(try required("description"), path: path + ".description")
        let rationale = try reader.string(try required("rationale"), path: path + ".rationale")
        var severity = Severity.warning
        if let entry = field("severity") {
            let text = try reader.string(entry.value, path: path + ".severity")
            guard let parsed = Severity(rawValue: text) else {
                throw .invalidValue(
                    file: file, at: stream.start(entry.value), path: path + ".severity",
                    message: "must be one of error, warning, info, found \(JSONWriter.quoted(text))")
            }
            severity = parsed
        }
        let selectors = try parseSelectors(try required("given"), path: path + ".given", reader: reader)
        let thenNode = try required("then")
        let (checks, _) = try RuleChecks.parse(thenNode, reader: reader, path: path + ".then", extraKeys: ["field"], uri: uri)
        if checks.presence == true {
            for selector in selectors where selector.parentAndLastKey == nil {
                throw .invalidValue(
                    file: file, at: stream.start(try required("given")), path: path + ".given",
                    message: "\"defined\" needs selectors that end in a key, found \(JSONWriter.quoted(selector.description))")
            }
        }
        var scope = RuleScope()
        if let when = field("when") {
            scope = try parseScope(when.value, path: path + ".when", uri: uri, reader: reader)
        }
        let message = try field("message").map { e throws(ConfigError) in
            let text = try reader.string(e.value, path: path + ".message")
            try checkPlaceholders(text, at: stream.start(e.value), path: path + ".message", file: file)
            return text
        } ?? "\"{path}\": \(description)"
        let help = try field("help").map { e throws(ConfigError) in try reader.string(e.value, path: path + ".help") }
        var aliases: [String] = []
        if let entry = field("aliases") {
            aliases = try reader.strings(entry.value, path: path + ".aliases")
            for (i, alias) in aliases.enumerated() {
                try checkID(alias, at: stream.start(stream.elements(stream.resolved(entry.value))[i]), path: "\(path).aliases[\(i)]", file: file)
            }
        }
        let examplesNode = try required("examples")
        let examples = try reader.mapping(examplesNode, path: path + ".examples")
        try reader.checkKeys(examples, allowed: ["pass", "fail"], path: path + ".examples")
        func list(_ name: String) throws(ConfigError) -> [PackExample] {
            guard let entry = examples.first(where: { $0.name == name }) else {
                throw .invalidValue(
                    file: file, at: stream.start(examplesNode), path: path + ".examples",
                    message: "needs \"\(name)\" examples (at least one configuration the rule must \(name))")
            }
            let items = stream.resolved(entry.value)
            guard stream.kind(items) == .sequence, stream.childCount(items) > 0 else {
                throw .wrongType(
                    file: file, at: stream.start(items), path: "\(path).examples.\(name)",
                    expected: "a non-empty list of configurations", found: reader.describe(items))
            }
            return stream.elements(items).map { PackExample(value: DocumentValue(stream, $0), location: stream.start($0)) }
        }
        return PackRule(
            id: id, pack: pack, description: description, rationale: rationale, severity: severity, scope: scope,
            selectors: selectors, checks: checks, message: message, help: help, aliases: aliases,
            passExamples: try list("pass"), failExamples: try list("fail"), file: file, location: stream.start(idNode))
    }

    static func parseSelectors(_ node: NodeID, path: String, reader: ConfigNodeReader) throws(ConfigError) -> [PathSelector] {
        let stream = reader.stream
        let node = stream.resolved(node)
        let items = stream.kind(node) == .sequence ? stream.elements(node) : [node]
        if items.isEmpty {
            throw .invalidValue(file: reader.file, at: stream.start(node), path: path, message: "needs at least one selector")
        }
        var selectors: [PathSelector] = []
        for (i, item) in items.enumerated() {
            let here = stream.kind(node) == .sequence ? "\(path)[\(i)]" : path
            let text = try reader.string(item, path: here)
            do {
                selectors.append(try PathSelector(parsing: text))
            } catch {
                let why = error == .emptyToken ? "has an empty step (\"//\" or a trailing \"/\")" : "must start with \"/\" (a JSON Pointer; \"\" is the whole document)"
                throw .invalidValue(
                    file: reader.file, at: stream.start(item), path: here,
                    message: "invalid selector \(JSONWriter.quoted(text)): \(why)")
            }
        }
        return selectors
    }

    static func parseScope(_ node: NodeID, path: String, uri: String, reader: ConfigNodeReader) throws(ConfigError) -> RuleScope {
        let stream = reader.stream
        var scope = RuleScope()
        let entries = try reader.mapping(node, path: path)
        try reader.checkKeys(entries, allowed: scopeKeys, path: path)
        for entry in entries {
            let here = "\(path).\(entry.name)"
            switch entry.name {
            case "environments": scope.environments = try reader.strings(entry.value, path: here)
            case "services": scope.services = try reader.globs(entry.value, path: here)
            case "files": scope.files = try reader.globs(entry.value, path: here)
            default:
                let (checks, extra) = try RuleChecks.parse(entry.value, reader: reader, path: here, extraKeys: ["path"], uri: uri + "/if")
                guard let pathEntry = extra.first else {
                    throw .invalidValue(
                        file: reader.file, at: stream.start(entry.value), path: here, message: "needs \"path\" (the selector the condition reads)")
                }
                let selector = try parseSelectors(pathEntry.value, path: here + ".path", reader: reader)
                guard selector.count == 1 else {
                    throw .wrongType(
                        file: reader.file, at: stream.start(pathEntry.value), path: here + ".path", expected: "one selector",
                        found: "a list")
                }
                scope.condition = (selector[0], checks)
            }
        }
        return scope
    }

    static func checkID(_ id: String, at location: SourceLocation, path: String, file: String) throws(ConfigError) {
        guard SecretCatalogue.isKebabCase(id) else {
            throw .invalidValue(
                file: file, at: location, path: path,
                message: "must be kebab-case (lowercase letters, digits and single hyphens), found \(JSONWriter.quoted(id))")
        }
    }

    /// A placeholder that is not one is a typo the user would otherwise see in every message.
    static func checkPlaceholders(_ text: String, at location: SourceLocation, path: String, file: String) throws(ConfigError) {
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            if !PackRule.placeholders.contains(name) {
                let hint = closestMatch(to: name, in: PackRule.placeholders).map { "; did you mean {\($0)}?" } ?? ""
                throw .invalidValue(
                    file: file, at: location, path: path,
                    message: "unknown placeholder {\(name)} (one of \(PackRule.placeholders.map { "{\($0)}" }.joined(separator: ", ")))\(hint)")
            }
            rest = rest[rest.index(after: close)...]
        }
    }
}

extension RulePack {
    /// The packs shipped in the binary (rules/*.yaml but secrets.yaml, embedded by
    /// scripts/gen-rule-packs.py), by name, parsed on first use.
    public static let builtIn: [RulePack] = {
        builtInTexts.map { entry in
            do {
                return try parse(Array(entry.text.utf8), file: "rules/\(entry.file) (built in)")
            } catch {
                // RulePackTests loads every built-in pack on every build: reaching this means the
                // binary was built from packs that never passed their tests.
                fatalError("the built-in rule pack \(entry.file) does not load: \(error)")
            }
        }
    }()

    /// The embedded text of a built-in pack file (`production.yaml`), as generated.
    public static func builtInText(of file: String) -> String? { builtInTexts.first { $0.file == file }?.text }

    /// The built-in pack of a name.
    public static func builtIn(named name: String) -> RulePack? { builtIn.first { $0.name == name } }
}
