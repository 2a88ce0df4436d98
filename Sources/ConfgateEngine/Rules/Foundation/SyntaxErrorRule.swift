/// `syntax-error`: the file is not well-formed YAML or JSON.
public enum SyntaxErrorRule: Rule {
    public static let description = RuleDescription(
        id: "syntax-error",
        name: "Syntax error",
        category: .syntax,
        defaultSeverity: .error,
        summary: "The file is not well-formed YAML or JSON. The parser's complaint is reported at the exact position where reading failed; the rest of that file is not linted.",
        rationale: "A file that does not parse cannot be loaded by the service at all; the deployment fails at run time instead of in review.",
        useInstead: "Fix the syntax at the reported position. For JSON, note that comments and trailing commas are allowed only in `.jsonc` files and files listed under `jsonc:` in `.confgate.yaml`.",
        options: "none",
        passingExamples: [
            RuleExample("config.yaml", "server:\n  port: 8080\n"),
            RuleExample("config.json", "{\"server\": {\"port\": 8080}}\n"),
            RuleExample("tsconfig.jsonc", "{\n  // comments are fine here\n  \"strict\": true,\n}\n"),
        ],
        failingExamples: [
            RuleExample(
                "config.yaml", "server:\n  port: 8080\n ↓host: example.com\n",
                message: "did not find expected key (while parsing a block mapping that started at line 1, column 1)"),
            RuleExample(
                "config.json", "{\"port\": 8080 ↓\"host\": \"example.com\"}\n",
                message: "expected ',' or '}' after an object member, found '\"'"),
            RuleExample(
                "config.json", "{\"port\": 8080↓,}\n",
                message: "trailing comma before '}' is not allowed in JSON"),
        ])
}
