import OTCore
import OTSolvers

/// Runs a solver to the end on the calling thread (tests only; the app uses the runner).
func solve(_ name: String, _ problem: TransportProblem, _ settings: [String: ParameterValue]) throws -> (solver: any TransportSolver, status: SolverStatus) {
    guard let descriptor = SolverRegistry.descriptor(named: name) else { throw InputError("--solver", nil, "unknown \(name)") }
    var parameters = descriptor.defaults
    for (key, value) in settings { try parameters.set(key, value) }
    let solver = try descriptor.makeSolver(problem: problem, parameters: parameters)
    let limit = parameters.integer("max-iter")
    var status = SolverStatus.running
    while status == .running {
        status = solver.step()
        if status == .running && solver.iteration >= limit { status = .maxIterations }
    }
    return (solver, status)
}

/// Two small 2-D clouds with distinct non-uniform weights (deterministic).
func smallCloudProblem(n: Int = 12, m: Int = 9, cost: GroundCost = .sqeuclidean) -> TransportProblem {
    let xs = DenseMatrix(rows: n, columns: 2) { i, k in k == 0 ? Double(i) / Double(n) : Double((i * 7) % 5) / 5 }
    let ys = DenseMatrix(rows: m, columns: 2) { j, k in k == 0 ? 0.2 + Double(j) / Double(m) : Double((j * 3) % 4) / 3 }
    var a = (0..<n).map { 1.0 + Double($0 % 3) }
    var b = (0..<m).map { 2.0 + Double($0 % 2) }
    let sa = a.reduce(0, +), sb = b.reduce(0, +)
    a = a.map { $0 / sa }
    b = b.map { $0 / sb }
    return TransportProblem(source: Measure(weights: a, points: xs), target: Measure(weights: b, points: ys), groundCost: cost)
}
