import Testing
import OTCore
@testable import OTSolvers

/// `sinkhorn` with `precision f32`: the same iteration on a Float kernel, refused where exp(-C/reg)
/// leaves the normal floats.
@Suite struct SinkhornPrecisionTests {
    let problem = smallCloudProblem(n: 40, m: 31)

    @Test func float32CostAgreesWithFloat64ToKernelRounding() throws {
        let settings: [String: ParameterValue] = ["reg": .real(0.05), "tol": .real(1e-10), "max-iter": .integer(100_000)]
        let double = try solve("sinkhorn", problem, settings)
        var single = settings
        single["precision"] = .choice("f32")
        let float = try solve("sinkhorn", problem, single)
        #expect(double.status == .converged && float.status == .converged)
        let d = double.solver.evaluate(), f = float.solver.evaluate()
        // Each kernel entry is rounded to 2^-24 relative, so the plan and its cost move by about that much.
        #expect(relativeError(f.cost, d.cost) < 1e-6, "f32 \(f.cost) vs f64 \(d.cost)")
        #expect(relativeError(f.cost, d.cost) > 0, "the f32 run used a Float kernel")
        // The marginals are those of the f32 plan itself, met to the tolerance.
        #expect(float.solver.plan().marginalError(a: problem.a, b: problem.b) < 1e-9)
    }

    @Test func float32IsRefusedWhenTheKernelWouldUnderflow() throws {
        let top = problem.cost.maximum
        let reg = top / 100  // C/reg reaches 100 > 87
        let error = #expect(throws: InputError.self) {
            _ = try solve("sinkhorn", problem, ["reg": .real(reg), "precision": .choice("f32")])
        }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("precision: f32 is unsafe"))
        #expect(text.contains("C/reg reaches 100"))
        #expect(text.contains("use precision=f64"))
        // The same reg is fine in f64.
        #expect(try solve("sinkhorn", problem, ["reg": .real(reg), "max-iter": .integer(10)]).status == .maxIterations)
    }
}
