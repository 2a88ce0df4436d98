// swift-tools-version: 6.0
import PackageDescription

// Targets depend only downward (see ../shared/STYLE.md and docs/architecture.md):
// CLibYAML -> ConfgateDocument -> ConfgateEngine -> ConfgateReporters -> confgate (CLI).
let package = Package(
    name: "confgate",
    products: [
        .executable(name: "confgate", targets: ["confgate"]),
        .library(name: "ConfgateDocument", targets: ["ConfgateDocument"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        // Used only by the tests, as an independent oracle for the JSON reader.
        .systemLibrary(
            name: "CJansson", pkgConfig: "jansson",
            providers: [.apt(["libjansson-dev"]), .brew(["jansson"])]),
        .target(name: "ConfgateDocument", dependencies: ["CLibYAML"]),
        .target(name: "ConfgateEngine", dependencies: ["ConfgateDocument"]),
        .target(name: "ConfgateReporters", dependencies: ["ConfgateEngine"]),
        .executableTarget(
            name: "confgate",
            dependencies: [
                "ConfgateEngine", "ConfgateReporters", "ConfgateDocument",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "ConfgateDocumentTests", dependencies: ["ConfgateDocument", "CJansson"]),
        .testTarget(name: "ConfgateEngineTests", dependencies: ["ConfgateEngine", "ConfgateReporters"]),
        .testTarget(name: "ConfgateCLITests", dependencies: ["ConfgateEngine"]),
    ],
    swiftLanguageModes: [.v6]
)
