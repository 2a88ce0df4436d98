import ConfgateDocument

/// What a template's defaults make of one place of the configuration: the `default` written there
/// (or the one for the environment), the defaults of its `properties`, and of its list `items`.
/// Built once from the template's schema document, following local `$ref`s (docs/render.md).
final class DefaultPlan: Sendable {
    /// One property of an object schema.
    struct Member: Sendable {
        let key: String
        let plan: DefaultPlan
        /// Listed in the object's `required`.
        let required: Bool
    }

    /// The default written for this place, `{env}` already replaced.
    let explicit: RenderedNode?
    let members: [Member]
    /// The plan of a new list item (the `items` schema).
    let items: DefaultPlan?
    /// The subschema in the template file: the origin of an object made to hold defaults.
    let origin: ValueOrigin
    /// Whether a default is written here or in a property below.
    let hasDefaultsBelow: Bool

    init(explicit: RenderedNode?, members: [Member], items: DefaultPlan?, origin: ValueOrigin) {
        self.explicit = explicit
        self.members = members
        self.items = items
        self.origin = origin
        hasDefaultsBelow = explicit != nil || members.contains { $0.plan.hasDefaultsBelow }
    }

    static let empty = DefaultPlan(explicit: nil, members: [], items: nil, origin: .parameter(""))

    func member(_ key: String) -> DefaultPlan? { members.first { $0.key == key }?.plan }

    /// The plan at a JSON Pointer's tokens, `nil` where the template says nothing.
    func plan(at tokens: ArraySlice<String>) -> DefaultPlan? {
        guard let token = tokens.first else { return self }
        if let member = member(token) { return member.plan(at: tokens.dropFirst()) }
        if let items, Int(token) != nil { return items.plan(at: tokens.dropFirst()) }
        return nil
    }

    /// The value the defaults give this place. Without an explicit default, an object is made only
    /// when `forced` (the root, a required property, or a place a parameter writes below); it holds
    /// the properties with a default, and the required properties with defaults below them.
    func materialize(forced: Bool) -> RenderedNode? {
        if let explicit { return explicit }
        guard forced else { return nil }
        var entries: [RenderedNode.Entry] = []
        for member in members {
            if let value = member.plan.explicit {
                entries.append(RenderedNode.Entry(key: member.key, value: value))
            } else if member.required && member.plan.hasDefaultsBelow, let value = member.plan.materialize(forced: true) {
                entries.append(RenderedNode.Entry(key: member.key, value: value))
            }
        }
        return RenderedNode(.mapping(entries), origin: origin)
    }

    // MARK: - Building

    /// A URI fragment with its `%XX` escapes decoded (a `$ref` to a key with a space or a `%`).
    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var rest = Array(text.utf8)[...]
        while let c = rest.popFirst() {
            if c == UInt8(ascii: "%"), rest.count >= 2, let byte = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(byte)
                rest = rest.dropFirst(2)
            } else {
                bytes.append(c)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The plan of a template's root schema for `environment`.
    static func build(_ template: TemplateSet.Template, environment: String?) throws(RenderError) -> DefaultPlan {
        var builder = Builder(template: template, environment: environment)
        return try builder.plan(template.root, visiting: [])
    }

    private struct Builder {
        let template: TemplateSet.Template
        let environment: String?
        var stream: ParsedStream { template.document }

        func origin(_ node: NodeID) -> ValueOrigin { .template(file: template.file, range: template.sourceRange(of: node)) }

        func member(_ schema: NodeID, _ name: String) -> NodeID? {
            stream.entries(schema).first { stream.keyToken($0.key) == name }.map { stream.resolved($0.value) }
        }

        /// The schema and the schemas its local `$ref`s lead to, in that order.
        func views(_ node: NodeID) -> [NodeID] {
            var result: [NodeID] = []
            var current: NodeID? = stream.resolved(node)
            while let node = current, stream.kind(node) == .mapping, !result.contains(node) {
                result.append(node)
                current = nil
                if let ref = member(node, "$ref"), stream.scalarType(ref) == .string, stream.string(ref).hasPrefix("#"),
                    let document = stream.document(containing: template.root),
                    let pointer = Optional(DefaultPlan.percentDecoded(String(stream.string(ref).dropFirst()))),
                    let target = stream.node(at: pointer, in: document)
                {
                    current = stream.resolved(target)
                }
            }
            return result
        }

        mutating func plan(_ node: NodeID, visiting: Set<NodeID>) throws(RenderError) -> DefaultPlan {
            let views = views(node)
            // A schema met again below itself (a recursive `$ref`) adds nothing more.
            guard let first = views.first, visiting.isDisjoint(with: views) else { return .empty }
            let below = visiting.union(views)
            var explicit: RenderedNode?
            for view in views where explicit == nil {
                if let byEnv = member(view, ShorthandTemplate.defaultByEnvKeyword) {
                    guard stream.kind(byEnv) == .mapping else {
                        throw .template(.wrongType(
                            file: template.file, at: template.sourceRange(of: byEnv).start,
                            path: ShorthandTemplate.defaultByEnvKeyword, expected: "a mapping of environment names to values",
                            found: ConfigNodeReader(stream: stream, file: template.file).describe(byEnv)))
                    }
                    if let environment, let value = member(byEnv, environment) {
                        explicit = RenderedNode(stream, value, origin: origin)
                        break
                    }
                }
                if let value = member(view, "default") { explicit = RenderedNode(stream, value, origin: origin) }
            }
            if let environment { explicit = explicit?.substituting(environment: environment) }
            var members: [Member] = []
            var required = Set<String>()
            var items: DefaultPlan?
            for view in views {
                if let list = member(view, "required"), stream.kind(list) == .sequence {
                    for name in stream.elements(list) where stream.scalarType(name) == .string { required.insert(stream.string(name)) }
                }
            }
            for view in views {
                if let properties = member(view, "properties"), stream.kind(properties) == .mapping {
                    for entry in stream.entries(properties) {
                        let key = stream.keyToken(entry.key)
                        guard !members.contains(where: { $0.key == key }) else { continue }
                        members.append(Member(key: key, plan: try plan(entry.value, visiting: below), required: required.contains(key)))
                    }
                }
                if items == nil, let schema = member(view, "items"), stream.kind(schema) == .mapping {
                    items = try plan(schema, visiting: below)
                }
            }
            return DefaultPlan(explicit: explicit, members: members, items: items, origin: origin(first))
        }
    }
}
