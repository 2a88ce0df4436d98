extension FormatChecker {
    /// `date-time`, `date`, `time` (RFC 3339 section 5.6) and `duration` (RFC 3339 Appendix A).
    enum DateTime {
        private static let colon: UInt32 = 0x3A, hyphen: UInt32 = 0x2D, plus: UInt32 = 0x2B

        /// date-time = full-date "T" full-time. RFC 3339 lets "T" and "Z" be lowercase.
        static func isDateTime(_ s: Scalars) -> Bool {
            guard s.count > 11 else { return false }
            let t = s.startIndex + 10
            return (s[t] == 0x54 || s[t] == 0x74) && isFullDate(s[..<t]) && isFullTime(s[(t + 1)...])
        }

        /// full-date = date-fullyear "-" date-month "-" date-mday, the day within its month
        /// (Gregorian leap years, also before 1582 as RFC 3339 Appendix C says).
        static func isFullDate(_ s: Scalars) -> Bool {
            guard s.count == 10 else { return false }
            let b = s.startIndex
            guard let year = number(s, b, 4), s[b + 4] == hyphen,
                let month = number(s, b + 5, 2), s[b + 7] == hyphen,
                let day = number(s, b + 8, 2)
            else { return false }
            return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month: month, year: year)
        }

        /// full-time = partial-time time-offset. A leap second (second 60) is valid only when the
        /// time, moved to UTC by its offset, is 23:59 (RFC 3339 section 5.7); which days really had
        /// one is not checked (that needs the IERS table, and future leap seconds are unknown).
        static func isFullTime(_ s: Scalars) -> Bool {
            guard s.count >= 9 else { return false }
            var i = s.startIndex
            guard let hour = number(s, i, 2), s[i + 2] == colon,
                let minute = number(s, i + 3, 2), s[i + 5] == colon,
                let second = number(s, i + 6, 2)
            else { return false }
            i += 8
            if i < s.endIndex, s[i] == 0x2E {  // time-secfrac = "." 1*DIGIT
                i += 1
                let digits = i
                while i < s.endIndex, ASCII.isDigit(s[i]) { i += 1 }
                guard i > digits else { return false }
            }
            guard i < s.endIndex else { return false }  // the offset is required
            var offsetMinutes = 0
            switch s[i] {
            case 0x5A, 0x7A:  // "Z" / "z"
                guard i + 1 == s.endIndex else { return false }
            case plus, hyphen:
                guard s.endIndex - i == 6, let oh = number(s, i + 1, 2), s[i + 3] == colon,
                    let om = number(s, i + 4, 2), oh <= 23, om <= 59
                else { return false }
                offsetMinutes = (oh * 60 + om) * (s[i] == plus ? 1 : -1)
            default:
                return false
            }
            guard hour <= 23, minute <= 59, second <= 60 else { return false }
            if second == 60 {
                let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
                return utc == 23 * 60 + 59
            }
            return true
        }

        /// duration (RFC 3339 Appendix A):
        ///
        ///     duration = "P" (dur-date / dur-time / dur-week)
        ///     dur-date = (dur-day / dur-month / dur-year) [dur-time]
        ///     dur-year = 1*DIGIT "Y" [dur-month]    dur-month = 1*DIGIT "M" [dur-day]
        ///     dur-time = "T" (dur-hour / dur-minute / dur-second)
        ///     dur-hour = 1*DIGIT "H" [dur-minute]   dur-minute = 1*DIGIT "M" [dur-second]
        ///
        /// so the date units are a non-empty run of Y M D, the time units a run of H M S, and a
        /// week stands alone. No fractions, no signs. ABNF literals are case-insensitive, so
        /// "p1d" is accepted too.
        static func isDuration(_ s: Scalars) -> Bool {
            var i = s.startIndex
            guard i < s.endIndex, ASCII.lowercased(s[i]) == 0x70 else { return false }  // P
            i += 1
            var dateUnits: [UInt32] = []
            while i < s.endIndex, ASCII.lowercased(s[i]) != 0x74 {  // up to T
                guard let unit = durationComponent(s, &i) else { return false }
                dateUnits.append(unit)
            }
            var timeUnits: [UInt32] = []
            let hasTime = i < s.endIndex
            if hasTime {
                i += 1
                while i < s.endIndex {
                    guard let unit = durationComponent(s, &i) else { return false }
                    timeUnits.append(unit)
                }
                guard !timeUnits.isEmpty else { return false }
            }
            if dateUnits == [0x77] { return !hasTime }  // dur-week
            guard isRun(dateUnits, of: [0x79, 0x6D, 0x64]), isRun(timeUnits, of: [0x68, 0x6D, 0x73]) else {
                return false
            }
            return !dateUnits.isEmpty || hasTime
        }

        // MARK: - Pieces

        /// 1*DIGIT followed by a letter; answers the letter in lowercase.
        private static func durationComponent(_ s: Scalars, _ i: inout Int) -> UInt32? {
            let digits = i
            while i < s.endIndex, ASCII.isDigit(s[i]) { i += 1 }
            guard i > digits, i < s.endIndex, ASCII.isAlpha(s[i]) else { return nil }
            defer { i += 1 }
            return ASCII.lowercased(s[i])
        }

        /// Whether `units` is empty or a contiguous, in-order part of `order`.
        private static func isRun(_ units: [UInt32], of order: [UInt32]) -> Bool {
            guard let first = units.first else { return true }
            guard let k = order.firstIndex(of: first), k + units.count <= order.count else { return false }
            return Array(order[k..<(k + units.count)]) == units
        }

        /// The value of exactly `count` ASCII digits at `start` (the caller checked the length).
        private static func number(_ s: Scalars, _ start: Int, _ count: Int) -> Int? {
            var value = 0
            for i in start..<(start + count) {
                guard ASCII.isDigit(s[i]) else { return nil }
                value = value * 10 + Int(s[i] - 0x30)
            }
            return value
        }

        private static func daysIn(month: Int, year: Int) -> Int {
            switch month {
            case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        }
    }
}
