import ConfgateDocument
import ConfgateSchema
import Dispatch

/// What linting one file produced.
public struct FileResult: Sendable {
    public var target: LintTarget
    /// The active findings (see `suppressed` for the others).
    public var findings: [Finding]
    /// Findings silenced by a comment, an `ignore:` entry or the baseline; each has its `suppression`.
    public var suppressed: [Finding] = []
    /// The text of each source line a finding points at (1-based line -> text without the line
    /// break), so reporters can show an excerpt without reading the file again.
    public var excerpts: [Int: String]
    /// Number of YAML documents read (1 for JSON).
    public var documentCount: Int

    public init(
        target: LintTarget, findings: [Finding], suppressed: [Finding] = [], excerpts: [Int: String] = [:],
        documentCount: Int = 0
    ) {
        self.target = target
        self.findings = findings
        self.suppressed = suppressed
        self.excerpts = excerpts
        self.documentCount = documentCount
    }
}

extension FileResult {
    /// One file's results from two services it is a layer of (a shared base): its own findings
    /// are in both, each service's findings in one.
    func merged(with other: FileResult) -> FileResult {
        var result = self
        let known = Set(findings), knownSuppressed = Set(suppressed)
        result.findings = (findings + other.findings.filter { !known.contains($0) }).sorted()
        result.suppressed = (suppressed + other.suppressed.filter { !knownSuppressed.contains($0) }).sorted()
        result.excerpts.merge(other.excerpts) { first, _ in first }
        return result
    }
}

/// The result of a lint run.
public struct LintReport: Sendable {
    public var files: [FileResult]
    /// Findings about paths that could not be linted at all (missing inputs).
    public var inputFindings: [Finding]
    /// Findings about `.confgate.yaml` itself (`Linter.configurationFindings()`).
    public var configFindings: [Finding] = []
    /// What `lint --baseline` matched; `nil` without a baseline.
    public var baseline: BaselineOutcome? = nil

    public init(files: [FileResult], inputFindings: [Finding] = []) {
        self.files = files
        self.inputFindings = inputFindings
    }

    /// Every active finding, in deterministic order: input problems first, then the configuration's,
    /// then files in lint order. Suppressed findings are in `suppressedFindings`.
    public var findings: [Finding] { inputFindings + configFindings + files.flatMap(\.findings) }

    /// Findings silenced by a comment, an `ignore:` entry or the baseline, in file order.
    public var suppressedFindings: [Finding] { files.flatMap(\.suppressed) }

    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }

    /// The excerpt line for a finding, if the reporter wants one.
    public func excerpt(file: String, line: Int) -> String? {
        files.first { $0.target.displayPath == file }?.excerpts[line]
    }
}

/// Lints files: reads each one, turns reader diagnostics into findings. Files are linted in parallel
/// on all cores; results keep the order of the targets, so output is deterministic.
public struct Linter: Sendable {
    public let config: ProjectConfig
    /// The project's templates; `nil` when schema validation is off.
    public let templates: TemplateSet?
    /// The plaintext-secret scanner; `nil` when `secrets: enabled: false` or `--no-secrets`.
    public let secrets: SecretScanner?
    /// The compliance rules (`packs:`, templates' `validation_rules`); none unless the caller loads
    /// them (`ComplianceRules.load`), as the CLI's `lint` does.
    public var compliance: ComplianceRules = .none

    /// The key of baseline value hashes: set it to the baseline's salt to give every finding its
    /// `valueHash` (`confgate baseline`, `lint --baseline`).
    public var baselineSalt: [UInt8]? = nil
    /// Directories the targets were discovered in whole (see `ServicePlanner.walkedDirectories`).
    public var walkedDirectories: [String] = []
    /// When set, every service's resolved environments are kept here as they are linted, for
    /// `lint --record` (docs/database.md).
    public var snapshots: SnapshotCollector? = nil
    /// The day `ignore:` entries' `expires` dates are compared with (UTC).
    public var today: CalendarDate = .today()

    public init(config: ProjectConfig, templates: TemplateSet? = nil) {
        self.config = config
        self.templates = templates
        secrets = config.secrets.enabled ? SecretScanner(settings: config.secrets) : nil
    }

    /// Lints the targets: each file on its own, and the layer files of each service (the layouts
    /// of `environments:`) also together, resolved per environment (Linter+Environments.swift).
    public func lint(_ targets: [LintTarget]) -> [FileResult] {
        let (services, loose) = ServicePlanner(config: config, walkedDirectories: walkedDirectories).plan(targets)
        let targetPaths = Set(targets.map(\.path))
        let slots = ResultSlots<[FileResult]>(count: loose.count + services.count)
        DispatchQueue.concurrentPerform(iterations: loose.count + services.count) { i in
            if i < loose.count {
                slots.set(i, [lintFile(targets[loose[i]])])
            } else {
                slots.set(i, lintService(services[i - loose.count], targetPaths: targetPaths))
            }
        }
        // Back in the targets' order; a service's layers that were not targets (found beside a
        // changed file) follow, by name, when a check put a finding in them. A file that is a
        // layer of several services (a shared base) has one result, merged.
        var byPath: [String: FileResult] = [:]
        var extra: [FileResult] = []
        var extraIndex: [String: Int] = [:]
        for result in slots.values().joined() {
            let path = result.target.path
            if targetPaths.contains(path) {
                byPath[path] = byPath[path].map { $0.merged(with: result) } ?? result
            } else if let i = extraIndex[path] {
                extra[i] = extra[i].merged(with: result)
            } else {
                extraIndex[path] = extra.count
                extra.append(result)
            }
        }
        var ordered: [FileResult] = []
        var done = Set<String>()
        for target in targets where done.insert(target.path).inserted {
            if let result = byPath[target.path] { ordered.append(result) }
        }
        return ordered + extra.sorted { $0.target.displayPath < $1.target.displayPath }
    }

