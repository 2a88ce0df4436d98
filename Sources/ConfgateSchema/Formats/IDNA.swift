extension FormatChecker {
    /// IDNA2008: which code points a U-label may hold (RFC 5892), the contextual rules for
    /// CONTEXTJ and CONTEXTO code points (RFC 5892 Appendix A), the label rules of RFC 5891
    /// section 4.2.3, and the Bidi rule (RFC 5893). Labels are given with ASCII letters already
    /// lowercased: DNS is case-insensitive for ASCII, and IDNA2008 disallows every other
    /// upper-case letter (it is not stable under case folding).
    enum IDNA {
        /// RFC 5892 section 2's derived property, with UNASSIGNED folded into `disallowed`.
        enum Property { case pvalid, contextJ, contextO, disallowed }

        /// RFC 5891 sections 4.2.3.1 to 4.2.3.3 and 5.4: no "--" in the third and fourth
        /// positions, no leading or trailing hyphen, no leading combining mark, and every code
        /// point PVALID or a CONTEXTJ/CONTEXTO code point whose rule holds. NFC is not checked
        /// (the standard library has no normalizer; the suite expects non-NFC labels to pass).
        static func isValidULabel(_ label: [UInt32]) -> Bool {
            guard let first = label.first, let last = label.last else { return false }
            guard first != 0x2D, last != 0x2D else { return false }
            if label.count >= 4, label[2] == 0x2D, label[3] == 0x2D { return false }
            if let scalar = Unicode.Scalar(first) {
                switch scalar.properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark: return false
                default: break
                }
            }
            for i in label.indices {
                switch property(label[i]) {
                case .pvalid: continue
                case .contextJ, .contextO: guard contextRuleHolds(label, at: i) else { return false }
                case .disallowed: return false
                }
            }
            return true
        }

        /// RFC 5892 section 3: the first matching category decides (Exceptions, Unassigned, LDH,
        /// JoinControl, Unstable, IgnorableProperties, IgnorableBlocks, OldHangulJamo,
        /// LetterDigits). Unstable is "toNFKC(toCaseFold(toNFKC(cp))) != cp", taken here from
        /// Changes_When_NFKC_Casefolded, which differs only for default-ignorable code points,
        /// themselves DISALLOWED by IgnorableProperties.
        static func property(_ c: UInt32) -> Property {
            switch c {
            case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007: return .pvalid
            case 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB, 0x0660...0x0669, 0x06F0...0x06F9: return .contextO
            case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B: return .disallowed
            case 0x61...0x7A, 0x30...0x39, 0x2D: return .pvalid
            case 0...0x7F: return .disallowed
            case 0x200C, 0x200D: return .contextJ
            default: break
            }
            guard let scalar = Unicode.Scalar(c) else { return .disallowed }
            let p = scalar.properties
            if p.generalCategory == .unassigned || p.changesWhenNFKCCaseFolded || p.isDefaultIgnorableCodePoint
                || p.isWhitespace || p.isNoncharacterCodePoint
            {
                return .disallowed
            }
            switch c {
            case 0x20D0...0x20FF, 0x1D100...0x1D24F: return .disallowed  // IgnorableBlocks
            case 0x1100...0x11FF, 0xA960...0xA97F, 0xD7B0...0xD7FF: return .disallowed  // OldHangulJamo
            default: break
            }
            switch p.generalCategory {
            case .lowercaseLetter, .uppercaseLetter, .otherLetter, .decimalNumber, .modifierLetter,
                .nonspacingMark, .spacingMark:
                return .pvalid
            default:
                return .disallowed
            }
        }

        /// RFC 5892 Appendix A, for the CONTEXTJ or CONTEXTO code point at `i`.
        static func contextRuleHolds(_ label: [UInt32], at i: Int) -> Bool {
            let before = i > label.startIndex ? label[i - 1] : nil
            let after = i + 1 < label.endIndex ? label[i + 1] : nil
            switch label[i] {
            case 0x200C:  // ZERO WIDTH NON-JOINER: after a virama, or between joining letters
                if let before, isVirama(before) { return true }
                return joinsBothSides(label, at: i)
            case 0x200D:  // ZERO WIDTH JOINER: after a virama
                guard let before else { return false }
                return isVirama(before)
            case 0x00B7:  // MIDDLE DOT: between two "l" (Catalan)
                return before == 0x6C && after == 0x6C
            case 0x0375:  // GREEK LOWER NUMERAL SIGN (KERAIA): before a Greek character
                guard let after else { return false }
                return script(after) == .greek
            case 0x05F3, 0x05F4:  // HEBREW PUNCTUATION GERESH, GERSHAYIM: after a Hebrew character
                guard let before else { return false }
                return script(before) == .hebrew
            case 0x30FB:  // KATAKANA MIDDLE DOT: somewhere a Hiragana, Katakana or Han character
                return label.contains { [.hiragana, .katakana, .han].contains(script($0)) }
            case 0x0660...0x0669:  // ARABIC-INDIC DIGITS: not mixed with the extended ones
                return !label.contains { (0x06F0...0x06F9).contains($0) }
            case 0x06F0...0x06F9:  // EXTENDED ARABIC-INDIC DIGITS: not mixed with the others
                return !label.contains { (0x0660...0x0669).contains($0) }
            default:
                return false
            }
        }

        // MARK: - The Bidi rule (RFC 5893)

        /// Bidi_Class, as far as the Bidi rule tells them apart.
        enum BidiClass: UInt32 { case l = 0, r, al, an, en, es, cs, et, on, bn, nsm, other }

        /// RFC 5893 section 2. It applies to every label of a Bidi domain name, one with a label
        /// holding an R, AL or AN character; other names pass. The labels are U-labels (A-labels
        /// decoded).
        static func satisfiesBidiRule(_ labels: [[UInt32]]) -> Bool {
            let classes = labels.map { $0.map(bidiClass) }
            let isBidiDomain = classes.contains { $0.contains { $0 == .r || $0 == .al || $0 == .an } }
            return !isBidiDomain || classes.allSatisfy(labelSatisfiesBidiRule)
        }

        private static let rtlAllowed: Set<BidiClass> = [.r, .al, .an, .en, .es, .cs, .et, .on, .bn, .nsm]
        private static let ltrAllowed: Set<BidiClass> = [.l, .en, .es, .cs, .et, .on, .bn, .nsm]

        private static func labelSatisfiesBidiRule(_ classes: [BidiClass]) -> Bool {
            guard let first = classes.first else { return false }
            let lastStrong = classes.last { $0 != .nsm }
            switch first {
            case .r, .al:  // an RTL label: rules 2, 3 and 4
                guard classes.allSatisfy(rtlAllowed.contains) else { return false }
                guard let lastStrong, [.r, .al, .en, .an].contains(lastStrong) else { return false }
                return !(classes.contains(.en) && classes.contains(.an))
            case .l:  // an LTR label: rules 5 and 6
                guard classes.allSatisfy(ltrAllowed.contains) else { return false }
                guard let lastStrong else { return false }
                return lastStrong == .l || lastStrong == .en
            default:  // rule 1
                return false
            }
        }

        static func bidiClass(_ c: UInt32) -> BidiClass {
            BidiClass(rawValue: lookup(c, in: UnicodeTables.bidiClass) ?? 0) ?? .other
        }

        // MARK: - Properties the standard library does not expose

        enum Script: UInt32 { case other = 0, greek, hebrew, hiragana, katakana, han }

        static func script(_ c: UInt32) -> Script {
            Script(rawValue: lookup(c, in: UnicodeTables.script) ?? 0) ?? .other
        }

        /// Canonical_Combining_Class = Virama (9).
        private static func isVirama(_ c: UInt32) -> Bool {
            Unicode.Scalar(c)?.properties.canonicalCombiningClass.rawValue == 9
        }

        /// The ZWNJ context regular expression of RFC 5892 A.1:
        /// (Joining_Type:{L,D})(Joining_Type:T)*\u200C(Joining_Type:T)*(Joining_Type:{R,D}).
        private static func joinsBothSides(_ label: [UInt32], at i: Int) -> Bool {
            let dual: UInt32 = 1, left: UInt32 = 2, right: UInt32 = 3, transparent: UInt32 = 4
            func joiningType(_ c: UInt32) -> UInt32 { lookup(c, in: UnicodeTables.joiningType) ?? 0 }
            var j = i - 1
            while j >= 0, joiningType(label[j]) == transparent { j -= 1 }
            guard j >= 0, [left, dual].contains(joiningType(label[j])) else { return false }
            var k = i + 1
            while k < label.count, joiningType(label[k]) == transparent { k += 1 }
            return k < label.count && [right, dual].contains(joiningType(label[k]))
        }

        /// The code of the `start, end, code` triple containing `c`, by binary search.
        private static func lookup(_ c: UInt32, in table: [UInt32]) -> UInt32? {
            var low = 0, high = table.count / 3
            while low < high {
                let mid = (low + high) / 2
                if c < table[mid * 3] {
                    high = mid
                } else if c > table[mid * 3 + 1] {
                    low = mid + 1
                } else {
                    return table[mid * 3 + 2]
                }
            }
            return nil
        }
    }
}
