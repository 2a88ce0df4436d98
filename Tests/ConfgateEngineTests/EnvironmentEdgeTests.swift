import ConfgateDocument
import ConfgateEngine
import Foundation
import Testing

/// Environments on awkward input: whole-document overrides, deletions of everything, empty and
/// multi-document layers, and a merged configuration larger than one file's node limit.
@Suite struct EnvironmentEdgeTests {
    /// The findings of linting `files` as a project (zero-config layout unless a `.confgate.yaml`
    /// is among them), as "file:line:column rule message".
    func lint(_ files: [String: String], limits: InputLimits? = nil) throws -> [String] {
        let directory = try TemporaryDirectory()
        for (name, text) in files { try directory.write(name, text) }
        var config = files[ProjectConfig.fileName] == nil
            ? ProjectConfig(root: directory.path)
            : try ProjectConfig.load(path: directory.path + "/" + ProjectConfig.fileName, displayName: ProjectConfig.fileName)
        if let limits { config.limits = limits }
        let targets = files.keys.sorted().filter { $0 != ProjectConfig.fileName && !$0.hasSuffix(".schema.json") }.map {
            LintTarget(displayPath: $0, path: directory.path + "/" + $0, format: SourceFormat.forPath($0) ?? .yaml)
        }
        let linter = Linter(config: config, templates: try TemplateSet.load(config: config))
        return linter.lint(targets).flatMap(\.findings).map { f in
            "\(f.file):\(f.range?.start.line ?? 0):\(f.range?.start.column ?? 0) \(f.rule) \(f.message)"
        }
    }

    @Test func anOverrideThatReplacesTheWholeDocumentIsATypeDifference() throws {
        let findings = try lint([
            "svc/base.yaml": "replicas: 1\n", "svc/staging.yaml": "replicas: 2\n", "svc/production.yaml": "- a\n- b\n",
        ])
        #expect(findings == ["svc/production.yaml:1:1 parity-type-mismatch the document is a list in production but a mapping in staging"])
    }

    @Test func anOverrideThatDeletesEverythingIsNotCompared() throws {
        // A top-level null deletes the whole configuration: nothing is left to compare or validate.
        let findings = try lint(["svc/base.yaml": "replicas: 1\n", "svc/staging.yaml": "replicas: 2\n", "svc/production.yaml": "~\n"])
        #expect(findings == [])
    }

    @Test func emptyOverridesInheritTheBase() throws {
        let findings = try lint(["svc/base.yaml": "replicas: 1\n", "svc/staging.yaml": "{}\n", "svc/production.json": "{}\n"])
        #expect(findings == [])
    }

    @Test func onlyTheFirstDocumentOfALayerTakesPart() throws {
        let findings = try lint([
            "svc/base.yaml": "replicas: 1\n", "svc/staging.yaml": "replicas: 2\n",
            "svc/production.yaml": "replicas: 3\n---\nextra: true\n",
        ])
        #expect(findings == [])
    }

    @Test func aMergeLargerThanOneFilesNodeLimitIsStillValidated() throws {
        var limits = InputLimits.default
        limits.maxNodes = 12
        let findings = try lint(
            [
                ".confgate.yaml": "version: 1\ntemplates:\n  - schema: svc.schema.json\n    files: [svc/base.yaml]\n",
                "svc.schema.json": "{\"properties\": {\"g\": {\"type\": \"integer\"}}}\n",
                "svc/base.yaml": "a: 1\nb: 2\nc: 3\n",
                "svc/staging.yaml": "d: 4\ne: 5\nf: 6\n",
                "svc/production.yaml": "d: 4\ne: 5\nf: 6\ng: x\n",
            ], limits: limits)
        #expect(findings.contains("svc/production.yaml:4:4 schema-type \"g\" must be an integer, found string \"x\" (in production)"), "\(findings)")
    }
}
