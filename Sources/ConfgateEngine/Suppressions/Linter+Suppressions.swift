import ConfgateDocument

// MARK: - The suppression stage

extension Linter {
    /// The last stage of linting one file, once every check has produced its findings: suppression
    /// comments and `ignore:` entries set each finding's `suppression`, comments without a reason
    /// become `suppression-missing-reason` findings, and with a baseline salt every finding gets its
    /// `valueHash`. Returns the active and the suppressed findings, each sorted.
    ///
    /// Findings of the suppression rules themselves are never suppressed by a comment or an entry:
    /// `# confgate: ignore[*]` must not hide the warning that it has no reason.
    public func settle(_ findings: [Finding], read: ReadResult?, target: LintTarget) -> (
        active: [Finding], suppressed: [Finding]
    ) {
        var findings = config.ruleSettings.isEmpty ? findings : applyRuleSettings(findings)
        var comments: [SuppressionComment] = []
        if let stream = read?.stream {
            let readable = Linter.readablePart(stream, diagnostics: read?.diagnostics ?? [])
            comments = SuppressionComment.find(
                in: stream, format: target.format, documents: readable.documents, readableEnd: readable.end)
        }
        let entries = config.ignore.filter { !$0.isExpired(on: today) }
        if comments.isEmpty && entries.isEmpty && baselineSalt == nil { return (findings, []) }

        for comment in comments where comment.reason.isEmpty {
            findings.append(
                Finding(
                    rule: SuppressionMissingReasonRule.id, category: SuppressionMissingReasonRule.description.category,
                    severity: SuppressionMissingReasonRule.description.defaultSeverity,
                    message: "suppression comment for \(comment.rules.map { JSONWriter.quoted($0.text) }.joined(separator: ", ")) has no reason",
                    file: target.displayPath, range: comment.range))
        }
        let path = projectPath(of: target)
        var active: [Finding] = [], suppressed: [Finding] = []
        for var finding in findings {
            if !finding.rule.hasPrefix(Linter.suppressionRulePrefix) {
                finding.suppression = suppression(of: finding, comments: comments, entries: entries, projectPath: path)
            }
            if let salt = baselineSalt {
                finding.valueHash = ValueHash.of(finding, stream: read?.stream, projectPath: path, salt: salt)
            }
            if finding.suppression == nil { active.append(finding) } else { suppressed.append(finding) }
        }
        return (active.sorted(), suppressed.sorted())
    }

    /// `.confgate.yaml`'s `rules:` settings for code-defined rules: `enabled: false` drops a rule's
    /// findings, `severity` changes theirs. A setting for a family id (`secret`) applies to every
    /// member; a member's own setting wins. Pack rules had theirs applied when they were loaded.
    func applyRuleSettings(_ findings: [Finding]) -> [Finding] {
        findings.compactMap { finding in
            var finding = finding
            let family = RuleRegistry.description(of: finding.rule).map(\.id)
            let setting = config.ruleSettings[finding.rule] ?? family.flatMap { config.ruleSettings[$0] }
            guard let setting, family != nil else { return finding }
            if setting.enabled == false { return nil }
            if let severity = setting.severity { finding.severity = severity }
            return finding
        }
    }

    /// The result for a file that could not be read (or was too large): its one finding, which
    /// `ignore:` entries and the baseline apply to as to any other.
    public func unread(_ target: LintTarget, _ finding: Finding) -> FileResult {
        let (active, suppressed) = settle([finding], read: nil, target: target)
        return FileResult(target: target, findings: active, suppressed: suppressed, excerpts: [:], documentCount: 0)
    }

    /// The first suppression that applies: a comment on the finding's line, else an `ignore:` entry
    /// (in the order written).
    private func suppression(
        of finding: Finding, comments: [SuppressionComment], entries: [IgnoreEntry], projectPath: String
    ) -> Suppression? {
        // A renamed pack rule is still suppressed by its former ids.
        let names = [finding.rule] + (compliance.formerIDs[finding.rule] ?? [])
        if let line = finding.range?.start.line,
            let comment = comments.first(where: { c in c.targetLine == line && c.rules.contains { p in names.contains(where: p.matches) } })
        {
            return Suppression(
                origin: .comment, justification: comment.reason, source: "comment at line \(comment.range.start.line)",
                file: finding.file, range: comment.range)
        }
        if let entry = entries.first(where: { entry in
            names.contains { entry.covers(rule: $0, pointer: finding.pointer, projectPath: projectPath) }
        }) {
            return Suppression(
                origin: .ignoreEntry, justification: entry.reason, source: "\(entry.configFile) \(entry.name)",
                file: entry.configFile, range: entry.range)
        }
        return nil
    }

    /// Rule ids of findings about suppressions, which suppressions never hide.
    static let suppressionRulePrefix = "suppression-"

    /// A file's path relative to the configuration's folder, as `ignore:` globs and the baseline see
    /// it; the name as displayed for a file outside that folder (or standard input).
    public func projectPath(of target: LintTarget) -> String {
        FilePath.relative(target.path, to: config.root) ?? target.displayPath
    }

    /// How much of a file has a tree that can be trusted: the documents before the one a fatal
    /// problem cut short, and the byte offset where they end.
    static func readablePart(_ stream: ParsedStream, diagnostics: [ReadDiagnostic]) -> (documents: Int, end: Int) {
        guard let fatal = diagnostics.first(where: \.isFatal) else {
            return (stream.documents.count, stream.source.count)
        }
        let whole = min(fatal.document ?? 0, stream.documents.count)
        return (whole, whole == 0 ? 0 : stream.documents[whole - 1].range.end.offset)
    }

    // MARK: - The configuration's own findings

    /// Findings about `.confgate.yaml`'s `ignore:` entries: an expired entry (which no longer
    /// suppresses anything) and an entry without a reason. Reported once per run, whatever files
    /// are linted; they belong in `LintReport.configFindings`.
    public func configurationFindings() -> [Finding] {
        var findings: [Finding] = []
        for entry in config.ignore {
            if entry.isExpired(on: today), let expires = entry.expires {
                findings.append(
                    Finding(
                        rule: SuppressionExpiredRule.id, category: SuppressionExpiredRule.description.category,
                        severity: SuppressionExpiredRule.description.defaultSeverity,
                        message: "\(entry.name) expired on \(expires) and no longer suppresses anything",
                        file: entry.configFile, range: entry.expiresRange ?? entry.range,
                        pointer: "/ignore/\(entry.index)/expires", document: 0))
            }
            if entry.reason.isEmpty {
                findings.append(
                    Finding(
                        rule: SuppressionMissingReasonRule.id, category: SuppressionMissingReasonRule.description.category,
                        severity: SuppressionMissingReasonRule.description.defaultSeverity,
                        message: "\(entry.name) has no reason", file: entry.configFile, range: entry.range,
                        pointer: "/ignore/\(entry.index)", document: 0))
            }
        }
        return findings.sorted()
    }
}
