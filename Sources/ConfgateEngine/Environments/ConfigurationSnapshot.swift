import ConfgateDocument
import Crypto
import Dispatch
import Foundation

/// One environment of one service as `lint --record` stores it: the resolved configuration with
/// every secret value redacted (or kept in its encrypted form), the content hash that is its
/// version, and the findings that make it valid or not (docs/database.md).
public struct ConfigurationSnapshot: Sendable {
    public var service: String
    public var environment: String
    /// The resolved configuration as canonical JSON (members sorted by key, no spaces). A
    /// plaintext secret is `redactionMarker`; an encrypted value (SOPS `ENC[...]`, Ansible Vault,
    /// ...) is kept as written: it is safe to store.
    public var json: String
    /// JSON Pointers of every secret value in `json`: the redacted ones and the encrypted ones.
    public var secretPaths: [String]
    /// The first 12 hex digits of the SHA-256 of `json`: the same content always gets the same
    /// version, whatever the key order of the files.
    public var version: String
    /// The findings of the layers of this environment that hold in it (after suppressions).
    public var findings: [Finding]
    /// The template the service is validated against: its file as the configuration names it.
    public var templateFile: String?
    /// The environment's layer files, as the report names them: where its findings are.
    public var layerFiles: [String] = []

    /// What replaces a plaintext secret. Nothing of the value survives, not even its length: the
    /// database is read by more people than the repository's CI logs.
    public static let redactionMarker = "«redacted»"

    /// A snapshot of `value`, written canonically, its version computed.
    public init(
        service: String, environment: String, value: DocumentValue, secretPaths: [String] = [], findings: [Finding] = [],
        templateFile: String? = nil
    ) {
        var out: [UInt8] = []
        ConfigurationSnapshot.writeCanonical(value, into: &out)
        self.init(service: service, environment: environment, canonicalJSON: out, secretPaths: secretPaths, findings: findings, templateFile: templateFile)
    }

    init(service: String, environment: String, canonicalJSON: [UInt8], secretPaths: [String], findings: [Finding], templateFile: String?) {
        self.service = service
        self.environment = environment
        self.json = String(decoding: canonicalJSON, as: UTF8.self)
        self.secretPaths = secretPaths
        self.version = ConfigurationSnapshot.version(ofCanonicalJSON: canonicalJSON)
        self.findings = findings
        self.templateFile = templateFile
    }

    /// The configuration as a value (for `drift`), read back from `json`.
    public var value: DocumentValue { ConfigurationSnapshot.value(ofJSON: json) ?? .null }

    /// A stored configuration's JSON text as a value; `nil` when it does not read as JSON.
    public static func value(ofJSON text: String) -> DocumentValue? {
        // Stored configurations were each within the input limits when read; their merge may be
        // larger than one file may be.
        var limits = InputLimits()
        limits.maxFileBytes = max(limits.maxFileBytes, text.utf8.count)
        limits.maxNodes = Int.max / 2
        let read = DocumentReader(limits: limits).read(Array(text.utf8), format: .json)
        guard let stream = read.stream, let root = stream.documents.first?.root else { return nil }
        return DocumentValue(stream, root)
    }

