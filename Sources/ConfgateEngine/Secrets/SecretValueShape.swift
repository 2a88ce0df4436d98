/// What a value under a sensitive key is, before anyone calls it a secret: a reference to a secret
/// kept elsewhere, an encrypted value, a mask, a well-known placeholder word, or a literal.
/// The recognised forms are listed in docs/secrets.md ("Not secrets").
public enum SecretValueShape: Sendable, Equatable {
    /// Empty or only whitespace.
    case empty
    /// Resolved at deploy or run time: `${VAR}`, `{{ .Values.x }}`, `<your-token>`, `vault:...`,
    /// `arn:aws:secretsmanager:...`, a `!vault` tag.
    case reference
    /// Ciphertext: SOPS `ENC[...]`, `$ANSIBLE_VAULT;`, an encrypted PEM block.
    case encrypted
    /// Stars or bullets standing for a value (`*****`).
    case mask
    /// A word people write instead of a secret (`changeme`, `xxx`).
    case placeholder
    /// `${VAR:-literal}`: a reference whose fallback is itself a plaintext literal.
    case defaultedReference(fallback: String)
    /// Anything else.
    case literal

    /// Placeholder words, compared lowercase. `xxx...` of any length is one too.
    static let placeholderWords: Set<String> = [
        "changeme", "change-me", "change_me", "changeit", "change-it", "password", "passwd", "secret", "todo",
        "tbd", "fixme", "placeholder", "replaceme", "replace-me", "replace_me", "dummy", "example", "redacted",
        "notset", "not-set", "none", "null", "nil", "undefined", "unset", "empty",
    ]

    /// Prefixes of references to a secret store (case-sensitive where the tool is).
    static let referencePrefixes = [
        "vault:", "ref+", "op://", "arn:aws:secretsmanager:", "arn:aws:ssm:", "arn:aws-cn:secretsmanager:",
        "arn:aws-us-gov:secretsmanager:", "sm://", "gcpsm://", "secretmanager://", "azurekeyvault://",
        "@Microsoft.KeyVault(", "awssm:", "awsssm:", "keyvault:", "secret://", "env:", "file://",
    ]

    /// Local tags that a loader replaces with a secret from elsewhere (Ansible, Home Assistant,
    /// CloudFormation intrinsic functions, SOPS and EJSON helpers).
    static let referenceTags: Set<String> = [
        "!vault", "!secret", "!env", "!ENV", "!env_var", "!sops", "!encrypted", "!Ref", "!Sub", "!GetAtt",
        "!ImportValue", "!FindInMap", "!Join", "!Select",
    ]

    /// The shape of a string value; `tag` is the scalar's tag as written (`!vault`).
    ///
    /// Works on UTF-8 bytes: it runs on every value under a sensitive key, and Foundation's string
    /// searches cost more than the whole scan.
    public static func of(_ value: String, tag: String? = nil) -> SecretValueShape {
        if let tag, referenceTags.contains(tag) { return .reference }
        let v = Bytes.trimmed(Array(value.utf8))
        if v.isEmpty { return .empty }
        if isCiphertext(v) { return .encrypted }
        if v[0] == UInt8(ascii: "*") || v[0] == 0xE2 {
            let text = String(decoding: v, as: UTF8.self)
            if text.unicodeScalars.allSatisfy({ $0 == "*" || $0 == "•" || $0 == "●" }) { return .mask }
        }
        if v.count <= 16 {
            let lower = String(decoding: v.map(KeywordIndex.lower), as: UTF8.self)
            if placeholderWords.contains(lower) || (v.count >= 3 && lower.utf8.allSatisfy { $0 == UInt8(ascii: "x") }) {
                return .placeholder
            }
        }
        if referencePrefixes.contains(where: { Bytes.hasPrefix(v, $0) }) { return .reference }
        if v.first == UInt8(ascii: "<"), v.last == UInt8(ascii: ">"),
            !v.dropFirst().dropLast().contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") })
        {
            return .reference
        }
        if let interpolated = interpolationShape(v) { return interpolated }
        if isGCPSecretVersion(v) { return .reference }
        return .literal
    }

    /// Templates and shell-style interpolations anywhere in the value. `nil` when there are none.
    /// A `${VAR:-x}` or `${VAR-x}` fallback that is a plaintext literal wins over the rest, because
    /// that literal is what runs when the variable is unset.
    static func interpolationShape(_ v: [UInt8]) -> SecretValueShape? {
        var found = false
        if Bytes.contains(v, "{{") && Bytes.contains(v, "}}") { found = true }
        if Bytes.contains(v, "{%") && Bytes.contains(v, "%}") { found = true }
        if Bytes.contains(v, "%(") && Bytes.contains(v, ")s") { found = true }
        if Bytes.contains(v, "#{") && v.contains(UInt8(ascii: "}")) { found = true }
        var i = 0
        while i < v.count {
            guard v[i] == UInt8(ascii: "$") else { i += 1; continue }
            if i + 1 < v.count, v[i + 1] == UInt8(ascii: "{") {
                // The matching brace: a fallback may hold another reference, `${A:-${B}}`.
                var depth = 0
                var close: Int?
                var j = i + 2
                while j < v.count {
                    if v[j] == UInt8(ascii: "{") { depth += 1 }
                    if v[j] == UInt8(ascii: "}") {
                        if depth == 0 { close = j; break }
                        depth -= 1
                    }
                    j += 1
                }
                guard let close else { break }
                found = true
                if let fallback = fallbackLiteral(Array(v[(i + 2)..<close])) { return .defaultedReference(fallback: fallback) }
                i = close + 1
                continue
            }
            // `$VAR`: a whole value that is an upper-case variable name.
            if i == 0, v.count > 1 {
                let name = v[1...]
                if name.allSatisfy({ $0 == UInt8(ascii: "_") || $0 &- 0x41 < 26 || $0 &- 0x30 < 10 }),
                    name.first.map({ $0 == UInt8(ascii: "_") || $0 &- 0x41 < 26 }) == true
                {
                    found = true
                }
            }
            i += 1
        }
        return found ? .reference : nil
    }

