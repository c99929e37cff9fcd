import Foundation
import OTCore

/// Doubly-stochastic attention (Sinkformers, Sander, Ablin, Blondel & Peyré, AISTATS 2022;
/// QDSFormer, 2025): attention weights `P = diag(u) exp(S / reg) diag(v)` normalized by Sinkhorn
/// so that every row and every column sums to 1. The row softmax of ordinary attention is the first
/// half-iteration (the row scaling alone); the statistic compares it with the matrix after `k`
/// iterations in the `doubly-stochastic` solver's order (iteration 1 is the row scaling, each further
/// one scales the columns then the rows), for k = 3 and 10, and with the run's current plan.
///
/// Figures, for each: the largest deviation of a column sum from 1 (how unevenly the keys are
/// attended; rows are exact), and the mean entropy of the rows in nats (how spread each query's
/// attention is, at most `log n`). The problem is the solver's: cost `-S`, unit weights. The pane
/// shows each as "largest |column sum - 1| · mean row entropy".
public struct AttentionStatistic: LessonStatistic {
    public static let descriptor = LessonStatisticDescriptor(
        name: "attention",
        summary: "row softmax vs doubly-stochastic attention after k iterations: column-sum deviation and mean row entropy",
        parameters: [
            ParameterDescriptor(name: "reg", label: "temperature", kind: .real(default: 0.5, range: 1e-6...1e6, logScale: true),
                                help: "Temperature of the baselines, exp(S / reg): use the preset's reg."),
        ],
        make: { problem, settings in try AttentionStatistic(problem: problem, settings: settings) })

    /// The iteration counts of the baselines (1: the row softmax).
    public static let iterationCounts = [1, 3, 10]

    public var name: String { Self.descriptor.name }
    public let size: Int
    /// Column deviation and mean row entropy after each of `iterationCounts` iterations.
    public let baselines: [(columnDeviation: Double, rowEntropy: Double)]

    public init(problem: TransportProblem, settings: ParameterValues) throws {
        guard problem.kind == .linear, !problem.hasImplicitCost, problem.sourceCount == problem.targetCount else {
            throw InputError("problem", nil, "attention needs a square score matrix (cost -S, unit weights)")
        }
        size = problem.sourceCount
        var scalings = LogScalings(cost: problem.cost, a: problem.a, b: problem.b, reg: settings.real("reg"))
        var done = 0
        var baselines: [(Double, Double)] = []
        for count in Self.iterationCounts {
            while done < count {
                if done > 0 { scalings.scaleColumns() }
                scalings.scaleRows()
                done += 1
            }
            baselines.append(Self.measure(scalings.plan))
        }
        self.baselines = baselines
    }

    /// The largest |column sum - 1| and the mean entropy of the rows (each normalized to sum 1).
    static func measure(_ plan: DenseMatrix) -> (columnDeviation: Double, rowEntropy: Double) {
        let deviation = plan.columnSums().map { abs($0 - 1) }.max() ?? .nan
        var entropy = 0.0
        for i in 0..<plan.rows {
            let row = (0..<plan.columns).map { plan[i, $0] }
            let total = row.reduce(0, +)
            guard total > 0 else { continue }
            entropy -= row.reduce(0) { $1 > 0 ? $0 + ($1 / total) * log($1 / total) : $0 }
        }
        return (deviation, entropy / Double(max(1, plan.rows)))
    }

    public func figures(plan: TransportPlan?, iteration: Int?) -> LessonFigures {
        let plan = plan.flatMap { $0.rows == size && $0.columns == size ? $0 : nil }
        var figures: [LessonFigures.Figure] = [.init("size", Double(size)), .init("max_entropy", log(Double(max(1, size))))]
        var rows: [LessonFigures.Row] = [.init("attention", "|col−1| · entropy")]
        for (count, baseline) in zip(Self.iterationCounts, baselines) {
            let prefix = count == 1 ? "softmax" : "sinkhorn_\(count)"
            figures += [.init("\(prefix)_column_deviation", baseline.columnDeviation), .init("\(prefix)_row_entropy", baseline.rowEntropy)]
            rows.append(.init(count == 1 ? "row softmax" : "k=\(count)", Self.summary(baseline)))
        }
        if let plan {
            let dense: DenseMatrix
            switch plan {
            case .dense(let matrix): dense = matrix
            case .sparse(let sparse):
                var matrix = DenseMatrix(rows: sparse.rows, columns: sparse.columns)
                for entry in sparse.entries { matrix[entry.row, entry.column] += entry.value }
                dense = matrix
            }
            let measured = Self.measure(dense)
            figures += [.init("plan_column_deviation", measured.columnDeviation), .init("plan_row_entropy", measured.rowEntropy)]
            rows.append(.init("this plan", Self.summary(measured)))
        }
        return LessonFigures(statistic: name, iteration: plan == nil ? nil : iteration, figures: figures, rows: rows)
    }

    private static func summary(_ values: (columnDeviation: Double, rowEntropy: Double)) -> String {
        "\(String(format: "%.2g", values.columnDeviation)) · \(String(format: "%.2f", values.rowEntropy))"
    }
}
