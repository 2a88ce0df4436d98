/// `schema-<keyword>`: a value that breaks the template bound to its file. One rule family: the id
/// names the JSON Schema keyword that failed (`schema-type`, `schema-required`,
/// `schema-additional-properties`, ...), so a team can filter by kind of violation.
public enum SchemaRule: Rule {
    public static let description = RuleDescription(
        id: "schema",
        name: "Schema violation",
        category: .schema,
        defaultSeverity: .error,
        summary: "A value breaks the template (JSON Schema) its file is bound to. The finding's id is `schema-` followed by the failing keyword in kebab-case: `schema-type`, `schema-required`, `schema-enum`, `schema-additional-properties`, `schema-pattern`, `schema-minimum`, and so on; `schema-false` for a value a schema forbids outright, `schema-pattern-limit` when a pattern exceeds the regex match limit on a value (the value is then not judged), `schema-depth-limit` when a schema recurses without end.",
        rationale: "A configuration that does not have the shape its service expects fails at run time, usually at the worst moment: a port written as a string, a misspelt key silently ignored, a required setting missing in one environment.",
        useInstead: "Fix the value, or change the template if the value is right. For `anyOf`/`oneOf` the findings are those of the branch that came closest.",
        options: "`templates:`, `strict-formats`, `default-dialect`, `schema-dirs`, `schema-maps` in .confgate.yaml; `--strict-formats`, `--schema-dir`, `--schema-map` on the command line.",
        passingExamples: [],
        failingExamples: [],
        examplesNotApplicable: "a schema finding needs a template besides the file; covered by Tests/ConfgateEngineTests/TemplateTests.swift and the JSON-Schema-Test-Suite",
        isFamily: true)

    /// The finding id for a failing keyword: `additionalProperties` → `schema-additional-properties`.
    public static func ruleID(forKeyword keyword: String) -> String {
        var id = "schema-"
        for c in keyword where c != "$" {
            if c.isUppercase {
                id += "-" + c.lowercased()
            } else {
                id.append(c)
            }
        }
        return id
    }
}
