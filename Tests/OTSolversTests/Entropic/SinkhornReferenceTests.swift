import Testing
import OTCore
@testable import OTSolvers

/// `sinkhorn` and `sinkhorn-log` against POT's `sinkhorn2` (methods 'sinkhorn' and 'sinkhorn_log'),
/// on every committed reference problem at three regularizations (0.5, 0.1, 0.03 x max C).
@Suite struct SinkhornReferenceTests {
    /// POT ran to stopThr 1e-13; we run to a marginal error of 1e-12. Both then sit on the same
    /// entropic optimum, and the costs must agree to 1e-6 relative (the bound); in practice
    /// they agree to about 1e-10.
    static let tolerance = 1e-6

    @Test(arguments: ReferenceProblem.names)
    func scalingSinkhornMatchesPOT(name: String) throws {
        let reference = try ReferenceProblem.load(name)
        let problem = reference.transportProblem()
        for value in reference.sinkhorn {
            let run = try solve("sinkhorn", problem, ["reg": .real(value.reg), "tol": .real(1e-12), "max-iter": .integer(1_000_000)])
            #expect(run.status == .converged, "\(name) reg=\(value.reg): \(run.status)")
            let evaluation = run.solver.evaluate()
            #expect(relativeError(evaluation.cost, value.cost) < Self.tolerance, "\(name) reg=\(value.reg): cost \(evaluation.cost) vs POT \(value.cost)")
            #expect(relativeError(evaluation.objective, value.objective) < Self.tolerance, "\(name) reg=\(value.reg): objective")
            #expect(run.solver.plan().marginalError(a: problem.a, b: problem.b) < 1e-12)
        }
    }

    /// Over-relaxed scaling (`momentum` 1.5, what `auto` sets from the measured rate) has the same
    /// fixed point: POT's plain Sinkhorn cost, and a reported marginal error that is the plan's
    /// own, rows and columns (its columns are not exact after a relaxed update).
    @Test(arguments: ReferenceProblem.names)
    func overRelaxedScalingSinkhornMatchesPOT(name: String) throws {
        let reference = try ReferenceProblem.load(name)
        let problem = reference.transportProblem()
        for value in reference.sinkhorn {
            let run = try solve("sinkhorn", problem, ["reg": .real(value.reg), "tol": .real(1e-12), "max-iter": .integer(1_000_000), "momentum": .real(1.5)])
            #expect(run.status == .converged, "\(name) reg=\(value.reg): \(run.status)")
            let evaluation = run.solver.evaluate()
            #expect(relativeError(evaluation.cost, value.cost) < Self.tolerance, "\(name) reg=\(value.reg): cost \(evaluation.cost) vs POT \(value.cost)")
            let measured = run.solver.plan().marginalError(a: problem.a, b: problem.b)
            #expect(measured < 1e-12, "\(name) reg=\(value.reg): plan's error \(measured)")
            #expect(abs(measured - run.solver.marginalError) < 1e-13, "\(name): reported \(run.solver.marginalError), plan's \(measured)")
        }
    }

    @Test(arguments: ReferenceProblem.names)
    func logDomainSinkhornMatchesPOT(name: String) throws {
        let reference = try ReferenceProblem.load(name)
        let problem = reference.transportProblem()
        for value in reference.sinkhornLog {
            let run = try solve("sinkhorn-log", problem, ["reg": .real(value.reg), "tol": .real(1e-12), "max-iter": .integer(1_000_000)])
            #expect(run.status == .converged, "\(name) reg=\(value.reg): \(run.status)")
            let evaluation = run.solver.evaluate()
            #expect(relativeError(evaluation.cost, value.cost) < Self.tolerance, "\(name) reg=\(value.reg): cost \(evaluation.cost) vs POT \(value.cost)")
            #expect(relativeError(evaluation.objective, value.objective) < Self.tolerance, "\(name) reg=\(value.reg): objective")
            #expect(run.solver.marginalError < 1e-12)
        }
    }
}
