/// `unmapped-config`: a configuration file no template applies to.
public enum UnmappedConfigRule: Rule {
    public static let description = RuleDescription(
        id: "unmapped-config",
        name: "Configuration without a template",
        category: .schema,
        defaultSeverity: .info,
        summary: "A linted file is bound to no template: no `templates:` entry of .confgate.yaml matches it, and it names no schema with a `$schema` member or a `# yaml-language-server: $schema=...` modeline. Reported only in projects that configure `templates:`.",
        rationale: "A file that no schema checks can drift into any shape; the aim is that every configuration file is validated.",
        useInstead: "Add a `templates:` entry whose `files` globs match the file, or exclude the file from linting if it is not configuration.",
        options: "`templates:` in .confgate.yaml",
        passingExamples: [],
        failingExamples: [],
        examplesNotApplicable: "depends on the project's templates: configuration; covered by Tests/ConfgateEngineTests/TemplateTests.swift")
}