    /// The canonical JSON of a value: object members sorted by key (UTF-8 byte order), no spaces.
    public static func canonicalJSON(_ value: DocumentValue) -> String {
        var out: [UInt8] = []
        writeCanonical(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func writeCanonical(_ value: DocumentValue, into out: inout [UInt8]) {
        switch value {
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(member.key.utf8, into: &out)
                out.append(UInt8(ascii: ":"))
                writeCanonical(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeCanonical(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .number(let text): out += Array(text.utf8)
        case .string(let text): JSONWriter.writeString(text.utf8, into: &out)
        }
    }

    /// The version of a configuration's canonical JSON.
    static func version(ofCanonicalJSON bytes: [UInt8]) -> String {
        let digest = SHA256.hash(data: bytes)
        return digest.prefix(6).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

/// Builds the snapshots of services' environments: from the trees `lint` already read and
/// resolved (`Linter.snapshots`, what `lint --record` uses: reading and resolving every file again
/// cost as much as the lint), or from the files on disk (`build`, for `drift`).
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

    /// The snapshots of `services` read from disk, in service then environment order, without
    /// findings; a service whose layers do not all read whole is skipped.
    public func build(_ services: [ServiceFiles]) -> (snapshots: [ConfigurationSnapshot], skipped: [Skipped]) {
        let slots = ResultSlots<Result<[ConfigurationSnapshot], Unrecordable>>(count: services.count)
        DispatchQueue.concurrentPerform(iterations: services.count) { i in
            slots.set(i, fromDisk(services[i]))
        }
        var snapshots: [ConfigurationSnapshot] = []
        var skipped: [Skipped] = []
        for (i, result) in slots.values().enumerated() {
            switch result {
            case .success(let some): snapshots += some
            case .failure(let reason): skipped.append(Skipped(service: ConfigurationSnapshots.name(of: services[i]), reason: reason.text))
            }
        }
        return (snapshots, skipped)
    }

    /// Gives each snapshot the findings of its environment's layers that hold in it (a finding
    /// about resolved configurations names its environments; one about a file holds in all).
    public static func attachingFindings(_ snapshots: [ConfigurationSnapshot], from report: LintReport) -> [ConfigurationSnapshot] {
        let byFile = Dictionary(report.files.map { ($0.target.displayPath, $0.findings) }, uniquingKeysWith: +)
        return snapshots.map { snapshot in
            var snapshot = snapshot
            snapshot.findings = snapshot.layerFiles.flatMap { file in
                (byFile[file] ?? []).filter { $0.environments?.contains(snapshot.environment) ?? true }
            }.sorted()
            return snapshot
        }
    }

    /// How the database names a service: its layout name, or `.` for the project that is one service.
    public static func name(of service: ServiceFiles) -> String { service.name ?? "." }

    struct Unrecordable: Error {
        var text: String
    }

    private func fromDisk(_ service: ServiceFiles) -> Result<[ConfigurationSnapshot], Unrecordable> {
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
        let scanner = SecretScanner(settings: config.secrets)
        var secretNodes: [String: Set<NodeID>] = [:]
        for (file, stream) in zip(subset.files, streams) {
            guard let stream else { continue }
            secretNodes[file.displayPath] = Set(scanner.scan(stream, production: false).map(\.node))
        }
        return .success(snapshots(of: resolved, secretNodes: secretNodes, templatePath: bound?.path))
    }

    /// The snapshots of a resolved service's environments. `secretNodes`: the scalar nodes the
    /// secret scanner flags, by layer file (each layer scanned once, not once per environment).
    func snapshots(of resolved: ResolvedService, secretNodes: [String: Set<NodeID>], templatePath: String?) -> [ConfigurationSnapshot] {
        let templateFile = templatePath.flatMap { path in templates?.templates.first { $0.path == path }?.file }
        let name = ConfigurationSnapshots.name(of: resolved.files)
        // The bases' subtrees no override touches are the same in every environment: written once.
        var shared: [Origin: CanonicalWriter.Written] = [:]
        return resolved.environments.map { environment in
            var writer = CanonicalWriter(environment: environment, secretNodes: secretNodes, shared: shared)
            if let root = environment.root { writer.write(root) } else { writer.out += Array("null".utf8) }
            shared = writer.shared
            var snapshot = ConfigurationSnapshot(
                service: name, environment: environment.name, canonicalJSON: writer.out, secretPaths: writer.secretPaths,
                findings: [], templateFile: templateFile)
            var seen = Set<String>()
            snapshot.layerFiles = environment.layers.map(\.file).filter { seen.insert($0).inserted }
            return snapshot
        }
    }
}

/// Collects the snapshots `lint` makes when asked to (`Linter.snapshots`), from its worker threads.
public final class SnapshotCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var gathered: [(order: String, snapshots: [ConfigurationSnapshot])] = []
    private var skippedServices: [ConfigurationSnapshots.Skipped] = []

    public init() {}

    func add(_ snapshots: [ConfigurationSnapshot], service: String) {
        lock.lock()
        gathered.append((service, snapshots))
        lock.unlock()
    }

    func skip(_ service: String, reason: String) {
        lock.lock()
        skippedServices.append(.init(service: service, reason: reason))
        lock.unlock()
    }

    /// Every snapshot, in service order (the threads finish in any order).
    public var snapshots: [ConfigurationSnapshot] {
        lock.lock()
        defer { lock.unlock() }
        return gathered.sorted { $0.order < $1.order }.flatMap(\.snapshots)
    }

    public var skipped: [ConfigurationSnapshots.Skipped] {
        lock.lock()
        defer { lock.unlock() }
        return skippedServices.sorted { $0.service < $1.service }
    }
}

/// Writes a resolved environment as canonical JSON (members sorted by key), straight from the
/// layers' trees: secrets redacted, their paths listed. Written to bytes in one pass because the
/// first version, through `DocumentValue` and per-node pointer strings, cost more than the lint
/// itself (callgrind, 100 services: 4.5G instructions of 6.9G).
struct CanonicalWriter {
    let environment: ResolvedEnvironment
    /// The scalar nodes the secret scanner flags, by layer file.
    let secretNodes: [String: Set<NodeID>]
    var out: [UInt8] = []
    var secretPaths: [String] = []
    /// The path being written; turned into a pointer only for a secret.
    private var path: [PathToken] = []

    /// A subtree of a base layer as written: its JSON, and its secrets' pointers relative to it.
    struct Written {
        var json: [UInt8]
        var secretPaths: [String]
    }

    /// The collections of the first layer already written (for another environment of the
    /// service), by origin: a service's environments share most of their tree, and writing it
    /// once instead of once per environment halved the cost of recording.
    var shared: [Origin: Written]

    private enum PathToken {
        case key(String)
        case index(Int)
    }

    init(environment: ResolvedEnvironment, secretNodes: [String: Set<NodeID>], shared: [Origin: Written] = [:]) {
        self.environment = environment
        self.secretNodes = secretNodes
        self.shared = shared
        out.reserveCapacity(4096)
    }

    private var pointer: String {
        path.map { token in
            switch token {
            case .key(let key): "/" + JSONPointer.escape(key)
            case .index(let i): "/" + String(i)
            }
        }.joined()
    }

    mutating func write(_ value: ResolvedValue) {
        switch value {
        case .scalar(let origin):
            let layer = environment.layer(origin)
            write(layer.stream, origin.node, secrets: secretNodes[layer.file])
        case .layerNode(let origin):
            if let written = shared[origin] {
                out += written.json
                if !written.secretPaths.isEmpty {
                    let prefix = pointer
                    secretPaths += written.secretPaths.map { prefix + $0 }
                }
                return
            }
            let layer = environment.layer(origin)
            let start = out.count
            let secretsBefore = secretPaths.count
            write(layer.stream, origin.node, secrets: secretNodes[layer.file])
            if layer.stream.kind(layer.stream.resolved(origin.node)) != .scalar {
                let prefixLength = secretPaths.count > secretsBefore ? pointer.count : 0
                shared[origin] = Written(
                    json: Array(out[start...]), secretPaths: secretPaths[secretsBefore...].map { String($0.dropFirst(prefixLength)) })
            }
        case .mapping(let entries, _):
            out.append(UInt8(ascii: "{"))
            for (i, entry) in entries.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(entry.key.utf8, into: &out)
                out.append(UInt8(ascii: ":"))
                path.append(.key(entry.key))
                write(entry.value)
                path.removeLast()
            }
            out.append(UInt8(ascii: "}"))
        case .sequence(let items, _):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                path.append(.index(i))
                write(item)
                path.removeLast()
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    /// A node of one layer and everything under it (a subtree no override touched).
    private mutating func write(_ stream: ParsedStream, _ id: NodeID, secrets: Set<NodeID>?) {
        let node = stream.resolved(id)
        switch stream.kind(node) {
        case .mapping:
            let entries = stream.entries(node).map { (key: stream.keyToken($0.key), value: $0.value) }
            out.append(UInt8(ascii: "{"))
            for (i, entry) in entries.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(entry.key.utf8, into: &out)
                out.append(UInt8(ascii: ":"))
                path.append(.key(entry.key))
                write(stream, entry.value, secrets: secrets)
                path.removeLast()
            }
            out.append(UInt8(ascii: "}"))
        case .sequence:
            out.append(UInt8(ascii: "["))
            for (i, element) in stream.elements(node).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                path.append(.index(i))
                write(stream, element, secrets: secrets)
                path.removeLast()
            }
            out.append(UInt8(ascii: "]"))
        default:
            if let secrets, secrets.contains(id) || secrets.contains(node) {
                secretPaths.append(pointer)
                JSONWriter.writeString(ConfigurationSnapshot.redactionMarker.utf8, into: &out)
                return
            }
            if stream.scalarType(node) == .string, SecretValueShape.isEncrypted(stream.valueBytes(node)) { secretPaths.append(pointer) }
            JSONWriter.write(stream, node, into: &out)
        }
    }
}
