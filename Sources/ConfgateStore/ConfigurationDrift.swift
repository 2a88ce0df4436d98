import ConfgateDocument
import ConfgateEngine

/// The paths where the repository's configuration of an environment differs from the version last
/// deployed: `confgate drift`. Both sides are compared as stored, secrets already redacted, so a
/// change shows its value but never a secret's.
public enum ConfigurationDrift {
    public struct Change: Sendable, Equatable {
        public enum Kind: String, Sendable {
            /// In the repository only.
            case added
            /// In the deployed version only.
            case removed
            case changed
        }

        public var kind: Kind
        /// RFC 6901 pointer (`""`: the whole document).
        public var pointer: String
        /// The deployed value (compact JSON), `nil` when added.
        public var deployed: String?
        /// The repository's value (compact JSON), `nil` when removed.
        public var repository: String?
    }

    /// Mappings are compared key by key, whatever their order (PostgreSQL's `jsonb` keeps its own);
    /// lists and scalars as whole values, as the merge replaces them. Numbers compare by value
    /// (`1.0` and `1` are one number once stored in `jsonb`).
    public static func changes(deployed: DocumentValue, repository: DocumentValue) -> [Change] {
        var changes: [Change] = []
        compare(deployed, repository, pointer: "", into: &changes)
        return changes
    }

    private static func compare(_ a: DocumentValue, _ b: DocumentValue, pointer: String, into changes: inout [Change]) {
        if case .object(let xs) = a, case .object(let ys) = b {
            let deployedByKey = Dictionary(xs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            let repositoryKeys = Set(ys.map(\.key))
            for member in ys {
                let path = pointer + "/" + JSONPointer.escape(member.key)
                if let old = deployedByKey[member.key] {
                    compare(old, member.value, pointer: path, into: &changes)
                } else {
                    changes.append(Change(kind: .added, pointer: path, deployed: nil, repository: member.value.compactJSON))
                }
            }
            for member in xs where !repositoryKeys.contains(member.key) {
                changes.append(
                    Change(kind: .removed, pointer: pointer + "/" + JSONPointer.escape(member.key), deployed: member.value.compactJSON, repository: nil))
            }
            return
        }
        if !same(a, b) {
            changes.append(Change(kind: .changed, pointer: pointer, deployed: a.compactJSON, repository: b.compactJSON))
        }
    }

    private static func same(_ a: DocumentValue, _ b: DocumentValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x == y || (Double(x) != nil && Double(x) == Double(y))
        case (.array(let xs), .array(let ys)): return xs.count == ys.count && zip(xs, ys).allSatisfy { same($0, $1) }
        case (.object(let xs), .object(let ys)):
            guard xs.count == ys.count else { return false }
            let byKey = Dictionary(ys.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            return xs.allSatisfy { member in byKey[member.key].map { same(member.value, $0) } ?? false }
        default: return a == b
        }
    }
}
