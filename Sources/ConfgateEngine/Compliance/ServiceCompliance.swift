import ConfgateDocument
import ConfgateSchema

/// Compliance rules over a service's resolved environments, without writing each environment out
/// as a document: that cost more than the rest of a lint (measured: +80% CPU on the corpus for
/// one rule). Instead:
///
/// 1. each layer file is walked once, all rules' selectors together (`SelectorSet`), and a value
///    that fails is reported for each environment where it is the effective value (the base's
///    `debug: true` is not production's when production overrides it);
/// 2. the few collections an override changed (merged mappings, appended lists) are checked as
///    each environment sees them;
/// 3. presence (`defined`) and `if` conditions are read from each resolved environment.
///
/// A problem written once (a base value) and effective in several environments is one finding
/// naming them (`EnvironmentFindings`).
final class ServiceCompliance {
    let service: ResolvedService
    let rules: [PackRule]
    /// The project-relative paths of each environment's layers, for `when: files`.
    let layerPaths: [[String]]
    /// `SelectorSet.walked(for: rules)`, when the caller has it compiled.
    let selectors: SelectorSet?
    /// Whether lists may merge otherwise than by replacement (a template's `x-confgate-merge`):
    /// then a list the merge built is not one layer's list.
    let listsMerge: Bool

    // A class: the walks below capture it, and a struct this size would be copied at each step.
    init(
        service: ResolvedService, rules: [PackRule], layerPaths: [[String]], selectors: SelectorSet? = nil, listsMerge: Bool = true
    ) {
        self.listsMerge = listsMerge
        self.service = service
        self.rules = rules
        self.layerPaths = layerPaths
        self.selectors = selectors
    }

    /// A failure in an environment: where (a node of one of its layers) and what `{path}` names.
    private struct Place {
        var origin: Origin
        var pointer: String
        var detail: String?
        /// The value `{value}` prints.
        var valueJSON: () -> String
    }

