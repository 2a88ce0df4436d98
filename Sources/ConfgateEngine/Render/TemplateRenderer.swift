import ConfgateDocument
import ConfgateSchema

/// Builds a configuration from a template (`confgate render`): the template's defaults, then the
/// values files in order, then the `--set` parameters in order; validates it against the
/// template and points every violation at what set the value (docs/render.md). Never prints.
public struct TemplateRenderer: Sendable {
    public let template: TemplateSet.Template
    /// The environment rendered for: picks `x-confgate-default-by-env` entries and replaces
    /// `{env}` in string defaults. `nil` leaves both alone.
    public let environment: String?
    /// How findings' messages are scrubbed of secret values.
    public let secrets: SecretSettings

    public init(template: TemplateSet.Template, environment: String? = nil, secrets: SecretSettings = SecretSettings()) {
        self.template = template
        self.environment = environment
        self.secrets = secrets
    }

    /// Renders and validates. Throws for what makes a configuration impossible to build: a
    /// `--set` path that runs through a value of another kind or past a list's end, or an
    /// invalid `x-confgate-default-by-env`.
    public func render(values: [ValuesFile] = [], parameters: [SetParameter] = []) throws(RenderError) -> RenderResult {
        let plan = try DefaultPlan.build(template, environment: environment)
        var config = plan.materialize(forced: true) ?? RenderedNode(.mapping([]), origin: plan.origin)
        for file in values {
            guard let node = file.node else { continue }
            config = TemplateRenderer.merge(config, node, plan: plan) ?? RenderedNode(.mapping([]), origin: node.origin)
        }
        for parameter in parameters {
            config = try TemplateRenderer.set(config, parameter.path.components[...], parameter, plan: plan, walked: [])
                ?? RenderedNode(.mapping([]), origin: .parameter(parameter.argument))
        }
        let findings = validate(config, plan: plan, parameters: parameters)
        return RenderResult(config: config, report: report(findings, values: values), fileCount: 1 + values.count)
    }

    // MARK: - Merging

    /// `over` merged onto `base` by the layer rules of docs/environments.md: mappings key by key,
    /// anything else replaced, `null` deletes. A mapping written where there is nothing yet starts
    /// from the defaults the template has for that place, and so does each mapping of a list.
    static func merge(_ base: RenderedNode?, _ over: RenderedNode, plan: DefaultPlan?) -> RenderedNode? {
        if over.isNull { return nil }
        if case .sequence(let items) = over.content, let itemPlan = plan?.items {
            // A list replaces whole; each mapping item in it starts from the defaults of `items`.
            let filled = items.map { item in item.isNull ? item : (merge(nil, item, plan: itemPlan) ?? item) }
            return RenderedNode(.sequence(filled), origin: over.origin)
        }
        guard case .mapping(let overEntries) = over.content else { return over }
        var start = base
        if start == nil, let plan {
            start = plan.materialize(forced: true)
            start?.origin = over.origin
        }
        guard let start, case .mapping(var entries) = start.content else {
            return merge(RenderedNode(.mapping([]), origin: over.origin), over, plan: nil)
        }
        for entry in overEntries {
            let memberPlan = plan?.member(entry.key)
            if let i = entries.firstIndex(where: { $0.key == entry.key }) {
                if let merged = merge(entries[i].value, entry.value, plan: memberPlan) {
                    entries[i].value = merged
                } else {
                    entries.remove(at: i)
                }
            } else if let added = merge(nil, entry.value, plan: memberPlan) {
                entries.append(RenderedNode.Entry(key: entry.key, value: added))
            }
        }
        return RenderedNode(.mapping(entries), origin: start.origin)
    }

