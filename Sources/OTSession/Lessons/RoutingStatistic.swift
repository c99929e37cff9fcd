import Foundation
import OTCore
import OTSolvers

/// Balanced token-to-expert routing (Selective Sinkhorn Routing, 2025; Liu, Puigcerver & Blondel,
/// "Sparsity-Constrained Optimal Transport", 2022/ICLR 2023): on a `T x E` problem of gating logits
/// (cost `-logits`, tokens `1/T`, experts `1/E`), every token goes to its top-1 expert, the column
/// of the largest plan entry in its row. The figures are the expert loads (tokens per expert),
/// the load imbalance (largest load over the mean load `T/E`) and the fraction of tokens whose
/// top-1 expert differs from the softmax router's, for
///
/// - the softmax router (Sinkhorn's first half-iteration: the row scaling alone),
/// - `k` full Sinkhorn iterations (row then column scaling, otlab's `sinkhorn` order; POT's scales the columns first) for k = 1, 3, 10, the
///   "minimal degree of OT" the Selective Sinkhorn Routing paper argues is enough,
/// - top-k sparse OT (at most `k` experts per token, the sparsity constraint of Liu et al., solved
///   by otlab's `topk` on the transposed problem, experts x tokens, so that each token column has
///   at most `k` nonzeros),
/// - and the run's current plan.
///
/// The baselines are computed once, when the statistic is made; the plan's figures each call.
public struct RoutingStatistic: LessonStatistic {
    public static let descriptor = LessonStatisticDescriptor(
        name: "routing",
        summary: "expert loads, load imbalance (max/mean) and tokens whose top-1 expert changed: softmax, k Sinkhorn iterations, top-k sparse OT, this plan",
        parameters: [
            ParameterDescriptor(name: "reg", label: "temperature", kind: .real(default: 1, range: 1e-6...1e6, logScale: true),
                                help: "Entropic regularization of the Sinkhorn baselines (1: the router's own softmax kernel exp(logits))."),
            ParameterDescriptor(name: "k", label: "experts per token", kind: .integer(default: 2, range: 1...1_000),
                                help: "At most this many experts per token in the top-k sparse OT baseline."),
            ParameterDescriptor(name: "topk-reg", label: "top-k regularization", kind: .real(default: 0.1, range: 1e-6...1e6, logScale: true),
                                help: "Quadratic regularization of the top-k sparse OT baseline (the topk solver's reg)."),
        ],
        make: { problem, settings in try RoutingStatistic(problem: problem, settings: settings) })

    /// The Sinkhorn iteration counts of the baselines.
    public static let iterationCounts = [1, 3, 10]

    public var name: String { Self.descriptor.name }
    public let tokens: Int
    public let experts: Int
    public let topK: Int
    /// The softmax router's top-1 experts.
    public let softmax: HardAssignment
    /// The top-1 experts after each of `iterationCounts` Sinkhorn iterations.
    public let sinkhorn: [HardAssignment]
    /// The top-1 experts of the top-k sparse OT plan, and the mass each expert receives in it
    /// (in tokens: `T` times the plan's mass per expert).
    public let topk: HardAssignment
    public let topkMass: [Double]

    public init(problem: TransportProblem, settings: ParameterValues) throws {
        guard problem.kind == .linear, !problem.hasImplicitCost else {
            throw InputError("problem", nil, "routing needs a tokens x experts problem with a cost matrix (-logits)")
        }
        tokens = problem.sourceCount
        experts = problem.targetCount
        let reg = settings.real("reg")
        softmax = HardAssignment(rowMaximaOf: DenseMatrix(rows: tokens, columns: experts, storage: problem.cost.storage.map { -$0 }))
        var scalings = LogScalings(cost: problem.cost, a: problem.a, b: problem.b, reg: reg)
        var done = 0
        var sinkhorn: [HardAssignment] = []
        for count in Self.iterationCounts {
            while done < count {
                scalings.scaleRows()
                scalings.scaleColumns()
                done += 1
            }
            sinkhorn.append(HardAssignment(rowMaximaOf: scalings.plan))
        }
        self.sinkhorn = sinkhorn
        topK = settings.integer("k")
        (topk, topkMass) = try Self.topkRouting(problem, k: topK, reg: settings.real("topk-reg"))
    }

