import Foundation
import OTCore
import OTSession
import OTSolvers

/// The rows of the statistics pane: the latest record, speed, convergence-rate estimate, solver
/// extras, and the status with its reason.
public enum StatisticsContent {
    /// With `lesson` (the figures of a preset's lesson statistic) the lesson's rows follow the
    /// problem's size, before the solver's figures.
    public static func rows(snapshot: RunSnapshot, records: [IterationRecord], problem: TransportProblem, tolerance: Double?,
                            lesson: LessonFigures? = nil) -> [(String, String)] {
        var rows: [(String, String)] = []
        rows.append(("status", statusText(snapshot)))
        if snapshot.warning != nil { rows.append(("progress", "stalled ⚠")) }
        if let choice = snapshot.choice {
            rows.append(("auto", "→ \(choice.method)"))
            rows.append(("why", choice.reason))
            if !choice.switches.isEmpty { rows.append(("switched", choice.switches.joined(separator: "; "))) }
        }
        if let note = snapshot.sourceNote { rows.append(("stream", note)) }
        if let note = snapshot.skippedNote { rows.append(("skipped", note)) }
        rows.append(("problem", "\(problem.sourceCount) × \(problem.targetCount)"))
        if let lesson { rows += lesson.rows.map { ($0.label, $0.value) } }
        guard let last = snapshot.latest else {
            rows.append(("iteration", "—"))
            return rows
        }
        rows.append(("iteration", "\(last.iteration)"))
        rows.append(("solver time", format(seconds: last.seconds)))
        rows.append(("iterations/s", snapshot.status == .running && !snapshot.isPaused ? compact(snapshot.iterationsPerSecond) : "—"))
        rows.append(("marginal error", scientific(last.marginalError)))
        if let rate = convergenceRate(records) {
            rows.append(("rate / iter", String(format: "%.4f", rate)))
            if let tolerance, rate < 1, last.marginalError > tolerance, snapshot.status == .running {
                let remaining = log(tolerance / last.marginalError) / log(rate)
                if remaining.isFinite { rows.append(("iters to tol", "≈ \(compact(remaining.rounded(.up)))")) }
            }
        }
        if let evaluation = snapshot.latestEvaluated?.evaluation {
            rows.append(("cost <P,C>", precise(evaluation.cost)))
            rows.append(("objective", precise(evaluation.objective)))
            if let dual = evaluation.dualObjective {
                rows.append(("dual", precise(dual)))
                rows.append(("duality gap", scientific(evaluation.objective - dual)))
                rows.append(("cost − dual", scientific(evaluation.cost - dual)))
            }
            rows.append(("plan mass", precise(evaluation.mass)))
        }
        for extra in last.extras {
            rows.append((extra.name.replacingOccurrences(of: "_", with: " "), compact(extra.value)))
        }
        return rows
    }

    public static func statusText(_ snapshot: RunSnapshot) -> String {
        if let startError = snapshot.startError { return "cannot start: \(startError)" }
        switch snapshot.status {
        case .running: return snapshot.isPaused ? "paused" : "running"
        case .converged: return "converged"
        case .maxIterations: return "stopped at max-iter"
        case .cancelled: return snapshot.sourceNote != nil ? "stream stopped" : "cancelled"
        case .diverged(let reason): return "diverged: \(reason)"
        }
    }

    /// Geometric decrease of the marginal error per iteration over the recent records, or nil when
    /// there is too little history.
    public static func convergenceRate(_ records: [IterationRecord]) -> Double? {
        guard records.count >= 8 else { return nil }
        let window = records.suffix(min(records.count, 40))
        guard let first = window.first, let last = window.last, last.iteration > first.iteration,
              first.marginalError > 0, last.marginalError > 0 else { return nil }
        let rate = pow(last.marginalError / first.marginalError, 1 / Double(last.iteration - first.iteration))
        return rate.isFinite ? rate : nil
    }

    public static func scientific(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "∞" : "-∞") }
        return String(format: "%.3e", x)
    }

    public static func precise(_ x: Double) -> String {
        guard x.isFinite else { return scientific(x) }
        return String(format: "%.10g", x)
    }

    public static func compact(_ x: Double) -> String {
        guard x.isFinite else { return scientific(x) }
        if x == x.rounded() && abs(x) < 1e9 { return String(Int(x)) }
        return String(format: "%.4g", x)
    }

    public static func format(seconds: Double) -> String {
        if seconds < 1e-3 { return String(format: "%.0f µs", seconds * 1e6) }
        if seconds < 1 { return String(format: "%.1f ms", seconds * 1e3) }
        return String(format: "%.2f s", seconds)
    }
}
