extension FormatChecker {
    /// `uri`, `uri-reference` (RFC 3986 Appendix A) and `iri`, `iri-reference` (RFC 3987
    /// section 2.2, which adds ucschar everywhere but the scheme and iprivate to the query).
    /// Syntax only: schemes are not looked up, and a host that looks like an IPv4 address but is
    /// not one ("999.1.1.1") is a valid reg-name, as RFC 3986 section 3.2.2 says.
    enum URI {
        private static let colon: UInt32 = 0x3A, slash: UInt32 = 0x2F, question: UInt32 = 0x3F
        private static let hash: UInt32 = 0x23, at: UInt32 = 0x40, percent: UInt32 = 0x25

        /// URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]; with `reference`,
        /// URI-reference = URI / relative-ref.
        static func isValid(_ s: Scalars, international: Bool, reference: Bool) -> Bool {
            var rest = s
            if let h = rest.firstIndex(of: hash) {
                guard isComponent(rest[(h + 1)...], international, query: false) else { return false }
                rest = rest[..<h]
            }
            if let q = rest.firstIndex(of: question) {
                guard isComponent(rest[(q + 1)...], international, query: true) else { return false }
                rest = rest[..<q]
            }
            // A colon before the first slash ends the scheme. A relative reference cannot have
            // one there (path-noscheme), so an invalid scheme is an invalid reference too.
            let firstSlash = rest.firstIndex(of: slash) ?? rest.endIndex
            if let c = rest[..<firstSlash].firstIndex(of: colon) {
                guard isScheme(rest[..<c]) else { return false }
                rest = rest[(c + 1)...]
            } else if !reference {
                return false
            }
            // hier-part / relative-part
            if rest.starts(with: [slash, slash]) {
                let authority = rest.dropFirst(2)
                let end = authority.firstIndex(of: slash) ?? authority.endIndex
                return isAuthority(authority[..<end], international) && isPath(authority[end...], international)
            }
            return isPath(rest, international)
        }

        // MARK: - Components

        /// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
        private static func isScheme(_ s: Scalars) -> Bool {
            guard let first = s.first, ASCII.isAlpha(first) else { return false }
            return s.allSatisfy { ASCII.isAlpha($0) || ASCII.isDigit($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }
        }

        /// authority = [ userinfo "@" ] host [ ":" port ]
        private static func isAuthority(_ s: Scalars, _ international: Bool) -> Bool {
            var hostPort = s
            if let a = s.firstIndex(of: at) {
                // userinfo = *( unreserved / pct-encoded / sub-delims / ":" ); host has no "@"
                guard isRun(s[..<a], international, extra: [colon]) else { return false }
                hostPort = s[(a + 1)...]
            }
            var port: Scalars
            if hostPort.first == 0x5B {  // IP-literal = "[" ( IPv6address / IPvFuture ) "]"
                guard let close = hostPort.firstIndex(of: 0x5D) else { return false }
                let literal = hostPort[(hostPort.startIndex + 1)..<close]
                guard IPAddress.isIPv6(literal) || isIPvFuture(literal) else { return false }
                port = hostPort[(close + 1)...]
            } else {
                // reg-name = *( unreserved / pct-encoded / sub-delims ), IPv4address included
                let end = hostPort.firstIndex(of: colon) ?? hostPort.endIndex
                guard isRun(hostPort[..<end], international, extra: []) else { return false }
                port = hostPort[end...]
            }
            guard let first = port.first else { return true }
            return first == colon && port.dropFirst().allSatisfy(ASCII.isDigit)  // port = *DIGIT
        }

        /// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
        private static func isIPvFuture(_ s: Scalars) -> Bool {
            guard let first = s.first, ASCII.lowercased(first) == 0x76,
                let dot = s.firstIndex(of: 0x2E), dot > s.startIndex + 1
            else { return false }
            let tail = s[(dot + 1)...]
            return s[(s.startIndex + 1)..<dot].allSatisfy(ASCII.isHexDigit) && !tail.isEmpty
                && tail.allSatisfy { isUnreserved($0, false) || isSubDelim($0) || $0 == colon }
        }

        /// Any path: segments of pchar separated by slashes. Which path production applies (and
        /// so whether the first segment may hold a colon) was settled by the caller.
        private static func isPath(_ s: Scalars, _ international: Bool) -> Bool {
            isRun(s, international, extra: [colon, at, slash])
        }

        /// query / fragment = *( pchar / "/" / "?" ); an IRI query may also hold iprivate.
        private static func isComponent(_ s: Scalars, _ international: Bool, query: Bool) -> Bool {
            isRun(s, international, extra: [colon, at, slash, question], privateUse: international && query)
        }

        /// Whether `s` is a run of unreserved, pct-encoded, sub-delims and `extra` characters.
        private static func isRun(
            _ s: Scalars, _ international: Bool, extra: [UInt32], privateUse: Bool = false
        ) -> Bool {
            var i = s.startIndex
            while i < s.endIndex {
                let c = s[i]
                if c == percent {  // pct-encoded = "%" HEXDIG HEXDIG
                    guard i + 2 < s.endIndex, ASCII.isHexDigit(s[i + 1]), ASCII.isHexDigit(s[i + 2]) else {
                        return false
                    }
                    i += 3
                    continue
                }
                guard isUnreserved(c, international) || isSubDelim(c) || extra.contains(c)
                    || (privateUse && isPrivateUse(c))
                else { return false }
                i += 1
            }
            return true
        }

        // MARK: - Character classes

        /// unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"; iunreserved adds ucschar.
        private static func isUnreserved(_ c: UInt32, _ international: Bool) -> Bool {
            if ASCII.isAlpha(c) || ASCII.isDigit(c) || c == 0x2D || c == 0x2E || c == 0x5F || c == 0x7E { return true }
            return international && isUCSChar(c)
        }

        /// sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
        private static func isSubDelim(_ c: UInt32) -> Bool {
            switch c {
            case 0x21, 0x24, 0x26...0x2C, 0x3B, 0x3D: true
            default: false
            }
        }

        /// ucschar (RFC 3987): the non-ASCII code points but C1 controls, surrogates, private use,
        /// specials, noncharacters and the tags block (U+E0000 to U+E0FFF).
        static func isUCSChar(_ c: UInt32) -> Bool {
            switch c {
            case 0xA0...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFEF: return true
            case 0xE0000...0xE0FFF: return false
            case 0x10000...0xEFFFD: return c & 0xFFFF <= 0xFFFD
            default: return false
            }
        }

        /// iprivate = %xE000-F8FF / %xF0000-FFFFD / %x100000-10FFFD
        static func isPrivateUse(_ c: UInt32) -> Bool {
            switch c {
            case 0xE000...0xF8FF, 0xF0000...0xFFFFD, 0x100000...0x10FFFD: true
            default: false
            }
        }
    }
}
