import ConfgateDocument
import Crypto
import Dispatch

/// One environment of one service as `lint --record` stores it: the resolved configuration with
/// every secret value redacted (or kept in its encrypted form), the content hash that is its
/// version, and the findings that make it valid or not (docs/database.md).
public struct ConfigurationSnapshot: Sendable {
    public var service: String
    public var environment: String
    /// The resolved configuration. A plaintext secret is `redactionMarker`; an encrypted value
    /// (SOPS `ENC[...]`, Ansible Vault, ...) is kept as written: it is safe to store.
    public var data: DocumentValue
    /// JSON Pointers of every secret value in `data`: the redacted ones and the encrypted ones.
    public var secretPaths: [String]
    /// The first 12 hex digits of the SHA-256 of `data`'s canonical JSON (members sorted by key):
    /// the same content always gets the same version, whatever the key order of the files.
    public var version: String
    /// The findings of the layers of this environment that hold in it (after suppressions).
    public var findings: [Finding]
    /// The template the service is validated against: its file as the configuration names it.
    public var templateFile: String?

    public init(
        service: String, environment: String, data: DocumentValue, secretPaths: [String], version: String, findings: [Finding],
        templateFile: String?
    ) {
        self.service = service
        self.environment = environment
        self.data = data
        self.secretPaths = secretPaths
        self.version = version
        self.findings = findings
        self.templateFile = templateFile
    }

    /// What replaces a plaintext secret. Nothing of the value survives, not even its length: the
    /// database is read by more people than the repository's CI logs.
    public static let redactionMarker = "«redacted»"
}

extension ConfigurationSnapshot {
    /// The canonical JSON of a value: object members sorted by key (UTF-8 byte order), no spaces.
    public static func canonicalJSON(_ value: DocumentValue) -> String {
        switch value {
        case .object(let members):
            let sorted = members.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            return "{" + sorted.map { JSONWriter.quoted($0.key) + ":" + canonicalJSON($0.value) }.joined(separator: ",") + "}"
        case .array(let items):
            return "[" + items.map(canonicalJSON).joined(separator: ",") + "]"
        default:
            return value.compactJSON
        }
    }

