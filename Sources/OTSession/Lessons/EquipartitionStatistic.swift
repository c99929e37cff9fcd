import Foundation
import OTCore

/// Self-labelling by equipartition (Asano, Rupprecht & Vedaldi, "Self-labelling via simultaneous
/// clustering and representation learning", ICLR 2020): on an `N x K` problem with cost `-log p`
/// (a model's soft labels `p`), samples `1/N` and clusters `1/K`, a sample's label is the column of
/// the largest plan entry in its row. Without the constraint the labels are `argmax p`, and the
/// cluster sizes follow the model (a degenerate model puts everything in one cluster); the paper
/// asks instead for the labelling closest to `p` with equal cluster sizes `N/K`, found by
/// Sinkhorn-Knopp on `p^(1/reg)`.
///
/// Figures: the hard cluster sizes (samples per label) and their imbalance (largest over mean) for
/// `argmax p`, for Sinkhorn-Knopp run to convergence here, and for the run's plan; the plan's soft
/// sizes (`N` times its column sums, `N/K` each once the columns are met) and their largest
/// deviation from `N/K`; the fraction of samples relabelled. Labels before and after go to the
/// problem pane's scatter.
public struct EquipartitionStatistic: LessonStatistic {
    public static let descriptor = LessonStatisticDescriptor(
        name: "equipartition",
        summary: "cluster sizes and relabelled samples: argmax p, Sinkhorn-Knopp with equal sizes N/K, this plan; labels before and after on the scatter",
        parameters: [
            ParameterDescriptor(name: "reg", label: "regularization", kind: .real(default: 1, range: 1e-6...1e6, logScale: true),
                                help: "Entropic regularization of the Sinkhorn-Knopp baseline (1: Q = diag(u) p diag(v), as in the paper)."),
        ],
        make: { problem, settings in try EquipartitionStatistic(problem: problem, settings: settings) })

    /// Iteration cap and row tolerance (L1) of the converged Sinkhorn-Knopp baseline.
    public static let maximumIterations = 10_000
    public static let tolerance = 1e-12

    public var name: String { Self.descriptor.name }
    public let samples: Int
    public let clusters: Int
    /// The model's labels, `argmax p`.
    public let before: HardAssignment
    /// The labels of Sinkhorn-Knopp run to convergence.
    public let balanced: HardAssignment

    public init(problem: TransportProblem, settings: ParameterValues) throws {
        guard problem.kind == .linear, !problem.hasImplicitCost else {
            throw InputError("problem", nil, "equipartition needs a samples x clusters problem with a cost matrix (-log p)")
        }
        samples = problem.sourceCount
        clusters = problem.targetCount
        before = HardAssignment(rowMaximaOf: DenseMatrix(rows: samples, columns: clusters, storage: problem.cost.storage.map { -$0 }))
        var scalings = LogScalings(cost: problem.cost, a: problem.a, b: problem.b, reg: settings.real("reg"))
        // At most about 2e8 kernel entries visited, so a large problem cannot stall the workbench.
        let iterations = max(1, min(Self.maximumIterations, 200_000_000 / max(1, 2 * samples * clusters)))
        scalings.scaleRows()
        for _ in 0..<iterations {
            scalings.scaleColumns()
            // The rows' violation of this plan (columns exact), measured by the next row scaling.
            if scalings.scaleRows() < Self.tolerance { break }
        }
        scalings.scaleColumns()
        balanced = HardAssignment(rowMaximaOf: scalings.plan)
    }

    public func figures(plan: TransportPlan?, iteration: Int?) -> LessonFigures {
        let plan = plan.flatMap { $0.rows == samples && $0.columns == clusters ? $0 : nil }
        let current = plan.map { HardAssignment(rowMaximaOf: $0) }
        let target = Double(samples) / Double(max(1, clusters))
        var figures: [LessonFigures.Figure] = [
            .init("samples", Double(samples)), .init("clusters", Double(clusters)), .init("target_size", target),
            .init("before_sizes", before.counts), .init("before_imbalance", before.imbalance),
            .init("sinkhorn_sizes", balanced.counts), .init("sinkhorn_imbalance", balanced.imbalance),
            .init("sinkhorn_changed", balanced.changedFraction(from: before)),
        ]
        var rows: [LessonFigures.Row] = [
            .init("equipartition", "cluster sizes"),
            .init("N/K", StatisticsFormat.compact(target)),
            .init("argmax p", Self.sizes(before)),
            .init("sinkhorn-knopp", Self.sizes(balanced)),
        ]
        if let plan, let current {
            let soft = plan.columnSums().map { $0 * Double(samples) / max(plan.mass, 1e-300) }
            let deviation = soft.map { abs($0 - target) }.max() ?? .nan
            figures += [
                .init("plan_sizes", current.counts), .init("plan_imbalance", current.imbalance),
                .init("plan_changed", current.changedFraction(from: before)),
                .init("plan_soft_sizes", soft), .init("plan_soft_size_error", deviation),
            ]
            rows.append(.init("this plan", Self.sizes(current)))
            rows.append(.init("soft sizes", "N/K ± \(String(format: "%.0e", deviation))"))
        }
        rows.append(.init("relabelled SK", StatisticsFormat.percent(balanced.changedFraction(from: before))))
        if let current { rows.append(.init("relabelled now", StatisticsFormat.percent(current.changedFraction(from: before)))) }
        let after = current ?? balanced
        let labels = LessonFigures.Labels(classes: clusters, labellings: [
            .init(name: "before: argmax p", labels: before.labels),
            .init(name: current == nil ? "after: sinkhorn-knopp" : "after: plan\(iteration.map { " it \($0)" } ?? "")", labels: after.labels),
        ])
        return LessonFigures(statistic: name, iteration: current == nil ? nil : iteration, figures: figures, rows: rows, labels: labels)
    }

    private static func sizes(_ assignment: HardAssignment) -> String {
        assignment.counts.map { StatisticsFormat.compact($0) }.joined(separator: " ")
    }
}