    /// The literal after `:-` or `-` in `${NAME:-literal}` (`:=`/`=` likewise), when it is a
    /// plaintext value rather than another reference, empty or a placeholder.
    static func fallbackLiteral(_ inner: [UInt8]) -> String? {
        guard let nameEnd = inner.firstIndex(where: { b in
            !(b &- 0x41 < 26 || b &- 0x61 < 26 || b &- 0x30 < 10 || b == UInt8(ascii: "_") || b == UInt8(ascii: "."))
        }) else { return nil }
        var rest = inner[nameEnd...]
        if rest.first == UInt8(ascii: ":") { rest = rest.dropFirst() }
        guard rest.first == UInt8(ascii: "-") || rest.first == UInt8(ascii: "=") else { return nil }
        let fallback = String(decoding: rest.dropFirst(), as: UTF8.self)
        switch of(fallback) {
        case .literal: return fallback
        default: return nil
        }
    }

    /// SOPS: `ENC[AES256_GCM,data:...,iv:...,tag:...,type:str]`.
    static func isSOPS(_ v: [UInt8]) -> Bool {
        Bytes.hasPrefix(v, "ENC[") && v.last == UInt8(ascii: "]") && Bytes.contains(v, "data:")
    }

    /// EJSON: `EJ[1:<public key>:<nonce>:<ciphertext>]`.
    /// Whether a value is ciphertext (what `of` calls `.encrypted`), from its bytes. `lint
    /// --record` asks this of every string it stores, where building a `String` for `of` cost more
    /// than the rest of the recording.
    public static func isEncrypted(_ bytes: ArraySlice<UInt8>) -> Bool {
        // Every ciphertext form starts with `$`, `E` or `-`: most values are out at the first byte.
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }),
            first == UInt8(ascii: "$") || first == UInt8(ascii: "E") || first == UInt8(ascii: "-")
        else { return false }
        return isCiphertext(Bytes.trimmed(Array(bytes)))
    }

    /// SOPS, Ansible Vault, EJSON, or an encrypted PEM block (PGP, age, an encrypted private key).
    static func isCiphertext(_ v: [UInt8]) -> Bool {
        if Bytes.hasPrefix(v, "$ANSIBLE_VAULT;") || isSOPS(v) || isEJSON(v) { return true }
        guard Bytes.hasPrefix(v, "-----BEGIN ") else { return false }
        return ["-----BEGIN PGP MESSAGE-----", "-----BEGIN AGE ENCRYPTED FILE-----", "-----BEGIN ENCRYPTED PRIVATE KEY-----"]
            .contains { Bytes.hasPrefix(v, $0) }
    }

    static func isEJSON(_ v: [UInt8]) -> Bool {
        Bytes.hasPrefix(v, "EJ[") && v.last == UInt8(ascii: "]")
    }

    /// A Google Secret Manager resource name: `projects/P/secrets/S` with an optional `/versions/V`.
    static func isGCPSecretVersion(_ v: [UInt8]) -> Bool {
        guard Bytes.hasPrefix(v, "projects/") else { return false }
        let parts = v.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        return (parts.count == 4 || parts.count == 6) && parts[2].elementsEqual("secrets".utf8)
            && (parts.count == 4 || parts[4].elementsEqual("versions".utf8)) && !parts.contains(where: \.isEmpty)
    }
}

/// Byte-string helpers for the secret scanner's hot paths (see `SecretValueShape.of`).
enum Bytes {
    static func hasPrefix(_ v: [UInt8], _ prefix: String) -> Bool {
        var i = 0
        for b in prefix.utf8 {
            guard i < v.count, v[i] == b else { return false }
            i += 1
        }
        return true
    }

    static func contains(_ v: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard let first = n.first, v.count >= n.count else { return false }
        var i = 0
        while i <= v.count - n.count {
            if v[i] == first {
                var j = 1
                while j < n.count && v[i + j] == n[j] { j += 1 }
                if j == n.count { return true }
            }
            i += 1
        }
        return false
    }

    /// Without leading and trailing ASCII whitespace.
    static func trimmed(_ v: [UInt8]) -> [UInt8] {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        guard let first = v.firstIndex(where: { !isSpace($0) }), let last = v.lastIndex(where: { !isSpace($0) }) else {
            return []
        }
        return first == 0 && last == v.count - 1 ? v : Array(v[first...last])
    }
}
