extension FormatChecker {
    /// `hostname` (RFC 1123 section 2.1, with RFC 5890's A-labels checked) and `idn-hostname`
    /// (RFC 5890 to 5893). Also the domains of `email` and `idn-email`.
    enum Hostname {
        private static let dot: UInt32 = 0x2E, hyphen: UInt32 = 0x2D

        /// Label separators of an internationalized name (RFC 3490 section 3.1, UTS 46): full
        /// stop, ideographic full stop, fullwidth full stop, halfwidth ideographic full stop.
        static let idnSeparators: Set<UInt32> = [0x2E, 0x3002, 0xFF0E, 0xFF61]

        /// Labels of letters, digits and hyphens, 1-63 octets, not starting or ending with a
        /// hyphen; at most 253 octets in all, no trailing dot. A label starting "xn--" must be a
        /// valid A-label: Punycode that decodes to a valid U-label and encodes back to itself. Other
        /// labels with "--" in the third and fourth positions pass, as RFC 1123 allows them.
        static func isHostname(_ s: Scalars) -> Bool {
            guard !s.isEmpty, s.count <= 253 else { return false }
            var labels: [[UInt32]] = []
            var hasALabel = false
            for raw in s.split(separator: dot, omittingEmptySubsequences: false) {
                guard isLDHLabel(raw) else { return false }
                let label = raw.map(ASCII.lowercased)
                if hasACEPrefix(label) {
                    guard let decoded = decodeALabel(label) else { return false }
                    labels.append(decoded)
                    hasALabel = true
                } else {
                    labels.append(label)
                }
            }
            return !hasALabel || IDNA.satisfiesBidiRule(labels)
        }

        /// An internationalized host name: labels separated by any of ``idnSeparators``, each an
        /// ASCII label (NR-LDH, or a valid A-label) or a valid U-label whose A-label has at most 63
        /// octets; at most 253 octets in A-label form; the Bidi rule over the whole name.
        static func isIDNHostname(_ s: Scalars) -> Bool {
            isIDNDomain(s, separators: idnSeparators)
        }

        static func isIDNDomain(_ s: Scalars, separators: Set<UInt32>) -> Bool {
            // Every code point is at least one octet of the A-label form, so longer input can
            // be refused before any (quadratic) Punycode work.
            guard !s.isEmpty, s.count <= 253 else { return false }
            let raws = s.split(omittingEmptySubsequences: false, whereSeparator: separators.contains)
            var labels: [[UInt32]] = []
            var length = raws.count - 1  // the dots
            for raw in raws {
                let label = raw.map(ASCII.lowercased)
                if label.allSatisfy({ $0 < 0x80 }) {
                    guard isLDHLabel(label[...]) else { return false }
                    if hasACEPrefix(label) {
                        guard let decoded = decodeALabel(label) else { return false }
                        labels.append(decoded)
                    } else {
                        // A reserved LDH label ("ab--cd") that is not an A-label is no IDNA label
                        // (RFC 5890 section 2.3.1).
                        if label.count >= 4, label[2] == hyphen, label[3] == hyphen { return false }
                        labels.append(label)
                    }
                    length += label.count
                } else {
                    // "xn--" and at least one octet per code point: 60 code points cannot fit.
                    guard label.count <= 59, IDNA.isValidULabel(label), let encoded = Punycode.encode(label),
                        encoded.count + 4 <= 63
                    else { return false }
                    labels.append(label)
                    length += encoded.count + 4
                }
            }
            return length <= 253 && IDNA.satisfiesBidiRule(labels)
        }

        // MARK: - Pieces

        private static func isLDHLabel(_ label: Scalars) -> Bool {
            guard let first = label.first, let last = label.last, label.count <= 63 else { return false }
            return first != hyphen && last != hyphen && label.allSatisfy(ASCII.isLetterDigitHyphen)
        }

        private static func hasACEPrefix(_ label: [UInt32]) -> Bool {
            label.count >= 4 && label[0] == 0x78 && label[1] == 0x6E && label[2] == hyphen && label[3] == hyphen
        }

        /// The U-label a lowercased "xn--" label stands for, or nil when it is not a valid A-label
        /// (RFC 5891 section 5.4): valid Punycode, at least one non-ASCII code point, a valid
        /// U-label, and the same A-label when encoded again.
        private static func decodeALabel(_ label: [UInt32]) -> [UInt32]? {
            let encoded = label[4...]
            guard let decoded = Punycode.decode(encoded), decoded.contains(where: { $0 >= 0x80 }),
                IDNA.isValidULabel(decoded), Punycode.encode(decoded) == Array(encoded)
            else { return nil }
            return decoded
        }
    }
}
