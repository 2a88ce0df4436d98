import ConfgateDocument
import ConfgateSchema
import Foundation
import Synchronization

/// One plaintext-secret detector from `rules/secrets.yaml`: a credential format (an AWS access key
/// id, a Slack webhook, an unencrypted PEM key, ...) with the samples that prove it.
/// Its findings use the rule id `secret-<id>`. The format is described in docs/secrets.md.
public struct SecretDetector: Sendable {
    /// Kebab-case, unique in the catalogue (`aws-access-key-id`).
    public let id: String
    /// One line naming the credential, for messages and `rules explain`.
    public let description: String
    /// The ECMA-262 pattern, searched for anywhere in the value, and what PCRE2 derives from it.
    let compiled: CompiledDetectorPattern
    /// The pattern, compiled on first use (see `CompiledDetectorPattern`).
    public var regex: ECMARegex { compiled.value.regex }
    /// Lowercase literal substrings of two characters or more; the regex runs only on values
    /// containing at least one of them.
    public let keywords: [String]
    /// Minimum Shannon entropy, in bits per character, of the whole value (see `matches`).
    public let entropy: Double?
    /// The shortest text the regex can match (PCRE2's own analysis of the pattern): a second
    /// prefilter for detectors whose keywords are weak (a Discord token has none better than `.`).
    public var minLength: Int { compiled.value.minLength }
    /// An ASCII byte every match contains, in either case (PCRE2's "last code unit"): a third.
    public var requiredByte: UInt8? { compiled.value.requiredByte }
    public let severity: Severity
    /// Samples the detector must fire on; checked by a test.
    public let truePositives: [String]
    /// Samples the detector must stay silent on; checked by a test.
    public let falsePositives: [String]

    /// The rule id of this detector's findings.
    public var ruleID: String { "secret-" + id }
}

/// The detector catalogue, `rules/secrets.yaml`, loaded and compiled once.
public struct SecretCatalogue: Sendable {
    public let detectors: [SecretDetector]

    static let topLevelKeys = ["version", "detectors"]
    static let detectorKeys = [
        "id", "description", "regex", "keywords", "entropy", "severity", "true-positives", "false-positives",
    ]

    /// The catalogue shipped in the binary (rules/secrets.yaml, embedded by
    /// scripts/gen-secret-catalogue.py), parsed and compiled on first use.
    ///
    /// Its patterns are compiled on first use, not here: translating and compiling 70 patterns
    /// costs about 3 ms, more than linting a small file, and most runs need a handful of them.
    /// The embedded text is the tested rules/secrets.yaml, so no pattern can fail later.
    public static let builtIn: SecretCatalogue = {
        do {
            return try parse(Array(builtInText.utf8), file: "rules/secrets.yaml (built in)", compileEagerly: false)
        } catch {
            // The embedded text is checked by SecretCatalogueTests on every build; reaching this
            // means the binary was built from a catalogue that never passed its tests.
            fatalError("the built-in secret catalogue does not load: \(error)")
        }
    }()

    /// Loads and compiles a catalogue file. `path` is also how the file is named in messages.
    public static func load(path: String) throws(ConfigError) -> SecretCatalogue {
        try parse(ConfigNodeReader.readFile(path, displayName: path, limit: 4 << 20), file: path)
    }

