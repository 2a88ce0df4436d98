/// JSON Schema validation (drafts 4, 6, 7, 2019-09 and 2020-12) over ConfgateDocument's positioned
/// tree. Compile a schema once, validate many documents; errors carry the instance node, so every
/// finding has an exact position. See docs/json-schema.md.
public enum ConfgateSchemaInfo {
    public static let dialects = [
        "http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-06/schema#",
        "http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2019-09/schema",
        "https://json-schema.org/draft/2020-12/schema",
    ]
}
