import ConfgateDocument

/// What a template says about paths of an instance, for environment handling: `x-parity` (how
/// environments compare), `x-confgate-merge` (how an override's list combines with the base's),
/// and whether the template declares a path at all. Built once when the schema is compiled, from
/// the schema documents of the registry; immutable afterwards, so any thread may ask.
///
/// A path is a list of JSON Pointer tokens into an instance (`["endpoints", "3", "path"]`). Each
/// step follows, from every schema that applies so far:
/// - `properties` (the exact name), `patternProperties` (every pattern that matches), and
///   `additionalProperties` when neither matched in that schema object;
/// - for a numeric token, `prefixItems` (or draft 4-2019-09 array `items`) at that index, else
///   `items` (or `additionalItems`);
/// - `unevaluatedProperties`/`unevaluatedItems` when nothing above matched in any applying schema.
///
/// The schemas that apply at a path are those reached, and those in place of them: `$ref`,
/// `$dynamicRef` and `$recursiveRef` (each to its static target: no instance is at hand to
/// pick a dynamic one), `allOf`, `anyOf`, `oneOf` (every branch), `if`, `then`, `else`,
/// `dependentSchemas` and schema-valued `dependencies`. In drafts 4-7 a `$ref` hides its sibling
/// keywords, as the validator has it, but not its annotation keywords: `{"$ref": ..., "x-parity":
/// "equal"}` is annotated in every draft. Where several applying schemas disagree, a schema's own
/// keyword wins over its subschemas', and subschemas count in the order `$ref`, `$dynamicRef`,
/// `$recursiveRef`, `allOf`, `anyOf`, `oneOf`, `if`, `then`, `else`, dependent schemas.
public final class SchemaAnnotations: Sendable {
    /// One schema object (or boolean schema) reached from the root, its subschemas as indexes.
    struct Entry: Sendable {
        /// `true`/`false` schemas; `nil` for schema objects.
        var constant: Bool?
        var parity: ParityAnnotation?
        var merge: ListMergeStrategy?
        /// In document order (for `parityPaths`), and by name.
        var properties: [(name: String, schema: Int)] = []
        var propertyIndex: [String: Int] = [:]
        var patterns: [(regex: ECMARegex, schema: Int)] = []
        var additionalProperties: Int?
        var unevaluatedProperties: Int?
        var prefixItems: [Int] = []
        /// Applies to the items after `prefixItems`.
        var items: Int?
        var unevaluatedItems: Int?
        /// Schemas applying to the same instance: references, combinators, conditionals.
        var inPlace: [Int] = []
    }

    let entries: [Entry]
    /// Where the walk starts; `nil` when the root could not be read (never for a compiled schema).
    let root: Int?

    /// Every place `x-parity` is written, as token patterns from the instance's root: a `"*"`
    /// stands for any one token (`patternProperties`, `additionalProperties`, `items`, and the
    /// `unevaluated` keywords); a `prefixItems` position is its index. In the order the schema is
    /// walked (properties in document order), each (pattern, annotation) once. A recursive schema
    /// contributes its patterns down to where it would apply itself again, not below; and a
    /// property literally named `*` cannot be told from the wildcard. Match a resolved path
    /// against these, then ask `parity(at:)` for the exact answer.
    public let parityPaths: [(pattern: [String], annotation: ParityAnnotation)]

    init(entries: [Entry], root: Int?) {
        self.entries = entries
        self.root = root
        self.parityPaths = root.map { ParityPathFinder(entries: entries).paths(from: $0) } ?? []
    }

    // MARK: - Questions

    /// The `x-parity` of the nearest annotated schema along the path, the path's own first:
    /// `x-parity` on `/features` applies to everything below it, unless a deeper one says otherwise.
    /// Below the last schema the template has for the path, the nearest annotation still holds.
    public func parity(at tokens: [String]) -> ParityAnnotation? {
        guard let root else { return nil }
        var applying = closure(of: [root])
        var found = applying.lazy.compactMap { self.entries[$0].parity }.first
        for token in tokens {
            let next = step(applying, token).schemas
            if next.isEmpty { break }
            applying = closure(of: next)
            if let parity = applying.lazy.compactMap({ self.entries[$0].parity }).first { found = parity }
        }
        return found
    }

    /// Whether any schema of the template says how a list merges (`x-confgate-merge`): without
    /// one, every list of a resolved configuration is one layer's, replaced whole.
    public var hasMergeStrategies: Bool { entries.contains { $0.merge != nil } }

    /// The `x-confgate-merge` of the schemas at exactly this path (the list's own schema); not
    /// inherited.
    public func mergeStrategy(at tokens: [String]) -> ListMergeStrategy? {
        guard let applying = schemas(at: tokens) else { return nil }
        return applying.lazy.compactMap { self.entries[$0].merge }.first
    }

    /// Whether the template declares the path: every step is an exact name in `properties`, a
    /// match of `patternProperties`, a numeric token under `prefixItems`/`items`/`additionalItems`,
    /// or a key under an `additionalProperties`/`unevaluatedProperties` that is a schema object (a
    /// map the template describes). A key let through by an absent or `true`
    /// `additionalProperties` is not declared, nor is anything under `false`. The empty path is
    /// the document itself, always known.
    public func knows(_ tokens: [String]) -> Bool {
        guard let root else { return false }
        var applying = closure(of: [root])
        for token in tokens {
            let (next, declared) = step(applying, token)
            guard declared else { return false }
            applying = closure(of: next)
        }
        return true
    }

    // MARK: - Walking

