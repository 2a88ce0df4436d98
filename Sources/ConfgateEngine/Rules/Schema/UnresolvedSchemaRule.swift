/// `unresolved-schema`: a document names a schema (`$schema` member or modeline) that cannot be used.
public enum UnresolvedSchemaRule: Rule {
    public static let description = RuleDescription(
        id: "unresolved-schema",
        name: "Schema reference that cannot be used",
        category: .schema,
        defaultSeverity: .warning,
        summary: "A document's `$schema` member or `yaml-language-server` modeline names a schema that is not available offline (a remote URL with no local copy), does not exist, or is not a valid schema. The document is not validated.",
        rationale: "confgate never fetches schemas from the network: CI has none, and fetching is an attack surface. A reference it cannot follow would otherwise leave the file silently unchecked.",
        useInstead: "Vendor the schema and name its folder with `schema-dirs`/`schema-maps` in .confgate.yaml (or `--schema-dir`/`--schema-map`), or bind the file with a `templates:` entry.",
        options: "`schema-dirs`, `schema-maps` in .confgate.yaml",
        passingExamples: [],
        failingExamples: [],
        examplesNotApplicable: "depends on files outside the example; covered by Tests/ConfgateEngineTests/TemplateTests.swift")
}
