// swift-tools-version:6.0
import PackageDescription

// The module graph of ARCHITECTURE.md. Dependencies point down; no target reaches around the one
// below it, and CI builds with `--explicit-target-dependency-import-check=error` so an import that
// is not declared here fails the build. No package dependencies, ever (ADR 0002): only the
// toolchain and the two system libraries.
let package = Package(
    name: "Maestro",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "maestro", targets: ["maestro"]),
        .library(name: "PolicyEngine", targets: ["PolicyEngine"]),
        .library(name: "Ledger", targets: ["Ledger"]),
    ],
    targets: [
        // System libraries: one shim each, imported by exactly one module.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // epoll and eventfd, which Glibc does not import; seen by Gateway/Server only.
        .systemLibrary(name: "CLinux"),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),

        // libm: the standard library's floating-point conversions call it, and nothing else links it here.
        .target(name: "JSON", linkerSettings: [.linkedLibrary("m")]),
        .target(name: "Cryptography", dependencies: ["COpenSSL"]),
        .target(name: "PolicyEngine", dependencies: ["JSON", "Cryptography"]),
        .target(name: "Ledger", dependencies: ["JSON", "Cryptography"]),
        .target(name: "Orchestrator", dependencies: ["JSON", "Cryptography", "PolicyEngine", "Ledger"]),
        .target(name: "Postgres", dependencies: ["CLibPQ", "JSON", "Ledger", "Orchestrator"]),
        .target(
            name: "Gateway",
            dependencies: ["CLinux", "JSON", "Cryptography", "PolicyEngine", "Ledger", "Orchestrator", "Postgres"]
        ),
        .executableTarget(
            name: "maestro",
            dependencies: ["JSON", "Cryptography", "PolicyEngine", "Ledger", "Orchestrator", "Gateway"]
        ),

        // Benchmarks: release-built executables that print one JSON line per case (docs/benchmarks.md).
        .executableTarget(
            name: "PolicyEngineBenchmarks", dependencies: ["PolicyEngine", "JSON"], path: "Benchmarks/PolicyEngineBenchmarks"
        ),
        .executableTarget(name: "GatewayBenchmarks", dependencies: ["Gateway"], path: "Benchmarks/GatewayBenchmarks"),
        .executableTarget(name: "LedgerBenchmarks", dependencies: ["Ledger", "Cryptography"], path: "Benchmarks/LedgerBenchmarks"),
        .executableTarget(
            name: "WorkflowStoreBenchmarks", dependencies: ["Orchestrator", "JSON"], path: "Benchmarks/WorkflowStoreBenchmarks"),

        // Helpers shared by the test targets: where the third-party vectors are, how to run the binary.
        .target(name: "TestSupport", dependencies: ["CLinux"], path: "Tests/TestSupport"),

        .testTarget(name: "JSONTests", dependencies: ["JSON", "TestSupport"]),
        .testTarget(name: "CryptographyTests", dependencies: ["Cryptography", "JSON", "TestSupport"]),
        .testTarget(name: "PolicyEngineTests", dependencies: ["PolicyEngine", "JSON", "TestSupport"], exclude: ["Vectors"]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "Cryptography", "JSON", "TestSupport"]),
        .testTarget(name: "OrchestratorTests", dependencies: ["Orchestrator", "JSON", "TestSupport"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"]),
        .testTarget(
            name: "GatewayTests",
            dependencies: ["Gateway", "Cryptography", "JSON", "Ledger", "Orchestrator", "PolicyEngine", "TestSupport"]),
        .testTarget(name: "MaestroTests", dependencies: ["maestro", "Gateway", "Ledger", "Cryptography", "JSON", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
