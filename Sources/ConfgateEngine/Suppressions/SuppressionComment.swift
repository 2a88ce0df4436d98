import ConfgateDocument

/// `# confgate: ignore[rule-id, other-*] reason` in a YAML file (`// confgate: ...` in JSONC): the
/// named rules' findings that start on the comment's line (a trailing comment) or on the line
/// below it (a comment on a line of its own) are suppressed. See docs/suppressions.md.
public struct SuppressionComment: Sendable, Hashable {
    public var rules: [RulePattern]
    /// The text after `]`, trimmed; `""` when there is none.
    public var reason: String
    /// From the comment marker (`#`, `//`) to the last character of the comment that is not blank.
    public var range: SourceRange
    /// The line whose findings it suppresses.
    public var targetLine: Int

    /// The suppression comments of a file.
    ///
    /// libyaml reports no comments, so they are found in the bytes. A `#` counts only where YAML
    /// starts a comment (at the start of a line or after a space or tab) and only outside every
    /// scalar of the parsed tree, so `url: "http://x #confgate: ignore[...]"` and the lines of a
    /// block scalar are values, not comments. `readableEnd` is where the parsed tree stops being
    /// trustworthy (after a fatal problem the rest of the file has no tree): nothing beyond it is
    /// taken for a comment.
    static func find(in stream: ParsedStream, format: SourceFormat, documents: Int, readableEnd: Int)
        -> [SuppressionComment]
    {
        let bytes = stream.source
        guard format == .yaml || format == .jsonc, readableEnd > 0, contains(bytes, directive) else { return [] }
        let spans = scalarSpans(stream, documents: documents)
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let end = min(readableEnd, bytes.count)

        /// Every comment found (suppression or not): own-line ones let suppression comments stack.
        var comments: [(offset: Int, textStart: Int, textEnd: Int, line: Int, lineStart: Int, ownLine: Bool)] = []
        var i = bom, line = 1, lineStart = bom, span = 0
        func lineBreak(at index: Int) -> Int? {  // the length of a line break starting at `index`
            if bytes[index] == 0x0A { return 1 }
            if bytes[index] == 0x0D { return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1 }
            return nil
        }
        func lineEnd(from index: Int) -> Int {
            var j = index
            while j < bytes.count && bytes[j] != 0x0A && bytes[j] != 0x0D { j += 1 }
            return j
        }
        func isBlank(_ range: Range<Int>) -> Bool { bytes[range].allSatisfy { $0 == 0x20 || $0 == 0x09 } }
        /// Moves past one character, or one line break, keeping `line` and `lineStart` in step.
        func step() {
            if let n = lineBreak(at: i) {
                i += n
                line += 1
                lineStart = i
            } else {
                i += 1
            }
        }

        while i < end {
            while span < spans.count && spans[span].upperBound <= i { span += 1 }
            if span < spans.count && spans[span].lowerBound <= i {
                // Inside a scalar: skip it, counting the line breaks it holds.
                while i < spans[span].upperBound && i < bytes.count { step() }
                continue
            }
            if let n = lineBreak(at: i) {
                i += n
                line += 1
                lineStart = i
                continue
            }
            let b = bytes[i]
            var markerLength = 0
            if format == .yaml {
                if b == 0x23, i == lineStart || bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09 { markerLength = 1 }
            } else if b == 0x2F, i + 1 < bytes.count {
                if bytes[i + 1] == 0x2F {
                    markerLength = 2
                } else if bytes[i + 1] == 0x2A {
                    // A block comment: `//` inside it is not a comment of its own.
                    i += 2
                    while i < end && !(bytes[i] == 0x2A && i + 1 < bytes.count && bytes[i + 1] == 0x2F) { step() }
                    i += 2
                    continue
                }
            }
            if markerLength > 0 {
                let stop = lineEnd(from: i)
                var textEnd = stop
                while textEnd > i && (bytes[textEnd - 1] == 0x20 || bytes[textEnd - 1] == 0x09) { textEnd -= 1 }
                comments.append((i, i + markerLength, textEnd, line, lineStart, isBlank(lineStart..<i)))
                i = stop
                continue
            }
            i += 1
        }

        let ownLineComments = Set(comments.filter(\.ownLine).map(\.line))
        var result: [SuppressionComment] = []
        for comment in comments {
            guard let (rules, reason) = parse(bytes[comment.textStart..<comment.textEnd]) else { continue }
            var target = comment.line
            if comment.ownLine {
                // The next line that is not itself a comment line, so suppression comments stack.
                target += 1
                while ownLineComments.contains(target) { target += 1 }
            }
            let column = 1 + columns(bytes[comment.lineStart..<comment.offset])
            let start = SourceLocation(line: comment.line, column: column, offset: comment.offset)
            let endLocation = SourceLocation(
                line: comment.line, column: column + columns(bytes[comment.offset..<comment.textEnd]),
                offset: comment.textEnd)
            result.append(
                SuppressionComment(
                    rules: rules, reason: reason, range: SourceRange(start: start, end: endLocation), targetLine: target))
        }
        return result
    }

    static let directive = Array("confgate:".utf8)

    /// The rules and reason of `confgate: ignore[ids] reason` (the comment's text after its marker);
    /// `nil` when the text is no such directive or an id is malformed, so a typo leaves the finding
    /// visible rather than silencing more than intended.
    static func parse(_ text: ArraySlice<UInt8>) -> ([RulePattern], String)? {
        var rest = text.drop { $0 == 0x20 || $0 == 0x09 }
        guard rest.starts(with: directive) else { return nil }
        rest = rest.dropFirst(directive.count).drop { $0 == 0x20 || $0 == 0x09 }
        let ignore = Array("ignore[".utf8)
        guard rest.starts(with: ignore) else { return nil }
        rest = rest.dropFirst(ignore.count)
        guard let close = rest.firstIndex(of: 0x5D) else { return nil }
        var rules: [RulePattern] = []
        for id in rest[..<close].split(separator: 0x2C, omittingEmptySubsequences: false) {
            let trimmed = String(decoding: id, as: UTF8.self).trimmingWhitespace()
            guard let pattern = RulePattern(trimmed) else { return nil }
            rules.append(pattern)
        }
        let reason = String(decoding: rest[(close + 1)...], as: UTF8.self).trimmingWhitespace()
        return (rules, reason)
    }

    /// The byte ranges of every scalar (keys included) of the first `documents` documents.
    static func scalarSpans(_ stream: ParsedStream, documents: Int) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var stack = stream.documents.prefix(documents).map(\.root)
        while let node = stack.popLast() {
            switch stream.kind(node) {
            case .scalar:
                let range = stream.range(node)
                if range.end.offset > range.start.offset { spans.append(range.start.offset..<range.end.offset) }
            case .mapping, .sequence:
                stack.append(contentsOf: stream.rawChildren(node))
            case .alias:
                break
            }
        }
        return spans.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Columns count Unicode scalars: every byte that does not continue a UTF-8 sequence.
    static func columns(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// Whether `needle` occurs in `haystack`: the cheap test that keeps files without any
    /// `confgate:` directive (nearly all) off the comment scan.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, let last = needle.last, haystack.count >= needle.count else { return false }
        let n = needle.count
        return haystack.withUnsafeBufferPointer { h in
            var i = 0
            let end = h.count - n
            while i <= end {
                // First and last byte before the whole comparison: one or two loads per position.
                if h[i] == first && h[i + n - 1] == last {
                    var j = 1
                    while j < n - 1 && h[i + j] == needle[j] { j += 1 }
                    if j >= n - 1 { return true }
                }
                i += 1
            }
            return false
        }
    }
}
