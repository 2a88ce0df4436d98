import ConfgateDocument
import Crypto

/// A baseline, `.confgate-baseline.json`: the findings a project accepted when it adopted confgate,
/// so that `lint --baseline` reports only new ones. See docs/baseline.md.
///
/// Entries are keyed on rule, file (relative to the configuration's folder), JSON Pointer and a
/// salted hash of the value (``ValueHash``), never on line numbers, and never hold the value.
public struct BaselineFile: Sendable, Equatable {
    /// The file format's version.
    public static let formatVersion = 1
    /// Where `confgate baseline` writes by default, in the configuration's folder.
    public static let defaultName = ".confgate-baseline.json"

    /// The HMAC key of the value hashes.
    public var salt: [UInt8]
    public var entries: [BaselineEntry]

    public init(salt: [UInt8], entries: [BaselineEntry]) {
        self.salt = salt
        self.entries = entries.sorted()
    }

    /// A fresh random salt (16 bytes from the system's secure generator).
    public static func newSalt() -> [UInt8] {
        SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
    }

    /// The baseline of a report's active findings in files. The report must come from a `Linter`
    /// whose `baselineSalt` is `salt`. Findings about paths that do not exist and about the
    /// configuration are left out: they are not debt to carry but mistakes to fix.
    public static func make(from report: LintReport, salt: [UInt8], linter: Linter) -> BaselineFile {
        var entries: [BaselineEntry] = []
        for file in report.files {
            let path = linter.projectPath(of: file.target)
            for finding in file.findings {
                entries.append(
                    BaselineEntry(
                        rule: finding.rule, file: path, pointer: finding.pointer, valueHash: finding.valueHash ?? ""))
            }
        }
        return BaselineFile(salt: salt, entries: entries)
    }

    // MARK: - Matching

    /// Marks the report's findings that this baseline holds as suppressed (origin `.baseline`) and
    /// records the counts in `report.baseline`. Each entry matches at most one finding (several
    /// equal findings need as many entries); entries that match nothing are stale. Only findings in
    /// files are matched, and only when the linter ran with this baseline's salt.
    public func apply(to report: inout LintReport, source: String, linter: Linter) {
        var remaining: [BaselineEntry: Int] = [:]
        for entry in entries { remaining[entry, default: 0] += 1 }
        var matched = 0
        for f in report.files.indices {
            let path = linter.projectPath(of: report.files[f].target)
            var active: [Finding] = []
            var suppressed = report.files[f].suppressed
            for var finding in report.files[f].findings {
                let key = BaselineEntry(
                    rule: finding.rule, file: path, pointer: finding.pointer, valueHash: finding.valueHash ?? "")
                if finding.valueHash != nil, let count = remaining[key], count > 0 {
                    remaining[key] = count - 1
                    matched += 1
                    finding.suppression = Suppression(origin: .baseline, justification: "", source: "baseline \(source)", file: source)
                    suppressed.append(finding)
                } else {
                    active.append(finding)
                }
            }
            report.files[f].findings = active
            report.files[f].suppressed = suppressed.sorted()
        }
        report.baseline = BaselineOutcome(file: source, entries: entries.count, matched: matched)
    }

    // MARK: - Writing

    /// The file's text: pretty-printed with one entry per line, entries sorted, so that a
    /// regenerated baseline differs from the old one by exactly the findings that changed.
    public func render() -> String {
        var out = "{\n"
        out += "  \"version\": \(BaselineFile.formatVersion),\n"
        out += "  \"tool\": {\"name\": \(q(ToolInfo.name)), \"version\": \(q(ToolInfo.version))},\n"
        out += "  \"salt\": \(q(ValueHash.hex(salt))),\n"
        out += "  \"entries\": ["
        for (i, e) in entries.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\"rule\": \(q(e.rule)), \"file\": \(q(e.file)), \"pointer\": \(e.pointer.map(q) ?? "null"), "
            out += "\"valueHash\": \(q(e.valueHash))}"
        }
        out += entries.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    private func q(_ s: String) -> String { JSONWriter.quoted(s) }

    // MARK: - Reading

