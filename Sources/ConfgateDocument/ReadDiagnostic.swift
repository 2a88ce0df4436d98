/// A problem found while reading a file. The engine turns each one into a finding.
public struct ReadDiagnostic: Hashable, Sendable {
    public enum Kind: String, Sendable {
        /// Not well-formed YAML or JSON (rule `syntax-error`). Nothing after it in the file is read.
        case syntax = "syntax-error"
        /// A mapping key that appears twice (rule `duplicate-key`); `related` is the first occurrence.
        case duplicateKey = "duplicate-key"
        /// The file exceeds one of the ``InputLimits`` (rule `input-limit`). Reading stops there.
        case inputLimit = "input-limit"
        /// Invalid UTF-8, a UTF-16/32 byte-order mark, or binary content (rule `invalid-encoding`).
        case invalidEncoding = "invalid-encoding"
    }

    public var kind: Kind
    public var message: String
    public var range: SourceRange
    /// 0-based index of the document in the stream, `nil` where the problem is not inside a document.
    public var document: Int?
    /// JSON Pointer of the node concerned, `nil` where there is none.
    public var pointer: String?
    /// A secondary position, such as the first occurrence of a duplicate key.
    public var related: RelatedLocation?

    public init(
        kind: Kind, message: String, range: SourceRange, document: Int? = nil, pointer: String? = nil,
        related: RelatedLocation? = nil
    ) {
        self.kind = kind
        self.message = message
        self.range = range
        self.document = document
        self.pointer = pointer
        self.related = related
    }

    /// Whether reading stopped at this problem (the rest of the file was not read).
    public var isFatal: Bool { kind != .duplicateKey }
}

/// A secondary position that explains a finding, with a short note.
public struct RelatedLocation: Hashable, Sendable {
    public var message: String
    public var range: SourceRange
    /// The file of the related position, when it is not the finding's own file.
    public var file: String?

    public init(message: String, range: SourceRange, file: String? = nil) {
        self.message = message
        self.range = range
        self.file = file
    }
}
