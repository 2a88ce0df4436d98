import ConfgateDocument
import ConfgateEngine

/// SARIF 2.1.0 (`--format sarif`), shaped for GitHub code scanning: see `docs/report-sarif.md` for the
/// mapping. One run; keys in a fixed order and pretty-printed, so the output is byte-for-byte
/// reproducible. Messages and line hashes come from already-redacted text: no secret value appears.
public struct SARIFReporter: Reporter {
    /// The schema the log names (the OASIS errata01 schema the tests validate against).
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// GitHub code scanning rejects a run with more results (and more rules) than this.
    public static let maxResults = 25_000
    /// GitHub accepts up to 1,000 locations per result; related locations are kept under the same cap.
    public static let maxRelatedLocations = 1_000
    /// GitHub's limits on a rule's texts.
    static let maxDescription = 1_024
    static let maxName = 255

    public init() {}

    public func render(_ report: LintReport, context: ReportContext) -> String {
        // Active findings first, so a capped run drops suppressed ones before any active one.
        let all = report.findings.map { ($0, false) } + report.suppressedFindings.map { ($0, true) }
        let kept = all.prefix(SARIFReporter.maxResults)
        let leftOut = all.count - kept.count

        var ruleIDs: [String] = []
        var ruleSamples: [String: Finding] = [:]
        for (finding, _) in kept where ruleSamples[finding.rule] == nil {
            ruleSamples[finding.rule] = finding
            ruleIDs.append(finding.rule)
        }
        ruleIDs.sort()
        var ruleIndex: [String: Int] = [:]
        for (i, id) in ruleIDs.enumerated() { ruleIndex[id] = i }

        var excerpts: [String: [Int: String]] = [:]
        for file in report.files where excerpts[file.target.displayPath] == nil {
            excerpts[file.target.displayPath] = file.excerpts
        }
        var lineHashOccurrences: [String: Int] = [:]
        var results: [JSON] = []
        results.reserveCapacity(kept.count)
        for (finding, _) in kept {
            let line = finding.range?.start.line ?? 1
            let text = excerpts[finding.file]?[line] ?? ""
            let lineHash = SARIFReporter.fnv1a(finding.rule + "\u{0}" + text.trimmingWhitespace())
            let occurrenceKey = finding.file + "\u{0}" + lineHash
            let occurrence = (lineHashOccurrences[occurrenceKey] ?? 0) + 1
            lineHashOccurrences[occurrenceKey] = occurrence
            results.append(
                result(
                    finding, index: ruleIndex[finding.rule] ?? 0, lineHash: "\(lineHash):\(occurrence)",
                    baselineUsed: report.baseline != nil))
        }

        var run: [(String, JSON)] = [
            ("tool", .object([("driver", driver(ruleIDs.map { rule($0, sample: ruleSamples[$0], packRules: context.packRules) }))])),
            ("invocations", .array([invocation(report, context: context, leftOut: leftOut)])),
        ]
        if let directory = context.workingDirectory {
            run.append(("originalUriBaseIds", .object([("SRCROOT", .object([("uri", .string(SARIFReporter.directoryURI(directory)))]))])))
        }
        if let category = context.category, !category.isEmpty {
            run.append(("automationDetails", .object([("id", .string(category.hasSuffix("/") ? category : category + "/"))])))
        }
        run.append(("columnKind", .string("unicodeCodePoints")))
        run.append(("results", .array(results)))

        let log = JSON.object([
            ("$schema", .string(SARIFReporter.schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([.object(run)])),
        ])
        var out = ""
        log.write(into: &out, indent: 0)
        out += "\n"
        return out
    }

    // MARK: - The tool and its rules

    private func driver(_ rules: [JSON]) -> JSON {
        .object([
            ("name", .string(ToolInfo.name)),
            ("version", .string(ToolInfo.version)),
            ("semanticVersion", .string(ToolInfo.version)),
            ("informationUri", .string(ToolInfo.informationURI)),
            ("rules", .array(rules)),
        ])
    }

    /// The reportingDescriptor of a rule id. Family members (`schema-type`, `secret-github-pat`) get
    /// their own descriptor with the family's texts; a secret detector's description is its short
    /// description. An id no registry knows (a compliance pack) falls back on its finding.
    private func rule(_ id: String, sample: Finding?, packRules: [PackRule]) -> JSON {
        let description = RuleRegistry.description(of: id)
        let detector = SecretCatalogue.builtIn.detectors.first { $0.ruleID == id }
        let category = description?.category ?? sample?.category ?? .config
        let severity = detector?.severity ?? description?.defaultSeverity ?? sample?.severity ?? .warning

        var short = description?.name ?? id
        if let description, description.isFamily, id != description.id {
            short += ": " + id.dropFirst(description.id.count + 1)
        }
        if let detector { short = detector.description }
        // A compliance rule: the run's packs, else the built-in ones.
        let packRule = category != .compliance ? nil
            : packRules.first { $0.id == id } ?? RulePack.builtIn.lazy.flatMap(\.rules).first { $0.id == id }
        if let packRule { short = packRule.description }
        let full = description?.summary ?? short
        var helpText = full
        var helpMarkdown = full
        if let description {
            helpText += "\n\n" + description.rationale + "\n\nInstead: " + description.useInstead
            helpMarkdown += "\n\n" + description.rationale + "\n\n**Instead:** " + description.useInstead
        }
        if let packRule {
            helpText += "\n\n" + packRule.rationale + "\n\n(pack \(packRule.pack); confgate rules explain \(packRule.id))"
            helpMarkdown += "\n\n" + packRule.rationale + "\n\nPack `\(packRule.pack)`; `confgate rules explain \(packRule.id)`."
        }

        let docs: String
        switch category {
        case .secret: docs = "/blob/main/docs/secrets.md"
        case .schema where id.hasPrefix("schema-"): docs = "/blob/main/docs/json-schema.md"
        case .compliance: docs = "/blob/main/docs/rule-packs.md"
        default: docs = "#rules"
        }
        var tags: [JSON] = [.string(category.rawValue)]
        var properties: [(String, JSON)] = []
        if category == .secret {
            tags.append(.string("security"))
            properties.append(("tags", .array(tags)))
            let score = switch severity {
            case .error: "9.0"
            case .warning: "5.0"
            case .info: "2.0"
            }
            properties.append(("security-severity", .string(score)))
        } else {
            properties.append(("tags", .array(tags)))
        }
        return .object([
            ("id", .string(id)),
            ("name", .string(String(SARIFReporter.pascalCase(id).prefix(SARIFReporter.maxName)))),
            ("shortDescription", .object([("text", .string(SARIFReporter.clip(short)))])),
            ("fullDescription", .object([("text", .string(SARIFReporter.clip(full)))])),
            ("help", .object([("text", .string(helpText)), ("markdown", .string(helpMarkdown))])),
            ("helpUri", .string(ToolInfo.informationURI + docs)),
            ("defaultConfiguration", .object([("level", .string(SARIFReporter.level(severity)))])),
            ("properties", .object(properties)),
        ])
    }

    // MARK: - The invocation

    private func invocation(_ report: LintReport, context: ReportContext, leftOut: Int) -> JSON {
        var fields: [(String, JSON)] = [
            // Findings are the tool's output, not a failure: only an operational or usage error is.
            ("executionSuccessful", .bool(context.exitCode.map { $0 <= 1 } ?? true))
        ]
        if let code = context.exitCode { fields.append(("exitCode", .int(code))) }
        if let directory = context.workingDirectory {
            fields.append(("workingDirectory", .object([("uri", .string(SARIFReporter.directoryURI(directory)))])))
        }
        if !report.configFindings.isEmpty {
            // Findings about .confgate.yaml are results too (they count for the exit code); listed
            // here as well because they concern the tool's configuration.
            let notes: [JSON] = report.configFindings.map { f in
                .object([
                    ("level", .string(SARIFReporter.level(f.severity))),
                    ("message", .object([("text", .string(f.message))])),
                    ("locations", .array([location(f.file, f.range)])),
                    ("associatedRule", .object([("id", .string(f.rule))])),
                ])
            }
            fields.append(("toolConfigurationNotifications", .array(notes)))
        }
        if leftOut > 0 {
            let text = "\(leftOut) \(leftOut == 1 ? "result was" : "results were") left out: GitHub code scanning "
                + "accepts at most \(SARIFReporter.maxResults) results per run; the JSON report has them all"
            fields.append((
                "toolExecutionNotifications",
                .array([.object([("level", .string("warning")), ("message", .object([("text", .string(text))]))])])
            ))
        }
        return .object(fields)
    }

    // MARK: - Results

    private func result(_ f: Finding, index: Int, lineHash: String, baselineUsed: Bool) -> JSON {
        var fields: [(String, JSON)] = [
            ("ruleId", .string(f.rule)),
            ("ruleIndex", .int(index)),
            ("level", .string(SARIFReporter.level(f.severity))),
            ("message", .object([("text", .string(f.message))])),
            ("locations", .array([location(f.file, f.range)])),
        ]
        let related = f.related.prefix(SARIFReporter.maxRelatedLocations)
        if !related.isEmpty {
            fields.append((
                "relatedLocations",
                .array(related.enumerated().map { i, r in
                    location(r.file ?? f.file, r.range, id: i + 1, message: r.message)
                })
            ))
        }
        var stable = f.rule + "\u{0}" + f.file + "\u{0}" + (f.pointer ?? "")
        if let document = f.document { stable += "\u{0}\(document)" }
        fields.append((
            "partialFingerprints",
            .object([
                ("primaryLocationLineHash", .string(lineHash)),
                ("confgate/v1", .string(SARIFReporter.fnv1a(stable))),
            ])
        ))
        if let s = f.suppression {
            var suppression: [(String, JSON)] = [("kind", .string(s.kind.rawValue)), ("status", .string("accepted"))]
            if !s.justification.isEmpty { suppression.append(("justification", .string(s.justification))) }
            fields.append(("suppressions", .array([.object(suppression)])))
        }
        if baselineUsed {
            fields.append(("baselineState", .string(f.suppression?.origin == .baseline ? "unchanged" : "new")))
        }
        var properties: [(String, JSON)] = [("category", .string(f.category.rawValue))]
        if let pointer = f.pointer { properties.append(("pointer", .string(pointer))) }
        if let document = f.document { properties.append(("document", .int(document))) }
        fields.append(("properties", .object(properties)))
        return .object(fields)
    }

    /// A physical location. A finding without a position (an unreadable file) points at line 1,
    /// column 1: GitHub shows only results that have a region.
    private func location(_ file: String, _ range: SourceRange?, id: Int? = nil, message: String? = nil) -> JSON {
        var artifact: [(String, JSON)] = []
        if file.hasPrefix("/") {
            artifact.append(("uri", .string("file://" + SARIFReporter.percentEncoded(file))))
        } else {
            let relative = file.hasPrefix("./") ? String(file.dropFirst(2)) : file
            artifact.append(("uri", .string(SARIFReporter.percentEncoded(relative))))
            artifact.append(("uriBaseId", .string("SRCROOT")))
        }
        let start = range?.start ?? .start
        let end = range?.end ?? .start
        var region: [(String, JSON)] = [
            ("startLine", .int(start.line)), ("startColumn", .int(start.column)),
            ("endLine", .int(end.line)), ("endColumn", .int(end.column)),
        ]
        if let range {
            region.append(("byteOffset", .int(range.start.offset)))
            region.append(("byteLength", .int(max(0, range.end.offset - range.start.offset))))
        }
        var fields: [(String, JSON)] = []
        if let id { fields.append(("id", .int(id))) }
        fields.append(("physicalLocation", .object([("artifactLocation", .object(artifact)), ("region", .object(region))])))
        if let message { fields.append(("message", .object([("text", .string(message))]))) }
        return .object(fields)
    }

    // MARK: - Helpers

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// `secret-aws-access-key-id` → `SecretAwsAccessKeyId`.
    static func pascalCase(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }

    /// At most GitHub's 1,024 characters, cut with an ellipsis.
    static func clip(_ text: String) -> String {
        text.count <= maxDescription ? text : String(text.prefix(maxDescription - 1)) + "…"
    }

    /// FNV-1a 64 in 16 hex digits: stable across runs, platforms and Swift versions (unlike `Hasher`).
    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// RFC 3986: everything but unreserved characters and `/` is percent-encoded (UTF-8 bytes).
    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    /// `/abs/dir` → `file:///abs/dir/` (a base URI must end with `/`).
    static func directoryURI(_ path: String) -> String {
        let encoded = percentEncoded(path.hasPrefix("/") ? path : "/" + path)
        return "file://" + encoded + (encoded.hasSuffix("/") ? "" : "/")
    }
}

// MARK: - An ordered JSON value

/// Just enough JSON to write the log with its keys in a fixed order.
private indirect enum JSON {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSON])
    case object([(String, JSON)])

    func write(into out: inout String, indent: Int) {
        switch self {
        case .string(let s): out += JSONWriter.quoted(s)
        case .int(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                item.write(into: &out, indent: indent + 2)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let fields):
            guard !fields.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in fields.enumerated() {
                out += String(repeating: " ", count: indent + 2) + JSONWriter.quoted(key) + ": "
                value.write(into: &out, indent: indent + 2)
                out += i == fields.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks (no Foundation in reporters).
    fileprivate func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