    /// Reads a baseline file; `displayName` names it in errors.
    public static func load(path: String, displayName: String) throws(BaselineError) -> BaselineFile {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readFile(path, limit: 256 << 20)
        } catch {
            throw .unreadable(file: displayName, reason: error.description)
        }
        return try parse(bytes, file: displayName)
    }

    /// Parses baseline text. Unknown keys and wrong types are errors naming line and column: the
    /// file is written by confgate, so anything unexpected is damage, not a newer feature.
    public static func parse(_ bytes: [UInt8], file: String) throws(BaselineError) -> BaselineFile {
        let result = DocumentReader(limits: InputLimits(maxFileBytes: 256 << 20, maxDepth: 8, maxNodes: 1 << 28, maxScalarBytes: 1 << 16))
            .read(bytes, format: .json)
        if let problem = result.diagnostics.first {
            throw .invalid(file: file, at: problem.range.start, message: problem.message)
        }
        guard let stream = result.stream, let document = stream.documents.first else {
            throw .invalid(file: file, at: .start, message: "the file is empty")
        }
        let reader = Reader(stream: stream, file: file)
        let top = try reader.object(document.root, path: "(top level)", allowed: ["version", "tool", "salt", "entries"])
        guard let versionNode = top["version"] else {
            throw .invalid(file: file, at: stream.start(document.root), message: "\"version\" is missing")
        }
        guard stream.scalarType(versionNode) == .integer, stream.string(versionNode) == String(formatVersion) else {
            throw .invalid(
                file: file, at: stream.start(versionNode),
                message: "\"version\" must be \(formatVersion), found \(stream.sourceText(versionNode)); regenerate the baseline with this confgate")
        }
        guard let saltNode = top["salt"] else {
            throw .invalid(file: file, at: stream.start(document.root), message: "\"salt\" is missing")
        }
        let saltText = try reader.string(saltNode, path: "salt")
        guard let salt = unhex(saltText), salt.count >= 16 else {
            throw .invalid(
                file: file, at: stream.start(saltNode), message: "\"salt\" must be at least 32 hexadecimal digits")
        }
        guard let entriesNode = top["entries"], stream.kind(entriesNode) == .sequence else {
            throw .invalid(
                file: file, at: stream.start(top["entries"] ?? document.root), message: "\"entries\" must be a list")
        }
        var entries: [BaselineEntry] = []
        for (i, item) in stream.elements(entriesNode).enumerated() {
            let path = "entries[\(i)]"
            let fields = try reader.object(item, path: path, allowed: ["rule", "file", "pointer", "valueHash"])
            func required(_ key: String) throws(BaselineError) -> String {
                guard let node = fields[key] else {
                    throw .invalid(file: file, at: stream.start(item), message: "\"\(path).\(key)\" is missing")
                }
                return try reader.string(node, path: "\(path).\(key)")
            }
            let pointer: String?
            if let node = fields["pointer"], stream.scalarType(node) != .null {
                pointer = try reader.string(node, path: "\(path).pointer")
            } else {
                pointer = nil
            }
            entries.append(
                BaselineEntry(
                    rule: try required("rule"), file: try required("file"), pointer: pointer,
                    valueHash: try required("valueHash")))
        }
        return BaselineFile(salt: salt, entries: entries)
    }

    static func unhex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ d: UInt8) -> UInt8? {
            switch d {
            case 0x30...0x39: d - 0x30
            case 0x61...0x66: d - 0x61 + 10
            case 0x41...0x46: d - 0x41 + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        var i = 0
        while i < digits.count {
            guard let hi = value(digits[i]), let lo = value(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// Typed reads out of the baseline's tree.
    private struct Reader {
        let stream: ParsedStream
        let file: String

        func object(_ node: NodeID, path: String, allowed: [String]) throws(BaselineError) -> [String: NodeID] {
            guard stream.kind(node) == .mapping else {
                throw .invalid(file: file, at: stream.start(node), message: "\"\(path)\" must be an object")
            }
            var result: [String: NodeID] = [:]
            for (key, value) in stream.entries(node) {
                let name = stream.keyToken(key)
                guard allowed.contains(name) else {
                    throw .invalid(file: file, at: stream.start(key), message: "unknown key \(JSONWriter.quoted(name)) in \"\(path)\"")
                }
                result[name] = value
            }
            return result
        }

        func string(_ node: NodeID, path: String) throws(BaselineError) -> String {
            guard stream.scalarType(node) == .string else {
                throw .invalid(file: file, at: stream.start(node), message: "\"\(path)\" must be a string")
            }
            return stream.string(node)
        }
    }
}

/// One accepted finding.
public struct BaselineEntry: Sendable, Hashable, Comparable {
    public var rule: String
    /// Relative to the configuration's folder (the working directory without one).
    public var file: String
    public var pointer: String?
    /// ``ValueHash`` under the baseline's salt, hex.
    public var valueHash: String

    public init(rule: String, file: String, pointer: String?, valueHash: String) {
        self.rule = rule
        self.file = file
        self.pointer = pointer
        self.valueHash = valueHash
    }

    /// By file, rule, pointer (none first), hash: a stable order for a readable diff.
    public static func < (a: BaselineEntry, b: BaselineEntry) -> Bool {
        if a.file != b.file { return a.file.utf8.lexicographicallyPrecedes(b.file.utf8) }
        if a.rule != b.rule { return a.rule.utf8.lexicographicallyPrecedes(b.rule.utf8) }
        if a.pointer != b.pointer {
            guard let pa = a.pointer else { return true }
            guard let pb = b.pointer else { return false }
            return pa.utf8.lexicographicallyPrecedes(pb.utf8)
        }
        return a.valueHash.utf8.lexicographicallyPrecedes(b.valueHash.utf8)
    }
}

/// What applying a baseline did, for the report's summary.
public struct BaselineOutcome: Sendable, Hashable {
    /// The baseline file as named on the command line.
    public var file: String
    public var entries: Int
    /// Entries that matched a finding (each matches at most one).
    public var matched: Int

    public init(file: String, entries: Int, matched: Int) {
        self.file = file
        self.entries = entries
        self.matched = matched
    }

    /// Entries that matched nothing: fixed findings, which a regenerated baseline drops.
    public var stale: Int { entries - matched }
}

/// A baseline file that cannot be used. The CLI exits with code 2.
public enum BaselineError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case invalid(file: String, at: SourceLocation, message: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read the baseline: \(reason)"
        case .invalid(let file, let at, let message):
            return "\(file):\(at.line):\(at.column): invalid baseline: \(message)"
        }
    }
}
