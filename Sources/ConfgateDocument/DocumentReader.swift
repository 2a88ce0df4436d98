/// What reading one file gave: the tree (possibly partial) and every problem found on the way.
public struct ReadResult: Sendable {
    /// The parsed stream. After a fatal problem it holds the documents read before it; `nil` when the
    /// file could not be parsed at all (bad encoding, over the size limit).
    public let stream: ParsedStream?
    /// Problems in file order of discovery; at most one of them is fatal, and it comes last.
    public let diagnostics: [ReadDiagnostic]

    public init(stream: ParsedStream?, diagnostics: [ReadDiagnostic]) {
        self.stream = stream
        self.diagnostics = diagnostics
    }
}

/// Reads YAML and JSON bytes into a ``ParsedStream``. The entry point of this library.
///
/// Never traps on input: every malformed, oversized, binary or mis-encoded file yields a
/// ``ReadDiagnostic`` instead.
public struct DocumentReader: Sendable {
    public var limits: InputLimits

    public init(limits: InputLimits = .default) {
        self.limits = limits
    }

    public func read(_ bytes: [UInt8], format: SourceFormat) -> ReadResult {
        if bytes.count > limits.maxFileBytes {
            return failure(
                .inputLimit,
                "file is \(bytes.count) bytes, more than the limit of \(limits.maxFileBytes) (limit max-file-bytes)",
                at: .start)
        }
        if bytes.isEmpty {
            if format == .yaml { return ReadResult(stream: emptyStream(bytes, format), diagnostics: []) }
        }
        return bytes.withUnsafeBufferPointer { buffer -> ReadResult in
            if let wide = Encoding.wideEncoding(buffer) {
                return failure(
                    .invalidEncoding, "file is encoded as \(wide); confgate reads UTF-8 only", at: .start)
            }
            let contentStart = Encoding.hasUTF8BOM(buffer) ? 3 : 0
            switch format {
            case .yaml:
                let scan = Encoding.scan(buffer, from: contentStart)
                if let nul = scan.firstNUL, scan.firstInvalid.map({ nul < $0 }) ?? true {
                    return failure(
                        .invalidEncoding, "binary file: it contains a NUL byte, which YAML text cannot",
                        at: Encoding.location(of: nul, in: buffer))
                }
                if let bad = scan.firstInvalid {
                    return failure(
                        .invalidEncoding, "invalid UTF-8: byte 0x\(hex(buffer[bad])) does not start a valid character",
                        at: Encoding.location(of: bad, in: buffer))
                }
                let (stream, diagnostics) = YAMLReader(limits: limits).read(
                    bytes, contentStart: contentStart, asciiOnly: !scan.hasNonASCII)
                return ReadResult(stream: stream, diagnostics: diagnostics)
            case .json, .jsonc:
                if looksBinary(buffer, from: contentStart) {
                    return failure(.invalidEncoding, "binary file: it contains NUL bytes and is not JSON text", at: .start)
                }
                let (stream, diagnostics) = JSONReader(limits: limits, allowCommentsAndTrailingCommas: format == .jsonc)
                    .read(bytes, contentStart: contentStart)
                return ReadResult(stream: stream, diagnostics: diagnostics)
            }
        }
    }

    /// A JSON file is called binary only when it could not even start a JSON value and holds a NUL
    /// byte; any other malformed JSON is a syntax error with the JSON grammar's own message.
    private func looksBinary(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var i = start
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
        guard i < b.count else { return false }
        let first = b[i]
        let canStartJSON = "{[\"-0123456789tfn/".utf8.contains(first)
        return !canStartJSON && b.contains(0)
    }

    private func failure(_ kind: ReadDiagnostic.Kind, _ message: String, at location: SourceLocation) -> ReadResult {
        ReadResult(
            stream: nil,
            diagnostics: [ReadDiagnostic(kind: kind, message: message, range: SourceRange(at: location))])
    }

    private func emptyStream(_ bytes: [UInt8], _ format: SourceFormat) -> ParsedStream {
        ParsedStream(source: bytes, format: format, documents: [], nodes: [], values: [], strings: [], sharesNodes: false)
    }
}
