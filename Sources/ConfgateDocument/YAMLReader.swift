internal import CLibYAML

/// Reads YAML streams with libyaml's event API into the positioned tree.
///
/// libyaml marks count characters, not bytes (../shared/notes/swift-c-libraries-spike.md, pitfall 8),
/// so byte offsets are computed here from the character index.
struct YAMLReader {
    let limits: InputLimits

    func read(_ bytes: [UInt8], contentStart: Int, asciiOnly: Bool) -> (ParsedStream, [ReadDiagnostic]) {
        var builder = TreeBuilder(source: bytes, limits: limits)
        var stopDiagnostic: ReadDiagnostic?
        var lastMark = SourceLocation(line: 1, column: 1, offset: contentStart)
        bytes.withUnsafeBufferPointer { buffer in
            var offsets = OffsetMapper(buffer: buffer, base: contentStart, asciiOnly: asciiOnly)
            func location(_ mark: yaml_mark_t) -> SourceLocation {
                SourceLocation(
                    line: Int(mark.line) + 1, column: Int(mark.column) + 1, offset: offsets.byteOffset(ofCharacter: Int(mark.index)))
            }
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                stopDiagnostic = ReadDiagnostic(
                    kind: .syntax, message: "the YAML parser could not be initialised (out of memory)",
                    range: SourceRange(at: .start))
                return
            }
            defer { yaml_parser_delete(&parser) }
            // libyaml skips a leading UTF-8 BOM itself, without counting it in its marks (so the
            // mapper's base is right), but only when it detects the encoding: forcing UTF-8 with
            // yaml_parser_set_encoding makes it read the BOM as a character of column 1, which shifts
            // every column and offset on line 1 and breaks the indentation of a block mapping.
            // UTF-16 and UTF-32 were refused before this point.
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            loop: while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    stopDiagnostic = syntaxDiagnostic(
                        parser, buffer: buffer, location: location, document: builder.documentIndex)
                    break
                }
                defer { yaml_event_delete(&event) }
                let range = SourceRange(start: location(event.start_mark), end: location(event.end_mark))
                lastMark = range.end
                do throws(TreeBuilder.Stop) {
                    switch event.type {
                    case YAML_STREAM_END_EVENT:
                        break loop
                    case YAML_DOCUMENT_START_EVENT:
                        builder.beginDocument(at: range.start)
                    case YAML_DOCUMENT_END_EVENT:
                        builder.endDocument(at: range.end)
                    case YAML_SCALAR_EVENT:
                        let s = event.data.scalar
                        let tag = cString(s.tag)
                        let style: ScalarStyle =
                            switch s.style {
                            case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
                            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
                            case YAML_LITERAL_SCALAR_STYLE: .literal
                            case YAML_FOLDED_SCALAR_STYLE: .folded
                            default: .plain
                            }
                        let value = UnsafeBufferPointer(start: s.value, count: Int(s.length))
                        let type = ScalarResolver.resolve(value, plain: style == .plain, tag: tag)
                        try builder.addScalar(
                            value: value, style: style, type: type, range: range, tag: tag, anchor: cString(s.anchor))
                    case YAML_SEQUENCE_START_EVENT:
                        let s = event.data.sequence_start
                        try builder.openCollection(
                            isMapping: false, style: s.style == YAML_FLOW_SEQUENCE_STYLE ? .flow : .block,
                            range: range, tag: cString(s.tag), anchor: cString(s.anchor))
                    case YAML_MAPPING_START_EVENT:
                        let s = event.data.mapping_start
                        try builder.openCollection(
                            isMapping: true, style: s.style == YAML_FLOW_MAPPING_STYLE ? .flow : .block,
                            range: range, tag: cString(s.tag), anchor: cString(s.anchor))
                    case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                        builder.closeCollection(end: range.end)
                    case YAML_ALIAS_EVENT:
                        try builder.addAlias(name: cString(event.data.alias.anchor) ?? "", range: range)
                    default:
                        break
                    }
                } catch {
                    stopDiagnostic = error.diagnostic
                    break loop
                }
            }
        }
        let stream = builder.finish(format: .yaml, end: lastMark, stop: stopDiagnostic)
        return (stream, builder.diagnostics)
    }

    private func cString(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }

    /// libyaml's complaint, kept in its own words (users search for them) plus where the construct
    /// it was reading began.
    private func syntaxDiagnostic(
        _ parser: yaml_parser_t, buffer: UnsafeBufferPointer<UInt8>, location: (yaml_mark_t) -> SourceLocation,
        document: Int
    ) -> ReadDiagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        var message = problem
        let at: SourceLocation
        if parser.error == YAML_READER_ERROR {
            // Reader errors carry a byte offset rather than a mark.
            at = Encoding.location(of: Int(parser.problem_offset), in: buffer)
        } else {
            // libyaml puts the end of the stream on a line of its own even when the file does not
            // end with a line break; a mark there is moved to the real end of the file, so the
            // position names a line the user's editor shows.
            func located(_ mark: yaml_mark_t) -> SourceLocation {
                let l = location(mark)
                return l.offset >= buffer.count ? Encoding.location(of: buffer.count, in: buffer) : l
            }
            at = located(parser.problem_mark)
            if message == "found character that cannot start any token", at.offset < buffer.count,
                buffer[at.offset] == 0x09
            {
                message = "found a tab character that cannot start any token (YAML indents with spaces, not tabs)"
            } else if message == "found unexpected end of stream" {
                message = "unexpected end of file"
            } else if at.offset >= buffer.count {
                message = "unexpected end of file: " + message
            }
            // The context names where the construct began; it adds nothing when that is the
            // problem's own position.
            if let context = parser.context.map({ String(cString: $0) }) {
                let c = located(parser.context_mark)
                if c.offset != at.offset { message += " (\(context) that started at line \(c.line), column \(c.column))" }
            }
        }
        return ReadDiagnostic(kind: .syntax, message: message, range: SourceRange(at: at), document: document)
    }
}

/// Maps libyaml's character indexes to byte offsets. Marks arrive almost in order, so a cursor that
/// walks forward (or, rarely, back) from the last answer makes the mapping linear over a file.
struct OffsetMapper {
    let buffer: UnsafeBufferPointer<UInt8>
    let base: Int
    let asciiOnly: Bool
    private var character = 0
    private var byte: Int

    init(buffer: UnsafeBufferPointer<UInt8>, base: Int, asciiOnly: Bool) {
        self.buffer = buffer
        self.base = base
        self.asciiOnly = asciiOnly
        self.byte = base
    }

    mutating func byteOffset(ofCharacter target: Int) -> Int {
        if asciiOnly { return min(base + target, buffer.count) }
        while character < target && byte < buffer.count {
            byte += 1
            while byte < buffer.count && buffer[byte] & 0xC0 == 0x80 { byte += 1 }
            character += 1
        }
        while character > target && byte > base {
            byte -= 1
            while byte > base && buffer[byte] & 0xC0 == 0x80 { byte -= 1 }
            character -= 1
        }
        return byte
    }
}
