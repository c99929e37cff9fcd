import OTSession
import Testing

/// The runner's safety net for residuals that stop being numbers or stop falling.
@Suite struct ProgressMonitorTests {
    @Test func nanIsAFailureWithACure() {
        let monitor = ProgressMonitor(solverName: "sinkhorn", tolerance: 1e-9)
        #expect(monitor.failure(marginalError: 0.5, iteration: 3) == nil)
        let nan = monitor.failure(marginalError: .nan, iteration: 7)
        #expect(nan?.contains("NaN at iteration 7") == true, "\(String(describing: nan))")
        #expect(nan?.contains("sinkhorn-log") == true, "names the cure")
        // Infinity means "not measured yet" for some solvers' first steps.
        #expect(monitor.failure(marginalError: .infinity, iteration: 1) == nil)
    }

    @Test func steadyGeometricDecreaseIsNeverAStall() {
        var monitor = ProgressMonitor(solverName: "sinkhorn-log", tolerance: 1e-12)
        var error = 1.0
        for iteration in 1...5000 {
            error *= 0.995   // slow but steady: 0.5% per iteration
            #expect(monitor.observe(marginalError: error, iteration: iteration) == nil)
        }
    }

    @Test func aPlateauAboveTolIsAStallAfterTheWindow() {
        var monitor = ProgressMonitor(solverName: "sinkhorn-log", tolerance: 1e-12)
        var warnings: [Int: String] = [:]
        for iteration in 1...1200 {
            // Falls for 100 iterations, then sits at 3e-9 with rounding noise.
            let error = iteration <= 100 ? 1e-9 * Double(3 + 100 - iteration) : 3e-9 * (1 + 1e-4 * Double(iteration % 3))
            if let warning = monitor.observe(marginalError: error, iteration: iteration) { warnings[iteration] = warning }
        }
        let first = warnings.keys.min()
        // Best reached near iteration 100 (the last 1% drop); the window is max(500, iteration / 2).
        #expect(first.map { (590...610).contains($0) } == true, "first warning at \(String(describing: first))")
        let text = warnings[1200] ?? ""
        #expect(text.hasPrefix("stalled: the marginal error has stayed near 3e-9 (tol 1e-12)"), "\(text)")
        #expect(text.contains("raise tol"))
    }

    @Test func noStallBelowTolOrWithoutTol() {
        var converged = ProgressMonitor(solverName: "sinkhorn", tolerance: 1e-6)
        var exact = ProgressMonitor(solverName: "emd", tolerance: nil)
        for iteration in 1...2000 {
            #expect(converged.observe(marginalError: 1e-8, iteration: iteration) == nil)
            #expect(exact.observe(marginalError: 0.25, iteration: iteration) == nil)
        }
    }
}
