// swift-tools-version: 6.0
import PackageDescription

// Targets depend only downward (see ../shared/STYLE.md and docs/architecture.md):
// CLibYAML -> ConfgateDocument -> ConfgateSchema -> ConfgateEngine -> ConfgateReporters -> confgate (CLI),
// and beside the reporters: CLibPQ, CSQLite, ConfgateEngine -> ConfgateStore (history) -> confgate (CLI).
let package = Package(
    name: "confgate",
    products: [
        .executable(name: "confgate", targets: ["confgate"]),
        // Bowtie harness (IHOP v1) for the JSON Schema validator: scored by ../shared/tools/ihop-suite.
        .executable(name: "confgate-bowtie", targets: ["confgate-bowtie"]),
        .library(name: "ConfgateDocument", targets: ["ConfgateDocument"]),
        .library(name: "ConfgateSchema", targets: ["ConfgateSchema"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Exact decimal arithmetic for multipleOf/minimum/maximum on numbers of any size.
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
        // HMAC-SHA256 for the baseline's salted value hashes (docs/baseline.md).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        // Used only by the tests, as an independent oracle for the JSON reader.
        .systemLibrary(
            name: "CJansson", pkgConfig: "jansson",
            providers: [.apt(["libjansson-dev"]), .brew(["jansson"])]),
        // User regexes (pattern, patternProperties) run in PCRE2 with a match limit: a pattern
        // that backtracks forever is an explicit error, never a hang (see docs/regex-dialect.md).
        .systemLibrary(
            name: "CPCRE2", pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]),
        // The history store's two backends: a team database on PostgreSQL, an embedded SQLite file by default.
        .systemLibrary(
            name: "CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        .target(name: "ConfgateDocument", dependencies: ["CLibYAML"]),
        // JSON Schema (drafts 4 to 2020-12) over the positioned tree; knows nothing of rules or files.
        .target(
            name: "ConfgateSchema",
            dependencies: ["ConfgateDocument", "CPCRE2", .product(name: "BigInt", package: "BigInt")]),
        .target(
            name: "ConfgateEngine",
            dependencies: ["ConfgateDocument", "ConfgateSchema", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "ConfgateReporters", dependencies: ["ConfgateEngine"]),
        // History store: migrations, recording, history, drift (docs/architecture.md).
        .target(
            name: "ConfgateStore",
            dependencies: ["ConfgateEngine", "CLibPQ", "CSQLite", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "confgate",
            dependencies: [
                "ConfgateEngine", "ConfgateReporters", "ConfgateDocument", "ConfgateStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "confgate-bowtie", dependencies: ["ConfgateSchema", "ConfgateDocument"]),
        .testTarget(name: "ConfgateDocumentTests", dependencies: ["ConfgateDocument", "CJansson"]),
        .testTarget(name: "ConfgateSchemaTests", dependencies: ["ConfgateSchema", "ConfgateDocument"]),
        .testTarget(name: "ConfgateEngineTests", dependencies: ["ConfgateEngine", "ConfgateReporters"]),
        .testTarget(name: "ConfgateCLITests", dependencies: ["ConfgateEngine"]),
        .testTarget(name: "ConfgateStoreTests", dependencies: ["ConfgateStore", "ConfgateEngine", "ConfgateDocument"]),
    ],
    swiftLanguageModes: [.v6]
)
