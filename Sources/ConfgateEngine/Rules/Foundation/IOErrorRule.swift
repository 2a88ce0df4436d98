/// `io-error`: a named file could not be read.
public enum IOErrorRule: Rule {
    public static let description = RuleDescription(
        id: "io-error",
        name: "File cannot be read",
        category: .io,
        defaultSeverity: .error,
        summary: "A path given to confgate does not exist, is a directory where a file is required, or cannot be read (permissions, I/O error).",
        rationale: "A gate that silently skips a file it was asked to check passes configurations nobody checked.",
        useInstead: "Fix the path, or the file's permissions.",
        options: "none",
        passingExamples: [],
        failingExamples: [],
        examplesNotApplicable: "it is about the file system, not file content; Tests/ConfgateCLITests covers it")
}
