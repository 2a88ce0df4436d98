import ConfgateDocument
import ConfgateSchema
import Foundation

/// The templates of a project, compiled once before linting, and the rules that bind a file to one:
/// a `templates:` entry of `.confgate.yaml` first, then a `$schema` member at the document's root,
/// then a `# yaml-language-server: $schema=...` modeline (see docs/templates.md).
public final class TemplateSet: @unchecked Sendable {
    /// One compiled template.
    public struct Template: Sendable {
        /// The template's `title` (or short-hand `name`), else its file name.
        public let name: String
        /// The schema file as written in the configuration.
        public let file: String
        /// The schema file, absolute.
        public let path: String
        public let schema: JSONSchema
        /// The files it applies to (globs relative to the configuration's folder).
        public let files: [Glob]
        /// The short-hand template it was compiled from, if any.
        public let shorthand: ShorthandTemplate?
        /// The schema document `schema` was compiled from: the template file as read, or for a
        /// short-hand template the generated JSON Schema (`shorthand.sourceRanges` maps it back).
        public let document: ParsedStream
        /// The schema's root node in `document`.
        public let root: NodeID
        /// The URI the schema is registered under, the prefix of its violations' `schemaLocation`.
        public let uri: String
        /// The compliance rules the template attaches (its top-level `validation_rules`: rule ids),
        /// with where each id is written.
        public var validationRules: [(id: String, at: SourceLocation)] = []

        /// Where a node of `document` is written in the template file: the node itself, or for a
        /// short-hand template the place the generated schema came from.
        public func sourceRange(of node: NodeID) -> SourceRange {
            guard let shorthand else { return document.range(node) }
            var tokens = JSONPointer.tokens(document.pointer(node)) ?? []
            while true {
                let pointer = tokens.reduce(into: "") { $0 += "/" + JSONPointer.escape($1) }
                if let range = shorthand.sourceRanges[pointer] { return range }
                if tokens.isEmpty { return SourceRange(at: .start) }
                tokens.removeLast()
            }
        }
    }

    /// How a file is bound to a schema.
    public enum Binding {
        case template(Template)
        /// Through a `$schema` member or a modeline naming `reference`.
        case reference(String, JSONSchema)
        /// A `$schema` or modeline reference that cannot be used; `reason` says why.
        case unresolved(String, reason: String)
        case none
    }

    public let templates: [Template]
    /// The templates of `environments: layouts:` entries that name one, by layout index.
    public let layoutTemplates: [Int: Template]
    let registry: SchemaRegistry
    let options: ValidationOptions
    /// Whether `unmapped-config` applies: only when the project configures templates at all.
    public var reportsUnmapped: Bool { !templates.isEmpty }

    private let lock = NSLock()
    private var referenced: [String: Result<JSONSchema, SchemaError>] = [:]

    private init(templates: [Template], layoutTemplates: [Int: Template], registry: SchemaRegistry, options: ValidationOptions) {
        self.templates = templates
        self.layoutTemplates = layoutTemplates
        self.registry = registry
        self.options = options
    }

    /// Reads, checks against their meta-schemas, and compiles every template of `config`.
    public static func load(config: ProjectConfig, extraTemplates: [TemplateBinding] = []) throws(ConfigError) -> TemplateSet {
        let registry = try makeRegistry(config)
        let options = ValidationOptions(formatAssertion: config.strictFormats)
        var templates: [Template] = []
        for binding in extraTemplates + config.templates {
            templates.append(try compileTemplate(binding, registry: registry, options: options))
        }
        var layoutTemplates: [Int: Template] = [:]
        for (i, layout) in config.environments.layouts.enumerated() {
            guard let binding = layout.template else { continue }
            layoutTemplates[i] = try compileTemplate(binding, registry: registry, options: options)
        }
        return TemplateSet(templates: templates, layoutTemplates: layoutTemplates, registry: registry, options: options)
    }

