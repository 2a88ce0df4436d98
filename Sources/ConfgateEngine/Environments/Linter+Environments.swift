import ConfgateDocument
import ConfgateSchema

/// One file's checks before suppressions are applied: `Linter.finish` turns it into a `FileResult`
/// once the service checks have added their findings.
struct FileAnalysis {
    var target: LintTarget
    var bytes: [UInt8] = []
    var read: ReadResult?
    var findings: [Finding] = []
    var hits: [SecretHit] = []
    var redaction = Redaction()
    /// The finding of a file that could not be read at all.
    var unread: Finding?

    init(target: LintTarget, bytes: [UInt8], read: ReadResult, findings: [Finding]) {
        self.target = target
        self.bytes = bytes
        self.read = read
        self.findings = findings
    }

    init(target: LintTarget, unread: Finding) {
        self.target = target
        self.unread = unread
    }

    /// The parsed tree, when the file read whole (a layer cut short by a syntax error is not
    /// resolved: comparing half a file would report its missing half as drift).
    var wholeStream: ParsedStream? {
        guard let read, !read.diagnostics.contains(where: \.isFatal) else { return nil }
        return read.stream
    }
}

extension TemplateSet {
    /// The template the resolved configurations of a service must satisfy: its layout's
    /// `template:`, else the one bound to its first base file (`templates:`, `$schema`, a
    /// modeline), read as `firstBase`; `nil` when there is none. `path` is the template file's
    /// (absolute) when it is one of the project's templates, for its `validation_rules`.
    public func schema(forService service: ServiceFiles, firstBase: ParsedStream?, projectRoot: String)
        -> (schema: JSONSchema, path: String?)?
    {
        if let bound = layoutTemplates[service.layout] { return (bound.schema, bound.path) }
        guard let base = service.bases.first, let stream = firstBase, let document = stream.documents.first else { return nil }
        let relative = FilePath.relative(base.path, to: projectRoot) ?? base.displayPath
        switch binding(relativePath: relative, directory: FilePath.parent(base.path), stream: stream, document: document) {
        case .template(let bound): return (bound.schema, bound.path)
        case .reference(_, let schema): return (schema, nil)
        case .unresolved, .none: return nil
        }
    }
}

extension JSONSchema {
    /// The template's `x-confgate-merge` choices, as `LayerMerge` asks for them.
    public var mergeStrategies: LayerMerge.Strategies { { [annotations] tokens in annotations.mergeStrategy(at: tokens) } }
}

