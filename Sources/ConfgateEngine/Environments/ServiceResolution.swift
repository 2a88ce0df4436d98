import ConfgateDocument
import ConfgateSchema

/// One environment of a service, resolved: the layers merged (the bases, then its override).
public struct ResolvedEnvironment: Sendable {
    public let name: String
    public let layers: [Layer]
    /// The resolved tree with the bases' untouched parts still unopened (`.layerNode`): what the
    /// checks of `lint` walk, at the cost of what the override touches. `nil` when the override
    /// deletes everything (a top-level `null`).
    let root: ResolvedValue?
    /// Which of `layers` are the service's bases (the others: the override).
    public let baseCount: Int
    /// The keys the override adds to the bases' mappings, as the merge found them (`nil` when
    /// not recorded): what `override-unknown-key` looks at.
    var newKeys: [(parent: [String], key: NodeID, value: NodeID)]?

    /// The resolved tree, every node opened.
    public var value: ResolvedValue? { root?.expanded(layers) }

    init(name: String, layers: [Layer], value: ResolvedValue?, baseCount: Int) {
        self.name = name
        self.layers = layers
        self.root = value
        self.baseCount = baseCount
    }

    /// `layers` merged in order; the first `baseCount` are the bases (for `diff` and tests; a
    /// service's environments come from `ResolvedService.resolve`).
    public init(name: String, layers: [Layer], baseCount: Int) {
        self.init(name: name, layers: layers, value: LayerMerge.resolve(layers), baseCount: baseCount)
    }

    /// The compact JSON text of a resolved subtree.
    public func json(_ value: ResolvedValue) -> String { LayerMerge.json(value, layers) }

    /// The layer file and node an origin names.
    public func layer(_ origin: Origin) -> Layer { layers[origin.layer] }

    /// The resolved value at a path of tokens, if there is one (no step into a sequence by index
    /// other than a numeric token).
    /// The value it holds is opened one level (`step`), its children may be unopened.
    public func value(at tokens: [String]) -> ResolvedValue? {
        rawValue(at: tokens)?.step(layers)
    }

    /// The resolved value at a path as the tree holds it: a `.layerNode` stays unopened, so a
    /// subtree no override touched can be told from one that was merged.
    func rawValue(at tokens: [String]) -> ResolvedValue? {
        guard var current = root else { return nil }
        for token in tokens {
            if current.isMapping(layers) {
                guard let next = current.child(token, layers) else { return nil }
                current = next
            } else if case .sequence(let items, _) = current.step(layers), let i = Int(token), items.indices.contains(i) {
                current = items[i]
            } else {
                return nil
            }
        }
        return current
    }

    /// The mapping entry at a path (for the key that wrote it), if the path ends in a mapping key.
    public func entry(at tokens: [String]) -> ResolvedEntry? {
        guard let last = tokens.last, case .mapping(let entries, _)? = value(at: Array(tokens.dropLast())) else { return nil }
        return entries.first { $0.key == last }
    }
}

/// A service with every environment resolved, plus its bases alone (what an override is compared
/// with for `override-unknown-key` and `override-redundant`).
public struct ResolvedService: Sendable {
    public let files: ServiceFiles
    public let environments: [ResolvedEnvironment]
    /// The bases merged, without any override; `nil` when the service has no base file.
    public let base: ResolvedEnvironment?
    /// Overrides of undeclared environments, read but not resolved.
    public let undeclared: [(name: String, layer: Layer)]