    /// Lints one file from disk.
    public func lintFile(_ target: LintTarget) -> FileResult {
        finish(analyse(target, production: isProduction(target)))
    }

    /// Lints bytes already in memory (standard input, tests).
    public func lint(bytes: [UInt8], target: LintTarget) -> FileResult {
        finish(analyse(bytes: bytes, target: target, production: isProduction(target)))
    }

    /// Reads a file from disk and runs the checks of one file; no schema validation and no
    /// compliance rules when `validate` is false (a service's layers are checked resolved instead).
    func analyse(_ target: LintTarget, production: Bool, validate: Bool = true) -> FileAnalysis {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readFile(target.path, limit: config.limits.maxFileBytes)
        } catch {
            if case .tooLarge(let size, let limit) = error {
                let finding = Finding(
                    rule: InputLimitRule.id, category: .syntax, severity: .error,
                    message: "file is \(size) bytes, more than the limit of \(limit) (limit max-file-bytes)",
                    file: target.displayPath, range: SourceRange(at: .start))
                return FileAnalysis(target: target, unread: finding)
            }
            let finding = Finding(
                rule: IOErrorRule.id, category: .io, severity: .error,
                message: "cannot read \"\(target.displayPath)\": \(error.description)", file: target.displayPath,
                range: nil)
            return FileAnalysis(target: target, unread: finding)
        }
        return analyse(bytes: bytes, target: target, production: production, validate: validate)
    }

    /// The checks of one file in memory: reading, schema (when `validate`), secrets.
    func analyse(bytes: [UInt8], target: LintTarget, production: Bool, validate: Bool = true) -> FileAnalysis {
        let result = DocumentReader(limits: config.limits).read(bytes, format: target.format)
        var findings: [Finding] = []
        findings.reserveCapacity(result.diagnostics.count)
        for diagnostic in result.diagnostics {
            let description = RuleRegistry.description(of: diagnostic.kind.rawValue)
            findings.append(
                Finding(
                    rule: diagnostic.kind.rawValue, category: description?.category ?? .syntax,
                    severity: description?.defaultSeverity ?? .error, message: diagnostic.message,
                    file: target.displayPath, range: diagnostic.range, pointer: diagnostic.pointer,
                    document: diagnostic.document, related: diagnostic.related.map { [$0] } ?? []))
        }
        if validate, let templates, let stream = result.stream {
            findings += schemaFindings(stream, target: target, templates: templates)
        }
        // A service's layers are checked resolved instead (Linter+Environments.swift).
        if validate, !compliance.isEmpty, let stream = result.stream {
            findings += complianceFindings(stream, target: target, read: result)
        }
        var analysis = FileAnalysis(target: target, bytes: bytes, read: result, findings: findings)
        if let secrets, let stream = result.stream {
            analysis.hits = secrets.scan(stream, production: production)
            analysis.redaction = Redaction(analysis.hits)
            // Other findings were written without knowing which values are secrets: scrub them
            // before the secret findings (already safe) join them.
            analysis.findings = analysis.findings.map(analysis.redaction.scrub)
            for hit in analysis.hits {
                analysis.findings.append(
                    Finding(
                        rule: hit.rule, category: .secret, severity: hit.severity, message: hit.message,
                        file: target.displayPath, range: hit.range, pointer: stream.pointer(hit.node),
                        document: stream.document(containing: hit.node)?.index))
            }
        }
        return analysis
    }

    /// Suppressions, baseline hashes and excerpts, once every check has put its findings in.
    func finish(_ analysis: FileAnalysis) -> FileResult {
        if let unread = analysis.unread { return self.unread(analysis.target, unread) }
        let target = analysis.target
        var findings = analysis.findings
        findings.sort()
        // Suppressions and baseline hashes, once every check has run (Suppressions/Linter+Suppressions.swift).
        let (active, suppressed) = settle(findings, read: analysis.read, target: target)
        var excerpts = Linter.excerpts(for: active + suppressed, in: analysis.bytes, masking: analysis.redaction.byteRanges)
        // The line of a problem that stopped the reading has no tree behind it, so the scanner never
        // saw it: judge the line as text before a reporter shows it.
        if let secrets, let diagnostics = analysis.read?.diagnostics {
            for diagnostic in diagnostics where diagnostic.isFatal {
                let line = diagnostic.range.start.line
                if let text = excerpts[line] { excerpts[line] = secrets.maskUnscannedLine(text) }
            }
        }
        return FileResult(
            target: target, findings: active, suppressed: suppressed, excerpts: excerpts,
            documentCount: analysis.read?.stream?.documents.count ?? 0)
    }

    /// Whether a file belongs to a production environment: `secrets: production-files` when set,
    /// else the guess from its path.
    public func isProduction(_ target: LintTarget) -> Bool {
        let relative = projectPath(of: target)
        if let globs = config.secrets.productionFiles { return globs.contains { $0.matches(relative) } }
        return SecretScanner.looksLikeProduction(relative)
    }

    /// Validates each document of a file against the schema bound to it.
    func schemaFindings(_ stream: ParsedStream, target: LintTarget, templates: TemplateSet) -> [Finding] {
        let relative = projectPath(of: target)
        // The configuration file itself (in the root, which is its folder) is checked when it is
        // loaded; it needs no template, so it is never `unmapped-config`. Nor is the baseline.
        let isProjectConfig = config.file.map { relative == String($0.split(separator: "/").last ?? "") } ?? false
            || relative == BaselineFile.defaultName
        var findings: [Finding] = []
        for document in stream.documents {
            switch templates.binding(
                relativePath: relative, directory: FilePath.parent(target.path), stream: stream, document: document)
            {
            case .template(let template):
                findings += violations(template.schema.validate(stream, document.root), stream, target, document)
            case .reference(_, let schema):
                findings += violations(schema.validate(stream, document.root), stream, target, document)
            case .unresolved(let reference, let reason):
                findings.append(
                    Finding(
                        rule: UnresolvedSchemaRule.id, category: .schema, severity: UnresolvedSchemaRule.description.defaultSeverity,
                        message: "cannot use the schema \(JSONWriter.quoted(reference)) this document names: \(reason)",
                        file: target.displayPath, range: stream.range(document.root), pointer: "", document: document.index))
            case .none:
                if templates.reportsUnmapped && !isProjectConfig {
                    findings.append(
                        Finding(
                            rule: UnmappedConfigRule.id, category: .schema, severity: UnmappedConfigRule.description.defaultSeverity,
                            message: "no template applies to this file; bind one under templates: in .confgate.yaml, with a $schema member, or with a yaml-language-server modeline",
                            file: target.displayPath, range: SourceRange(at: stream.start(document.root)), pointer: "",
                            document: document.index))
                }
            }
        }
        return findings
    }

    private func violations(_ list: [SchemaViolation], _ stream: ParsedStream, _ target: LintTarget, _ document: DocumentInfo) -> [Finding] {
        list.map { v in
            Finding(
                rule: SchemaRule.ruleID(forKeyword: v.keyword), category: .schema, severity: .error, message: v.message,
                file: target.displayPath, range: Linter.findingRange(stream, v.node), pointer: stream.pointer(v.node),
                document: document.index, keywordLocation: v.schemaLocation)
        }
    }

    /// Where a finding about a node points. A block mapping or list that is a key's value starts at
    /// its first child, a line that reads as if that child were the problem: point at the key.
    /// A key node itself (a finding about a key) is its own range.
    static func findingRange(_ stream: ParsedStream, _ node: NodeID) -> SourceRange {
        if stream.kind(node) != .scalar, stream.collectionStyle(node) == .block, let key = stream.key(of: node) {
            return stream.range(key)
        }
        return stream.range(node)
    }

    /// The source lines findings point at. Lines are split at LF, CRLF or CR, as the readers count.
    /// Characters inside `masking` (byte ranges of secret values) are shown as `*`.
    static func excerpts(for findings: [Finding], in bytes: [UInt8], masking: [Range<Int>] = []) -> [Int: String] {
        var wanted = Set<Int>()
        for finding in findings {
            if let range = finding.range { wanted.insert(range.start.line) }
            for related in finding.related where related.file == nil { wanted.insert(related.range.start.line) }
        }
        guard !wanted.isEmpty else { return [:] }
        let maxLine = wanted.max() ?? 0
        var result: [Int: String] = [:]
        var line = 1
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var i = start
        while i <= bytes.count && line <= maxLine {
            let atEnd = i == bytes.count
            if atEnd || bytes[i] == 0x0A || bytes[i] == 0x0D {
                if wanted.contains(line) {
                    result[line] = Redaction.masked(bytes, start..<i, masking)
                }
                if atEnd { break }
                if bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                line += 1
                start = i + 1
            }
            i += 1
        }
        return result
    }
}

/// Fixed slots written once each from concurrent workers, read after they have all finished.
/// `concurrentPerform` returns only when every iteration is done, which orders the writes before
/// the read; each slot has exactly one writer, so no lock is needed.
final class ResultSlots<Value>: @unchecked Sendable {
    private let base: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        base = UnsafeMutableBufferPointer<Value?>.allocate(capacity: count)
        base.initialize(repeating: nil)
    }

    deinit {
        base.deinitialize()
        base.deallocate()
    }

    func set(_ index: Int, _ value: Value) { base[index] = value }

    func values() -> [Value] { base.compactMap { $0 } }
}
