import ConfgateDocument
import ConfgateSchema

/// What the parity checks ask a service's template: where `x-parity` is written and whether the
/// template declares a path. Empty without a template.
public struct ParityHints: Sendable {
    public var parity: @Sendable (_ tokens: [String]) -> ParityAnnotation?
    public var knows: @Sendable (_ tokens: [String]) -> Bool
    /// Every `x-parity: equal` or `distinct` in the template, as token patterns (`*`: any token).
    public var marked: [(pattern: [String], annotation: ParityAnnotation)]

    public init(
        parity: @escaping @Sendable ([String]) -> ParityAnnotation?, knows: @escaping @Sendable ([String]) -> Bool,
        marked: [(pattern: [String], annotation: ParityAnnotation)]
    ) {
        self.parity = parity
        self.knows = knows
        self.marked = marked
    }

    public static let none = ParityHints(parity: { _ in nil }, knows: { _ in false }, marked: [])

    public init(_ annotations: SchemaAnnotations) {
        self.init(
            parity: { annotations.parity(at: $0) }, knows: { annotations.knows($0) },
            marked: annotations.parityPaths.filter { $0.annotation != .optional })
    }
}

/// The parity checks of one resolved service (docs/environments.md, "Parity"): environments are
/// compared in declared order, each with the next, so every difference is seen at least once
/// without comparing every pair; `x-parity: distinct` compares every pair (a development database
/// name reused in production is not adjacent).
struct ParityChecker {
    let service: ResolvedService
    let settings: EnvironmentSettings
    let hints: ParityHints
    private(set) var findings: [Finding] = []

    /// Paths `override-unknown-key` reported: the more precise diagnosis of the same line, so no
    /// `parity-missing-key` repeats it.
    private var unknownPaths = Set<[String]>()
    /// `parity-missing-key` and `parity-type-mismatch` seen from several pairs at one place become
    /// one finding naming every other environment.
    private var pending: [String: PendingFinding] = [:]
    private var pendingOrder: [String] = []

    init(service: ResolvedService, settings: EnvironmentSettings, hints: ParityHints) {
        self.service = service
        self.settings = settings
        self.hints = hints
    }

    mutating func run() {
        for environment in service.environments { checkOverride(environment) }
        let environments = service.environments.filter { $0.root != nil }
        for (a, b) in zip(environments, environments.dropFirst()) { compare(a, b) }
        for key in pendingOrder { findings.append(pending[key]!.finding(severity: severity)) }
        checkMarked(environments)
        for (name, layer) in service.undeclared {
            let declared = settings.names ?? []
            findings.append(
                Finding(
                    rule: EnvironmentUndeclaredRule.id, category: .parity, severity: EnvironmentUndeclaredRule.description.defaultSeverity,
                    message: "\(JSONWriter.quoted(name)) is not a declared environment (environments.names: \(declared.joined(separator: ", "))), so this override is never resolved or compared",
                    file: layer.file, range: SourceRange(at: layer.stream.start(layer.root)), pointer: "", document: 0))
        }
    }

    func severity(_ environments: [String]) -> Severity {
        environments.contains { settings.isCritical($0) } ? .error : .warning
    }

    // MARK: - Overrides against the base

    /// `override-unknown-key` and `override-redundant`: what an override writes, against the bases.
    private mutating func checkOverride(_ environment: ResolvedEnvironment) {
        guard let base = service.base, environment.layers.count > environment.baseCount else { return }
        let layer = environment.layers[environment.baseCount]
        guard settings.reportRedundant || environment.newKeys == nil else {
            // The merge listed the keys the override adds: only those can be typos.
            for (parent, keyNode, value) in environment.newKeys ?? [] {
                let key = layer.stream.keyToken(keyNode)
                newKey(layer, keyNode, layer.stream.resolved(value), key: key, parent: parent, base: base.value(at: parent), base, environment)
            }
            return
        }
        walkOverride(layer, layer.stream.resolved(layer.root), base: base.root, baseEnvironment: base, environment, tokens: [])
    }

