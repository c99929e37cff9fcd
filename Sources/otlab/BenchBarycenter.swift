import Foundation
import OTCore
import OTSolvers

/// `otlab bench --barycenter`: a 128 x 128 convolutional barycenter of a disc and a ring (issue 17's
/// figure): iterations per second and the time to POT's error 1e-6, wall clock and CPU time of the
/// solving thread (the CPU time is the figure that survives a loaded machine).
enum BenchBarycenter {
    struct Result {
        var iterations: Int
        var wallSeconds: Double
        var cpuSeconds: Double
        var marginalError: Double
    }

    /// The two pictures (mass 1 each) on a `side x side` grid.
    static func problem(side: Int = 128) -> BarycenterProblem {
        func picture(_ inside: (Double, Double) -> Bool) -> Measure {
            var values = [Double](repeating: 0, count: side * side)
            for i in 0..<side { for j in 0..<side where inside(Double(i), Double(j)) { values[i * side + j] = 1 } }
            return Measure(weights: values).normalized()
        }
        let s = Double(side) / 128
        let disc = picture { i, j in ((i - 45 * s) * (i - 45 * s) + (j - 50 * s) * (j - 50 * s)).squareRoot() <= 26 * s }
        let ring = picture { i, j in
            let r = ((i - 80 * s) * (i - 80 * s) + (j - 76 * s) * (j - 76 * s)).squareRoot()
            return r >= 18 * s && r <= 36 * s
        }
        return BarycenterProblem(measures: [disc, ring], weights: [0.5, 0.5], support: .grid(rows: side, columns: side))
    }

    /// One run of `convolutional` at reg 4e-3 to tol 1e-6 (at 2e-3 the scaling domain underflows POT's 1e-30 floor between the shapes and leaves a smear, as POT does).
    static func run(side: Int = 128) throws -> Result {
        let descriptor = ConvolutionalBarycenter.descriptors[0]
        var parameters = descriptor.defaults
        try parameters.set("reg", .real(4e-3))
        try parameters.set("tol", .real(1e-6))
        let solver = try descriptor.makeSolver(problem: TransportProblem(barycenter: problem(side: side)), parameters: parameters)
        let wallStart = Date(), cpuStart = threadCPUSeconds()
        var status = SolverStatus.running
        while status == .running && solver.iteration < 10_000 { status = solver.step() }
        return Result(iterations: solver.iteration, wallSeconds: Date().timeIntervalSince(wallStart),
                      cpuSeconds: threadCPUSeconds() - cpuStart, marginalError: solver.marginalError)
    }

    static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func report(_ results: [Result]) -> String {
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        let wall = median(results.map(\.wallSeconds)), cpu = median(results.map(\.cpuSeconds))
        let iterations = results[0].iterations
        return """
            convolutional barycenter, 128 x 128, disc and ring, reg 4e-3, tol 1e-6 (median of \(results.count))
              iterations to tol    \(iterations) (error \(String(format: "%.3g", results[0].marginalError)))
              time to tol          \(String(format: "%.3f", wall)) s wall, \(String(format: "%.3f", cpu)) s CPU
              updates per second   \(String(format: "%.0f", Double(iterations) / wall)) wall, \(String(format: "%.0f", Double(iterations) / cpu)) CPU
            """
    }
}
