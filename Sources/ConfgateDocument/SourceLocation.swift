/// A position in a source file.
///
/// `line` and `column` are 1-based; `column` counts Unicode scalars (so a tab, an `é` or a `東` is one
/// column each), which is what editors and SARIF's `unicodeCodePoints` column kind expect. `offset` is
/// the 0-based byte offset into the file as it was read, including a UTF-8 byte-order mark, which is
/// not counted as a column.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The first character of a file.
    public static let start = SourceLocation(line: 1, column: 1, offset: 0)

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column, lhs.offset) < (rhs.line, rhs.column, rhs.offset)
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open source range: `end` is the position just after the last character.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// An empty range at one position.
    public init(at location: SourceLocation) {
        self.start = location
        self.end = location
    }

    public var description: String { "\(start)-\(end)" }
}