    private mutating func walkOverride(
        _ layer: Layer, _ node: NodeID, base: ResolvedValue?, baseEnvironment: ResolvedEnvironment,
        _ environment: ResolvedEnvironment, tokens: [String]
    ) {
        let stream = layer.stream
        guard stream.kind(node) == .mapping else { return }
        var cursor = ChildCursor()
        stream.forEachEntry(node) { keyNode, value in
            let key = stream.keyToken(keyNode)
            // Built only where needed: most keys an override writes are in the base, scalars.
            var path: [String] { tokens + [key] }
            let isNull = stream.kind(value) == .scalar && stream.scalarType(value) == .null
            // The base is looked up in place, key by key: an override writes a few keys of each
            // mapping, and opening the base's mapping would cost more than it saves.
            guard let baseValue = base?.child(key, baseEnvironment.layers, cursor: &cursor) else {
                if !isNull { newKey(layer, keyNode, value, key: key, parent: tokens, base: base, baseEnvironment, environment) }
                return
            }
            if isNull { return }
            let baseIsMapping = baseValue.isMapping(baseEnvironment.layers)
            if stream.kind(value) == .mapping, baseIsMapping {
                walkOverride(layer, value, base: baseValue, baseEnvironment: baseEnvironment, environment, tokens: path)
                return
            }
            if stream.kind(value) != .mapping, baseIsMapping { return }
            if settings.reportRedundant, Self.json(stream, value) == baseEnvironment.json(baseValue) {
                let origin = baseEnvironment.layer(baseValue.origin)
                let at = origin.stream.range(baseValue.origin.node).start
                findings.append(
                    Finding(
                        rule: OverrideRedundantRule.id, category: .parity, severity: OverrideRedundantRule.description.defaultSeverity,
                        message: "\(JSONWriter.quoted(JSONPointer.from(path))) is set by \(environment.name) to the value it already has in \(origin.file):\(at.line)",
                        file: layer.file, range: stream.range(keyNode), pointer: stream.pointer(keyNode),
                        document: stream.document(containing: keyNode)?.index))
            }
        }
    }

    /// A key an override adds where the bases have none (`parent` is the path of its mapping,
    /// `base` the bases' value there): a typo unless the template, the configuration or another
    /// environment knows the path; when one does, the keys below it may still be typos.
    private mutating func newKey(
        _ layer: Layer, _ keyNode: NodeID, _ value: NodeID, key: String, parent tokens: [String], base: ResolvedValue?,
        _ baseEnvironment: ResolvedEnvironment, _ environment: ResolvedEnvironment
    ) {
        let stream = layer.stream
        let path = tokens + [key]
        // Known to the template or to another environment: not a typo here, but a key
        // below it may be (`tls: {enabeld: true}` where staging has `tls: {enabled: true}`).
        if hints.knows(path) || isOptional(path)
            || service.environments.contains(where: { $0.name != environment.name && $0.value(at: path) != nil })
        {
            walkOverride(layer, value, base: nil, baseEnvironment: baseEnvironment, environment, tokens: path)
            return
        }
        unknownPaths.insert(path)
        // What the key may have meant: the keys beside it in the base and in the other environments.
        var siblings = Set<String>()
        if case .mapping(let entries, _)? = base?.step(baseEnvironment.layers) { siblings.formUnion(entries.map(\.key)) }
        for other in service.environments where other.name != environment.name {
            if case .mapping(let entries, _)? = other.value(at: tokens) { siblings.formUnion(entries.map(\.key)) }
        }
        siblings.remove(key)
        let hint = closestMatch(to: key, in: siblings.sorted()).map { "; did you mean \(JSONWriter.quoted($0))?" } ?? ""
        findings.append(
            Finding(
                rule: OverrideUnknownKeyRule.id, category: .parity, severity: severity([environment.name]),
                message: "\(JSONWriter.quoted(JSONPointer.from(path))) is set only by \(environment.name) and is in no base layer, no template and no other environment\(hint)",
                file: layer.file, range: stream.range(keyNode), pointer: stream.pointer(keyNode),
                document: stream.document(containing: keyNode)?.index))
    }