    /// `parameter`'s value set at `path` below `node` (`walked` is the path so far, for messages).
    static func set(
        _ node: RenderedNode?, _ path: ArraySlice<ParameterPath.Component>, _ parameter: SetParameter, plan: DefaultPlan?,
        walked: [ParameterPath.Component]
    ) throws(RenderError) -> RenderedNode? {
        guard let component = path.first else { return merge(node, parameter.value, plan: plan) }
        let origin = ValueOrigin.parameter(parameter.argument)
        let here = ParameterPath(walked)
        switch component {
        case .key(let key):
            var container = node
            if container == nil || container?.isNull == true {
                container = plan?.materialize(forced: true) ?? RenderedNode(.mapping([]), origin: origin)
                container?.origin = origin
            }
            guard let container, case .mapping(var entries) = container.content else {
                throw .parameter(argument: parameter.argument, reason: "\"\(here)\" holds \(kind(node)), not a mapping")
            }
            let i = entries.firstIndex { $0.key == key }
            let child = try set(
                i.map { entries[$0].value }, path.dropFirst(), parameter, plan: plan?.member(key), walked: walked + [component])
            switch (i, child) {
            case (let i?, let child?): entries[i].value = child
            case (let i?, nil): entries.remove(at: i)
            case (nil, let child?): entries.append(RenderedNode.Entry(key: key, value: child))
            case (nil, nil): break
            }
            return RenderedNode(.mapping(entries), origin: container.origin)
        case .index(let index):
            var list = node
            if list == nil || list?.isNull == true { list = RenderedNode(.sequence([]), origin: origin) }
            guard let list, case .sequence(var items) = list.content else {
                throw .parameter(argument: parameter.argument, reason: "\"\(here)\" holds \(kind(node)), not a list")
            }
            guard index <= items.count else {
                let count = "\(items.count) \(items.count == 1 ? "item" : "items")"
                throw .parameter(
                    argument: parameter.argument,
                    reason: "index \(index) is past the end of \"\(here)\" (\(count)); use [\(items.count)] to append")
            }
            let existing = index < items.count ? items[index] : nil
            let child: RenderedNode
            if path.count == 1 && parameter.value.isNull {
                child = parameter.value  // an item is a value: null stays, it deletes nothing
            } else {
                child = try set(existing, path.dropFirst(), parameter, plan: plan?.items, walked: walked + [component])
                    ?? RenderedNode(.literal("null"), origin: origin)
            }
            if index < items.count { items[index] = child } else { items.append(child) }
            return RenderedNode(.sequence(items), origin: list.origin)
        }
    }

    /// How a message names the kind of a value: `a string`, `an integer`, `a list`.
    static func kind(_ node: RenderedNode?) -> String {
        guard let node else { return "nothing" }
        switch node.content {
        case .string: return "a string"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .literal(let text):
            if text == "null" { return "null" }
            if text == "true" || text == "false" { return "a boolean" }
            return text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? "a number" : "an integer"
        }
    }

    // MARK: - Validating

    func validate(_ config: RenderedNode, plan: DefaultPlan, parameters: [SetParameter]) -> [Finding] {
        let read = DocumentReader().read(Array(config.compactJSON.utf8), format: .json)
        guard let stream = read.stream, let root = stream.documents.first?.root else { return [] }
        let redaction = Redaction(SecretScanner(settings: secrets).scan(stream, production: false))
        var findings: [Finding] = []
        for violation in template.schema.validate(stream, root) {
            let pointer = stream.pointer(violation.node)
            let tokens = JSONPointer.tokens(pointer) ?? []
            var finding = Finding(
                rule: SchemaRule.ruleID(forKeyword: violation.keyword), category: .schema, severity: .error,
                message: violation.message, file: template.file, range: nil, pointer: pointer,
                keywordLocation: violation.schemaLocation)
            if violation.keyword == "required", let (range, name) = requiredKeyword(violation, stream: stream) {
                let missing = ParameterPath.of(tokens: tokens + [name], in: config)
                finding.range = range
                finding.message += "; set it with --set \(hint(missing, plan: plan.plan(at: tokens[...])?.member(name)))=..."
            } else {
                switch config.deepest(tokens[...]).origin {
                case .template(let file, let range), .values(let file, let range):
                    finding.file = file
                    finding.range = range
                case .parameter(let argument):
                    finding.file = "--set"
                    finding.message = "--set \(TemplateRenderer.shown(argument, redaction)): \(violation.message)"
                }
            }
            findings.append(redaction.scrub(finding))
        }
        return findings
    }

