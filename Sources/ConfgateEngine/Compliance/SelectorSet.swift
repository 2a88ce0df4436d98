import ConfgateDocument

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The selectors of many rules, walked together: one pass over a document selects the nodes of
/// every rule. The built-in packs hold dozens of `/**/name` selectors; walking the document once
/// per selector cost six times a plain lint, walking it once with all of them as a set of states
/// (a small NFA over the path) costs a fraction of reading it.
///
/// A state is a place in one selector (`token` tokens matched), numbered `start[selector] + token`;
/// the walk keeps the live states of each level on one stack, and marks each state once per node
/// so that `**` (which keeps its state and also lets the next token try) adds no duplicates.
struct SelectorSet: Sendable {
    private enum Kind: UInt8 {
        case key, anyOne, anyDepth, end
    }

    /// Per state: what its token is, the rule it belongs to, and for a key the bytes' place in `keyBytes`.
    private let kinds: [Kind]
    private let rules: [Int32]
    private let keyStart: [Int32]
    private let keyLength: [Int32]
    private let keyBytes: [UInt8]
    /// The first state of each selector walked state by state (not those below).
    private let starts: [Int32]
    /// Selectors `/**/name...`, the most common kind, live at every node: instead of one state
    /// each that every key is compared with, a hash table from `name` to the states after it.
    private let deep: KeyTable
    /// Selectors `/**` alone: their end states, reached at every node.
    private let everywhere: [Int32]
    let ruleCount: Int

    /// The selectors of `rules` that a walk selects with: all but those of presence rules
    /// (`defined`), which look for what is not there.
    static func walked(for rules: [PackRule]) -> SelectorSet {
        SelectorSet(rules.map { $0.checks.presence == true ? [] : $0.selectors })
    }

    /// `selectors[i]` are the selectors of rule `i`.
    init(_ selectors: [[PathSelector]]) {
        var kinds: [Kind] = [], rules: [Int32] = [], keyStart: [Int32] = [], keyLength: [Int32] = []
        var keyBytes: [UInt8] = [], starts: [Int32] = []
        var deepKeys: [(name: [UInt8], state: Int32)] = [], everywhere: [Int32] = []
        for (rule, list) in selectors.enumerated() {
            for selector in list {
                let first = Int32(kinds.count)
                switch (selector.tokens.first, selector.tokens.dropFirst().first) {
                case (.anyDepth?, nil): everywhere.append(first + 1)
                case (.anyDepth?, .key(let name)?): deepKeys.append((Array(name.utf8), first + 2))
                default: starts.append(first)
                }
                for token in selector.tokens {
                    rules.append(Int32(rule))
                    switch token {
                    case .key(let name):
                        kinds.append(.key)
                        keyStart.append(Int32(keyBytes.count))
                        keyLength.append(Int32(name.utf8.count))
                        keyBytes += Array(name.utf8)
                    case .anyOne, .anyDepth:
                        kinds.append(token == .anyOne ? .anyOne : .anyDepth)
                        keyStart.append(0)
                        keyLength.append(0)
                    }
                }
                kinds.append(.end)
                rules.append(Int32(rule))
                keyStart.append(0)
                keyLength.append(0)
            }
        }
        self.kinds = kinds
        self.rules = rules
        self.keyStart = keyStart
        self.keyLength = keyLength
        self.keyBytes = keyBytes
        self.starts = starts
        self.everywhere = everywhere
        deep = KeyTable(deepKeys)
        ruleCount = selectors.count
    }

    /// The nodes each rule's selectors select under `root`, with the key naming each (`nil` for
    /// list items and the root), in document order, each node once per rule. `wanted[i]` false
    /// skips rule `i`.
    func select(
        _ stream: ParsedStream, _ root: NodeID, wanted: [Bool], failing: [NodeKinds]? = nil
    ) -> [[(node: NodeID, key: NodeID?)]] {
        var gather = Gather(count: ruleCount)
        forEachSelected(stream, root, wanted: wanted, failing: failing, &gather)
        return gather.result
    }

