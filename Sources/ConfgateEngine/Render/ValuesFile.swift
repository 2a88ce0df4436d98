import ConfgateDocument

/// A `--values FILE` layer: a YAML or JSON file whose first document is merged over the
/// configuration (docs/render.md, docs/environments.md for the merge rules).
public struct ValuesFile: Sendable {
    /// The file as the user named it.
    public let file: String
    public let stream: ParsedStream
    /// The first document, `nil` for a file without one (only comments): it changes nothing.
    public let root: NodeID?

    public init(file: String, stream: ParsedStream, root: NodeID?) {
        self.file = file
        self.stream = stream
        self.root = root
    }

    /// Reads `path` (YAML unless it ends in `.json`); a file that cannot be read or does not parse
    /// cleanly is an error naming the file (and line and column).
    public static func read(path: String, displayPath: String, limits: InputLimits = .default) throws(RenderError) -> ValuesFile {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readFile(path, limit: limits.maxFileBytes)
        } catch {
            throw .valuesFile(file: displayPath, at: nil, reason: "cannot read values file: \(error.description)")
        }
        let result = DocumentReader(limits: limits).read(bytes, format: SourceFormat.forPath(path) ?? .yaml)
        if let problem = result.diagnostics.first(where: \.isFatal) ?? result.diagnostics.first {
            throw .valuesFile(file: displayPath, at: problem.range.start, reason: problem.message)
        }
        guard let stream = result.stream else {
            throw .valuesFile(file: displayPath, at: nil, reason: "the values file cannot be read")
        }
        return ValuesFile(file: displayPath, stream: stream, root: stream.documents.first?.root)
    }

    /// The file's values, each with its position (a block collection's at its key, as lint points).
    var node: RenderedNode? {
        root.map { root in
            RenderedNode(stream, root) { [stream, file] node in .values(file: file, range: Linter.findingRange(stream, node)) }
        }
    }
}
