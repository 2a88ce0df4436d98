import ConfgateDocument
import Crypto

/// The salted hash of the value a finding is about, which keys a baseline entry together with the
/// rule, the file and the JSON Pointer (docs/baseline.md).
///
/// Line and column numbers never enter it, so moving a key to another line or reordering a mapping
/// leaves it unchanged; changing the value (a rotated secret) changes it, so the finding is new.
/// The value itself is never stored: only HMAC-SHA256 keyed with the baseline's random salt, so a
/// short or guessable value cannot be recovered by hashing candidates without the salt, and two
/// baselines of the same repository do not reveal that they hold the same value.
public enum ValueHash {
    /// Hex digits kept: 16 bytes of the MAC are plenty to tell values apart and keep lines short.
    static let bytesKept = 16

    /// The hash for a finding in a file whose tree is `stream` (`nil` when the file has none).
    public static func of(_ finding: Finding, stream: ParsedStream?, projectPath: String, salt: [UInt8]) -> String {
        // The rule, file and pointer are bound in as well: equal values under different keys get
        // unrelated hashes, so the file does not even show which entries share a value.
        var message = Array(finding.rule.utf8) + [0] + Array(projectPath.utf8) + [0]
        message += Array((finding.pointer ?? "").utf8) + [0]
        message += canonicalValue(of: finding, stream: stream)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: salt))
        return hex(Array(mac).prefix(bytesKept))
    }

    /// What the finding is about, without positions:
    /// - a scalar at the finding's pointer: its decoded value (`port: 8080` and `port: "8080"` are
    ///   the same value; quoting or folding style does not matter);
    /// - a mapping: its sorted key names, so reordering keys changes nothing;
    /// - a sequence: its length;
    /// - no node (a syntax error, an unreadable file): the message with every number taken out,
    ///   so the line and column it quotes do not matter but a different problem is a new finding.
    static func canonicalValue(of finding: Finding, stream: ParsedStream?) -> [UInt8] {
        if let stream, let pointer = finding.pointer, let index = finding.document, index >= 0,
            index < stream.documents.count, let found = stream.node(at: pointer, in: stream.documents[index])
        {
            let node = stream.resolved(found)
            switch stream.kind(node) {
            case .scalar:
                return Array("scalar\u{0}".utf8) + Array(stream.valueBytes(node))
            case .mapping:
                let keys = Set(stream.entries(node).map { stream.keyToken($0.key) }).sorted()
                return Array("mapping\u{0}".utf8) + Array(keys.joined(separator: "\u{0}").utf8)
            case .sequence:
                return Array("sequence\u{0}\(stream.elements(node).count)".utf8)
            case .alias:
                break
            }
        }
        return Array("message\u{0}".utf8) + withoutNumbers(finding.message)
    }

    /// The message with each run of digits replaced by `#`.
    static func withoutNumbers(_ message: String) -> [UInt8] {
        var result: [UInt8] = []
        for byte in message.utf8 {
            let isDigit = byte >= 0x30 && byte <= 0x39
            if isDigit {
                if result.last != 0x23 { result.append(0x23) }
            } else {
                result.append(byte)
            }
        }
        return result
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