    static func json(_ stream: ParsedStream, _ node: NodeID) -> String {
        var out: [UInt8] = []
        JSONWriter.write(stream, node, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Environment against environment

    /// Compares two environments where their overrides write: everything else comes from the
    /// shared bases and is the same in both, so the walk costs the size of the overrides, not of
    /// the configuration. `nodeA`/`nodeB` are the mappings each override writes at `tokens`.
    private mutating func compare(_ envA: ResolvedEnvironment, _ envB: ResolvedEnvironment) {
        guard let a = envA.root, let b = envB.root else { return }
        compare(a, envA, Self.overrideMapping(envA), b, envB, Self.overrideMapping(envB), tokens: [])
    }

    /// The root mapping an environment's override writes, if it writes one.
    static func overrideMapping(_ environment: ResolvedEnvironment) -> NodeID? {
        guard environment.layers.count > environment.baseCount else { return nil }
        let layer = environment.layers[environment.baseCount]
        let root = layer.stream.resolved(layer.root)
        return layer.stream.kind(root) == .mapping ? root : nil
    }

    private mutating func compare(
        _ a: ResolvedValue, _ envA: ResolvedEnvironment, _ nodeA: NodeID?, _ b: ResolvedValue, _ envB: ResolvedEnvironment,
        _ nodeB: NodeID?, tokens: [String]
    ) {
        // Neither override writes a mapping here: both sides are the shared base's.
        if nodeA == nil && nodeB == nil && a.isMapping(envA.layers) && b.isMapping(envB.layers) { return }
        let a = a.step(envA.layers), b = b.step(envB.layers)
        if case .mapping(let entriesA, _) = a, case .mapping(let entriesB, _) = b {
            // The keys either override writes at this level, each once, A's first. Lookups scan on
            // from the last key found (KeyCursor): overrides write their keys in the base's order.
            // For each key: what each override writes there (`value`), and the mapping it writes.
            var written: [(key: String, valueA: NodeID?, valueB: NodeID?)] = []
            var writtenCursor = KeyCursor(), cursorA = KeyCursor(), cursorB = KeyCursor()
            let streamA = envA.layers[envA.baseCount].stream, streamB = envB.layers[envB.baseCount].stream
            if let nodeA {
                // A mapping's entries have each key once.
                streamA.forEachEntry(nodeA) { keyNode, value in written.append((streamA.keyToken(keyNode), value, nil)) }
            }
            if let nodeB {
                streamB.forEachEntry(nodeB) { keyNode, value in
                    let key = streamB.keyToken(keyNode)
                    if let i = writtenCursor.find(key, in: written, key: \.key) {
                        written[i].valueB = value
                    } else {
                        written.append((key, nil, value))
                    }
                }
            }
            for (key, valueA, valueB) in written {
                // Both overrides write a scalar or a list here (the usual case: each environment
                // sets its own value): the types decide, no resolved value needs to be found.
                if let valueA, let valueB, streamA.kind(valueA) != .mapping, streamB.kind(valueB) != .mapping {
                    let typeA = ParityType(streamA, valueA), typeB = ParityType(streamB, valueB)
                    if typeA == typeB && typeA != .null { continue }
                }
                let childA = valueA.flatMap { streamA.kind($0) == .mapping ? $0 : nil }
                let childB = valueB.flatMap { streamB.kind($0) == .mapping ? $0 : nil }
                var path: [String] { tokens + [key] }
                // Keys compare as bytes, as JSON compares member names (String's == would also
                // pay for Unicode equivalence on every miss).
                let foundA = cursorA.find(key, in: entriesA, key: \.key).map { entriesA[$0] }
                let foundB = cursorB.find(key, in: entriesB, key: \.key).map { entriesB[$0] }
                switch (foundA, foundB) {
                case (let entryA?, let entryB?):
                    // Two values of one type and no mapping below: nothing to compare, no path to build.
                    if !entryA.value.isMapping(envA.layers) && !entryB.value.isMapping(envB.layers) {
                        let typeA = ParityType(entryA.value, envA), typeB = ParityType(entryB.value, envB)
                        if typeA == typeB || typeA == .null || typeB == .null { continue }
                    }
                    compare(entryA.value, envA, childA, entryB.value, envB, childB, tokens: path)
                case (let entryA?, nil): missing(path, entry: entryA, in: envA, absentFrom: envB, parent: b)
                case (nil, let entryB?): missing(path, entry: entryB, in: envB, absentFrom: envA, parent: a)
                case (nil, nil): break
                }
            }
            return
        }
        let typeA = ParityType(a, envA), typeB = ParityType(b, envB)
        // `null` is the base saying "not set": any value may replace it.
        guard typeA != typeB, typeA != .null, typeB != .null else { return }
        let (here, there) = Self.places(a, envA, b, envB, tokens)
        let pointer = JSONPointer.from(tokens)
        let key = "type|\(here.layer.file)|\(here.range.start.offset)|\(pointer)"
        if pending[key] == nil {
            pendingOrder.append(key)
            pending[key] = PendingFinding(
                rule: ParityTypeMismatchRule.id, pointer: pointer, environment: here.environment.name,
                description: ParityType.describe(here.value, here.environment), file: here.layer.file, range: here.range,
                localPointer: here.layer.stream.pointer(here.node), document: here.layer.stream.document(containing: here.node)?.index)
        }
        let description = ParityType.describe(there.value, there.environment)
        pending[key]!.add(
            there.environment.name, description: description,
            related: RelatedLocation(message: "\(description) in \(there.environment.name)", range: there.range, file: there.layer.file))
    }

    /// Where a finding about a value at `path` in an environment can point: the value's node, or
    /// for a mapping an override merged into, the override's key (the base's mapping is shared).
    struct Place {
        let environment: ResolvedEnvironment
        let value: ResolvedValue
        let layer: Layer
        let node: NodeID
        let range: SourceRange
        /// Whether an override wrote it (not the shared bases).
        let isOverride: Bool

        init(_ value: ResolvedValue, _ environment: ResolvedEnvironment, _ path: [String]) {
            self.environment = environment
            self.value = value
            var origin = value.origin
            var atKey = false
            if case .mapping = value.step(environment.layers), let written = environment.entry(at: path)?.keyOrigin, written.layer >= environment.baseCount {
                origin = written
                atKey = true
            }
            layer = environment.layer(origin)
            node = origin.node
            range = atKey ? layer.stream.range(node) : Linter.findingRange(layer.stream, node)
            isOverride = origin.layer >= environment.baseCount
        }
    }

    /// The two sides of a difference, the one the finding sits on first: where the difference is
    /// written, an override's line rather than the shared base's; the later environment's when
    /// both are overrides.
    static func places(
        _ a: ResolvedValue, _ envA: ResolvedEnvironment, _ b: ResolvedValue, _ envB: ResolvedEnvironment, _ path: [String]
    ) -> (here: Place, there: Place) {
        let placeA = Place(a, envA, path), placeB = Place(b, envB, path)
        return placeB.isOverride || !placeA.isOverride ? (placeB, placeA) : (placeA, placeB)
    }

    /// `entry` at `path` is in `present` but not in `absent`, whose mapping at the parent is `parent`.
    private mutating func missing(
        _ path: [String], entry: ResolvedEntry, in present: ResolvedEnvironment, absentFrom absent: ResolvedEnvironment,
        parent: ResolvedValue
    ) {
        if unknownPaths.contains(path) || isOptional(path) { return }
        let layer = present.layer(entry.keyOrigin)
        let keyNode = entry.keyOrigin.node
        let pointer = JSONPointer.from(path)
        let key = "missing|\(layer.file)|\(layer.stream.range(keyNode).start.offset)|\(pointer)"
        if pending[key] == nil {
            pendingOrder.append(key)
            pending[key] = PendingFinding(
                rule: ParityMissingKeyRule.id, pointer: pointer, environment: present.name, description: "",
                file: layer.file, range: layer.stream.range(keyNode), localPointer: layer.stream.pointer(keyNode),
                document: layer.stream.document(containing: keyNode)?.index)
        }
        // Where the key would go in the other environment: its own override's mapping when it has
        // one at that path, else the mapping it inherits.
        var parentNode = parent.origin
        var parentLayer = absent.layer(parentNode)
        if absent.layers.count > absent.baseCount, let node = Self.node(at: Array(path.dropLast()), in: absent.layers[absent.baseCount]) {
            parentLayer = absent.layers[absent.baseCount]
            parentNode = Origin(layer: absent.baseCount, node: node)
        }
        let parentPointer = path.count > 1 ? JSONPointer.from(Array(path.dropLast())) : "the top level"
        pending[key]!.add(
            absent.name, description: "",
            related: RelatedLocation(
                message: "\(parentPointer == "the top level" ? parentPointer : JSONWriter.quoted(parentPointer)) in \(absent.name), without it",
                range: Linter.findingRange(parentLayer.stream, parentNode.node), file: parentLayer.file))
    }

    func isOptional(_ path: [String]) -> Bool {
        hints.parity(path) == .optional || settings.optional.contains { $0.matches(path) }
    }

    /// The mapping node a layer writes at `path`, if it writes one.
    static func node(at path: [String], in layer: Layer) -> NodeID? {
        let stream = layer.stream
        var node = stream.resolved(layer.root)
        for token in path {
            guard stream.kind(node) == .mapping,
                let value = stream.entries(node).first(where: { stream.keyToken($0.key) == token })?.value
            else { return nil }
            node = stream.resolved(value)
        }
        return stream.kind(node) == .mapping ? node : nil
    }

    // MARK: - x-parity: equal / distinct

    private mutating func checkMarked(_ environments: [ResolvedEnvironment]) {
        for (pattern, annotation) in hints.marked {
            var paths: [[String]] = []
            var seen = Set<[String]>()
            for environment in environments {
                for path in Self.expand(pattern, environment.root, environment.layers) where seen.insert(path).inserted { paths.append(path) }
            }
            for path in paths {
                let pairs: [(Int, Int)] = annotation == .equal
                    ? Array(zip(environments.indices, environments.indices.dropFirst()))
                    : environments.indices.flatMap { i in environments.indices.filter { $0 > i }.map { (i, $0) } }
                for (i, j) in pairs {
                    let envA = environments[i], envB = environments[j]
                    guard let a = envA.value(at: path), let b = envB.value(at: path) else { continue }
                    let same = envA.json(a) == envB.json(b)
                    guard same == (annotation == .distinct) else { continue }
                    let (here, there) = Self.places(a, envA, b, envB, path)
                    let pointer = path.isEmpty ? "the document" : JSONWriter.quoted(JSONPointer.from(path))
                    let names = "\(envA.name) and \(envB.name)"
                    let isEqualRule = annotation == .equal
                    findings.append(
                        Finding(
                            rule: isEqualRule ? ParityMustEqualRule.id : ParityMustDifferRule.id, category: .parity,
                            severity: severity([envA.name, envB.name]),
                            message: isEqualRule
                                ? "\(pointer) differs between \(names), but the template says it must be equal (x-parity: equal)"
                                : "\(pointer) is the same in \(names), but the template says it must differ (x-parity: distinct)",
                            file: here.layer.file, range: here.range, pointer: here.layer.stream.pointer(here.node),
                            document: here.layer.stream.document(containing: here.node)?.index,
                            related: [
                                RelatedLocation(message: "the value in \(there.environment.name)", range: there.range, file: there.layer.file)
                            ]))
                }
            }
        }
    }

    /// The paths of `value` a token pattern (`*`: any key or index) names.
    static func expand(_ pattern: [String], _ value: ResolvedValue?, _ layers: [Layer]) -> [[String]] {
        guard let value = value?.step(layers) else { return [] }
        guard let token = pattern.first else { return [[]] }
        let rest = Array(pattern.dropFirst())
        var result: [[String]] = []
        switch value {
        case .mapping(let entries, _):
            for entry in entries where token == "*" || token == entry.key {
                result += expand(rest, entry.value, layers).map { [entry.key] + $0 }
            }
        case .sequence(let items, _):
            for (i, item) in items.enumerated() where token == "*" || token == String(i) {
                result += expand(rest, item, layers).map { [String(i)] + $0 }
            }
        case .scalar, .layerNode: break
        }
        return result
    }
}

/// A `parity-missing-key` or `parity-type-mismatch` being gathered over the environment pairs.
private struct PendingFinding {
    let rule: String
    let pointer: String
    /// The environment whose line the finding sits on, and what it has there ("a string").
    let environment: String
    let description: String
    let file: String
    let range: SourceRange
    let localPointer: String
    let document: Int?
    var others: [(name: String, description: String)] = []
    var related: [RelatedLocation] = []

    init(rule: String, pointer: String, environment: String, description: String, file: String, range: SourceRange, localPointer: String, document: Int?) {
        self.rule = rule
        self.pointer = pointer
        self.environment = environment
        self.description = description
        self.file = file
        self.range = range
        self.localPointer = localPointer
        self.document = document
    }

    mutating func add(_ name: String, description: String, related location: RelatedLocation) {
        guard !others.contains(where: { $0.name == name }) else { return }
        others.append((name, description))
        related.append(location)
    }

    func finding(severity: ([String]) -> Severity) -> Finding {
        let quoted = pointer.isEmpty ? "the document" : JSONWriter.quoted(pointer)
        let message: String
        if rule == ParityMissingKeyRule.id {
            message = "\(quoted) is set in \(environment) but missing in \(ProseList.join(others.map(\.name)))"
        } else {
            // "an integer in development and staging", grouped by what each has.
            var groups: [(description: String, names: [String])] = []
            for other in others {
                if let i = groups.firstIndex(where: { $0.description == other.description }) {
                    groups[i].names.append(other.name)
                } else {
                    groups.append((other.description, [other.name]))
                }
            }
            let elsewhere = groups.map { "\($0.description) in \(ProseList.join($0.names))" }.joined(separator: " and ")
            message = "\(quoted) is \(description) in \(environment) but \(elsewhere)"
        }
        return Finding(
            rule: rule, category: .parity, severity: severity([environment] + others.map(\.name)), message: message, file: file,
            range: range, pointer: localPointer, document: document, related: related)
    }
}

extension JSONPointer {
    /// The pointer of a path of tokens.
    static func from(_ tokens: [String]) -> String {
        tokens.reduce(into: "") { $0 += "/" + escape($1) }
    }
}
