import Foundation
import OTCore
import OTSession

/// The plain-text tables of `otlab compare` and `otlab sweep`: aligned columns, one row per run.
enum ComparisonTable {
    /// solver, status, iterations, seconds, final marginal error, cost.
    static func text(_ outcomes: [RunOutcome], problem: TransportProblem, concurrent: Bool) -> String {
        let header = ["solver", "status", "iterations", "seconds", "marginal error", "cost"]
        let rows = outcomes.map { outcome in
            [outcome.label, outcome.status.name, String(outcome.iterations), seconds(outcome.seconds),
             number(outcome.marginalError, "%.3e"), number(outcome.cost, "%.12g")]
        }
        let note = "\(problem.sourceCount) x \(problem.targetCount) problem, \(concurrent ? "runs at once (seconds shared)" : "runs one after another")\n"
        return note + aligned([header] + rows)
    }

    /// reg, status, iterations, seconds, cost, bias = cost - exact (and relative), then the exact cost.
    static func sweepText(runs: [RunOutcome], exact: RunOutcome?, omission: String?, problem: TransportProblem) -> String {
        let exactCost = exact?.cost
        let header = ["reg", "status", "iterations", "seconds", "cost", "bias", "relative bias"]
        let rows = runs.map { run in
            let bias = run.cost.flatMap { cost in exactCost.map { cost - $0 } }
            let relative = bias.flatMap { bias in exactCost.flatMap { $0 != 0 ? bias / abs($0) : nil } }
            return [run.regularization.map(ParameterValue.format) ?? "-", run.status.name, String(run.iterations),
                    seconds(run.seconds), number(run.cost, "%.12g"), number(bias, "%.4e"), number(relative, "%.3e")]
        }
        var out = "\(runs.first?.solverName ?? "solver") on a \(problem.sourceCount) x \(problem.targetCount) problem\n"
        out += aligned([header] + rows)
        if let exact, let cost = exact.cost {
            out += "exact cost (emd, \(exact.status.name), \(exact.iterations) iterations): \(String(format: "%.12g", cost))\n"
        } else if exact != nil {
            out += "exact cost (emd): not available (\(exact!.status.name))\n"
        } else {
            out += "exact cost: not computed (\(omission ?? "not asked for"))\n"
        }
        return out
    }

    private static func seconds(_ x: Double) -> String { String(format: "%.4g", x) }

    private static func number(_ x: Double?, _ format: String) -> String {
        guard let x, x.isFinite else { return "-" }
        return String(format: format, x)
    }

    /// Columns padded to their widest cell, two spaces apart.
    private static func aligned(_ table: [[String]]) -> String {
        let widths = (0..<(table.first?.count ?? 0)).map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
