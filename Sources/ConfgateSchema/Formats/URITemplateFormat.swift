extension FormatChecker {
    /// `uri-template`: the syntax of RFC 6570 section 2 (level 4), with verified erratum 6937,
    /// which puts the apostrophe back among the literals (the RFC's own examples use it).
    /// Syntax only: the reserved operators "=", ",", "!", "@" and "|" are accepted, as the
    /// grammar's `operator` rule does, though no level defines their expansion.
    enum URITemplate {
        private static let open: UInt32 = 0x7B, close: UInt32 = 0x7D, percent: UInt32 = 0x25

        /// URI-Template = *( literals / expression )
        static func isValid(_ s: Scalars) -> Bool {
            var i = s.startIndex
            while i < s.endIndex {
                switch s[i] {
                case open:
                    guard let end = s[(i + 1)...].firstIndex(of: close), isExpression(s[(i + 1)..<end]) else {
                        return false
                    }
                    i = end + 1
                case percent:
                    guard isPercentEncoded(s, i) else { return false }
                    i += 3
                default:
                    guard isLiteral(s[i]) else { return false }
                    i += 1
                }
            }
            return true
        }

        // MARK: - Expressions

        /// expression = "{" [ operator ] variable-list "}"; variable-list = varspec *( "," varspec )
        private static func isExpression(_ e: Scalars) -> Bool {
            var list = e
            if let first = list.first, Array("+#./;?&=,!@|".unicodeScalars.map(\.value)).contains(first) {
                list = list.dropFirst()
            }
            return !list.isEmpty && list.split(separator: 0x2C, omittingEmptySubsequences: false).allSatisfy(isVarspec)
        }

        /// varspec = varname [ ":" max-length / "*" ]; max-length = %x31-39 0*3DIGIT
        private static func isVarspec(_ v: Scalars) -> Bool {
            var name = v
            if v.last == 0x2A {
                name = v.dropLast()
            } else if let colon = v.firstIndex(of: 0x3A) {
                name = v[..<colon]
                let length = v[(colon + 1)...]
                guard (1...4).contains(length.count), length.allSatisfy(ASCII.isDigit), length.first != 0x30 else {
                    return false
                }
            }
            return isVarname(name)
        }

        /// varname = varchar *( ["."] varchar ); varchar = ALPHA / DIGIT / "_" / pct-encoded
        private static func isVarname(_ s: Scalars) -> Bool {
            guard let first = s.first, first != 0x2E, s.last != 0x2E else { return false }
            var i = s.startIndex
            while i < s.endIndex {
                let c = s[i]
                if c == percent {
                    guard isPercentEncoded(s, i) else { return false }
                    i += 3
                    continue
                }
                if c == 0x2E {
                    guard s[i + 1] != 0x2E else { return false }  // the last one is not a dot
                } else {
                    guard ASCII.isAlpha(c) || ASCII.isDigit(c) || c == 0x5F else { return false }
                }
                i += 1
            }
            return true
        }

        // MARK: - Characters

        /// literals = %x21 / %x23-24 / %x26-3B / %x3D / %x3F-5B / %x5D / %x5F / %x61-7A / %x7E
        ///          / ucschar / iprivate   (and pct-encoded, handled by the caller)
        private static func isLiteral(_ c: UInt32) -> Bool {
            switch c {
            case 0x21, 0x23, 0x24, 0x26...0x3B, 0x3D, 0x3F...0x5B, 0x5D, 0x5F, 0x61...0x7A, 0x7E: return true
            default: return URI.isUCSChar(c) || URI.isPrivateUse(c)
            }
        }

        private static func isPercentEncoded(_ s: Scalars, _ i: Int) -> Bool {
            i + 2 < s.endIndex && ASCII.isHexDigit(s[i + 1]) && ASCII.isHexDigit(s[i + 2])
        }
    }
}