    func findings() -> [Finding] {
        let environments = service.environments
        guard !environments.isEmpty, !rules.isEmpty else { return [] }
        let presenceRules = rules.map { $0.checks.presence == true }
        var admitted = [[Bool]](repeating: [Bool](repeating: false, count: environments.count), count: rules.count)
        for (r, rule) in rules.enumerated() {
            for (e, environment) in environments.enumerated() {
                guard rule.scope.admits(environment: environment.name, service: service.files.name, files: layerPaths[e]) else { continue }
                if let condition = rule.scope.condition, !holds(condition.selector, condition.checks, environment) { continue }
                admitted[r][e] = true
            }
        }
        var gathered = EnvironmentFindings()
        func add(_ r: Int, _ e: Int, _ place: Place) {
            let rule = rules[r], environment = environments[e]
            let layer = environment.layer(place.origin)
            let node = place.origin.node
            // A key node is reported as written; a value as schema findings are.
            let range = Linter.findingRange(layer.stream, node)
            let context = RuleContext(environment: environment.name, service: service.files.name, files: layerPaths[e])
            let message = rule.render(pointer: place.pointer, detail: place.detail, context: context, valueJSON: place.valueJSON)
            // A rule scoped to environments says which in its message; others get the list.
            let namesThem = rule.scope.environments == nil && !rule.message.contains("{environment}")
            gathered.add(
                Finding(
                    rule: rule.id, category: .compliance, severity: rule.severity, message: message, file: layer.file,
                    range: range, pointer: layer.stream.pointer(node), document: layer.stream.document(containing: node)?.index),
                environment: environment.name, namesEnvironments: namesThem)
        }

        // 1. Each layer once: the bases take part in every environment, an override in its own.
        let baseCount = service.environments[0].baseCount
        var layerWalks: [(layer: Layer, index: Int, environments: [Int])] = []
        for b in 0..<baseCount { layerWalks.append((environments[0].layers[b], b, Array(environments.indices))) }
        for (e, environment) in environments.enumerated() { layerWalks.append((environment.layers[baseCount], baseCount, [e])) }
        let selectors = self.selectors ?? SelectorSet.walked(for: rules)
        let failing = rules.map { $0.checks.failingKinds }
        let checks = rules.map(\.checks)
        // Key verdicts from a table of this thread's for the whole service, not a lock per key.
        let verdicts = checks.map { $0.onKey ? $0.keyVerdicts.borrow() : nil }
        defer { for (c, table) in zip(checks, verdicts) { if let table { c.keyVerdicts.giveBack(table) } } }
        // The visitor's per-rule tables, made once for every layer of the service.
        let unmanagedChecks = UnsafeMutableBufferPointer<Unmanaged<RuleChecks>>.allocate(capacity: checks.count)
        _ = unmanagedChecks.initialize(from: checks.map(Unmanaged.passUnretained))
        let unmanagedVerdicts = UnsafeMutableBufferPointer<Unmanaged<VerdictTable>?>.allocate(capacity: verdicts.count)
        _ = unmanagedVerdicts.initialize(from: verdicts.map { $0.map(Unmanaged.passUnretained) })
        defer {
            unmanagedChecks.deallocate()
            unmanagedVerdicts.deallocate()
        }
        for walk in layerWalks {
            let wanted = rules.indices.map { r in !presenceRules[r] && walk.environments.contains { admitted[r][$0] } }
            guard wanted.contains(true) else { continue }
            let stream = walk.layer.stream
            var layerChecks = LayerChecks(checks: unmanagedChecks, verdicts: unmanagedVerdicts, stream: stream)
            selectors.forEachSelected(stream, walk.layer.root, wanted: wanted, failing: failing, &layerChecks)
            for (r, failed) in layerChecks.failed.enumerated() where !failed.isEmpty {
                for (node, key, failures) in failed {
                    let tokens = JSONPointer.tokens(stream.pointer(node)) ?? []
                    for e in walk.environments where admitted[r][e] {
                        for failure in failures {
                            let isKey = failure.node == key
                            guard isEffective(subject: node, key: isKey ? key : nil, tokens: tokens, layer: walk.index, in: environments[e])
                            else { continue }
                            add(r, e, Place(
                                origin: Origin(layer: walk.index, node: failure.node), pointer: failure.pointer,
                                detail: failure.detail, valueJSON: { JSONWriter.compact(stream, failure.node) }))
                        }
                    }
                }
            }
        }

        for (e, environment) in environments.enumerated() {
            let active = rules.indices.filter { admitted[$0][e] }
            guard !active.isEmpty else { continue }
            // 2. The collections the merge made (the root, what overrides wrote), as this
            //    environment sees them. Keys are the layers' (step 1).
            // Rules that can fail on a mapping the merge built, or on a list it built by
            // appending or merging items (a replaced list is one layer's, checked in step 1).
            let collectionRules = active.filter { r in
                let can = rules[r].checks.canFailOn
                return can.mapping || (can.sequence && listsMerge)
            }
            if !collectionRules.isEmpty {
                Self.forEachOpenedCollection(environment) { value, tokens in
                    for r in collectionRules where rules[r].selectors.contains(where: { $0.matches(tokens) }) {
                        for place in check(rules[r].checks, value, tokens, environment) { add(r, e, place) }
                    }
                }
            }
            // 3. Presence, read from the resolved tree.
            for r in active where presenceRules[r] {
                for place in presenceFailures(rules[r], environment) { add(r, e, place) }
            }
        }
        return gathered.findings
    }

