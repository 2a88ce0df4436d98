/// A rule id as written in a suppression: exact (`duplicate-key`) or, ending in `*`, a prefix
/// (`secret-*`, `schema-*`; `*` alone is every rule).
public struct RulePattern: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    /// `nil` unless `text` is a kebab-case id, or kebab-case text followed by `*`.
    public init?(_ text: String) {
        let isPrefix = text.hasSuffix("*")
        let body = isPrefix ? text.dropLast() : Substring(text)
        guard body.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
            return nil
        }
        if !isPrefix {
            // An exact id: kebab-case words, no empty word.
            guard !body.isEmpty, !body.hasPrefix("-"), !body.hasSuffix("-"), !body.contains("--") else { return nil }
        } else if body.hasPrefix("-") || body.contains("--") {
            return nil
        }
        self.text = text
    }

    public var isPrefix: Bool { text.hasSuffix("*") }

    public func matches(_ rule: String) -> Bool {
        isPrefix ? rule.hasPrefix(text.dropLast()) : rule == text
    }

    public var description: String { text }
}
