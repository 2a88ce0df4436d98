/// A JSON Schema number: a finite exact decimal or one of YAML's non-finite values.
///
/// **Equality** (`==`, hashing, hence `const`, `enum` and `uniqueItems`) is by value: spellings of
/// one number are equal (`1`, `1.0`, `0x1`), `.inf` equals `.Inf`, and `.nan` equals `.nan`. NaN is
/// not a JSON value, so JSON Schema says nothing about it; a YAML author who writes `.nan` in an
/// `enum` means that value, and a reflexive `==` is what `Hashable` requires.
///
/// **Order** (`<`, `<=`, `>`, `>=`, hence `minimum`, `maximum` and `exclusive*`) is exact for
/// finite values, with `-.inf` below and `.inf` above all of them. NaN is unordered, as with
/// `Double.nan`: every comparison with it is false, so a `.nan` instance fails every range
/// keyword in either direction. Comparable's documentation allows such exceptional values; do not
/// sort collections that may hold a NaN.
public enum SchemaNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    case negativeInfinity
    case finite(ExactDecimal)
    case positiveInfinity
    case nan

    /// Reads a number text as ConfgateDocument types it `integer` or `number`: everything
    /// ``ExactDecimal`` reads, plus `.inf`, `.Inf`, `.INF` (signed or not) and `.nan`, `.NaN`,
    /// `.NAN`; nil for anything else.
    public init?(_ text: some Collection<UInt8>) {
        switch NumberText.parse(text) {
        case .finite(let value): self = .finite(value)
        case .positiveInfinity: self = .positiveInfinity
        case .negativeInfinity: self = .negativeInfinity
        case .nan: self = .nan
        case nil: return nil
        }
    }

    /// Reads a number text; see ``init(_:)-(Collection<UInt8>)``.
    public init?(_ text: String) {
        self.init(text.utf8)
    }

    /// The value of an integer.
    public init(_ value: Int) {
        self = .finite(ExactDecimal(value))
    }

    /// Whether the number is neither infinite nor NaN.
    public var isFinite: Bool {
        if case .finite = self { return true }
        return false
    }

    /// Whether the number is NaN.
    public var isNaN: Bool { self == .nan }

    /// Whether `self = k × divisor` for some integer k (JSON Schema's `multipleOf`).
    ///
    /// Finite values use ``ExactDecimal/isMultiple(of:)``. An infinite or NaN value is a multiple
    /// of nothing; zero is a multiple of an infinite divisor (0 = 0 × ∞ is the only product that
    /// stays finite) and nothing is a multiple of NaN.
    public func isMultiple(of divisor: SchemaNumber) -> Bool {
        guard case .finite(let value) = self else { return false }
        switch divisor {
        case .finite(let d): return value.isMultiple(of: d)
        case .positiveInfinity, .negativeInfinity: return value.isZero
        case .nan: return false
        }
    }

    /// The nearest `Double`: ±infinity and NaN map to themselves.
    public var doubleValue: Double {
        switch self {
        case .negativeInfinity: -.infinity
        case .finite(let value): value.doubleValue
        case .positiveInfinity: .infinity
        case .nan: .nan
        }
    }

    /// The canonical text: ``ExactDecimal/description`` for a finite value, else YAML's
    /// spellings `.inf`, `-.inf` and `.nan` (JSON has none).
    public var description: String {
        switch self {
        case .negativeInfinity: "-.inf"
        case .finite(let value): value.description
        case .positiveInfinity: ".inf"
        case .nan: ".nan"
        }
    }

    // MARK: - Order

    /// -1, 0 or 1, or nil when either side is NaN.
    private static func order(_ a: SchemaNumber, _ b: SchemaNumber) -> Int? {
        switch (a, b) {
        case (.nan, _), (_, .nan): return nil
        case (.finite(let x), .finite(let y)): return ExactDecimal.compare(x, y)
        default: return a.rank < b.rank ? -1 : (a.rank == b.rank ? 0 : 1)
        }
    }

    private var rank: Int {
        switch self {
        case .negativeInfinity: 0
        case .finite: 1
        case .positiveInfinity: 2
        case .nan: 3
        }
    }

    /// Exact order; false when either side is NaN.
    public static func < (a: SchemaNumber, b: SchemaNumber) -> Bool { order(a, b).map { $0 < 0 } ?? false }
    /// Exact order; false when either side is NaN.
    public static func <= (a: SchemaNumber, b: SchemaNumber) -> Bool { order(a, b).map { $0 <= 0 } ?? false }
    /// Exact order; false when either side is NaN.
    public static func > (a: SchemaNumber, b: SchemaNumber) -> Bool { order(a, b).map { $0 > 0 } ?? false }
    /// Exact order; false when either side is NaN.
    public static func >= (a: SchemaNumber, b: SchemaNumber) -> Bool { order(a, b).map { $0 >= 0 } ?? false }
}