    /// Top-k sparse OT on the transposed problem (experts x tokens): the `topk` solver bounds the
    /// nonzeros of each column, here of each token.
    static func topkRouting(_ problem: TransportProblem, k: Int, reg: Double) throws -> (HardAssignment, [Double]) {
        let transposed = TransportProblem(source: problem.target, target: problem.source, cost: problem.cost.transposed)
        var parameters = ParameterValues(defaultsFor: TopKOT.descriptor.parameters)
        try parameters.set("k", .integer(k))
        try parameters.set("reg", .real(reg))
        try parameters.set("tol", .real(1e-9))
        let solver = try TopKOT(problem: transposed, parameters: parameters)
        var steps = 0
        while steps < 5_000, solver.step() == .running { steps += 1 }
        guard case .sparse(let plan) = solver.plan() else { return (HardAssignment(labels: [], classes: 0), []) }
        let entries = plan.entries.map { SparsePlan.Entry(row: $0.column, column: $0.row, value: $0.value) }
        let tokenPlan = TransportPlan.sparse(SparsePlan(rows: plan.columns, columns: plan.rows, entries: entries))
        let mass = tokenPlan.columnSums().map { $0 * Double(problem.sourceCount) }
        return (HardAssignment(rowMaximaOf: tokenPlan), mass)
    }

    public func figures(plan: TransportPlan?, iteration: Int?) -> LessonFigures {
        let plan = plan.flatMap { $0.rows == tokens && $0.columns == experts ? $0 : nil }
        let current = plan.map { HardAssignment(rowMaximaOf: $0) }
        var figures: [LessonFigures.Figure] = [
            .init("tokens", Double(tokens)), .init("experts", Double(experts)),
            .init("balanced_load", Double(tokens) / Double(max(1, experts))),
            .init("softmax_loads", softmax.counts), .init("softmax_imbalance", softmax.imbalance),
        ]
        var rows: [LessonFigures.Row] = [
            .init("routing", "max/mean · moved"),
            .init("softmax top-1", StatisticsFormat.ratio(softmax.imbalance)),
        ]
        for (count, assignment) in zip(Self.iterationCounts, sinkhorn) {
            figures += Self.figures("sinkhorn_\(count)", assignment, from: softmax)
            rows.append(.init("sinkhorn k=\(count)", Self.summary(assignment, from: softmax)))
        }
        figures += Self.figures("topk", topk, from: softmax)
        figures.append(.init("topk_k", Double(topK)))
        figures.append(.init("topk_mass", topkMass))
        rows.append(.init("top-k OT k=\(topK)", Self.summary(topk, from: softmax)))
        if let current {
            figures += Self.figures("plan", current, from: softmax)
            rows.append(.init("this plan", Self.summary(current, from: softmax)))
        }
        var series = [LessonFigures.Bars.Series(name: "softmax", values: softmax.counts)]
        if let current {
            series.append(.init(name: "plan\(iteration.map { " it \($0)" } ?? "")", values: current.counts))
        } else if let first = sinkhorn.first {
            series.append(.init(name: "sinkhorn k=1", values: first.counts))
        }
        let bars = LessonFigures.Bars(
            title: "top-1 tokens per expert", categories: (0..<experts).map { "e\($0 + 1)" }, series: series,
            reference: Double(tokens) / Double(max(1, experts)))
        return LessonFigures(statistic: name, iteration: current == nil ? nil : iteration, figures: figures, rows: rows, bars: bars)
    }

    private static func figures(_ prefix: String, _ assignment: HardAssignment, from softmax: HardAssignment) -> [LessonFigures.Figure] {
        [.init("\(prefix)_loads", assignment.counts), .init("\(prefix)_imbalance", assignment.imbalance),
         .init("\(prefix)_changed", assignment.changedFraction(from: softmax))]
    }

    private static func summary(_ assignment: HardAssignment, from softmax: HardAssignment) -> String {
        "\(StatisticsFormat.ratio(assignment.imbalance)) · \(StatisticsFormat.percent(assignment.changedFraction(from: softmax)))"
    }
}