    /// The checks of the walked rules on each node a layer's walk selects, run as the walk
    /// reaches it; the rare failures are kept, by rule, in walk order.
    private struct LayerChecks: SelectionVisitor {
        /// Per rule, its checks and its key verdict table, in buffers and unmanaged: `findings`
        /// owns the buffers, the rules and the tables. Read from arrays, each selected node
        /// retained and released the arrays and the references in them (on 200 services of the
        /// benchmark corpus, 371,000 nodes: 20M instructions).
        let checks: UnsafeMutableBufferPointer<Unmanaged<RuleChecks>>
        let verdicts: UnsafeMutableBufferPointer<Unmanaged<VerdictTable>?>
        /// The stream, unmanaged for the same reason: the visitor is `inout`, and a stream read
        /// from it was retained and released per node and rule.
        let stream: Unmanaged<ParsedStream>
        var failed: [[(node: NodeID, key: NodeID?, failures: [RuleChecks.Failure])]] = []

        init(
            checks: UnsafeMutableBufferPointer<Unmanaged<RuleChecks>>, verdicts: UnsafeMutableBufferPointer<Unmanaged<VerdictTable>?>,
            stream: ParsedStream
        ) {
            self.checks = checks
            self.verdicts = verdicts
            self.stream = .passUnretained(stream)
        }

        mutating func selected(rule: Int, node: NodeID, key: NodeID?, kinds: NodeKinds) {
            let verdicts = verdicts[rule]
            let passes = stream._withUnsafeGuaranteedRef { stream in
                checks[rule]._withUnsafeGuaranteedRef { checks in
                    guard let verdicts else { return checks.passes(node, key: key, stream, kinds: kinds, verdicts: nil) }
                    return verdicts._withUnsafeGuaranteedRef { checks.passes(node, key: key, stream, kinds: kinds, verdicts: $0) }
                }
            }
            if passes { return }
            let failures = checks[rule].takeUnretainedValue().check(
                node, key: key, stream.takeUnretainedValue(), verdicts: verdicts?.takeUnretainedValue())
            guard !failures.isEmpty else { return }
            if failed.isEmpty { failed = .init(repeating: [], count: checks.count) }
            failed[rule].append((node, key, failures))
        }
    }

    /// Whether a failing node of a layer is what an environment gets at its path: its value (or
    /// key) there, not overridden, and not a collection the merge rebuilt (step 2 checks those).
    private func isEffective(subject: NodeID, key: NodeID?, tokens: [String], layer: Int, in environment: ResolvedEnvironment) -> Bool {
        if let key {
            guard let entry = environment.entry(at: tokens) else { return false }
            return entry.keyOrigin == Origin(layer: layer, node: key)
        }
        switch environment.rawValue(at: tokens) {
        case .scalar(let origin)?, .layerNode(let origin)?:
            return origin.layer == layer && environment.layer(origin).stream.resolved(origin.node) == subject
        case .sequence(_, let origin)? where !listsMerge:
            // Lists are replaced whole: the list is this layer's, as written.
            return origin.layer == layer && environment.layer(origin).stream.resolved(origin.node) == subject
        default:
            return false
        }
    }

    /// Calls `body` with each mapping and list of an environment's tree that the merge built, and
    /// its path: everything above the untouched `.layerNode`s. The path is one array, grown and
    /// shrunk along the walk.
    private static func forEachOpenedCollection(_ environment: ResolvedEnvironment, _ body: (ResolvedValue, [String]) -> Void) {
        var path: [String] = []
        func visit(_ value: ResolvedValue) {
            switch value {
            case .mapping(let entries, _):
                body(value, path)
                for entry in entries {
                    path.append(entry.key)
                    visit(entry.value)
                    path.removeLast()
                }
            case .sequence(let items, _):
                body(value, path)
                for (i, item) in items.enumerated() {
                    path.append(String(i))
                    visit(item)
                    path.removeLast()
                }
            case .scalar, .layerNode:
                break
            }
        }
        if let root = environment.root { visit(root) }
    }