extension Linter {
    /// The checks of one service: each layer file on its own (syntax, secrets), then every
    /// environment resolved and validated against the service's template, then parity.
    /// `targetPaths` are the paths of every target: a layer among them reports all its findings.
    func lintService(_ service: ServiceFiles, targetPaths: Set<String>) -> [FileResult] {
        let settings = config.environments
        let files = service.files
        let environmentOf = Dictionary(
            service.environments.map { ($0.file.path, $0.name) }, uniquingKeysWith: { first, _ in first })
        // Each layer is checked and finished as soon as it is read, while it is in the cache (as
        // `lintFile` does); the service checks then add their few findings to the layers they sit in.
        var analyses: [FileAnalysis] = []
        var results: [FileResult?] = []
        var template: JSONSchema?
        var templatePath: String?
        for (i, file) in files.enumerated() {
            // A placeholder secret matters in the environments users reach: the critical ones.
            let production = config.secrets.productionFiles == nil
                ? environmentOf[file.path].map { settings.isCritical($0) }
                    ?? isProduction(file)
                : isProduction(file)
            var analysis = analyse(file, production: production, validate: false)
            if i == 0 {
                // The service's template: the layout's, else the one bound to its first base file.
                let bound = templates?.schema(
                    forService: service, firstBase: file.path == service.bases.first?.path ? analysis.wholeStream : nil,
                    projectRoot: config.root)
                template = bound?.schema
                templatePath = bound?.path
            }
            // Without a service template each layer is validated as written, as any other file.
            if template == nil, let templates, let stream = analysis.read?.stream {
                analysis.findings += schemaFindings(stream, target: file, templates: templates).map(analysis.redaction.scrub)
            }
            results.append(targetPaths.contains(file.path) ? finish(analysis) : nil)
            analyses.append(analysis)
        }

        var serviceFindings: [Finding] = []
        let resolved = ResolvedService.resolve(service, streams: analyses.map(\.wholeStream), strategies: template?.mergeStrategies)
        if let collector = snapshots { keepSnapshots(of: service, resolved, analyses, templatePath: templatePath, in: collector) }
        if let resolved {
            if let template {
                let documents = resolved.environments.compactMap { ResolvedDocument($0, limits: config.limits) }
                serviceFindings += ResolvedValidation.findings(documents, schema: template)
            }
            let attached = compliance.attached(to: templatePath)
            let rules = compliance.active + attached
            if !rules.isEmpty {
                let layerPaths = service.environments.map { environment in
                    (service.bases + [environment.file]).map(projectPath(of:))
                }
                serviceFindings += ServiceCompliance(
                    service: resolved, rules: rules, layerPaths: layerPaths,
                    selectors: attached.isEmpty ? compliance.activeSelectors : nil,
                    listsMerge: template?.annotations.hasMergeStrategies ?? false
                ).findings()
            }
            var checker = ParityChecker(
                service: resolved, settings: settings, hints: template.map { ParityHints($0.annotations) } ?? .none)
            checker.run()
            // What the template already says is one diagnosis: a key it forbids is not also an
            // unknown key, and a type it rejects on either side is not also a type mismatch.
            func places(_ rules: Set<String>) -> Set<String> {
                Set(serviceFindings.filter { rules.contains($0.rule) }.compactMap { f in f.range.map { "\(f.file):\($0.start.offset)" } })
            }
            let forbiddenKeys = places(["schema-additional-properties", "schema-unevaluated-properties"])
            let rejectedTypes = places(["schema-type"])
            serviceFindings += checker.findings.filter { finding in
                let here = "\(finding.file):\(finding.range?.start.offset ?? -1)"
                switch finding.rule {
                case OverrideUnknownKeyRule.id: return !forbiddenKeys.contains(here)
                case ParityTypeMismatchRule.id:
                    let there = finding.related.map { "\($0.file ?? finding.file):\($0.range.start.offset)" }
                    return !([here] + there).contains(where: rejectedTypes.contains)
                default: return true
                }
            }
        }
        // A message may quote a value of any layer: scrub with every layer's secrets.
        let redaction = Redaction(merging: analyses.map(\.redaction))
        let index = Dictionary(analyses.enumerated().map { ($1.target.displayPath, $0) }, uniquingKeysWith: { a, _ in a })
        var added: [Int: [Finding]] = [:]
        for finding in serviceFindings {
            guard let i = index[finding.file] else { continue }
            added[i, default: []].append(redaction.scrub(finding))
        }
        // A layer found beside the targets reports only what the service checks found in it.
        for (i, findings) in added {
            let analysis = analyses[i]
            let (active, suppressed) = settle(findings, read: analysis.read, target: analysis.target)
            let more = FileResult(
                target: analysis.target, findings: active, suppressed: suppressed,
                excerpts: Linter.excerpts(for: active + suppressed, in: analysis.bytes, masking: analysis.redaction.byteRanges),
                documentCount: analysis.read?.stream?.documents.count ?? 0)
            results[i] = results[i].map { $0.merged(with: more) } ?? more
        }
        return results.compactMap { $0 }
    }
}

extension Linter {
    /// `lint --record`: the service's environments as the recorder stores them, from the trees
    /// just resolved. Secrets are redacted by the hits the scan found in each layer (or, with the
    /// scan turned off, by a scan made for the recording: nothing is stored unredacted).
    func keepSnapshots(
        of service: ServiceFiles, _ resolved: ResolvedService?, _ analyses: [FileAnalysis], templatePath: String?,
        in collector: SnapshotCollector
    ) {
        let name = ConfigurationSnapshots.name(of: service)
        guard let resolved else {
            let broken = analyses.first { $0.wholeStream == nil }?.target.displayPath
            collector.skip(name, reason: broken.map { "\($0) does not read whole" } ?? "its layers do not resolve")
            return
        }
        var secretNodes: [String: Set<NodeID>] = [:]
        let scanner = secrets == nil ? SecretScanner(settings: config.secrets) : nil
        for analysis in analyses {
            let nodes = scanner.flatMap { scanner in analysis.wholeStream.map { scanner.scan($0, production: false).map(\.node) } }
                ?? analysis.hits.map(\.node)
            secretNodes[analysis.target.displayPath] = Set(nodes)
        }
        let builder = ConfigurationSnapshots(config: config, templates: templates)
        collector.add(builder.snapshots(of: resolved, secretNodes: secretNodes, templatePath: templatePath), service: name)
    }
}

