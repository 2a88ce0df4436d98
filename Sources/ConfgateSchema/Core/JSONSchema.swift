import ConfgateDocument

/// How a schema is applied.
public struct ValidationOptions: Sendable, Hashable {
    /// `format` as an assertion (`--strict-formats`) rather than an annotation.
    public var formatAssertion: Bool
    /// Nested schema evaluations on one instance location before a schema is judged to recurse
    /// forever (`{"$ref": "#"}`); the instance then gets a `depth-limit` violation.
    public var maxEvaluationDepth: Int

    public init(formatAssertion: Bool = false, maxEvaluationDepth: Int = 512) {
        self.formatAssertion = formatAssertion
        self.maxEvaluationDepth = maxEvaluationDepth
    }
}

/// One way an instance fails a schema, at the most specific node.
public struct SchemaViolation: Sendable, Hashable {
    /// The keyword that failed (`type`, `required`, `additionalProperties`, ...), or `false` for a
    /// false schema, `pattern-limit` for a regex over its match limit, `depth-limit`.
    public var keyword: String
    /// The node the violation is about: for `required` the mapping, for `additionalProperties` the key.
    public var node: NodeID
    public var message: String
    /// `uri#/pointer` of the failing keyword in its schema document.
    public var schemaLocation: String
}

/// A compiled JSON Schema: compile once, validate many documents, from many threads.
public final class JSONSchema: @unchecked Sendable {
    let root: CompiledSchema
    let dynamicTargets: [Int: [String: CompiledSchema]]
    let recursiveTargets: [Int: CompiledSchema]
    public let options: ValidationOptions
    /// The draft the schema's root is written in.
    public var draft: Draft { root.draft }
    /// What the schema's confgate annotations (`x-parity`, `x-confgate-merge`) and declared paths
    /// say about an instance's paths. Built with the schema: the registry may only be read while
    /// compiling (later compilations add to it from other threads), and the walk costs a fraction
    /// of the compilation's.
    public let annotations: SchemaAnnotations

    private init(compiler: SchemaCompiler, root: CompiledSchema, location: SchemaLocation) {
        self.root = root
        self.dynamicTargets = compiler.dynamicTargets
        self.recursiveTargets = compiler.recursiveTargets
        self.options = compiler.options
        self.annotations = AnnotationIndexBuilder(registry: compiler.registry, referenceTargets: compiler.referenceTargets)
            .build(root: location)
    }

    /// Compiles the schema at `root` of `stream`, adding the document to `registry` under `uri`.
    public static func compile(
        _ stream: ParsedStream, root: NodeID, uri: String, name: String? = nil, registry: SchemaRegistry,
        options: ValidationOptions = ValidationOptions()
    ) throws(SchemaError) -> JSONSchema {
        let location = registry.add(stream, root: root, uri: uri, name: name ?? uri)
        let compiler = SchemaCompiler(registry: registry, options: options)
        let compiled = try compiler.compile(location)
        try compiler.finish()
        return JSONSchema(compiler: compiler, root: compiled, location: location)
    }

    /// Compiles a schema already in the registry, by URI (a meta-schema, a registered template).
    public static func compile(
        uri: String, registry: SchemaRegistry, options: ValidationOptions = ValidationOptions()
    ) throws(SchemaError) -> JSONSchema {
        guard let location = registry.lookup(URIReference(uri)) else {
            throw .unresolvableReference(schema: uri, pointer: "", location: nil, reference: uri)
        }
        let compiler = SchemaCompiler(registry: registry, options: options)
        let compiled = try compiler.compile(location)
        try compiler.finish()
        return JSONSchema(compiler: compiler, root: compiled, location: location)
    }

    /// Every violation of the schema by `node` of `stream` (empty when valid). For `anyOf` and
    /// `oneOf` only the best-matching branch's violations are reported.
    public func validate(_ stream: ParsedStream, _ node: NodeID) -> [SchemaViolation] {
        var evaluator = Evaluator(stream: stream, schema: self, wantErrors: true)
        return evaluator.evaluate(root, stream.resolved(node), annotate: false).errors
    }

    /// Whether `node` is valid; faster than `validate` (stops at the first failure).
    public func isValid(_ stream: ParsedStream, _ node: NodeID) -> Bool {
        var evaluator = Evaluator(stream: stream, schema: self, wantErrors: false)
        return evaluator.evaluate(root, stream.resolved(node), annotate: false).valid
    }
}