    /// The argument as a message shows it: its value masked when it holds a detected secret.
    static func shown(_ argument: String, _ redaction: Redaction) -> String {
        guard !redaction.isEmpty, let parameter = try? SetParameter.parse(argument) else { return argument }
        let held = redaction.values.contains { secret in
            argument.contains(secret) || parameter.value.compactJSON.contains(JSONWriter.quoted(secret))
        }
        return held ? parameter.path.description + "=" + Redaction.placeholder : argument
    }

    /// The template position of the `required` entry that names the missing key, and the key.
    func requiredKeyword(_ violation: SchemaViolation, stream: ParsedStream) -> (SourceRange, String)? {
        guard let hash = violation.schemaLocation.lastIndex(of: "#") else { return nil }
        let uri = String(violation.schemaLocation[..<hash])
        let document = template.document
        guard uri == template.uri || uri == idOfRoot(),
            let info = document.document(containing: template.root),
            let list = document.node(at: DefaultPlan.percentDecoded(String(violation.schemaLocation[violation.schemaLocation.index(after: hash)...])), in: info),
            document.kind(list) == .sequence
        else { return nil }
        let instance = stream.resolved(violation.node)
        let present = Set(stream.kind(instance) == .mapping ? stream.entries(instance).map { stream.keyToken($0.key) } : [])
        for item in document.elements(list) where document.scalarType(item) == .string {
            let name = document.string(item)
            if !present.contains(name) && violation.message.hasSuffix("required key " + JSONWriter.quoted(name)) {
                return (template.sourceRange(of: item), name)
            }
        }
        return nil
    }

    func idOfRoot() -> String? {
        let document = template.document
        let root = document.resolved(template.root)
        guard document.kind(root) == .mapping,
            let id = document.entries(root).first(where: { document.keyToken($0.key) == "$id" })?.value
        else { return nil }
        return document.string(id)
    }

    /// The path to suggest for a missing key: down to its first required property without a
    /// default, so that `--set` makes the object and that property at once (`db.host`).
    func hint(_ path: ParameterPath, plan: DefaultPlan?) -> ParameterPath {
        var path = path
        var plan = plan
        while let current = plan, current.explicit == nil,
            let next = current.members.first(where: { $0.required && !$0.plan.hasDefaultsBelow })
        {
            path.components.append(.key(next.key))
            plan = next.plan
        }
        return path
    }

    // MARK: - Reporting

    func report(_ findings: [Finding], values: [ValuesFile]) -> LintReport {
        var files: [FileResult] = []
        let set = findings.filter { $0.file == "--set" }
        if !set.isEmpty {
            files.append(FileResult(target: LintTarget(displayPath: "--set", path: "--set", format: .yaml), findings: set))
        }
        var sources: [(file: String, path: String, stream: ParsedStream?)] = [(template.file, template.path, nil)]
        sources += values.map { ($0.file, $0.file, $0.stream) }
        for source in sources {
            let own = findings.filter { $0.file == source.file }.sorted()
            guard !own.isEmpty, !files.contains(where: { $0.target.displayPath == source.file }) else { continue }
            let format = SourceFormat.forPath(source.path) ?? .yaml
            var stream = source.stream
            if stream == nil, let bytes = try? FileSystem.readFile(source.path, limit: 64 << 20) {
                stream = DocumentReader().read(bytes, format: format).stream
            }
            var excerpts: [Int: String] = [:]
            if let stream {
                let masking = Redaction(SecretScanner(settings: secrets).scan(stream, production: false)).byteRanges
                excerpts = Linter.excerpts(for: own, in: stream.source, masking: masking)
            }
            files.append(FileResult(
                target: LintTarget(displayPath: source.file, path: source.path, format: format), findings: own,
                excerpts: excerpts, documentCount: 1))
        }
        return LintReport(files: files)
    }
}
