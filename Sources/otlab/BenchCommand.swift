import ArgumentParser
import Foundation

/// `otlab bench`: measures (never tests) the solvers and kernels on fixed seeded problems.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmark kernels and solvers (medians of repeats).")

    @Flag(name: .long, help: "Only the kernel micro-benchmarks.")
    var kernels = false

    @Option(name: .long, help: "Repeats per measurement (the median is reported).")
    var repeats = 7

    func run() throws {
        print("kernel                                   ns/element (median of \(repeats))")
        for figure in BenchKernels.run(repeats: repeats) {
            print(figure.name.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: "%10.3f", figure.nanosecondsPerElement))
        }
    }
}
