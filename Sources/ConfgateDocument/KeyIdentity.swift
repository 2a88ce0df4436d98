/// Identity of a mapping key for duplicate detection and merging: its type and decoded value, with
/// the spellings of null (`~`, `null`, empty) and of booleans folded together. Non-scalar keys are
/// identified by their node (two complex keys are never called duplicates).
struct KeyIdentity: Hashable {
    var type: UInt8
    var bytes: ArraySlice<UInt8>
    var node: Int32

    static func of(_ key: Int32, nodes: [NodeRecord], values: [UInt8], source: [UInt8]) -> KeyIdentity {
        var k = key
        while nodes[Int(k)].kind == .alias { k = nodes[Int(k)].target }
        let n = nodes[Int(k)]
        guard n.kind == .scalar else { return KeyIdentity(type: 255, bytes: [], node: k) }
        switch n.type {
        case .null:
            return KeyIdentity(type: n.type.rawValue, bytes: [], node: -1)
        case .bool:
            let first = n.flags & NodeRecord.valueInSource != 0 ? source[Int(n.valueStart)] : values[Int(n.valueStart)]
            let isTrue = first == UInt8(ascii: "t") || first == UInt8(ascii: "T")
            return KeyIdentity(type: n.type.rawValue, bytes: isTrue ? [1] : [0], node: -1)
        default:
            let lo = Int(n.valueStart), hi = lo + Int(n.valueLength)
            let bytes = n.flags & NodeRecord.valueInSource != 0 ? source[lo..<hi] : values[lo..<hi]
            return KeyIdentity(type: n.type.rawValue, bytes: bytes, node: -1)
        }
    }
}