    private struct Gather: SelectionVisitor {
        var result: [[(node: NodeID, key: NodeID?)]]
        init(count: Int) { result = .init(repeating: [], count: count) }
        mutating func selected(rule: Int, node: NodeID, key: NodeID?, kinds: NodeKinds) { result[rule].append((node, key)) }
    }

    /// Hands `visitor` each node each rule's selectors select under `root` (as `select` lists
    /// them, rule by rule in document order, each node once per rule) as the walk reaches it:
    /// the checks run in the walk, without a list of every node per rule (with the `/**` rules
    /// of the built-in packs, nearly every node is selected several times). `failing[i]`, when
    /// given, are the kinds of node rule `i` can fail on: others are not handed over.
    func forEachSelected<Visitor: SelectionVisitor>(
        _ stream: ParsedStream, _ root: NodeID, wanted: [Bool], failing: [NodeKinds]? = nil, _ visitor: inout Visitor
    ) {
        let initial = starts.filter { wanted[Int(rules[Int($0)])] }
        let everywhere = everywhere.filter { wanted[Int(rules[Int($0)])] }
        let deepWanted = deep.states.contains { wanted[Int(rules[Int($0)])] }
        guard !initial.isEmpty || !everywhere.isEmpty || deepWanted else { return }
        kinds.withUnsafeBufferPointer { kinds in
            keyStart.withUnsafeBufferPointer { keyStart in
                keyLength.withUnsafeBufferPointer { keyLength in
                    keyBytes.withUnsafeBufferPointer { keyBytes in
                        var walker = Walker(
                            stream: stream, kinds: kinds, keyStart: keyStart, keyLength: keyLength, keyBytes: keyBytes,
                            stateCount: self.kinds.count, deep: deep, useDeep: deepWanted, everywhere: everywhere,
                            wantedRules: wanted, rules: rules, failing: failing, ruleCount: ruleCount)
                        defer { walker.release() }
                        walker.push(initial)
                        walker.walk(root, key: nil, from: 0, to: initial.count, &visitor)
                    }
                }
            }
        }
    }

    /// The walk's working memory: the states of every level on one stack, and the mark of each
    /// state (the node visit that last added it). The tables it reads per node are copied to
    /// buffers of its own: read from arrays, each node cost reference counting on them (with
    /// the checks, 93M instructions of retains and releases on 200 services of the corpus).
    private struct Walker {
        let stream: ParsedStream
        /// `stream`, read without retaining it where a closure reads it (`pushDeep`): there the
        /// walk, a mutating method, retained and released it at every mapping member.
        let streamReference: Unmanaged<ParsedStream>
        let kinds: UnsafeBufferPointer<Kind>
        let keyStart: UnsafeBufferPointer<Int32>
        let keyLength: UnsafeBufferPointer<Int32>
        let keyBytes: UnsafeBufferPointer<UInt8>
        var stack: UnsafeMutablePointer<Int32>
        var capacity: Int
        var count = 0
        let marks: UnsafeMutablePointer<Int32>
        var visit: Int32 = 0
        var budget = PathSelector.visitBudget
        let deep: KeyTable
        let useDeep: Bool
        /// The end states of the wanted `/**` selectors.
        let everywhere: UnsafeMutableBufferPointer<Int32>
        /// Per rule: wanted, and the kinds of node it can fail on.
        let wantedRules: UnsafeMutablePointer<Bool>
        let failing: UnsafeMutablePointer<NodeKinds>
        /// Per state: its rule.
        let rules: UnsafeMutablePointer<Int32>
        /// Per rule, the visit that last selected a node for it: two selectors of one rule may
        /// select one node in one visit, and it is handed over once.
        let ruleMarks: UnsafeMutablePointer<Int32>
        /// Per rule, the nodes selected so far, when a node may be reached twice (`sharesNodes`).
        var seen: [Set<NodeID>]?