    /// Reads, checks and compiles one template file that binds no files (`confgate render FILE`),
    /// with the schema folders, maps and options of `config`.
    public static func loadSingle(path: String, displayPath: String, config: ProjectConfig) throws(ConfigError) -> Template {
        let registry = try makeRegistry(config)
        let options = ValidationOptions(formatAssertion: config.strictFormats)
        return try compileTemplate(
            TemplateBinding(schema: path, displayPath: displayPath, files: []), registry: registry, options: options)
    }

    /// A registry that reads references offline: the configuration's schema folders and maps.
    private static func makeRegistry(_ config: ProjectConfig) throws(ConfigError) -> SchemaRegistry {
        let registry = SchemaRegistry(defaultDraft: config.defaultDialect)
        let maps = config.schemaMaps
        registry.retriever = { uri in SchemaFiles.retrieve(uri, maps: maps) }
        for directory in config.schemaDirectories {
            try SchemaFiles.registerDirectory(directory, in: registry)
        }
        return registry
    }

    private static func compileTemplate(
        _ binding: TemplateBinding, registry: SchemaRegistry, options: ValidationOptions
    ) throws(ConfigError) -> Template {
        let (stream, root) = try SchemaFiles.read(binding.schema, displayPath: binding.displayPath)
        var shorthand: ShorthandTemplate?
        var schemaStream = stream
        var schemaRoot = root
        if ShorthandTemplate.isShorthand(stream, root: root) {
            let compiled = try ShorthandTemplate.compile(stream, root: root, file: binding.displayPath)
            shorthand = compiled
            let read = DocumentReader().read(Array(compiled.jsonSchema.utf8), format: .json)
            guard let generated = read.stream, let generatedRoot = generated.documents.first?.root else {
                throw .invalidTemplate("\(binding.displayPath): the short-hand template did not compile to valid JSON")
            }
            schemaStream = generated
            schemaRoot = generatedRoot
        }
        try SchemaFiles.checkAgainstMetaSchema(schemaStream, root: schemaRoot, file: binding.displayPath, registry: registry)
        try SchemaFiles.checkAnnotations(schemaStream, root: schemaRoot, file: binding.displayPath)
        let rules = try validationRules(stream, root: root, file: binding.displayPath)
        do {
            let uri = SchemaFiles.fileURI(binding.schema)
            let schema = try JSONSchema.compile(
                schemaStream, root: schemaRoot, uri: uri, name: binding.displayPath,
                registry: registry, options: options)
            let name = shorthand?.name ?? SchemaFiles.title(schemaStream, schemaRoot) ?? String(binding.displayPath.split(separator: "/").last ?? Substring(binding.displayPath))
            var template = Template(
                name: name, file: binding.displayPath, path: binding.schema, schema: schema, files: binding.files, shorthand: shorthand,
                document: schemaStream, root: schemaRoot, uri: uri)
            template.validationRules = rules
            return template
        } catch {
            throw .invalidTemplate(error.description)
        }
    }

    /// A template's `validation_rules`: the ids of compliance rules that run on its files. A
    /// short-hand template has checked them already; a JSON Schema template holds them as an
    /// extra top-level keyword, which JSON Schema ignores.
    private static func validationRules(_ stream: ParsedStream, root: NodeID, file: String) throws(ConfigError)
        -> [(id: String, at: SourceLocation)]
    {
        let reader = ConfigNodeReader(stream: stream, file: file)
        guard stream.kind(stream.resolved(root)) == .mapping,
            let entry = stream.entry(stream.resolved(root), key: "validation_rules")
        else { return [] }
        let list = stream.resolved(entry.value)
        guard stream.kind(list) == .sequence else {
            throw .wrongType(
                file: file, at: stream.start(list), path: "validation_rules", expected: "a list of rule ids", found: reader.describe(list))
        }
        var result: [(id: String, at: SourceLocation)] = []
        for (i, item) in stream.elements(list).enumerated() {
            result.append((try reader.string(item, path: "validation_rules[\(i)]"), stream.start(item)))
        }
        return result
    }

