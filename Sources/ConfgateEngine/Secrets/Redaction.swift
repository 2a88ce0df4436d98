import ConfgateDocument

/// Keeps detected secret values out of everything confgate prints: other findings' messages and
/// the source excerpts reporters show. Built from one file's secret hits.
public struct Redaction: Sendable {
    /// The values, longest first, so a value that contains another is replaced whole.
    let values: [String]
    /// The byte ranges of the values' nodes in the file, for excerpts.
    public let byteRanges: [Range<Int>]

    /// What stands for a secret in a message.
    public static let placeholder = "«redacted»"
    /// Raw occurrences of a value are replaced from this length; shorter values only where they
    /// appear quoted, which is how messages quote values (a three-letter password replaced
    /// everywhere would garble unrelated words).
    static let bareMinimumLength = 6

    public init() {
        values = []
        byteRanges = []
    }

    init(values: [String], byteRanges: [Range<Int>]) {
        self.values = values
        self.byteRanges = byteRanges
    }

    public init(_ hits: [SecretHit]) {
        values = Set(hits.map(\.value).filter { !$0.isEmpty }).sorted { $0.count > $1.count }
        byteRanges = hits.filter { !$0.value.isEmpty }.map { $0.range.start.offset..<max($0.range.start.offset, $0.range.end.offset) }
    }

    public var isEmpty: Bool { values.isEmpty }

    /// How `dump` and `resolve` print a secret value: its preview (at most four characters) and
    /// the placeholder, `AKIA…«redacted»`.
    public static func masked(_ value: String) -> String {
        SecretScanner.preview(value) + placeholder
    }

    /// The text with every secret value replaced.
    public func scrub(_ text: String) -> String {
        guard !values.isEmpty else { return text }
        var result = text
        for value in values {
            let quoted = JSONWriter.quoted(value)
            if result.contains(quoted) { result = result.replacingAll(quoted, with: "\"" + Redaction.placeholder + "\"") }
            if value.count >= Redaction.bareMinimumLength, result.contains(value) {
                result = result.replacingAll(value, with: Redaction.placeholder)
            }
        }
        return result
    }

    /// The finding with its messages scrubbed.
    public func scrub(_ finding: Finding) -> Finding {
        guard !values.isEmpty else { return finding }
        var copy = finding
        copy.message = scrub(finding.message)
        copy.related = finding.related.map { related in
            var r = related
            r.message = scrub(related.message)
            return r
        }
        return copy
    }

    /// The bytes `line` of `source` as text, with each character inside `masking` shown as `*`.
    static func masked(_ source: [UInt8], _ line: Range<Int>, _ masking: [Range<Int>]) -> String {
        let overlapping = masking.filter { $0.overlaps(line) }
        guard !overlapping.isEmpty else { return String(decoding: source[line], as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        for i in line {
            let byte = source[i]
            if overlapping.contains(where: { $0.contains(i) }) {
                // One `*` per character: skip UTF-8 continuation bytes so columns stay aligned.
                if byte & 0xC0 != 0x80 { out.append(UInt8(ascii: "*")) }
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free).
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
