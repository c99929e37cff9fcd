// swift-tools-version: 6.1
import PackageDescription

/// Numeric targets and the runner are compiled with optimization even in debug builds: the solver
/// tests run real solves, and unoptimized Swift is 20-50x slower on these loops. (It also keeps the
/// Thread Sanitizer quiet about `Synchronization.Mutex`, whose unoptimized form it misreads as an
/// access race; a two-thread counter under `withLock` shows the same report at -Onone only.)
let optimized: [SwiftSetting] = [.unsafeFlags(["-O"])]

let package = Package(
    name: "otlab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "otlab", targets: ["otlab"]),
        // The readers alone, for the fuzz harnesses in Fuzz/ (a separate package).
        .library(name: "OTData", targets: ["OTData"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
    ],
    targets: [
        // System libraries (module maps with tiny C shims).
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CPng", path: "Sources/CPng"),
        .systemLibrary(name: "CJpeg", path: "Sources/CJpeg"),

        // Layers, bottom up (see DESIGN.md). Data flows downward only.
        .target(name: "OTCore", swiftSettings: optimized),
        .target(name: "OTData", dependencies: ["OTCore", "CZlib", "CPng", "CJpeg", "Yams"], swiftSettings: optimized),
        .target(name: "OTSolvers", dependencies: ["OTCore"], swiftSettings: optimized),
        .target(name: "OTSession", dependencies: ["OTCore", "OTSolvers", "OTData"], swiftSettings: optimized),
        .target(name: "Terminal", dependencies: ["CNcurses"]),
        .target(name: "Workbench", dependencies: ["Terminal", "OTSession", "OTSolvers", "OTData", "OTCore"]),
        .executableTarget(
            name: "otlab",
            dependencies: [
                "OTCore", "OTData", "OTSolvers", "OTSession", "Terminal", "Workbench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "OTCoreTests", dependencies: ["OTCore"]),
        .testTarget(name: "OTDataTests", dependencies: ["OTData", "OTCore"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "OTSolversTests", dependencies: ["OTSolvers", "OTCore", "OTData"],
            exclude: ["Reference/make_reference.py", "Reference/make_reference_sparse.py", "Reference/make_reference_entropic2.py", "Reference/make_reference_images.py"],
            resources: [.copy("Reference/data")]
        ),
        .testTarget(name: "OTSessionTests", dependencies: ["OTSession", "OTSolvers", "OTCore", "OTData"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal"]),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "Terminal", "OTSession", "OTSolvers", "OTCore", "OTData"]),
        .testTarget(name: "otlabTests", dependencies: ["otlab", "OTCore", "OTData"], exclude: ["BadInputs"]),
    ]
)