        init(
            stream: ParsedStream, kinds: UnsafeBufferPointer<Kind>, keyStart: UnsafeBufferPointer<Int32>,
            keyLength: UnsafeBufferPointer<Int32>, keyBytes: UnsafeBufferPointer<UInt8>, stateCount: Int,
            deep: KeyTable, useDeep: Bool, everywhere: [Int32], wantedRules: [Bool], rules: [Int32], failing: [NodeKinds]?,
            ruleCount: Int
        ) {
            self.deep = deep
            self.useDeep = useDeep
            self.everywhere = .allocate(capacity: everywhere.count)
            _ = self.everywhere.initialize(from: everywhere)
            self.wantedRules = .allocate(capacity: max(1, ruleCount))
            self.wantedRules.initialize(from: wantedRules, count: ruleCount)
            self.failing = .allocate(capacity: max(1, ruleCount))
            if let failing { self.failing.initialize(from: failing, count: ruleCount) } else {
                self.failing.initialize(repeating: .all, count: ruleCount)
            }
            self.rules = .allocate(capacity: max(1, rules.count))
            self.rules.initialize(from: rules, count: rules.count)
            ruleMarks = .allocate(capacity: max(1, ruleCount))
            ruleMarks.initialize(repeating: -1, count: max(1, ruleCount))
            seen = stream.sharesNodes ? .init(repeating: [], count: ruleCount) : nil
            self.stream = stream
            streamReference = .passUnretained(stream)
            self.kinds = kinds
            self.keyStart = keyStart
            self.keyLength = keyLength
            self.keyBytes = keyBytes
            capacity = max(64, stateCount * 4)
            stack = .allocate(capacity: capacity)
            marks = .allocate(capacity: stateCount)
            marks.initialize(repeating: -1, count: stateCount)
        }

        func release() {
            stack.deallocate()
            marks.deallocate()
            ruleMarks.deallocate()
            everywhere.deallocate()
            wantedRules.deallocate()
            failing.deallocate()
            rules.deallocate()
        }

        /// Hands a node over for the rule of end state `state`, once per rule.
        mutating func select<Visitor: SelectionVisitor>(
            _ state: Int32, _ node: NodeID, _ key: NodeID?, _ nodeKinds: inout NodeKinds?, _ visitor: inout Visitor
        ) {
            let rule = Int(rules[Int(state)])
            if ruleMarks[rule] == visit { return }
            ruleMarks[rule] = visit
            let here: NodeKinds
            if let nodeKinds { here = nodeKinds } else {
                here = NodeKinds.of(stream, node, key: key)
                nodeKinds = here
            }
            // A node of a kind the rule's checks cannot fail is not worth a check.
            if failing[rule].isDisjoint(with: here) { return }
            if seen != nil, !seen![rule].insert(node).inserted { return }
            visitor.selected(rule: rule, node: node, key: key, kinds: here)
        }

        mutating func push(_ state: Int32) {
            if count == capacity {
                let bigger = UnsafeMutablePointer<Int32>.allocate(capacity: capacity * 2)
                bigger.moveInitialize(from: stack, count: count)
                stack.deallocate()
                stack = bigger
                capacity *= 2
            }
            stack[count] = state
            count += 1
        }

        mutating func push(_ states: [Int32]) { for s in states { push(s) } }

        /// Visits `node` with the states in `stack[from..<to]`: reports the states that end there,
        /// then walks each child with the states that step to it.
        mutating func walk<Visitor: SelectionVisitor>(
            _ node: NodeID, key: NodeID?, from: Int, to: Int, _ visitor: inout Visitor
        ) {
            budget -= 1
            guard budget > 0 else { return }
            let node = stream.resolved(node)
            visit &+= 1
            // The node's kinds, once for every rule that selects it.
            var nodeKinds: NodeKinds?
            for s in everywhere { select(s, node, key, &nodeKinds, &visitor) }
            // The states here: each given one, and past each `**` the next (it may match no level).
            let here = count
            for i in from..<to {
                var s = stack[i]
                while true {
                    if marks[Int(s)] != visit {
                        marks[Int(s)] = visit
                        if kinds[Int(s)] == .end { select(s, node, key, &nodeKinds, &visitor) } else { push(s) }
                    }
                    guard kinds[Int(s)] == .anyDepth else { break }
                    s += 1
                }
            }
            let live = count
            guard live > here || useDeep || !everywhere.isEmpty else { return }
            switch stream.kind(node) {
            case .mapping:
                stream.forEachEntry(node) { k, v in
                    let next = count
                    step(here, live, key: k, index: -1)
                    if useDeep { pushDeep(key: k, index: -1) }
                    if count > next || needsVisit(v) { walk(v, key: k, from: next, to: count, &visitor) }
                    count = next
                }
            case .sequence:
                // Through the sibling links: `elements` made an array per list.
                let items = stream.childCount(node)
                var child = stream.firstChild(node)
                for index in 0..<items {
                    let item = stream.resolved(child)
                    if index + 1 < items { child = stream.nextSibling(child) }
                    let next = count
                    step(here, live, key: nil, index: index)
                    if useDeep && deep.hasIndexKeys { pushDeep(key: nil, index: index) }
                    if count > next || needsVisit(item) { walk(item, key: nil, from: next, to: count, &visitor) }
                    count = next
                }
            default:
                break
            }
            count = here
        }

