import ConfgateDocument

/// `environments:` of `.confgate.yaml`: which environments exist, in promotion order, which are
/// critical, and where each service's layers live (docs/environments.md, "Layout").
public struct EnvironmentSettings: Sendable {
    /// Whether layer files are resolved into environments at all (`enabled: false`, `lint --no-environments`).
    public var enabled = true
    /// The declared environments in promotion order; `nil` without `names:` (the zero-config
    /// layout, where the well-known names found beside a base file are the environments).
    public var names: [String]?
    /// Environments whose parity problems are errors; the others' are warnings. Default: the last
    /// declared environment (the one deployed to users), or `production`/`prod` in the zero-config layout.
    public var critical: Set<String>?
    public var layouts: [ServiceLayout] = []
    /// Paths that may exist in some environments only (JSON Pointers; `*` one token, `**` any depth).
    public var optional: [PointerPattern] = []
    /// Whether `override-redundant` is reported. Off by default: overlays often restate a value on
    /// purpose (a per-file schema that wants `service:` in every overlay, a setting that happens
    /// to equal the base today), and thousands of such notes would bury the findings that matter.
    public var reportRedundant = false

    public init() {}

    /// The layouts in effect: the configured ones, else the zero-config default.
    public var effectiveLayouts: [ServiceLayout] { layouts.isEmpty ? [ServiceLayout.zeroConfig] : layouts }

    /// Whether parity problems involving `environment` are errors.
    public func isCritical(_ environment: String) -> Bool {
        if let critical { return critical.contains(environment) }
        if names == nil { return environment == "production" || environment == "prod" }
        return environment == names?.last
    }

    /// The environments of the zero-config layout, in the order they are compared. Any other file
    /// beside a base file is not a layer, so a `schema.json` next to `base.yaml` is never taken
    /// for an environment.
    public static let wellKnownNames = [
        "local", "development", "dev", "test", "testing", "qa", "uat", "staging", "stage", "preprod", "production", "prod",
    ]

    /// Letters, digits, `.`, `_` and `-`, starting with a letter or digit (so `.confgate` is none).
    static func looksLikeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
    }

    static let keys = ["enabled", "names", "critical", "layouts", "optional", "report-redundant"]
    static let layoutKeys = ["base", "overrides", "template"]

    /// Reads the `environments:` mapping.
    static func parse(_ node: NodeID, reader: ConfigNodeReader, root: String) throws(ConfigError) -> EnvironmentSettings {
        let stream = reader.stream
        var settings = EnvironmentSettings()
        let fields = try reader.mapping(node, path: "environments")
        try reader.checkKeys(fields, allowed: keys, path: "environments")
        for field in fields {
            let path = "environments.\(field.name)"
            switch field.name {
            case "enabled": settings.enabled = try reader.boolean(field.value, path: path)
            case "report-redundant": settings.reportRedundant = try reader.boolean(field.value, path: path)
            case "names":
                let names = try reader.strings(field.value, path: path)
                for (i, name) in names.enumerated() {
                    guard looksLikeName(name) else {
                        throw .invalidValue(
                            file: reader.file, at: stream.start(stream.elements(stream.resolved(field.value))[i]),
                            path: "\(path)[\(i)]",
                            message: "an environment name is letters, digits, '.', '_' and '-', found \(JSONWriter.quoted(name))")
                    }
                    if names[..<i].contains(name) {
                        throw .invalidValue(
                            file: reader.file, at: stream.start(stream.elements(stream.resolved(field.value))[i]),
                            path: "\(path)[\(i)]", message: "\(JSONWriter.quoted(name)) is listed twice")
                    }
                }
                settings.names = names
            case "critical": settings.critical = Set(try reader.strings(field.value, path: path))
            case "optional":
                let items = stream.elements(stream.resolved(field.value))
                for (i, text) in try reader.strings(field.value, path: path).enumerated() {
                    guard let pattern = PointerPattern(text) else {
                        throw .invalidValue(
                            file: reader.file, at: stream.start(items[i]), path: "\(path)[\(i)]",
                            message: "must be a JSON Pointer such as /features/* or /debug/**, found \(JSONWriter.quoted(text))")
                    }
                    settings.optional.append(pattern)
                }
            default:
                let list = stream.resolved(field.value)
                guard stream.kind(list) == .sequence else {
                    throw .wrongType(
                        file: reader.file, at: stream.start(list), path: path, expected: "a list of {base, overrides, template} mappings",
                        found: reader.describe(list))
                }
                for (i, item) in stream.elements(list).enumerated() {
                    settings.layouts.append(try ServiceLayout.parse(item, path: "\(path)[\(i)]", reader: reader, root: root))
                }
            }
        }
        if let critical = settings.critical, let names = settings.names {
            for name in critical.sorted() where !names.contains(name) {
                let node = fields.first { $0.name == "critical" }!.value
                throw .invalidValue(
                    file: reader.file, at: stream.start(node), path: "environments.critical",
                    message: "\(JSONWriter.quoted(name)) is not among environments.names (\(names.joined(separator: ", ")))")
            }
        }
        return settings
    }
}