    /// The checks on a resolved value: on its layer's node when one layer wrote it whole, else on
    /// the collection the merge built (written out only when the checks read its members).
    private func check(_ checks: RuleChecks, _ value: ResolvedValue, _ tokens: [String], _ environment: ResolvedEnvironment) -> [Place] {
        var pointer: String { Self.pointer(tokens) }
        switch value {
        case .scalar(let origin), .layerNode(let origin):
            let stream = environment.layer(origin).stream
            let node = stream.resolved(origin.node)
            let key = environment.entry(at: tokens).flatMap { $0.keyOrigin.layer == origin.layer ? $0.keyOrigin.node : nil }
            return checks.check(node, key: key, stream).map { failure in
                Place(
                    origin: Origin(layer: origin.layer, node: failure.node),
                    pointer: failure.pointer == stream.pointer(node) ? pointer : failure.pointer, detail: failure.detail,
                    valueJSON: { JSONWriter.compact(stream, failure.node) })
            }
        case .mapping where !checks.hasValueChecks && checks.inlineSchema == nil:
            // `unique` is about lists.
            return []
        case .mapping(let entries, let origin) where checks.native != nil && checks.inlineSchema == nil && checks.unique == nil:
            guard checks.hasValueChecks, checks.native!.collectionFails(isMapping: true, count: entries.count) else { return [] }
            return [Place(origin: origin, pointer: pointer, detail: nil, valueJSON: { environment.json(value) })]
        case .sequence(let items, let origin) where checks.native != nil && checks.inlineSchema == nil && checks.unique == nil:
            guard checks.hasValueChecks, checks.native!.collectionFails(isMapping: false, count: items.count) else { return [] }
            return [Place(origin: origin, pointer: pointer, detail: nil, valueJSON: { environment.json(value) })]
        case .mapping(_, let origin) where !checks.readsMembers, .sequence(_, let origin) where !checks.readsMembers:
            // Kind and size are all the checks read: a stand-in of the same kind and size.
            let count: Int
            switch value {
            case .mapping(let entries, _): count = entries.count
            case .sequence(let items, _): count = items.count
            default: count = 0
            }
            let text = value.isMappingCase
                ? "{" + (0..<count).map { "\"\($0)\":0" }.joined(separator: ",") + "}"
                : "[" + Array(repeating: "0", count: count).joined(separator: ",") + "]"
            guard let (stream, root) = Self.read(text), checks.valueSchema.map({ !$0.isValid(stream, root) }) == true else { return [] }
            return [Place(origin: origin, pointer: pointer, detail: nil, valueJSON: { environment.json(value) })]
        default:
            let json = environment.json(value)
            guard let (stream, root) = Self.read(json) else { return [] }
            return checks.check(root, key: nil, stream).compactMap { failure in
                // A node of the written-out collection: back to the layer node that set it.
                let inner = JSONPointer.tokens(stream.pointer(failure.node)) ?? []
                let path = tokens + inner
                let isKey = stream.isKey(failure.node)
                guard let resolved = environment.rawValue(at: path) else { return nil }
                let origin = isKey ? environment.entry(at: path)?.keyOrigin ?? resolved.origin : resolved.origin
                let failurePointer = failure.pointer.isEmpty ? pointer : pointer + failure.pointer
                return Place(
                    origin: origin, pointer: failurePointer, detail: failure.detail,
                    valueJSON: { JSONWriter.compact(stream, failure.node) })
            }
        }
    }

    private static func read(_ json: String) -> (ParsedStream, NodeID)? {
        // The merge of layers that each kept to the limits; no reason to refuse it here.
        let limits = InputLimits(maxFileBytes: max(InputLimits.default.maxFileBytes, json.utf8.count), maxNodes: Int(Int32.max))
        let read = DocumentReader(limits: limits).read(Array(json.utf8), format: .json)
        guard let stream = read.stream, let root = stream.documents.first?.root else { return nil }
        return (stream, root)
    }