        /// Whether a child without states of its own is visited: every node for `/**`, and for
        /// `/**/name` a collection (its children may be named so), never a scalar.
        func needsVisit(_ child: NodeID) -> Bool {
            if !everywhere.isEmpty { return true }
            return useDeep && stream.kind(stream.resolved(child)) != .scalar
        }

        /// Pushes the states that follow a `/**/name` whose `name` is this child's key (or index).
        mutating func pushDeep(key: NodeID?, index: Int) {
            var found: Range<Int>?
            streamReference._withUnsafeGuaranteedRef { stream in
                if let key {
                    let k = stream.resolved(key)
                    if stream.kind(k) == .scalar {
                        stream.withUnsafeValueBytes(k) { found = deep.lookup($0) }
                    } else {
                        found = Array(stream.keyToken(k).utf8).withUnsafeBufferPointer { deep.lookup($0) }
                    }
                } else {
                    found = Array(String(index).utf8).withUnsafeBufferPointer { deep.lookup($0) }
                }
            }
            guard let found else { return }
            for i in found {
                let s = deep.states[i]
                if wantedRules[Int(rules[Int(s)])] { push(s) }
            }
        }

        /// Pushes the states of `stack[from..<to]` that step down to a child: its key (or list
        /// index) against key tokens, anything against `*`, and `**` stays.
        mutating func step(_ from: Int, _ to: Int, key: NodeID?, index: Int) {
            var keyText: [UInt8]?
            for i in from..<to {
                let s = stack[i]
                switch kinds[Int(s)] {
                case .anyOne: push(s + 1)
                case .anyDepth: push(s)
                case .end: break
                case .key:
                    let start = Int(keyStart[Int(s)]), length = Int(keyLength[Int(s)])
                    let matches: Bool
                    if let key {
                        matches = keyEquals(key, start: start, length: length)
                    } else {
                        if keyText == nil { keyText = Array(String(index).utf8) }
                        matches = keyText!.count == length && keyText!.withUnsafeBufferPointer {
                            memcmp($0.baseAddress!, keyBytes.baseAddress! + start, length) == 0
                        }
                    }
                    if matches { push(s + 1) }
                }
            }
        }

        func keyEquals(_ key: NodeID, start: Int, length: Int) -> Bool {
            let k = stream.resolved(key)
            guard stream.kind(k) == .scalar else {
                return Array(stream.keyToken(k).utf8) == Array(keyBytes[start..<(start + length)])
            }
            guard stream.valueCount(k) == length else { return false }
            if length == 0 { return true }
            var same = false
            stream.withUnsafeValueBytes(k) { buffer in
                same = memcmp(buffer.baseAddress!, keyBytes.baseAddress! + start, length) == 0
            }
            return same
        }
    }
}

/// What `SelectorSet.forEachSelected` hands each selected node to.
protocol SelectionVisitor {
    /// `node` is selected for rule `rule`; `key` names it (`nil` for list items and the root),
    /// `kinds` are its kinds.
    mutating func selected(rule: Int, node: NodeID, key: NodeID?, kinds: NodeKinds)
}

