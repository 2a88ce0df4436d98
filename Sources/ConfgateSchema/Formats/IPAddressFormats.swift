extension FormatChecker {
    /// `ipv4` and `ipv6`, also used for the IP literals of `email` and `uri`.
    enum IPAddress {
        private static let dot: UInt32 = 0x2E, colon: UInt32 = 0x3A

        /// Four decimal octets 0-255 separated by dots, ASCII digits only, no leading zeros: the
        /// dec-octet of RFC 3986 section 3.2.2. RFC 2673's dotted-quad, which the drafts cite,
        /// would allow "010", which many parsers read as octal 8; that ambiguity is refused.
        static func isIPv4(_ s: Scalars) -> Bool {
            let parts = s.split(separator: dot, omittingEmptySubsequences: false)
            return parts.count == 4 && parts.allSatisfy(isDecOctet)
        }

        private static func isDecOctet(_ s: Scalars) -> Bool {
            guard (1...3).contains(s.count), s.allSatisfy(ASCII.isDigit) else { return false }
            if s.count > 1, s.first == 0x30 { return false }
            return s.reduce(0) { $0 * 10 + Int($1 - 0x30) } <= 255
        }

        /// RFC 4291 section 2.2 text forms (the IPv6address rule of RFC 3986): eight groups of 1-4
        /// hex digits, one "::" standing for one or more zero groups, and an IPv4 address in place
        /// of the last two groups. No zone id ("%eth0", RFC 6874 belongs to URIs), no prefix
        /// length, no brackets.
        static func isIPv6(_ s: Scalars) -> Bool {
            var doubleColon: Int?
            var i = s.startIndex
            while i + 1 < s.endIndex {
                if s[i] == colon, s[i + 1] == colon {
                    guard doubleColon == nil else { return false }
                    doubleColon = i
                    i += 2
                } else {
                    i += 1
                }
            }
            guard let gap = doubleColon else {
                return groupCount(s, isLast: true) == 8
            }
            guard let head = groupCount(s[..<gap], isLast: false),
                let tail = groupCount(s[(gap + 2)...], isLast: true)
            else { return false }
            return head + tail <= 7
        }

        /// The number of 16-bit groups in a colon-separated run (an IPv4 address counts two and
        /// may only end the address); nil when a group is malformed. An empty run has none.
        private static func groupCount(_ s: Scalars, isLast: Bool) -> Int? {
            guard !s.isEmpty else { return 0 }
            let groups = s.split(separator: colon, omittingEmptySubsequences: false)
            var count = 0
            for (n, group) in groups.enumerated() {
                if isLast, n == groups.count - 1, group.contains(dot) {
                    guard isIPv4(group) else { return nil }
                    count += 2
                } else {
                    guard (1...4).contains(group.count), group.allSatisfy(ASCII.isHexDigit) else { return nil }
                    count += 1
                }
            }
            return count
        }
    }
}
