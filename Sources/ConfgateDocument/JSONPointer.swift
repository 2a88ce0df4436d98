/// RFC 6901 JSON Pointer helpers.
///
/// They work on UTF-8 bytes, not on `Character`s: a `/` or `~` followed by a combining mark (a key
/// `"\u{598}l"` gives the pointer `/\u{598}l`) is one grapheme cluster, which `hasPrefix("/")`,
/// `split(separator: "/")` and substring search would not see as a `/` or `~` at all.
public enum JSONPointer {
    private static let slash = UInt8(ascii: "/")
    private static let tilde = UInt8(ascii: "~")

    /// Escapes one reference token (`~` -> `~0`, `/` -> `~1`).
    public static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == tilde || $0 == slash }) else { return token }
        var out: [UInt8] = []
        out.reserveCapacity(token.utf8.count + 4)
        for c in token.utf8 {
            switch c {
            case tilde: out += [tilde, UInt8(ascii: "0")]
            case slash: out += [tilde, UInt8(ascii: "1")]
            default: out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Splits a pointer into unescaped tokens; `nil` when it is not a valid pointer.
    public static func tokens(_ pointer: String) -> [String]? {
        let bytes = Array(pointer.utf8)
        if bytes.isEmpty { return [] }
        guard bytes[0] == slash else { return nil }
        // Splitting at the ASCII byte `/` never cuts a multi-byte character.
        return bytes[1...].split(separator: slash, omittingEmptySubsequences: false).map { token in
            var out: [UInt8] = []
            out.reserveCapacity(token.count)
            var i = token.startIndex
            while i < token.endIndex {
                if token[i] == tilde, i + 1 < token.endIndex, token[i + 1] == UInt8(ascii: "1") {
                    out.append(slash)
                    i += 2
                } else if token[i] == tilde, i + 1 < token.endIndex, token[i + 1] == UInt8(ascii: "0") {
                    out.append(tilde)
                    i += 2
                } else {
                    out.append(token[i])
                    i += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Appends one token to a pointer.
    public static func appending(_ pointer: String, _ token: String) -> String {
        pointer + "/" + escape(token)
    }
}