/// Keys to states: an open-addressing hash table over key bytes (`ByteHash`), looked up with a
/// document's bytes in place (a Swift `Dictionary` would need a `String` or an array per key).
struct KeyTable: Sendable {
    private var slots: [Int32]
    /// Key `i` is `keyBytes[keyStart[i]..<keyStart[i + 1]]`, its states
    /// `states[stateStart[i]..<stateStart[i + 1]]` (flat: an array per key would be retained and
    /// released at each lookup).
    private let keyStart: [Int32]
    private let keyBytes: [UInt8]
    private let stateStart: [Int32]
    /// The states, grouped by key.
    let states: [Int32]
    /// Whether a key is a list index (`/**/0`), so list items must be looked up too.
    let hasIndexKeys: Bool
    /// A 256-bit filter over (length, first byte, last byte) of the keys: nearly every key of a
    /// document is none of the table's, and the filter says so without hashing it.
    private let filter: BitSet256

    init(_ entries: [(name: [UInt8], state: Int32)]) {
        var keys: [[UInt8]] = [], groups: [[Int32]] = []
        for entry in entries {
            if let i = keys.firstIndex(of: entry.name) { groups[i].append(entry.state) } else {
                keys.append(entry.name)
                groups.append([entry.state])
            }
        }
        var states: [Int32] = [], stateStart: [Int32] = [0], keyStart: [Int32] = [0], keyBytes: [UInt8] = []
        for (key, group) in zip(keys, groups) {
            states += group
            stateStart.append(Int32(states.count))
            keyBytes += key
            keyStart.append(Int32(keyBytes.count))
        }
        var capacity = 8
        while capacity < keys.count * 2 { capacity *= 2 }
        slots = [Int32](repeating: -1, count: capacity)
        for (i, key) in keys.enumerated() {
            var slot = Int(ByteHash.hash(key) & UInt64(capacity - 1))
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(i)
        }
        self.keyStart = keyStart
        self.keyBytes = keyBytes
        self.stateStart = stateStart
        self.states = states
        hasIndexKeys = keys.contains { !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        filter = BitSet256(keys.map { key in key.withUnsafeBufferPointer { KeyTable.filterBit($0) } })
    }

    private static func filterBit(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let first = Int(bytes.first ?? 0), last = Int(bytes.last ?? 0)
        return (bytes.count &* 0x9d &+ first &* 0x1f &+ last) & 255
    }

    /// The range of `states` for a key, if the table has it.
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        if !filter.contains(KeyTable.filterBit(bytes)) { return nil }
        let mask = slots.count - 1
        var slot = Int(ByteHash.hash(bytes) & UInt64(mask))
        while true {
            let i = Int(slots[slot])
            if i < 0 { return nil }
            let start = Int(keyStart[i]), count = Int(keyStart[i + 1]) - start
            if count == bytes.count
                && (count == 0 || keyBytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, bytes.baseAddress!, count) == 0 })
            {
                return Int(stateStart[i])..<Int(stateStart[i + 1])
            }
            slot = (slot + 1) & mask
        }
    }
}

/// Kinds of nodes, as a set: what a rule's checks can fail on.
struct NodeKinds: OptionSet, Sendable {
    let rawValue: UInt8
    static let string = NodeKinds(rawValue: 1)
    static let number = NodeKinds(rawValue: 2)
    static let boolean = NodeKinds(rawValue: 4)
    static let null = NodeKinds(rawValue: 8)
    static let mapping = NodeKinds(rawValue: 16)
    static let sequence = NodeKinds(rawValue: 32)
    /// A node with a key (a mapping member), for checks of key names.
    static let keyed = NodeKinds(rawValue: 64)
    static let all: NodeKinds = [.string, .number, .boolean, .null, .mapping, .sequence, .keyed]
    static let scalars: NodeKinds = [.string, .number, .boolean, .null]

    static func of(_ stream: ParsedStream, _ node: NodeID, key: NodeID?) -> NodeKinds {
        var kinds: NodeKinds = key == nil ? [] : .keyed
        switch stream.kind(node) {
        case .mapping: kinds.insert(.mapping)
        case .sequence: kinds.insert(.sequence)
        default:
            switch stream.scalarType(node) ?? .null {
            case .string: kinds.insert(.string)
            case .integer, .number: kinds.insert(.number)
            case .bool: kinds.insert(.boolean)
            case .null: kinds.insert(.null)
            }
        }
        return kinds
    }
}
