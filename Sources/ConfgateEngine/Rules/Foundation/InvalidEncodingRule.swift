/// `invalid-encoding`: not UTF-8 text.
public enum InvalidEncodingRule: Rule {
    public static let description = RuleDescription(
        id: "invalid-encoding",
        name: "Invalid encoding",
        category: .syntax,
        defaultSeverity: .error,
        summary: "The file is not UTF-8 text: it holds an invalid UTF-8 sequence, starts with a UTF-16 or UTF-32 byte-order mark, or is binary (contains NUL bytes). A UTF-8 byte-order mark is accepted.",
        rationale: "Loaders disagree on other encodings: one service reads the file, another rejects it or reads mojibake into a password or a host name.",
        useInstead: "Save the file as UTF-8. Exclude binary files that carry a config extension with `exclude:` in `.confgate.yaml`.",
        options: "none",
        passingExamples: [
            RuleExample("config.yaml", "city: München\nregion: 東京\n"),
        ],
        failingExamples: [
            RuleExample(
                "config.yaml", "name: \"caf↓\u{FFFD}\"\n",
                message: "invalid UTF-8: byte 0xE9 does not start a valid character"),
        ])

    /// The example above is written with U+FFFD standing for a raw 0xE9 byte, which a Swift string
    /// cannot hold; the generic test substitutes it.
    public static let rawByteStandIn: (Character, UInt8) = ("\u{FFFD}", 0xE9)
}
