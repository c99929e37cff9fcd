// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// The solvers' hot loops are SIMD arithmetic on doubles. Swift on x86-64 compiles for the 2003
/// baseline (SSE2, two doubles per instruction) unless told otherwise, which makes the fused
/// Sinkhorn sweep compute-bound. When the machine that builds otlab has AVX2 and FMA (x86-64-v3),
/// the targets are compiled for it (`-target-cpu haswell`), and for AVX-512 (x86-64-v4,
/// `skylake-avx512`) where it has that too. Measured here (`otlab bench`, medians of 4 alternating
/// runs): 20,000 Sinkhorn iterations at n = 1000 took 1.6 s instead of 2.3 s with AVX2; AVX-512
/// then took the Float-kernel sweep from 0.256 to 0.215 ms at n = 2000 (f64 and log-domain within
/// 4% either way). The dense kernels do the same IEEE operations in the same order on every target
/// (Swift does not contract a * b + c); the fused multiply-adds are explicit (`OTLAB_FMA` below).
/// `OTLAB_PORTABLE=1 swift build` builds for the baseline, for a binary run on other machines.
let vectorUnit: [String] = {
    #if arch(x86_64) && os(Linux)
    if ProcessInfo.processInfo.environment["OTLAB_PORTABLE"] != nil { return [] }
    guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flagLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
    let flags = Set(flagLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init))
    let haswell = ["avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "abm", "popcnt"]
    let avx512 = haswell + ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]
    if avx512.allSatisfy(flags.contains) { return ["-target-cpu", "skylake-avx512"] }
    return haswell.allSatisfy(flags.contains) ? ["-target-cpu", "haswell"] : []
    #else
    return []
    #endif
}()

/// `OTLAB_FMA`: the target CPU has fused multiply-add, so kernels may use `addingProduct` (one
/// instruction; without FMA it would be a libm call per lane). `Kernels.multiplyAdd` is the one place
/// that reads it.
let fusedMultiplyAdd: [SwiftSetting] = vectorUnit.isEmpty ? [] : [.define("OTLAB_FMA")]

/// Numeric targets and the runner are compiled with optimization even in debug builds: the solver
/// tests run real solves, and unoptimized Swift is 20-50x slower on these loops. (It also keeps the
/// Thread Sanitizer quiet about `Synchronization.Mutex`, whose unoptimized form it misreads as an
/// access race; a two-thread counter under `withLock` shows the same report at -Onone only.)
let optimized: [SwiftSetting] = [.unsafeFlags(["-O"] + vectorUnit)] + fusedMultiplyAdd

/// Every other Swift target is compiled for the same CPU, so that numeric code it inlines from
/// OTCore (which may use fused multiply-adds) is generated for that CPU too.
let sameCPU: [SwiftSetting] = vectorUnit.isEmpty ? [] : [.unsafeFlags(vectorUnit)] + fusedMultiplyAdd

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
        // The presets and their data, built into the executable (see Plugins/EmbedPresets).
        .plugin(name: "EmbedPresets", capability: .buildTool()),
        .target(name: "OTPresetFiles", plugins: ["EmbedPresets"]),
        .target(name: "OTData", dependencies: ["OTCore", "OTPresetFiles", "CZlib", "CPng", "CJpeg", "Yams"], swiftSettings: optimized),
        .target(name: "OTSolvers", dependencies: ["OTCore"], swiftSettings: optimized),
        .target(name: "OTSession", dependencies: ["OTCore", "OTSolvers", "OTData"], swiftSettings: optimized),
        .target(name: "Terminal", dependencies: ["CNcurses"], swiftSettings: sameCPU),
        .target(name: "Workbench", dependencies: ["Terminal", "OTSession", "OTSolvers", "OTData", "OTCore"], swiftSettings: sameCPU),
        .executableTarget(
            name: "otlab",
            dependencies: [
                "OTCore", "OTData", "OTSolvers", "OTSession", "Terminal", "Workbench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: sameCPU
        ),

        // Owns the tests' temporary files and tmux servers (one folder per test process, removed at exit).
        .target(name: "TestScratch", path: "Tests/TestScratch"),
        // Finds and decodes the reference values (POT's, numpy's) the solver and session tests compare against.
        .target(name: "TestReference", path: "Tests/TestReference"),
        .testTarget(name: "OTCoreTests", dependencies: ["TestScratch", "OTCore"], swiftSettings: sameCPU),
        .testTarget(name: "OTDataTests", dependencies: ["TestScratch", "OTData", "OTCore"], resources: [.copy("Fixtures")], swiftSettings: sameCPU),
        .testTarget(
            name: "OTSolversTests", dependencies: ["TestScratch", "TestReference", "OTSolvers", "OTCore", "OTData"],
            exclude: ["Reference/make_reference.py", "Reference/make_reference_sparse.py", "Reference/make_reference_entropic2.py", "Reference/make_reference_images.py", "Reference/make_reference_barycenters.py", "Reference/make_reference_gromov.py", "Reference/make_reference_small_reg.py"],
            resources: [.copy("Reference/data")],
            swiftSettings: sameCPU
        ),
        .testTarget(
            name: "OTSessionTests", dependencies: ["TestScratch", "TestReference", "OTSession", "OTSolvers", "OTCore", "OTData"],
            exclude: ["Lessons/Reference/make_reference_lessons.py"],
            resources: [.copy("Lessons/Reference/data")],
            swiftSettings: sameCPU
        ),
        .testTarget(name: "TerminalTests", dependencies: ["TestScratch", "Terminal"], swiftSettings: sameCPU),
        .testTarget(name: "WorkbenchTests", dependencies: ["TestScratch", "Workbench", "Terminal", "OTSession", "OTSolvers", "OTCore", "OTData"], swiftSettings: sameCPU),
        .testTarget(name: "otlabTests", dependencies: ["TestScratch", "otlab", "OTCore", "OTData"], exclude: ["BadInputs"], swiftSettings: sameCPU),
    ]
)