    /// Parses and compiles catalogue text; every error names `file`, line, column and the key path
    /// inside it (`detectors[3].regex`).
    public static func parse(_ bytes: [UInt8], file: String, compileEagerly: Bool = true) throws(ConfigError)
        -> SecretCatalogue
    {
        let result = DocumentReader().read(bytes, format: .yaml)
        if let problem = result.diagnostics.first {
            throw .syntax(file: file, at: problem.range.start, message: problem.message)
        }
        guard let stream = result.stream, let doc = stream.documents.first else {
            throw .missingVersion(file: file)
        }
        let reader = ConfigNodeReader(stream: stream, file: file)
        let entries = try reader.mapping(doc.root, path: "")
        try reader.checkKeys(entries, allowed: topLevelKeys, path: "")
        try reader.checkVersion(entries)
        guard let list = entries.first(where: { $0.name == "detectors" }) else {
            throw .invalidValue(file: file, at: stream.start(doc.root), path: "detectors", message: "is required")
        }
        let items = try sequence(list.value, path: "detectors", expected: "a list of detectors", reader)
        var detectors: [SecretDetector] = []
        var seen: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            let detector = try parseDetector(item, path: "detectors[\(i)]", reader, compileEagerly: compileEagerly)
            if let first = seen[detector.id] {
                throw .invalidValue(
                    file: file, at: stream.start(item), path: "detectors[\(i)].id",
                    message: "duplicate detector id \"\(detector.id)\", first used by detectors[\(first)]")
            }
            seen[detector.id] = i
            detectors.append(detector)
        }
        return SecretCatalogue(detectors: detectors)
    }

    // MARK: - Reading one detector

    static func parseDetector(_ node: NodeID, path: String, _ reader: ConfigNodeReader, compileEagerly: Bool = true)
        throws(ConfigError) -> SecretDetector
    {
        let stream = reader.stream
        let file = reader.file
        let fields = try reader.mapping(node, path: path)
        try reader.checkKeys(fields, allowed: detectorKeys, path: path)
        func field(_ name: String) throws(ConfigError) -> (name: String, key: NodeID, value: NodeID) {
            guard let entry = fields.first(where: { $0.name == name }) else {
                throw .invalidValue(file: file, at: stream.start(node), path: path, message: "needs \"\(name)\"")
            }
            return entry
        }
        let idNode = try field("id").value
        let id = try reader.string(idNode, path: path + ".id")
        guard isKebabCase(id) else {
            throw .invalidValue(
                file: file, at: stream.start(idNode), path: path + ".id",
                message: "must be kebab-case (lowercase letters, digits and single hyphens), found \"\(id)\"")
        }
        let description = try reader.string(try field("description").value, path: path + ".description")
        let regexNode = try field("regex").value
        let pattern = try reader.string(regexNode, path: path + ".regex")
        let compiled = CompiledDetectorPattern(pattern)
        if compileEagerly {
            do {
                try compiled.compile()
            } catch {
                throw .invalidValue(
                    file: file, at: stream.start(regexNode), path: path + ".regex", message: "detector \"\(id)\": \(error)")
            }
        }
        let keywordNode = try field("keywords").value
        let keywordItems = try sequence(keywordNode, path: path + ".keywords", expected: "a list of strings", reader)
        var keywords: [String] = []
        for (k, item) in keywordItems.enumerated() {
            let keyword = try reader.string(item, path: "\(path).keywords[\(k)]")
            guard !keyword.isEmpty, keyword == keyword.lowercased() else {
                throw .invalidValue(
                    file: file, at: stream.start(item), path: "\(path).keywords[\(k)]",
                    message: "must be a non-empty lowercase string, found \"\(keyword)\"")
            }
            // The keyword table is keyed on two bytes; one character would prefilter nothing.
            guard keyword.utf8.count >= 2 else {
                throw .invalidValue(
                    file: file, at: stream.start(item), path: "\(path).keywords[\(k)]",
                    message: "must be at least two characters, found \"\(keyword)\"")
            }
            keywords.append(keyword)
        }
        guard !keywords.isEmpty else {
            throw .invalidValue(
                file: file, at: stream.start(keywordNode), path: path + ".keywords",
                message: "needs at least one keyword")
        }
        var entropy: Double?
        if let entry = fields.first(where: { $0.name == "entropy" }) {
            let value = stream.resolved(entry.value)
            guard stream.scalarType(value) == .number || stream.scalarType(value) == .integer,
                let number = Double(stream.string(value)), number >= 0, number <= 8
            else {
                throw .wrongType(
                    file: file, at: stream.start(value), path: path + ".entropy",
                    expected: "a number of bits per character between 0 and 8", found: reader.describe(value))
            }
            entropy = number
        }
        var severity = Severity.error
        if let entry = fields.first(where: { $0.name == "severity" }) {
            let text = try reader.string(entry.value, path: path + ".severity")
            guard let parsed = Severity(rawValue: text) else {
                throw .invalidValue(
                    file: file, at: stream.start(entry.value), path: path + ".severity",
                    message: "must be one of error, warning, info, found \"\(text)\"")
            }
            severity = parsed
        }
        let truePositives = try samples(try field("true-positives").value, path: path + ".true-positives", reader)
        guard !truePositives.isEmpty else {
            throw .invalidValue(
                file: file, at: stream.start(try field("true-positives").value), path: path + ".true-positives",
                message: "needs at least one sample")
        }
        let falsePositives = try samples(try field("false-positives").value, path: path + ".false-positives", reader)
        return SecretDetector(
            id: id, description: description, compiled: compiled, keywords: keywords, entropy: entropy,
            severity: severity,
            truePositives: truePositives, falsePositives: falsePositives)
    }

    static func sequence(_ node: NodeID, path: String, expected: String, _ reader: ConfigNodeReader)
        throws(ConfigError) -> [NodeID]
    {
        let node = reader.stream.resolved(node)
        guard reader.stream.kind(node) == .sequence else {
            throw .wrongType(
                file: reader.file, at: reader.stream.start(node), path: path, expected: expected,
                found: reader.describe(node))
        }
        return reader.stream.elements(node)
    }

    static func samples(_ node: NodeID, path: String, _ reader: ConfigNodeReader) throws(ConfigError) -> [String] {
        var result: [String] = []
        for (i, item) in try sequence(node, path: path, expected: "a list of strings", reader).enumerated() {
            result.append(try reader.string(item, path: "\(path)[\(i)]"))
        }
        return result
    }

    static func isKebabCase(_ id: String) -> Bool {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        return !id.isEmpty
            && parts.allSatisfy { part in
                !part.isEmpty && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            }
            && id.unicodeScalars.first.map { ("a"..."z").contains($0) } == true
    }
}

