import ConfgateDocument

extension Linter {
    /// The compliance rules' findings in a file outside any service layout: each document, as the
    /// environment its path names (see `environment(ofPlainFile:)`), with the rules the project
    /// enables and those its bound template attaches.
    func complianceFindings(_ stream: ParsedStream, target: LintTarget, read: ReadResult) -> [Finding] {
        let relative = projectPath(of: target)
        if isConfgateFile(target, relative: relative) { return [] }
        let readable = Linter.readablePart(stream, diagnostics: read.diagnostics)
        var findings: [Finding] = []
        let context = RuleContext(environment: environment(ofPlainFile: relative), service: nil, files: [relative])
        for document in stream.documents.prefix(readable.documents) {
            var rules = compliance.active
            var attached: [PackRule] = []
            if let templates,
                case .template(let bound) = templates.binding(
                    relativePath: relative, directory: FilePath.parent(target.path), stream: stream, document: document)
            {
                attached = compliance.attached(to: bound.path)
                rules += attached
            }
            let selectors = attached.isEmpty ? compliance.activeSelectors : nil
            for (rule, violation) in PackRule.violations(of: rules, stream, document.root, context: context, selectors: selectors) {
                findings.append(
                    Finding(
                        rule: rule.id, category: .compliance, severity: rule.severity, message: violation.message,
                        file: target.displayPath, range: Linter.findingRange(stream, violation.node),
                        pointer: stream.pointer(violation.node), document: document.index))
            }
        }
        return findings
    }

    /// Whether a file is confgate's own configuration (`.confgate.yaml`, a pack, a template, the
    /// baseline) rather than a service's: the rules are about the latter.
    private func isConfgateFile(_ target: LintTarget, relative: String) -> Bool {
        if relative == ProjectConfig.fileName || relative == BaselineFile.defaultName { return true }
        let absolute = FilePath.absolute(target.path)
        if compliance.packFiles.contains(absolute) { return true }
        guard let templates else { return false }
        return (templates.templates + templates.layoutTemplates.values).contains { $0.path == absolute }
    }

    /// The environment a file outside any service layout belongs to, read from its path: the
    /// first declared (or, without `environments: names`, well-known) environment name that is a
    /// part of its file name (split at `.`, `-` and `_`: `values-prod.yaml`, `app.production.json`)
    /// or, failing that, one of its folders from the nearest up (`k8s/production/api.yaml`).
    /// `nil` when the path names none: rules scoped to environments then do not apply.
    public func environment(ofPlainFile relativePath: String) -> String? {
        let names = config.environments.names ?? EnvironmentSettings.wellKnownNames
        var components = relativePath.split(separator: "/").map(String.init)
        guard let fileName = components.popLast() else { return nil }
        let stem = fileName.split(separator: ".").dropLast().joined(separator: ".")
        let parts = stem.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "_" }).map { $0.lowercased() }
        if let name = parts.first(where: names.contains) { return name }
        for folder in components.reversed() where names.contains(folder.lowercased()) { return folder.lowercased() }
        return nil
    }
}
