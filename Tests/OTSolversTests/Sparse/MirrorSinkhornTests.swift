import Testing
import OTCore
@testable import OTSolvers

@Suite struct MirrorSinkhornTests {
    /// On a 10 x 8 problem (C scaled to max 1) the rounded average's cost falls toward POT's emd2
    /// cost, never below it (the rounded plan is feasible), at the method's O(1/sqrt(t)) pace:
    /// measured gaps about 108%, 52%, 23%, 12% after 10, 100, 1000, 5000 iterations.
    @Test func roundedAverageApproachesTheExactCostFromAbove() throws {
        let reference = try SparseReferenceCase.load("mirror_emd")
        let problem = reference.problem
        let exact = try #require(reference.emdCost)
        var parameters = MirrorSinkhorn.descriptor.defaults
        try parameters.set("max-iter", .integer(5000))
        let solver = try MirrorSinkhorn.descriptor.makeSolver(problem: problem, parameters: parameters)
        var gaps: [Double] = []
        var iterateErrors: [Double] = []
        for iteration in 1...5000 {
            #expect(solver.step() == .running)
            if [10, 100, 1000, 5000].contains(iteration) {
                let cost = solver.evaluate().cost
                #expect(cost >= exact - 1e-12, "a feasible plan cannot beat the optimum: \(cost) < \(exact)")
                gaps.append(cost / exact - 1)
                iterateErrors.append(solver.marginalError)
            }
        }
        for k in 1..<gaps.count { #expect(gaps[k] < 0.75 * gaps[k - 1], "gaps \(gaps)") }
        #expect(gaps.last! < 0.15, "gaps \(gaps)")
        // The iterate's own marginal error shrinks with the step size.
        #expect(iterateErrors.last! < 0.2 * iterateErrors.first!, "iterate errors \(iterateErrors)")
        // The returned plan is the rounded average: feasible to 1e-12 although the iterate is not.
        let plan = solver.plan()
        #expect(plan.marginalError(a: problem.a, b: problem.b) < 1e-12)
        #expect(plan.denseMatrix().storage.allSatisfy { $0 >= 0 })
        #expect(solver.marginalError > 1e-4)
    }

    /// With a constant step the iterate's marginal error settles at a level proportional to the
    /// step (each mirror step unbalances the half it does not rescale by a factor exp(-eta C)):
    /// measured 0.071 at step 0.3 and 0.0073 at step 0.03 after 2000 iterations. The effective
    /// regularization of the iterate is 1/S_t = max|C| / (step t).
    @Test func constantStepIterateErrorScalesWithTheStep() throws {
        let reference = try SparseReferenceCase.load("mirror_emd")
        var errors: [Double] = []
        for step in [0.3, 0.03] {
            let run = try solve("mirror-sinkhorn", reference.problem, ["schedule": .choice("constant"), "step": .real(step), "max-iter": .integer(2000)])
            #expect(run.status == .maxIterations)
            let effectiveReg = try #require(run.solver.extras.first { $0.name == "effective_reg" }?.value)
            #expect(relativeError(effectiveReg, 1 / (step * 2000)) < 1e-12)  // max|C| = 1 here
            errors.append(run.solver.marginalError)
        }
        #expect(errors[1] < 0.15 * errors[0] && errors[1] > 0.05 * errors[0], "iterate errors \(errors)")
    }
}
