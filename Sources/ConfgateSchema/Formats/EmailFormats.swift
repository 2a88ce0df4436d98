extension FormatChecker {
    /// `email` (RFC 5321 section 4.1.2, Mailbox) and `idn-email` (RFC 6531 section 3.3, which
    /// adds UTF8-non-ascii to atext and qtextSMTP and U-labels to the domain).
    enum Email {
        private static let quote: UInt32 = 0x22, backslash: UInt32 = 0x5C, at: UInt32 = 0x40
        private static let dot: UInt32 = 0x2E

        /// Mailbox = Local-part "@" ( Domain / address-literal )
        ///
        /// The local part is a Dot-string (atoms of atext joined by single dots) or a
        /// Quoted-string, at most 64 octets; the domain a host name (`hostname`, or for
        /// `idn-email` an IDNA2008 name with "." separators) or an address literal: `[IPv4]` or
        /// `[IPv6:...]`. RFC 5321's General-address-literal needs a tag registered with IANA, and
        /// none but "IPv6" is, so it is refused. At most 254 octets in all (the 256-octet path
        /// less its angle brackets). Comments and folding white space (RFC 5322) are not part
        /// of a Mailbox.
        static func isMailbox(_ s: Scalars, international: Bool) -> Bool {
            guard octets(s) <= 254, let at = localPartEnd(s, international: international),
                at < s.endIndex, s[at] == self.at
            else { return false }
            guard octets(s[..<at]) <= 64 else { return false }
            let domain = s[(at + 1)...]
            if domain.first == 0x5B {  // "["
                guard domain.count >= 2, domain.last == 0x5D else { return false }
                let literal = domain.dropFirst().dropLast()
                let tag = ASCII.scalars("ipv6:")
                if literal.count > tag.count, literal.prefix(tag.count).map(ASCII.lowercased) == tag {
                    return IPAddress.isIPv6(literal.dropFirst(tag.count))
                }
                return IPAddress.isIPv4(literal)
            }
            return international
                ? Hostname.isIDNDomain(domain, separators: [dot]) : Hostname.isHostname(domain)
        }

        // MARK: - Pieces

        /// Where a valid local part ends (the index of the "@" that should follow), or nil.
        private static func localPartEnd(_ s: Scalars, international: Bool) -> Int? {
            var i = s.startIndex
            guard i < s.endIndex else { return nil }
            if s[i] == quote {  // Quoted-string = DQUOTE *QcontentSMTP DQUOTE
                i += 1
                while i < s.endIndex {
                    let c = s[i]
                    if c == quote { return i + 1 }
                    if c == backslash {  // quoted-pairSMTP = "\" %d32-126
                        guard i + 1 < s.endIndex, (0x20...0x7E).contains(s[i + 1]) else { return nil }
                        i += 2
                        continue
                    }
                    // qtextSMTP = %d32-33 / %d35-91 / %d93-126
                    guard (0x20...0x7E).contains(c) || (international && c >= 0x80) else { return nil }
                    i += 1
                }
                return nil
            }
            var atomStart = i  // Dot-string = Atom *("." Atom)
            while i < s.endIndex, s[i] != at {
                if s[i] == dot {
                    guard i > atomStart else { return nil }
                    atomStart = i + 1
                } else {
                    guard isAtext(s[i]) || (international && s[i] >= 0x80) else { return nil }
                }
                i += 1
            }
            return i > atomStart ? i : nil
        }

        /// atext (RFC 5322 section 3.2.3): letters, digits and !#$%&'*+-/=?^_`{|}~
        private static func isAtext(_ c: UInt32) -> Bool {
            if ASCII.isAlpha(c) || ASCII.isDigit(c) { return true }
            switch c {
            case 0x21, 0x23...0x27, 0x2A, 0x2B, 0x2D, 0x2F, 0x3D, 0x3F, 0x5E...0x60, 0x7B...0x7E: return true
            default: return false
            }
        }

        /// The length in UTF-8 octets.
        private static func octets(_ s: Scalars) -> Int {
            s.reduce(0) { $0 + ($1 < 0x80 ? 1 : $1 < 0x800 ? 2 : $1 < 0x10000 ? 3 : 4) }
        }
    }
}
