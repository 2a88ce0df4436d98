import ConfgateDocument
import Testing

@testable import ConfgateSchema

@Suite struct SpellingTests {
    @Test(arguments: [
        ("port", "port", 0), ("prot", "port", 1), ("hots", "host", 1), ("databse", "database", 1),
        ("timeout_sm", "timeout_ms", 1), ("abc", "", 3), ("", "ab", 2), ("kitten", "sitting", 3),
    ])
    func distance(_ a: String, _ b: String, _ expected: Int) {
        #expect(Spelling.distance(a, b) == expected)
    }

    @Test func closestSuggestsLikelyTyposOnly() {
        #expect(Spelling.closest(to: "prot", in: ["host", "port"]) == "port")
        #expect(Spelling.closest(to: "Databse", in: ["database", "debug"]) == "database")
        #expect(Spelling.closest(to: "xyz", in: ["host", "port"]) == nil)
        // Ties go to the earlier candidate.
        #expect(Spelling.closest(to: "pot", in: ["port", "post"]) == "port")
        #expect(Spelling.closest(to: "pot", in: ["post", "port"]) == "post")
    }
}

@Suite struct UnknownMetaSchemaTests {
    @Test func aSchemaNamingAnUnavailableMetaSchemaIsAnError() throws {
        let text = #"{"$schema": "https://example.com/my-meta", "type": "object"}"#
        let stream = try #require(DocumentReader().read(Array(text.utf8), format: .json).stream)
        #expect(throws: SchemaError.unknownMetaSchema(
            schema: "s.json", location: SourceLocation(line: 1, column: 1, offset: 0), uri: "https://example.com/my-meta"))
        {
            try JSONSchema.compile(stream, root: stream.documents[0].root, uri: "file:///s.json", name: "s.json", registry: SchemaRegistry())
        }
    }

    @Test func aRegisteredMetaSchemaNamesTheDraft() throws {
        let meta = #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.com/my-meta", "$dynamicAnchor": "meta"}"#
        let metaStream = try #require(DocumentReader().read(Array(meta.utf8), format: .json).stream)
        let registry = SchemaRegistry()
        registry.register(metaStream, root: metaStream.documents[0].root, uri: "https://example.com/my-meta")
        let text = #"{"$schema": "https://example.com/my-meta", "type": "object"}"#
        let stream = try #require(DocumentReader().read(Array(text.utf8), format: .json).stream)
        let schema = try JSONSchema.compile(stream, root: stream.documents[0].root, uri: "file:///s.json", registry: registry)
        #expect(schema.draft == .draft2020_12)
        let instance = try #require(DocumentReader().read(Array("[1]".utf8), format: .json).stream)
        #expect(schema.validate(instance, instance.documents[0].root).map(\.message) == ["the document must be an object, found an array"])
    }
}

/// Messages never quote a value under a credential-like key, whatever its type.
@Suite struct SecretSafeMessageTests {
    @Test func valuesUnderCredentialKeysAreNotQuoted() throws {
        let schemaText = #"{"properties": {"db_password": {"type": "string"}, "pin_key": {"maximum": 10}, "api_token": {"enum": ["a"]}, "port": {"maximum": 10}}}"#
        let schemaStream = try #require(DocumentReader().read(Array(schemaText.utf8), format: .json).stream)
        let schema = try JSONSchema.compile(schemaStream, root: schemaStream.documents[0].root, uri: "file:///s.json", registry: SchemaRegistry())
        let text = "db_password: 123456\npin_key: 9999\napi_token: hunter2\nport: 99\n"
        let stream = try #require(DocumentReader().read(Array(text.utf8), format: .yaml).stream)
        #expect(schema.validate(stream, stream.documents[0].root).map(\.message) == [
            #""db_password" must be a string, found an integer"#,
            #""pin_key" must be at most 10, found a number"#,
            #""api_token" must be one of "a", found a different string"#,
            #""port" must be at most 10, found 99"#,
        ])
    }
}