/// Where one kind of service keeps its layers: base files (in order) and one override per
/// environment, as paths relative to the configuration's folder with `{service}` and `{env}`.
public struct ServiceLayout: Sendable {
    public var bases: [LayoutPattern]
    public var overrides: LayoutPattern
    /// The template the resolved configuration of every environment must satisfy, absolute;
    /// `nil`: the template bound to the service's first base file, if any.
    public var template: TemplateBinding?

    public init(bases: [LayoutPattern], overrides: LayoutPattern, template: TemplateBinding? = nil) {
        self.bases = bases
        self.overrides = overrides
        self.template = template
    }

    /// `base.{yaml,yml,json,jsonc}` beside `<env>.{yaml,yml,json,jsonc}` in any folder; the folder
    /// is the service.
    public static let zeroConfig = ServiceLayout(
        bases: [LayoutPattern(parts: [.anyFolder, .literal("base."), .alternatives(LayoutPattern.extensions)])],
        overrides: LayoutPattern(parts: [.anyFolder, .environment, .literal("."), .alternatives(LayoutPattern.extensions)]))

    static func parse(_ node: NodeID, path: String, reader: ConfigNodeReader, root: String) throws(ConfigError) -> ServiceLayout {
        let stream = reader.stream
        let fields = try reader.mapping(node, path: path)
        try reader.checkKeys(fields, allowed: EnvironmentSettings.layoutKeys, path: path)
        func pattern(_ node: NodeID, _ path: String, needsEnvironment: Bool) throws(ConfigError) -> LayoutPattern {
            let text = try reader.string(node, path: path)
            let pattern: LayoutPattern
            do {
                pattern = try LayoutPattern(text)
            } catch {
                throw .invalidValue(file: reader.file, at: stream.start(node), path: path, message: error.message)
            }
            if needsEnvironment != pattern.hasEnvironment {
                throw .invalidValue(
                    file: reader.file, at: stream.start(node), path: path,
                    message: needsEnvironment ? "an overrides path needs {env}, found \(JSONWriter.quoted(text))" : "a base path cannot name {env}, found \(JSONWriter.quoted(text))")
            }
            return pattern
        }
        var bases: [LayoutPattern] = []
        var overrides: LayoutPattern?
        var overridesNode = node
        var template: TemplateBinding?
        for field in fields {
            let fieldPath = "\(path).\(field.name)"
            switch field.name {
            case "base":
                let value = stream.resolved(field.value)
                if stream.kind(value) == .sequence {
                    for (i, item) in stream.elements(value).enumerated() {
                        bases.append(try pattern(item, "\(fieldPath)[\(i)]", needsEnvironment: false))
                    }
                } else {
                    bases.append(try pattern(value, fieldPath, needsEnvironment: false))
                }
            case "overrides":
                overrides = try pattern(field.value, fieldPath, needsEnvironment: true)
                overridesNode = field.value
            default:
                let file = try reader.string(field.value, path: fieldPath)
                template = TemplateBinding(
                    schema: FilePath.absolute(file, from: root), displayPath: file, files: [], configFile: reader.file,
                    at: stream.start(field.value))
            }
        }
        guard let overrides, !bases.isEmpty else {
            throw .invalidValue(
                file: reader.file, at: stream.start(node), path: path,
                message: "a layout needs \"base\" (a path or a list of paths) and \"overrides\" (a path with {env})")
        }
        if !overrides.hasService && bases.contains(where: \.hasService) {
            throw .invalidValue(
                file: reader.file, at: stream.start(overridesNode), path: "\(path).overrides",
                message: "the overrides path must name {service} when a base path does")
        }
        return ServiceLayout(bases: bases, overrides: overrides, template: template)
    }
}