/// A detector's pattern, compiled once, on first use, by whichever thread needs it first.
///
/// Read for every candidate value of every file, so the compiled value is published once with a
/// release store and read after an acquiring load, without a lock; the lock only orders the
/// first compilation. `stored` is written exactly once, under the lock, before `ready` is set.
final class CompiledDetectorPattern: @unchecked Sendable {
    struct Value: Sendable {
        let regex: ECMARegex
        let minLength: Int
        let requiredByte: UInt8?
    }

    let pattern: String
    private let ready = Atomic<Bool>(false)
    private let lock = Mutex<Void>(())
    private var stored: Value?

    init(_ pattern: String) {
        self.pattern = pattern
    }

    /// Compiles now, reporting a bad pattern (for catalogues read from files).
    func compile() throws(ECMARegexError) {
        let regex = try ECMARegex(pattern)
        publish(Value(regex: regex, minLength: regex.minimumLength, requiredByte: regex.requiredByte))
    }

    var value: Value {
        if ready.load(ordering: .acquiring), let value = stored { return value }
        return lock.withLock { _ in
            if let value = stored { return value }
            guard let regex = try? ECMARegex(pattern) else {
                // Only the built-in catalogue compiles lazily, and SecretCatalogueTests compiles
                // every one of its patterns on each build.
                fatalError("the built-in secret detector pattern \(pattern) does not compile")
            }
            let value = Value(regex: regex, minLength: regex.minimumLength, requiredByte: regex.requiredByte)
            stored = value
            ready.store(true, ordering: .releasing)
            return value
        }
    }

    private func publish(_ value: Value) {
        lock.withLock { _ in
            stored = value
            ready.store(true, ordering: .releasing)
        }
    }
}

// MARK: - Matching

/// Whether `detector` fires on `value`: the length and case-insensitive keyword prefilters, then
/// the regex, then the entropy threshold.
///
/// `ECMARegex` answers only match or no match, not where, so the entropy is measured on the whole
/// value rather than on the matched token. Detectors whose samples carry surrounding text (a key
/// name, a URL) keep their thresholds low enough for that. A search that exceeds the regex engine's
/// limits counts as no match here; the catalogue's patterns are linear, so it does not happen on
/// values within the input limits.
public func matches(_ detector: SecretDetector, in value: String) -> Bool {
    guard value.utf8.count >= detector.minLength else { return false }
    if let byte = detector.requiredByte, !containsEitherCase(value.utf8, byte) { return false }
    let lowered = value.lowercased()
    guard detector.keywords.contains(where: { lowered.contains($0) }) else { return false }
    guard detector.regex.firstMatch(in: value) == .match else { return false }
    if let minimum = detector.entropy, shannonEntropy(value) < minimum { return false }
    return true
}

/// Whether `bytes` contain `byte`, or for an ASCII letter, either of its cases (PCRE2 reports a
/// required letter of `[Kk]` as one of them).
func containsEitherCase<C: Collection>(_ bytes: C, _ byte: UInt8) -> Bool where C.Element == UInt8 {
    let lower = KeywordIndex.lower(byte)
    let isLetter = lower &- 0x61 < 26
    let upper = isLetter ? lower & 0xDF : lower
    return bytes.contains { $0 == lower || $0 == upper }
}

/// Shannon entropy of `text` in bits per Unicode scalar: 0 for a repeated character, about 5.95
/// for random base64.
public func shannonEntropy(_ text: String) -> Double {
    var counts: [Unicode.Scalar: Int] = [:]
    var total = 0
    for scalar in text.unicodeScalars {
        counts[scalar, default: 0] += 1
        total += 1
    }
    guard total > 0 else { return 0 }
    var entropy = 0.0
    for count in counts.values {
        let p = Double(count) / Double(total)
        entropy -= p * log2(p)
    }
    return entropy
}