    /// Whether an `if` holds in an environment: something is selected and passes its checks, or
    /// nothing is and absence passes.
    private func holds(_ selector: PathSelector, _ checks: RuleChecks, _ environment: ResolvedEnvironment) -> Bool {
        if checks.presence == true, let (parent, key) = selector.parentAndLastKey.map({ ($0.parent, $0.key) }) {
            let parents = select(parent, environment)
            if !parents.missing.isEmpty { return false }
            for (value, _) in parents.values where value.child(key, environment.layers) == nil { return false }
        }
        let selection = select(selector, environment)
        for (value, tokens) in selection.values where !check(checks, value, tokens, environment).isEmpty { return false }
        return !selection.values.isEmpty || checks.holdsWhenAbsent
    }

    /// `defined` (and the rule's other checks) in one environment.
    private func presenceFailures(_ rule: PackRule, _ environment: ResolvedEnvironment) -> [Place] {
        var places: [Place] = []
        for selector in rule.selectors {
            guard let (parentSelector, key) = selector.parentAndLastKey.map({ ($0.parent, $0.key) }) else { continue }
            let parents = select(parentSelector, environment)
            for (value, tokens) in parents.values where !value.isMapping(environment.layers) || value.child(key, environment.layers) == nil {
                places.append(missing(at: value, pointer: JSONPointer.appending(Self.pointer(tokens), key), environment))
            }
            // A literal path missing higher up is missing whole, at the deepest mapping there is.
            if selector.isLiteral {
                for (value, _) in parents.missing { places.append(missing(at: value, pointer: selector.description, environment)) }
            }
            for (value, tokens) in select(selector, environment).values {
                places += check(rule.checks, value, tokens, environment)
            }
        }
        return places
    }

    private func missing(at value: ResolvedValue, pointer: String, _ environment: ResolvedEnvironment) -> Place {
        Place(origin: value.origin, pointer: pointer, detail: nil, valueJSON: { "" })
    }

    private static func pointer(_ tokens: [String]) -> String { tokens.reduce(into: "") { $0 += "/" + JSONPointer.escape($1) } }

    /// A selector over a resolved tree (for presence and conditions, mostly literal paths: a
    /// wildcard opens what it passes).
    private func select(_ selector: PathSelector, _ environment: ResolvedEnvironment)
        -> (values: [(ResolvedValue, [String])], missing: [(ResolvedValue, [String])])
    {
        var values: [(ResolvedValue, [String])] = []
        var missing: [(ResolvedValue, [String])] = []
        var budget = PathSelector.visitBudget
        let layers = environment.layers
        func children(_ value: ResolvedValue) -> [(String, ResolvedValue)] {
            switch value.step(layers) {
            case .mapping(let entries, _): return entries.map { ($0.key, $0.value) }
            case .sequence(let items, _): return items.enumerated().map { (String($0.offset), $0.element) }
            default: return []
            }
        }
        func walk(_ value: ResolvedValue, _ tokens: [String], _ t: Int, literal: Bool) {
            budget -= 1
            guard budget > 0 else { return }
            if t == selector.tokens.count {
                values.append((value, tokens))
                return
            }
            switch selector.tokens[t] {
            case .key(let name):
                if value.isMapping(layers), let next = value.child(name, layers) {
                    walk(next, tokens + [name], t + 1, literal: literal)
                } else if case .sequence(let items, _) = value.step(layers), let i = Int(name), items.indices.contains(i) {
                    walk(items[i], tokens + [name], t + 1, literal: literal)
                } else if literal {
                    missing.append((value, tokens))
                }
            case .anyOne:
                for (name, child) in children(value) { walk(child, tokens + [name], t + 1, literal: false) }
            case .anyDepth:
                walk(value, tokens, t + 1, literal: false)
                for (name, child) in children(value) { walk(child, tokens + [name], t, literal: false) }
            }
        }
        if let root = environment.root { walk(root, [], 0, literal: true) }
        return (values, missing)
    }
}

extension ResolvedValue {
    var isMappingCase: Bool { if case .mapping = self { true } else { false } }
}
