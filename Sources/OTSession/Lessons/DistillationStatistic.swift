import Foundation
import OTCore
import OTSolvers

/// The Sinkhorn distillation lesson's figures (SinKD: Cui et al., "Sinkhorn Distance Minimization
/// for Knowledge Distillation", LREC-COLING 2024): the teacher's class distribution `p` (the
/// problem's source weights) against the student's `q` (the target weights), classes on a line
/// with a ground cost between them. Knowledge distillation trains the student by lowering one of
///
/// - `KL(p || q) = Σ p log(p / q)` (forward KL, mode-averaging),
/// - `KL(q || p)` (reverse KL, mode-seeking),
/// - `JS(p, q) = ½ KL(p || m) + ½ KL(q || m)`, `m = (p + q) / 2` (at most log 2),
/// - the Sinkhorn distance `<P, C>` of the entropic plan between them (the run's plan cost),
///
/// and the paper's point is what they do when the student's mass sits away from the teacher's:
/// KL and reverse KL grow without bound (or saturate at the log of a smoothing floor), JS
/// saturates at log 2, while the Sinkhorn distance keeps growing with how far the mass must move,
/// so it still says in which direction to move it. A lesson sweep (`w`) moves the student.
public struct DistillationStatistic: LessonStatistic {
    public static let descriptor = LessonStatisticDescriptor(
        name: "distillation",
        summary: "KL, reverse KL and Jensen-Shannon divergences of the teacher's and the student's class distributions, and the Sinkhorn distance <P,C> of the run's plan",
        parameters: [],
        make: { problem, _ in try DistillationStatistic(problem: problem) })

    public var name: String { Self.descriptor.name }
    public let kl: Double
    public let reverseKL: Double
    public let js: Double
    private let cost: DenseMatrix
    private let classes: Int

    public init(problem: TransportProblem) throws {
        guard problem.kind == .linear, !problem.hasImplicitCost, problem.cost.rows == problem.sourceCount,
              problem.sourceCount == problem.targetCount, problem.sourceCount > 0 else {
            throw InputError("problem", nil, "distillation needs two class distributions over the same classes, with a cost matrix between classes")
        }
        let p = problem.source.normalized().weights, q = problem.target.normalized().weights
        kl = Self.kullbackLeibler(p, q)
        reverseKL = Self.kullbackLeibler(q, p)
        let m = zip(p, q).map { ($0 + $1) / 2 }
        js = (Self.kullbackLeibler(p, m) + Self.kullbackLeibler(q, m)) / 2
        cost = problem.cost
        classes = problem.sourceCount
    }

    /// `Σ p log(p / q)` with `0 log 0 = 0`; infinity when q is 0 where p is not.
    public static func kullbackLeibler(_ p: [Double], _ q: [Double]) -> Double {
        var total = 0.0
        for (x, y) in zip(p, q) where x > 0 {
            guard y > 0 else { return .infinity }
            total += x * log(x / y)
        }
        return max(0, total)
    }

    public func figures(plan: TransportPlan?, iteration: Int?) -> LessonFigures {
        var figures = [LessonFigures.Figure("kl", kl), LessonFigures.Figure("reverse_kl", reverseKL), LessonFigures.Figure("js", js)]
        var rows = [LessonFigures.Row("KL(teacher|stud)", short(kl)), LessonFigures.Row("KL(stud|teacher)", short(reverseKL)),
                    LessonFigures.Row("JS (max log 2)", short(js))]
        let usable = plan.flatMap { $0.rows == classes && $0.columns == classes ? $0 : nil }
        if let plan = usable {
            let mass = plan.mass
            let sinkhorn = mass > 0 ? plan.cost(cost) / mass : .nan
            figures.append(LessonFigures.Figure("sinkhorn", sinkhorn))
            rows.append(LessonFigures.Row("Sinkhorn <P,C>", short(sinkhorn)))
        } else {
            rows.append(LessonFigures.Row("Sinkhorn <P,C>", "- (no plan yet)"))
        }
        return LessonFigures(statistic: name, iteration: usable == nil ? nil : iteration, figures: figures, rows: rows)
    }

    private func short(_ x: Double) -> String {
        x.isFinite ? String(format: "%.6g", x) : (x > 0 ? "inf" : "-")
    }
}