    // MARK: - Binding

    /// The schema that applies to one document of a file. `relativePath` is the file's path
    /// relative to the configuration's folder; `directory` the file's folder (for relative references).
    public func binding(relativePath: String, directory: String, stream: ParsedStream, document: DocumentInfo) -> Binding {
        if let template = templates.first(where: { t in t.files.contains { $0.matches(relativePath) } }) {
            return .template(template)
        }
        let root = stream.resolved(document.root)
        if stream.kind(root) == .mapping,
            let member = stream.entries(root).first(where: { stream.keyToken($0.key) == "$schema" })?.value,
            stream.scalarType(member) == .string
        {
            return referenceBinding(stream.string(member), directory: directory)
        }
        if stream.format == .yaml, document.index == 0, let reference = SchemaFiles.modelineReference(stream.source) {
            return referenceBinding(reference, directory: directory)
        }
        return .none
    }

    private func referenceBinding(_ reference: String, directory: String) -> Binding {
        let uri: String
        if reference.contains("://") || reference.hasPrefix("urn:") {
            uri = reference
        } else {
            uri = SchemaFiles.fileURI(FilePath.absolute(reference, from: directory))
        }
        lock.lock()
        defer { lock.unlock() }
        if referenced[uri] == nil {
            referenced[uri] = Result { () throws(SchemaError) -> JSONSchema in
                try JSONSchema.compile(uri: uri, registry: registry, options: options)
            }
        }
        switch referenced[uri]! {
        case .success(let schema): return .reference(reference, schema)
        case .failure(let error): return .unresolved(reference, reason: error.description)
        }
    }
}

/// Reading schema files from disk: parse, meta-schema check, folders and maps of vendored schemas.
enum SchemaFiles {
    static func fileURI(_ absolutePath: String) -> String { "file://" + absolutePath }

