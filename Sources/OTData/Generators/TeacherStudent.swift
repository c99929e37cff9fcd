import Foundation
import OTCore

/// A teacher's and a student's class distributions over a batch, posed as a transport problem
/// between classes for the Sinkhorn distillation lesson (SinKD: Cui et al., "Sinkhorn Distance
/// Minimization for Knowledge Distillation", LREC-COLING 2024).
///
/// `K` classes sit on a line at positions `k / (K - 1)`, with the ground cost `|x_i - x_j|` between
/// classes (ordinal labels: ratings, ages, bins). Input `b` of a batch of `B` gets teacher logits
/// `z_b(k) = -(k - c_b)² / (2 w_b²)`, its centre `c_b = 1.5 + 2 u` and width `w_b = width (0.75 +
/// 0.5 u')` drawn from `SeededRandom(seed)` (two uniforms per input, in that order: confident and
/// less confident inputs); the student's logits are the teacher's moved by `shift` classes
/// (`c_b + shift`). The teacher's class distribution over the batch is the mean of its softmaxes
/// (the source), the student's likewise (the target). The lesson's reference script draws the same
/// uniforms from its port of `SeededRandom`.
public enum TeacherStudent {
    /// The batch's mean class distribution when every input's logits are moved by `shift` classes.
    public static func distribution(classes: Int, batch: Int, width: Double, shift: Double, seed: Int) -> [Double] {
        let k = max(2, classes), count = max(1, batch)
        var random = SeededRandom(seed: seed)
        var total = [Double](repeating: 0, count: k)
        for _ in 0..<count {
            let centre = 1.5 + 2 * random.nextUniform() + shift
            let w = width * (0.75 + 0.5 * random.nextUniform())
            let logits = (0..<k).map { -(Double($0) - centre) * (Double($0) - centre) / (2 * w * w) }
            let top = logits.max() ?? 0
            let weights = logits.map { exp($0 - top) }
            let sum = weights.reduce(0, +)
            for j in 0..<k { total[j] += weights[j] / sum }
        }
        return total.map { $0 / Double(count) }
    }

    /// The problem: teacher (source) and student (target) over the classes, cost `|x_i - x_j|`.
    public static func problem(classes: Int, batch: Int, width: Double, shift: Double, seed: Int) -> TransportProblem {
        let k = max(2, classes)
        let positions = DenseMatrix(rows: k, columns: 1, storage: (0..<k).map { Double($0) / Double(k - 1) })
        return TransportProblem(
            source: Measure(weights: distribution(classes: k, batch: batch, width: width, shift: 0, seed: seed), points: positions),
            target: Measure(weights: distribution(classes: k, batch: batch, width: width, shift: shift, seed: seed), points: positions),
            groundCost: .euclidean)
    }

    /// The parameters of the `distillation` generator (besides the seed).
    static let parameters: [ParameterDescriptor] = [
        ParameterDescriptor(name: "n", label: "classes", kind: .integer(default: 16, range: 2...10_000),
                            help: "Number of classes K, on a line at k / (K - 1)."),
        ParameterDescriptor(name: "batch", label: "batch", kind: .integer(default: 8, range: 1...100_000),
                            help: "Inputs in the batch; the distributions are the means of their softmaxes."),
        ParameterDescriptor(name: "width", label: "teacher width", kind: .real(default: 0.8, range: 0.05...1000, logScale: true),
                            help: "Width of the teacher's logits bump, in classes (smaller: more confident)."),
        ParameterDescriptor(name: "shift", label: "student shift", kind: .real(default: 3, range: -10_000...10_000, logScale: false),
                            help: "Classes by which the student's logits are moved away from the teacher's."),
    ]
}