    /// The version of a configuration's content.
    public static func version(of value: DocumentValue) -> String {
        let digest = SHA256.hash(data: Array(canonicalJSON(value).utf8))
        return digest.prefix(6).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

/// Builds the snapshots of every environment of a set of services, from the files on disk and a
/// finished lint report.
public struct ConfigurationSnapshots: Sendable {
    public let config: ProjectConfig
    public let templates: TemplateSet?

    public init(config: ProjectConfig, templates: TemplateSet?) {
        self.config = config
        self.templates = templates
    }

    /// A service that could not be recorded, and why.
    public struct Skipped: Sendable {
        public var service: String
        public var reason: String
    }

    /// The snapshots of `services`, in service then environment order; a service whose layers do
    /// not all read whole is skipped (its configuration cannot be resolved, and the report
    /// already says why). `report` supplies each environment's findings.
    public func build(_ services: [ServiceFiles], report: LintReport) -> (snapshots: [ConfigurationSnapshot], skipped: [Skipped]) {
        let byFile = Dictionary(report.files.map { ($0.target.displayPath, $0.findings) }, uniquingKeysWith: +)
        let slots = ResultSlots<Result<[ConfigurationSnapshot], Unrecordable>>(count: services.count)
        DispatchQueue.concurrentPerform(iterations: services.count) { i in
            slots.set(i, environmentSnapshots(of: services[i], findingsByFile: byFile))
        }
        let results = slots.values()
        var snapshots: [ConfigurationSnapshot] = []
        var skipped: [Skipped] = []
        for (i, result) in results.enumerated() {
            switch result {
            case .success(let some): snapshots += some
            case .failure(let reason): skipped.append(Skipped(service: ConfigurationSnapshots.name(of: services[i]), reason: reason.text))
            }
        }
        return (snapshots, skipped)
    }

    /// How the database names a service: its layout name, or `.` for the project that is one service.
    public static func name(of service: ServiceFiles) -> String { service.name ?? "." }

    private struct Unrecordable: Error {
        var text: String
    }

    private func environmentSnapshots(of service: ServiceFiles, findingsByFile: [String: [Finding]]) -> Result<[ConfigurationSnapshot], Unrecordable> {
        var subset = service
        subset.undeclared = []
        var streams: [ParsedStream?] = []
        for file in subset.files {
            guard let bytes = try? FileSystem.readFile(file.path, limit: config.limits.maxFileBytes) else {
                return .failure(Unrecordable(text: "\(file.displayPath) cannot be read"))
            }
            let read = DocumentReader(limits: config.limits).read(bytes, format: file.format)
            guard let stream = read.stream, !read.diagnostics.contains(where: \.isFatal), !stream.documents.isEmpty else {
                return .failure(Unrecordable(text: "\(file.displayPath) does not read as one document"))
            }
            streams.append(stream)
        }
        let firstBase = subset.bases.isEmpty ? nil : streams.first ?? nil
        let bound = templates?.schema(forService: subset, firstBase: firstBase, projectRoot: config.root)
        guard let resolved = ResolvedService.resolve(subset, streams: streams, strategies: bound?.schema.mergeStrategies) else {
            return .failure(Unrecordable(text: "its layers do not resolve"))
        }
        let templateFile = bound?.path.flatMap { path in templates?.templates.first { $0.path == path }?.file }
        // Every layer is scanned once for the service, not once per environment it takes part in.
        let scanner = SecretScanner(settings: config.secrets)
        var secretNodes: [String: Set<NodeID>] = [:]
        for (file, stream) in zip(subset.files, streams) {
            guard let stream else { continue }
            secretNodes[file.displayPath] = Set(scanner.scan(stream, production: false).map(\.node))
        }
        let name = ConfigurationSnapshots.name(of: service)
        var out: [ConfigurationSnapshot] = []
        for environment in resolved.environments {
            var secretPaths: [String] = []
            let data = environment.value.map {
                redacted($0, in: environment, secretNodes: secretNodes, pointer: "", secretPaths: &secretPaths)
            } ?? .null
            let layerFiles = Set(environment.layers.map(\.file))
            var findings: [Finding] = []
            for file in layerFiles.sorted() {
                findings += (findingsByFile[file] ?? []).filter { $0.environments?.contains(environment.name) ?? true }
            }
            out.append(
                ConfigurationSnapshot(
                    service: name, environment: environment.name, data: data, secretPaths: secretPaths,
                    version: ConfigurationSnapshot.version(of: data), findings: findings.sorted(), templateFile: templateFile))
        }
        return .success(out)
    }

    private func redacted(
        _ value: ResolvedValue, in environment: ResolvedEnvironment, secretNodes: [String: Set<NodeID>], pointer: String,
        secretPaths: inout [String]
    ) -> DocumentValue {
        switch value {
        case .scalar(let origin):
            let layer = environment.layer(origin)
            if secretNodes[layer.file]?.contains(origin.node) ?? false {
                secretPaths.append(pointer)
                return .string(ConfigurationSnapshot.redactionMarker)
            }
            let scalar = DocumentValue.scalar(layer.stream, origin.node) ?? .null
            if case .string(let text) = scalar, SecretValueShape.of(text) == .encrypted { secretPaths.append(pointer) }
            return scalar
        case .mapping(let entries, _):
            return .object(entries.map { entry in
                DocumentValue.Member(
                    entry.key,
                    redacted(entry.value, in: environment, secretNodes: secretNodes, pointer: pointer + "/" + JSONPointer.escape(entry.key), secretPaths: &secretPaths))
            })
        case .sequence(let items, _):
            return .array(items.enumerated().map { i, item in
                redacted(item, in: environment, secretNodes: secretNodes, pointer: pointer + "/" + String(i), secretPaths: &secretPaths)
            })
        case .layerNode:
            return redacted(value.step(environment.layers), in: environment, secretNodes: secretNodes, pointer: pointer, secretPaths: &secretPaths)
        }
    }
}
