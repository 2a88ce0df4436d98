/// Bounds on what one file may make confgate do. Exceeding one is an `input-limit` finding, never a
/// crash, a hang or unbounded memory. See `docs/input-limits.md`.
public struct InputLimits: Sendable, Hashable {
    /// Largest file read, in bytes.
    public var maxFileBytes: Int
    /// Deepest nesting of mappings and sequences.
    public var maxDepth: Int
    /// Most nodes in one document (the count restarts at each document of a YAML stream), counting
    /// every alias as the full subtree it stands for, so a "billion laughs" document is refused
    /// without ever being expanded.
    public var maxNodes: Int
    /// Longest single scalar, in bytes.
    public var maxScalarBytes: Int

    public init(
        maxFileBytes: Int = 16 * 1024 * 1024,
        maxDepth: Int = 256,
        maxNodes: Int = 1_000_000,
        maxScalarBytes: Int = 1024 * 1024
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxScalarBytes = maxScalarBytes
    }

    public static let `default` = InputLimits()
}
