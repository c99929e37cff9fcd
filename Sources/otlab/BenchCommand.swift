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

    @Flag(name: .long, help: "Measure the workbench's cost to the solver (iterations/s with the UI drawing vs headless).")
    var ui = false

    @Option(name: .long, help: "Seconds per run in the --ui measurement.")
    var seconds = 3.0

    func run() throws {
        if ui {
            let result = try BenchUserInterface.run(seconds: seconds, repeats: min(repeats, 5))
            print("workbench overhead on \(result.problem), \(result.headless.count) alternating runs of \(seconds) s")
            print(String(format: "headless   it/s median %.1f  (runs %@)", BenchUserInterface.median(result.headless),
                         result.headless.map { String(format: "%.1f", $0) }.joined(separator: ", ")))
            print(String(format: "workbench  it/s median %.1f  (runs %@)", BenchUserInterface.median(result.workbench),
                         result.workbench.map { String(format: "%.1f", $0) }.joined(separator: ", ")))
            print(String(format: "ratio workbench/headless: %.3f (goal >= 0.90)", result.ratio))
            return
        }
        print("kernel                                   ns/element (median of \(repeats))")
        for figure in BenchKernels.run(repeats: repeats) {
            print(figure.name.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: "%10.3f", figure.nanosecondsPerElement))
        }
    }
}