    /// Merges the layers of `files` read as `streams` (one per file of `files.files`, in that
    /// order). A layer that could not be read whole (`nil`) leaves the service unresolved: `nil`.
    /// `strategies` chooses how lists merge (the template's `x-confgate-merge`).
    public static func resolve(
        _ files: ServiceFiles, streams: [ParsedStream?], strategies: LayerMerge.Strategies? = nil
    ) -> ResolvedService? {
        let all = files.files
        guard streams.count == all.count else { return nil }
        var layers: [Layer] = []
        for (i, file) in all.enumerated() {
            guard let stream = streams[i], let root = stream.documents.first?.root else { return nil }
            let name = i < files.bases.count ? "base" : (i < files.bases.count + files.environments.count
                ? files.environments[i - files.bases.count].name
                : files.undeclared[i - files.bases.count - files.environments.count].name)
            layers.append(Layer(name: name, file: file.displayPath, stream: stream, root: root))
        }
        let bases = Array(layers[..<files.bases.count])
        // The bases are merged once; each environment merges its override on top, sharing every
        // subtree it does not touch (most of a service's configuration).
        // Opened once here rather than by each environment's merge: every override writes at the top.
        let baseValue = LayerMerge.resolve(bases, strategies: strategies, lazily: true)?.step(bases)
        var environments: [ResolvedEnvironment] = []
        for (i, environment) in files.environments.enumerated() {
            let override = layers[files.bases.count + i]
            let stack = bases + [override]
            var merger = LayerMerger(layers: stack, strategies: strategies, lazily: true, recordsNewKeys: !bases.isEmpty)
            var resolved = ResolvedEnvironment(
                name: environment.name, layers: stack, value: merger.merge(baseValue, layer: bases.count, node: override.root),
                baseCount: bases.count)
            // A whole-document override (the bases are not a mapping) has no keys added to them.
            if baseValue.map({ if case .mapping = $0 { true } else { false } }) ?? false { resolved.newKeys = merger.newKeys }
            environments.append(resolved)
        }
        let base = bases.isEmpty ? nil : ResolvedEnvironment(name: "base", layers: bases, value: baseValue, baseCount: bases.count)
        let undeclared = files.undeclared.enumerated().map { (i, u) in
            (u.name, layers[files.bases.count + files.environments.count + i])
        }
        return ResolvedService(files: files, environments: environments, base: base, undeclared: undeclared)
    }
}

/// The JSON type of a resolved value, as parity compares them: integers and other numbers are one
/// kind (`2` in staging and `2.5` in production is a tuning, not a drift).
enum ParityType: Equatable {
    case object, array, string, number, boolean, null

    init(_ value: ResolvedValue, _ environment: ResolvedEnvironment) {
        var origin = value.origin
        switch value {
        case .mapping: self = .object; return
        case .sequence: self = .array; return
        case .layerNode:
            // Read from the stream: opening the node would build its children for nothing.
            let stream = environment.layer(origin).stream
            origin = Origin(layer: origin.layer, node: stream.resolved(origin.node))
            switch stream.kind(origin.node) {
            case .mapping: self = .object; return
            case .sequence: self = .array; return
            case .scalar, .alias: break
            }
        case .scalar: break
        }
        switch environment.layer(origin).stream.scalarType(origin.node) ?? .null {
        case .null: self = .null
        case .bool: self = .boolean
        case .integer, .number: self = .number
        case .string: self = .string
        }
    }

    /// The type of a node as a layer writes it.
    init(_ stream: ParsedStream, _ node: NodeID) {
        switch stream.kind(node) {
        case .mapping: self = .object
        case .sequence: self = .array
        case .scalar, .alias:
            switch stream.scalarType(stream.resolved(node)) ?? .null {
            case .null: self = .null
            case .bool: self = .boolean
            case .integer, .number: self = .number
            case .string: self = .string
            }
        }
    }

    /// "an integer", "a string": how messages name a value's type.
    static func describe(_ value: ResolvedValue, _ environment: ResolvedEnvironment) -> String {
        switch value.step(environment.layers) {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let origin), .layerNode(let origin):
            switch environment.layer(origin).stream.scalarType(origin.node) ?? .null {
            case .null: return "null"
            case .bool: return "a boolean"
            case .integer: return "an integer"
            case .number: return "a number"
            case .string: return "a string"
            }
        }
    }
}
