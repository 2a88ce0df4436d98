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
    public static func of(_ value: String, tag: String? = nil) -> SecretValueShape {
        if let tag, referenceTags.contains(tag) { return .reference }
        let trimmed = value.trimmingWhitespace()
        if trimmed.isEmpty { return .empty }
        if trimmed.hasPrefix("$ANSIBLE_VAULT;") || isSOPS(trimmed) || isEJSON(trimmed) { return .encrypted }
        if trimmed.hasPrefix("-----BEGIN ") {
            for header in ["-----BEGIN PGP MESSAGE-----", "-----BEGIN AGE ENCRYPTED FILE-----", "-----BEGIN ENCRYPTED PRIVATE KEY-----"]
            where trimmed.hasPrefix(header) {
                return .encrypted
            }
        }
        if trimmed.unicodeScalars.allSatisfy({ $0 == "*" || $0 == "•" || $0 == "●" }) { return .mask }
        let lower = trimmed.lowercased()
        if placeholderWords.contains(lower) || (lower.count >= 3 && lower.allSatisfy { $0 == "x" }) { return .placeholder }
        if referencePrefixes.contains(where: { trimmed.hasPrefix($0) }) { return .reference }
        if trimmed.hasPrefix("<") && trimmed.hasSuffix(">") && !trimmed.dropFirst().dropLast().contains(where: { $0 == "<" || $0 == ">" }) {
            return .reference
        }
        if let fallback = interpolationShape(trimmed) { return fallback }
        if isGCPSecretVersion(trimmed) { return .reference }
        return .literal
    }

    /// Templates and shell-style interpolations anywhere in the value. `nil` when there are none.
    /// A `${VAR:-x}` or `${VAR-x}` fallback that is a plaintext literal wins over the rest, because
    /// that literal is what runs when the variable is unset.
    static func interpolationShape(_ value: String) -> SecretValueShape? {
        var found = false
        if value.contains("{{") && value.contains("}}") { found = true }
        if value.contains("{%") && value.contains("%}") { found = true }
        if value.contains("%(") && value.contains(")s") { found = true }
        if value.contains("#{") && value.contains("}") { found = true }
        let scalars = Array(value.unicodeScalars)
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "$" else { i += 1; continue }
            if i + 1 < scalars.count, scalars[i + 1] == "{" {
                guard let close = scalars[(i + 2)...].firstIndex(of: "}") else { break }
                let inner = String(String.UnicodeScalarView(scalars[(i + 2)..<close]))
                found = true
                if let fallback = fallbackLiteral(inner) { return .defaultedReference(fallback: fallback) }
                i = close + 1
                continue
            }
            // `$VAR`: a whole value that is a variable name, or one at the start of the value.
            if i == 0, i + 1 < scalars.count, scalars[i + 1] == "_" || scalars[i + 1].properties.isUppercase {
                let name = scalars[(i + 1)...].prefix { $0 == "_" || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
                if name.count == scalars.count - 1 { found = true }
            }
            i += 1
        }
        return found ? .reference : nil
    }

    /// The literal after `:-` or `-` in `${NAME:-literal}` (`:=`/`=` likewise), when it is a
    /// plaintext value rather than another reference, empty or a placeholder.
    static func fallbackLiteral(_ inner: String) -> String? {
        guard let nameEnd = inner.firstIndex(where: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }) else {
            return nil
        }
        var rest = inner[nameEnd...]
        if rest.hasPrefix(":") { rest = rest.dropFirst() }
        guard rest.hasPrefix("-") || rest.hasPrefix("=") else { return nil }
        let fallback = String(rest.dropFirst())
        switch of(fallback) {
        case .literal: return fallback
        default: return nil
        }
    }

    /// SOPS: `ENC[AES256_GCM,data:...,iv:...,tag:...,type:str]`.
    static func isSOPS(_ value: String) -> Bool {
        value.hasPrefix("ENC[") && value.hasSuffix("]") && value.contains("data:")
    }

    /// EJSON: `EJ[1:<public key>:<nonce>:<ciphertext>]`.
    static func isEJSON(_ value: String) -> Bool {
        value.hasPrefix("EJ[") && value.hasSuffix("]")
    }

    /// A Google Secret Manager resource name: `projects/P/secrets/S` with an optional `/versions/V`.
    static func isGCPSecretVersion(_ value: String) -> Bool {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        return (parts.count == 4 || parts.count == 6) && parts[0] == "projects" && parts[2] == "secrets"
            && (parts.count == 4 || parts[4] == "versions") && !parts.contains(where: \.isEmpty)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
