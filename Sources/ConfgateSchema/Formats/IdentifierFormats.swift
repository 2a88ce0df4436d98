extension FormatChecker {
    /// `uuid` (RFC 4122), `json-pointer` (RFC 6901) and `relative-json-pointer`.
    enum Identifier {
        private static let slash: UInt32 = 0x2F, tilde: UInt32 = 0x7E

        /// The string form of RFC 4122 section 3: 8-4-4-4-12 hex digits, either case. Version and
        /// variant nibbles are not checked (the suite expects versions 6 and 15 and unknown
        /// variants to pass; RFC 9562 defines versions 6 to 8). No "urn:uuid:" prefix, no braces.
        static func isUUID(_ s: Scalars) -> Bool {
            guard s.count == 36 else { return false }
            for (n, c) in s.enumerated() {
                let isHyphenPosition = n == 8 || n == 13 || n == 18 || n == 23
                guard isHyphenPosition ? c == 0x2D : ASCII.isHexDigit(c) else { return false }
            }
            return true
        }

        /// json-pointer = *( "/" reference-token ), where "~" is followed by "0" or "1".
        static func isJSONPointer(_ s: Scalars) -> Bool {
            guard let first = s.first else { return true }
            guard first == slash else { return false }
            var i = s.startIndex
            while i < s.endIndex {
                if s[i] == tilde {
                    guard i + 1 < s.endIndex, s[i + 1] == 0x30 || s[i + 1] == 0x31 else { return false }
                    i += 2
                } else {
                    i += 1
                }
            }
            return true
        }

        /// relative-json-pointer = non-negative-integer [index-manipulation] ( json-pointer / "#" )
        /// (draft-bhutton-relative-json-pointer-00, cited by 2020-12; earlier drafts cite
        /// draft-handrews-relative-json-pointer, which has no index manipulation).
        /// non-negative-integer = "0" / %x31-39 *DIGIT; index-manipulation = ("+" / "-") non-negative-integer
        static func isRelativeJSONPointer(_ s: Scalars, indexManipulation: Bool) -> Bool {
            var i = s.startIndex
            guard skipNonNegativeInteger(s, &i) else { return false }
            if indexManipulation, i < s.endIndex, s[i] == 0x2B || s[i] == 0x2D {
                i += 1
                guard skipNonNegativeInteger(s, &i) else { return false }
            }
            let rest = s[i...]
            return rest.elementsEqual([0x23]) || isJSONPointer(rest)
        }

        private static func skipNonNegativeInteger(_ s: Scalars, _ i: inout Int) -> Bool {
            let start = i
            while i < s.endIndex, ASCII.isDigit(s[i]) { i += 1 }
            return i > start && (s[start] != 0x30 || i == start + 1)
        }
    }
}