    static func read(_ path: String, displayPath: String) throws(ConfigError) -> (ParsedStream, NodeID) {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readFile(path, limit: 64 << 20)
        } catch {
            throw .invalidTemplate("\(displayPath): cannot read template: \(error.description)")
        }
        let format = SourceFormat.forPath(path) ?? .json
        let result = DocumentReader().read(bytes, format: format)
        if let problem = result.diagnostics.first(where: \.isFatal) ?? result.diagnostics.first {
            throw .syntax(file: displayPath, at: problem.range.start, message: problem.message)
        }
        guard let stream = result.stream, let root = stream.documents.first?.root else {
            throw .invalidTemplate("\(displayPath): the template is empty")
        }
        return (stream, root)
    }

    /// A template must be valid against the meta-schema of its draft before it is used.
    static func checkAgainstMetaSchema(_ stream: ParsedStream, root: NodeID, file: String, registry: SchemaRegistry) throws(ConfigError) {
        var draft = registry.defaultDraft
        let node = stream.resolved(root)
        if stream.kind(node) == .mapping,
            let declared = stream.entries(node).first(where: { stream.keyToken($0.key) == "$schema" })?.value
        {
            guard let known = Draft(metaSchemaURI: stream.string(declared)) else { return }  // a custom meta-schema: checked when compiled
            draft = known
        }
        guard let meta = try? JSONSchema.compile(uri: draft.metaSchemaURI, registry: registry) else { return }
        if let violation = meta.validate(stream, node).first {
            let pointer = stream.pointer(violation.node)
            throw .invalidValue(
                file: file, at: stream.start(violation.node), path: pointer.isEmpty ? "(top level)" : pointer,
                message: "not a valid \(draft) schema: \(violation.message)")
        }
    }

    /// confgate's own keywords (`x-parity`, `x-confgate-merge`) pass every meta-schema, as all
    /// `x-` keywords do, and the schema index skips a value it does not understand: so a misspelt
    /// value is caught here, or it would silently mean nothing.
    static func checkAnnotations(_ stream: ParsedStream, root: NodeID, file: String) throws(ConfigError) {
        guard let problem = SchemaAnnotations.problems(in: stream, root: root).first else { return }
        throw .invalidValue(file: file, at: stream.start(problem.node), path: stream.pointer(problem.node), message: problem.message)
    }

    static func title(_ stream: ParsedStream, _ root: NodeID) -> String? {
        let node = stream.resolved(root)
        guard stream.kind(node) == .mapping,
            let title = stream.entries(node).first(where: { stream.keyToken($0.key) == "title" })?.value,
            stream.scalarType(title) == .string
        else { return nil }
        return stream.string(title)
    }

    /// Registers every schema file below `directory` under its file URI (and so its `$id`).
    static func registerDirectory(_ directory: String, in registry: SchemaRegistry) throws(ConfigError) {
        guard FileSystem.kind(directory) == .directory else {
            throw .invalidTemplate("\(directory): schema folder does not exist")
        }
        for relative in FileDiscovery(config: ProjectConfig(root: directory), workingDirectory: directory).filesBelow(directory) {
            let path = FilePath.join(directory, relative)
            guard let (stream, root) = try? read(path, displayPath: path) else { continue }
            registry.register(stream, root: root, uri: fileURI(path), name: path)
        }
    }

    /// Reads the document for a reference that is not loaded: a `file://` URI, or a URI under one
    /// of the configured prefixes. Never the network.
    static func retrieve(_ uri: String, maps: [SchemaMap]) -> (stream: ParsedStream, root: NodeID, name: String)? {
        var path: String?
        if uri.hasPrefix("file://") {
            path = String(uri.dropFirst("file://".count))
        } else if let map = maps.filter({ uri.hasPrefix($0.prefix) }).max(by: { $0.prefix.count < $1.prefix.count }) {
            path = FilePath.join(map.directory, String(uri.dropFirst(map.prefix.count)))
        }
        guard let path, let (stream, root) = try? read(path, displayPath: path) else { return nil }
        return (stream, root, path)
    }

    /// `# yaml-language-server: $schema=REF` in the leading comment lines of a YAML file. Lines end
    /// at LF, CRLF or a lone CR, as the readers count them; a UTF-8 byte-order mark is not content.
    static func modelineReference(_ source: [UInt8]) -> String? {
        let marker = Array("yaml-language-server:".utf8)
        var lineStart = source.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lines = 0
        while lineStart < source.count && lines < 20 {
            var end = lineStart
            while end < source.count && source[end] != 0x0A && source[end] != 0x0D { end += 1 }
            // Bytes first: every YAML file is asked, and most have no comment line at the top.
            var first = lineStart, last = end
            while first < last && (source[first] == 0x20 || source[first] == 0x09) { first += 1 }
            while last > first && (source[last - 1] == 0x20 || source[last - 1] == 0x09) { last -= 1 }
            if first < last && source[first] == UInt8(ascii: "#") {
                var bodyStart = first + 1
                while bodyStart < last && (source[bodyStart] == 0x20 || source[bodyStart] == 0x09) { bodyStart += 1 }
                if source[bodyStart..<last].starts(with: marker) {
                    let body = String(decoding: source[bodyStart..<last], as: UTF8.self)
                    if let range = body.range(of: "$schema=") {
                        return body[range.upperBound...].split(whereSeparator: \.isWhitespace).first.map(String.init)
                    }
                }
            } else if first < last && !source[first..<last].elementsEqual("---".utf8) {
                return nil  // the modeline must come before the content
            }
            lineStart = end + (end + 1 < source.count && source[end] == 0x0D && source[end + 1] == 0x0A ? 2 : 1)
            lines += 1
        }
        return nil
    }
}
