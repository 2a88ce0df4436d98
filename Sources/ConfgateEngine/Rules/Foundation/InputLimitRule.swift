/// `input-limit`: the file exceeds a size, depth or expansion limit.
public enum InputLimitRule: Rule {
    public static let description = RuleDescription(
        id: "input-limit",
        name: "Input limit exceeded",
        category: .syntax,
        defaultSeverity: .error,
        summary: "The file exceeds one of the input limits: file size (16 MiB), nesting depth (256), nodes after alias expansion (1,000,000) or scalar length (1 MiB). Reading stops at that point.",
        rationale: "A configuration file that large or that deep is almost always generated or hostile (a \"billion laughs\" alias bomb expands a few hundred bytes into gigabytes); confgate refuses it in well under a second instead of exhausting memory.",
        useInstead: "Split the file, or raise the limit under `limits:` in `.confgate.yaml` when the file is legitimate.",
        options: "`limits.max-file-bytes`, `limits.max-depth`, `limits.max-nodes`, `limits.max-scalar-bytes` in `.confgate.yaml`",
        passingExamples: [
            RuleExample("config.yaml", "base: &base [1, 2, 3]\ncopy: *base\n"),
        ],
        failingExamples: [
            RuleExample(
                "config.yaml", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, ↓*e, *e, *e]\n",
                message: "document has more than 1000000 nodes (limit max-nodes)"),
            RuleExample(
                "deep.json", String(repeating: "[", count: 256) + "↓[]" + String(repeating: "]", count: 256) + "\n",
                message: "nesting is deeper than 256 levels (limit max-depth)"),
        ])
}