/// The resolved configuration of one environment as a JSON document: what the service's template
/// and the compliance rules check. Built once per environment, read by both.
struct ResolvedDocument {
    let environment: ResolvedEnvironment
    let stream: ParsedStream
    let root: NodeID

    init?(_ environment: ResolvedEnvironment, limits: InputLimits) {
        guard let value = environment.root else { return nil }
        let json = Array(environment.json(value).utf8)
        // Each layer kept to the limits when it was read; their merge may hold up to all of
        // their nodes and bytes, which is no reason to skip checking it.
        var merged = limits
        merged.maxNodes = limits.maxNodes.multipliedReportingOverflow(by: environment.layers.count).partialValue
        merged.maxFileBytes = max(limits.maxFileBytes, json.count)
        let read = DocumentReader(limits: merged).read(json, format: .json)
        guard let stream = read.stream, let root = stream.documents.first?.root else { return nil }
        self.environment = environment
        self.stream = stream
        self.root = root
    }

    /// Where a node of the resolved document was written: the layer line that set the value (for
    /// a key, the key that wrote it last; for a mapping no layer completes, the first layer's).
    func place(_ node: NodeID) -> (file: String, range: SourceRange, pointer: String, document: Int?)? {
        guard let tokens = JSONPointer.tokens(stream.pointer(node)), let resolved = environment.value(at: tokens) else {
            return nil
        }
        let isKey = stream.isKey(node)
        let origin = isKey ? environment.entry(at: tokens)?.keyOrigin ?? resolved.origin : resolved.origin
        let layer = environment.layer(origin)
        let range = Linter.findingRange(layer.stream, origin.node)
        return (layer.file, range, layer.stream.pointer(origin.node), layer.stream.document(containing: origin.node)?.index)
    }
}

/// Findings about resolved environments, gathered so that one problem written once (a base value)
/// and found in several environments is one finding naming them all: "(in staging and production)".
struct EnvironmentFindings {
    private struct Key: Hashable {
        var rule: String
        var file: String
        var offset: Int
        var message: String
    }

    private var order: [Key] = []
    private var gathered: [Key: (finding: Finding, environments: [String], namesThem: Bool)] = [:]

    /// Adds a finding about `environment`; `namesEnvironments` false when its message already says
    /// which environments it is about.
    mutating func add(_ finding: Finding, environment: String, namesEnvironments: Bool = true) {
        let key = Key(rule: finding.rule, file: finding.file, offset: finding.range?.start.offset ?? -1, message: finding.message)
        if gathered[key] == nil {
            order.append(key)
            gathered[key] = (finding, [], namesEnvironments)
        }
        gathered[key]!.environments.append(environment)
    }

    var findings: [Finding] {
        order.map { key in
            var (finding, environments, namesThem) = gathered[key]!
            if namesThem { finding.message += " (in \(ProseList.join(environments)))" }
            finding.environments = environments
            return finding
        }
    }
}

/// A service's template applied to the resolved configuration of each environment: what gets
/// deployed. A violation points at the layer line that set the value, and names the environments
/// it is about.
enum ResolvedValidation {
    static func findings(_ documents: [ResolvedDocument], schema: JSONSchema) -> [Finding] {
        var gathered = EnvironmentFindings()
        for document in documents {
            for violation in schema.validate(document.stream, document.root) {
                guard let place = document.place(violation.node) else { continue }
                gathered.add(
                    Finding(
                        rule: SchemaRule.ruleID(forKeyword: violation.keyword), category: .schema, severity: .error,
                        message: violation.message, file: place.file, range: place.range, pointer: place.pointer,
                        document: place.document, keywordLocation: violation.schemaLocation),
                    environment: document.environment.name)
            }
        }
        return gathered.findings
    }
}

/// "a", "a and b", "a, b and c".
enum ProseList {
    static func join(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}

extension Redaction {
    /// Every value of several files' redactions, for messages about more than one file (no byte
    /// ranges: those belong to one file each).
    init(merging parts: [Redaction]) {
        self.init(values: Set(parts.flatMap(\.values)).sorted { $0.count > $1.count }, byteRanges: [])
    }
}