    /// The schemas applying at `tokens`, or `nil` where the template has none.
    private func schemas(at tokens: [String]) -> [Int]? {
        guard let root else { return nil }
        var applying = closure(of: [root])
        for token in tokens {
            let next = step(applying, token).schemas
            if next.isEmpty { return nil }
            applying = closure(of: next)
        }
        return applying
    }

    /// `schemas` and every schema in place of them, each once (a `$ref` cycle ends where it
    /// comes back), depth first: a schema before its subschemas.
    func closure(of schemas: [Int]) -> [Int] {
        var result: [Int] = []
        var seen = Set<Int>()
        var pending = Array(schemas.reversed())
        while let id = pending.popLast() {
            guard seen.insert(id).inserted else { continue }
            result.append(id)
            pending += entries[id].inPlace.reversed()
        }
        return result
    }

    /// The subschemas that `token` leads to from the applying schemas, and whether one of them
    /// declares it (see `knows`).
    private func step(_ applying: [Int], _ token: String) -> (schemas: [Int], declared: Bool) {
        var next: [Int] = []
        var declared = false
        var evaluatedKey = false
        var evaluatedIndex = false
        let index = Self.arrayIndex(token)
        func add(_ id: Int, declares: Bool) {
            next.append(id)
            if declares { declared = true }
        }
        for id in applying {
            let entry = entries[id]
            var matched = false
            if let child = entry.propertyIndex[token] {
                add(child, declares: true)
                matched = true
            }
            for (regex, child) in entry.patterns where regex.firstMatch(in: token) == .match {
                add(child, declares: true)
                matched = true
            }
            if !matched, let child = entry.additionalProperties {
                add(child, declares: entries[child].constant == nil)
                matched = true
            }
            evaluatedKey = evaluatedKey || matched
            if let index {
                if index < entry.prefixItems.count {
                    add(entry.prefixItems[index], declares: true)
                    evaluatedIndex = true
                } else if let child = entry.items {
                    add(child, declares: entries[child].constant == nil)
                    evaluatedIndex = true
                }
            }
        }
        for id in applying {
            if !evaluatedKey, let child = entries[id].unevaluatedProperties {
                add(child, declares: entries[child].constant == nil)
            }
            if index != nil, !evaluatedIndex, let child = entries[id].unevaluatedItems {
                add(child, declares: entries[child].constant == nil)
            }
        }
        return (next, declared)
    }

    /// The index a token names in an array: RFC 6901's `0` or digits without a leading zero.
    static func arrayIndex(_ token: String) -> Int? {
        let utf8 = token.utf8
        guard let first = utf8.first, first != UInt8(ascii: "0") || utf8.count == 1,
            utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int(token)
    }
}

// MARK: - Checking annotation values

extension SchemaAnnotations {
    /// Every annotation keyword of the schema document at `root` whose value confgate does not
    /// understand (`x-parity: sometimes`, `x-confgate-merge: {merge-by-key: 3}`), in document
    /// order, each with a message listing the valid values. The index itself skips such values,
    /// so a template loader should reject them first.
    public static func problems(in stream: ParsedStream, root: NodeID) -> [AnnotationProblem] {
        AnnotationKeywords.problems(in: stream, root: root)
    }
}

// MARK: - Annotated paths

/// Collects `SchemaAnnotations.parityPaths`: a walk over every way down the schema graph, pruned
/// to the schemas from which an `x-parity` can be reached, so that a large template with a few
/// annotations costs a few short walks.
private struct ParityPathFinder {
    let entries: [SchemaAnnotations.Entry]

    func paths(from root: Int) -> [(pattern: [String], annotation: ParityAnnotation)] {
        let useful = reachingParity()
        var result: [(pattern: [String], annotation: ParityAnnotation)] = []
        var recorded = Set<[String]>()  // pattern + annotation, joined
        var chain = Set<Int>()
        var path: [String] = []
        func visit(_ id: Int) {
            guard useful[id], chain.insert(id).inserted else { return }
            defer { chain.remove(id) }
            let entry = entries[id]
            if let parity = entry.parity, recorded.insert(path + [parity.rawValue]).inserted {
                result.append((path, parity))
            }
            for child in entry.inPlace { visit(child) }
            func down(_ token: String, _ child: Int) {
                path.append(token)
                visit(child)
                path.removeLast()
            }
            for (name, child) in entry.properties { down(name, child) }
            for (_, child) in entry.patterns { down("*", child) }
            if let child = entry.additionalProperties { down("*", child) }
            if let child = entry.unevaluatedProperties { down("*", child) }
            for (i, child) in entry.prefixItems.enumerated() { down(String(i), child) }
            if let child = entry.items { down("*", child) }
            if let child = entry.unevaluatedItems { down("*", child) }
        }
        visit(root)
        return result
    }

    /// Whether each schema has an `x-parity` itself or below it.
    private func reachingParity() -> [Bool] {
        var parents = [[Int]](repeating: [], count: entries.count)
        for (id, entry) in entries.enumerated() {
            var children = entry.inPlace + entry.properties.map(\.schema) + entry.patterns.map(\.schema) + entry.prefixItems
            children += [entry.additionalProperties, entry.unevaluatedProperties, entry.items, entry.unevaluatedItems].compactMap { $0 }
            for child in children { parents[child].append(id) }
        }
        var useful = entries.map { $0.parity != nil }
        var pending = useful.indices.filter { useful[$0] }
        while let id = pending.popLast() {
            for parent in parents[id] where !useful[parent] {
                useful[parent] = true
                pending.append(parent)
            }
        }
        return useful
    }
}
