// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer harnesses for otlab's parsers, kept out of the main package so that its `swift build`
/// and `swift test` stay untouched. Each executable defines `LLVMFuzzerTestOneInput` and hands it
/// to libFuzzer's driver (see FuzzDriver). Build them with the fuzzer and address sanitizers, one
/// at a time (scripts/fuzz.sh does this):
///
///     swift build -c release -Xswiftc -sanitize=fuzzer,address --product FuzzCSV
let harnesses = ["FuzzCSV", "FuzzNPY", "FuzzNPZ", "FuzzImage", "FuzzPreset"]

let package = Package(
    name: "otlab-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "otlab", path: "..")],
    targets: [.target(name: "FuzzDriver")] + harnesses.map { name in
        .executableTarget(name: name, dependencies: ["FuzzDriver", .product(name: "OTData", package: "otlab")])
    }
)
