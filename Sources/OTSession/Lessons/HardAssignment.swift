import OTCore

/// The top-1 class of every row of a plan (or of a score matrix): a token's expert, a sample's
/// cluster. Ties go to the lowest index; a row without mass has no class (-1). The lessons
/// compare such assignments by their counts per class (loads, cluster sizes) and by how many rows
/// changed class.
public struct HardAssignment: Sendable, Equatable {
    /// One class per row, in `0..<classes`, or -1.
    public let labels: [Int]
    public let classes: Int

    public init(labels: [Int], classes: Int) {
        self.labels = labels
        self.classes = classes
    }

    /// The column of the largest entry of every row of `matrix`.
    public init(rowMaximaOf matrix: DenseMatrix) {
        var labels = [Int](repeating: -1, count: matrix.rows)
        for i in 0..<matrix.rows {
            var best = -Double.infinity
            for j in 0..<matrix.columns where matrix[i, j] > best {
                best = matrix[i, j]
                labels[i] = j
            }
        }
        self.init(labels: labels, classes: matrix.columns)
    }

    /// The column of the largest positive entry of every row of `plan` (sparse plans included).
    public init(rowMaximaOf plan: TransportPlan) {
        switch plan {
        case .dense(let matrix):
            self.init(rowMaximaOf: matrix)
            // A dense row of zeros has no class.
            var labels = self.labels
            for i in 0..<matrix.rows where labels[i] >= 0 && !(matrix[i, labels[i]] > 0) { labels[i] = -1 }
            self.init(labels: labels, classes: matrix.columns)
        case .sparse(let sparse):
            var labels = [Int](repeating: -1, count: sparse.rows)
            var best = [Double](repeating: 0, count: sparse.rows)
            for entry in sparse.entries where entry.value > best[entry.row]
                || (entry.value == best[entry.row] && entry.value > 0 && entry.column < labels[entry.row]) {
                best[entry.row] = entry.value
                labels[entry.row] = entry.column
            }
            self.init(labels: labels, classes: sparse.columns)
        }
    }

    /// How many rows each class has.
    public var counts: [Double] {
        var counts = [Double](repeating: 0, count: classes)
        for label in labels where label >= 0 { counts[label] += 1 }
        return counts
    }

    /// The largest count over the mean count (1 for a perfectly even assignment; `classes` when
    /// every row has the same class).
    public var imbalance: Double {
        let counts = counts
        let total = counts.reduce(0, +)
        guard total > 0, classes > 0 else { return .nan }
        return (counts.max() ?? 0) / (total / Double(classes))
    }

    /// The fraction of rows whose class differs from `other`'s.
    public func changedFraction(from other: HardAssignment) -> Double {
        guard labels.count == other.labels.count, !labels.isEmpty else { return .nan }
        return Double(zip(labels, other.labels).filter { $0 != $1 }.count) / Double(labels.count)
    }
}
