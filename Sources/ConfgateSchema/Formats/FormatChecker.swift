/// The JSON Schema draft whose `format` vocabulary applies. Drafts differ in which formats they
/// define (see ``FormatChecker/knownFormats(in:)``) and, for `relative-json-pointer`, in grammar.
public enum FormatDraft: Sendable, CaseIterable {
    case draft4, draft6, draft7, draft2019_09, draft2020_12
}

/// `format` as an assertion: whether a string is a valid date-time, hostname, URI, ... Each format
/// is checked against the exact grammar of the RFC the drafts cite, by hand-written parsers over
/// Unicode scalars (no Foundation, no regular expressions). docs/formats.md lists each format's
/// RFC and what is not checked.
public enum FormatChecker {
    /// nil when the format name is unknown to `draft` (unknown formats are ignored by the
    /// validator); otherwise whether `value` is valid. `regexIsValid` is supplied by the caller
    /// (the validator's ECMA-262 regex compiler); formats other than `regex` never call it.
    public static func check(
        _ format: String, _ value: String, draft: FormatDraft, regexIsValid: (String) -> Bool
    ) -> Bool? {
        guard let kind = FormatKind(rawValue: format), kind.isDefined(in: draft) else { return nil }
        let s = value.unicodeScalars.map(\.value)[...]
        switch kind {
        case .dateTime: return DateTime.isDateTime(s)
        case .date: return DateTime.isFullDate(s)
        case .time: return DateTime.isFullTime(s)
        case .duration: return DateTime.isDuration(s)
        case .email: return Email.isMailbox(s, international: false)
        case .idnEmail: return Email.isMailbox(s, international: true)
        case .hostname: return Hostname.isHostname(s)
        case .idnHostname: return Hostname.isIDNHostname(s)
        case .ipv4: return IPAddress.isIPv4(s)
        case .ipv6: return IPAddress.isIPv6(s)
        case .uri: return URI.isValid(s, international: false, reference: false)
        case .uriReference: return URI.isValid(s, international: false, reference: true)
        case .iri: return URI.isValid(s, international: true, reference: false)
        case .iriReference: return URI.isValid(s, international: true, reference: true)
        case .uriTemplate: return URITemplate.isValid(s)
        case .uuid: return Identifier.isUUID(s)
        case .jsonPointer: return Identifier.isJSONPointer(s)
        case .relativeJSONPointer:
            // 2020-12 cites draft-bhutton-relative-json-pointer-00, which adds index manipulation.
            return Identifier.isRelativeJSONPointer(s, indexManipulation: draft == .draft2020_12)
        case .regex: return regexIsValid(value)
        }
    }

    /// Every format name this checker knows, in any draft.
    public static let knownFormats: Set<String> = Set(FormatKind.allCases.map(\.rawValue))

    /// The format names `draft` defines; ``check(_:_:draft:regexIsValid:)`` answers nil for others.
    public static func knownFormats(in draft: FormatDraft) -> Set<String> {
        Set(FormatKind.allCases.filter { $0.isDefined(in: draft) }.map(\.rawValue))
    }
}

// The parsers' types are nested in FormatChecker so that their names cannot collide with those
// other parts of the module choose.
extension FormatChecker {
    /// The formats, and the first draft that defines each. A format a draft does not define is,
    /// for that draft, an unknown format, which the specification says to ignore (as
    /// python-jsonschema does): `uuid` in a draft-07 schema is not checked.
    enum FormatKind: String, CaseIterable {
        case dateTime = "date-time", date, time, duration
        case email, idnEmail = "idn-email", hostname, idnHostname = "idn-hostname", ipv4, ipv6
        case uri, uriReference = "uri-reference", iri, iriReference = "iri-reference"
        case uriTemplate = "uri-template", uuid, regex
        case jsonPointer = "json-pointer", relativeJSONPointer = "relative-json-pointer"

        func isDefined(in draft: FormatDraft) -> Bool {
            Self.rank(draft) >= Self.rank(introducedIn)
        }

        private var introducedIn: FormatDraft {
            switch self {
            case .dateTime, .email, .hostname, .ipv4, .ipv6, .uri: .draft4
            case .uriReference, .uriTemplate, .jsonPointer: .draft6
            case .date, .time, .idnEmail, .idnHostname, .iri, .iriReference, .relativeJSONPointer, .regex: .draft7
            case .duration, .uuid: .draft2019_09
            }
        }

        private static func rank(_ draft: FormatDraft) -> Int {
            switch draft {
            case .draft4: 4
            case .draft6: 6
            case .draft7: 7
            case .draft2019_09: 8
            case .draft2020_12: 9
            }
        }
    }

    /// A string as Unicode scalar values: every parser works on these, never on Characters (a
    /// combining mark after a separator would otherwise be glued to it).
    typealias Scalars = ArraySlice<UInt32>

    /// The character classes of the RFC grammars (ABNF's ALPHA, DIGIT, HEXDIG).
    enum ASCII {
        static func isDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }
        static func isAlpha(_ c: UInt32) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        static func isHexDigit(_ c: UInt32) -> Bool { isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) }
        static func lowercased(_ c: UInt32) -> UInt32 { (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c }
        static func isLetterDigitHyphen(_ c: UInt32) -> Bool { isAlpha(c) || isDigit(c) || c == 0x2D }

        /// The scalars of an ASCII literal, for comparisons.
        static func scalars(_ s: StaticString) -> [UInt32] {
            s.withUTF8Buffer { $0.map(UInt32.init) }
        }
    }
}
