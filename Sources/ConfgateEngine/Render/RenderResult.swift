/// What `TemplateRenderer.render` produced: the configuration, and the template violations it
/// has, each pointing at the parameter, values file or default that caused it.
public struct RenderResult: Sendable {
    /// The rendered configuration (printed even when it has findings, if the caller wants).
    public let config: RenderedNode
    /// The findings, grouped by file (`--set` first, then the template, then the values files in
    /// order), each file's with the source lines they point at, for the reporters.
    public let report: LintReport
    /// The files the configuration was built from (template and values files), for the summary.
    public let fileCount: Int

    /// Whether the configuration is valid against the template.
    public var isValid: Bool { report.findings.isEmpty }
}
