/// Kernels for plans of the form `P = diag(u) K diag(v)` (scaling-form Sinkhorn).
///
/// The Sinkhorn iteration is one fused sweep over the kernel: for each row i, the product
/// `(K v)_i` gives the new scaling `u_i = a_i / (K v)_i`, and while row i is still in cache it is
/// accumulated into `K^T u`. Reading K once per iteration instead of twice halves the memory
/// traffic, which is the whole cost of an iteration for n >= 500.
public enum ScalingKernels {
    /// Scratch space for the fused sweep: one column accumulator per parallel chunk, sized once.
    public struct Workspace: Sendable {
        public let chunks: Int
        public let columns: Int
        var partial: [Double]

        public init(rows: Int, columns: Int) {
            self.chunks = Parallel.chunkCount(count: rows, minimumChunk: Kernels.minimumRows(columns: columns))
            self.columns = columns
            self.partial = [Double](repeating: 0, count: chunks * columns)
        }
    }

    /// The Gibbs kernel `K = exp(-C / reg)` of a cost matrix (POT's convention: `reg` absolute).
    public static func gibbsKernel(cost: DenseMatrix, regularization: Double) -> DenseMatrix {
        let inverse = -1 / regularization
        var kernel = cost
        kernel.storage.withUnsafeMutableBufferPointer { k in
            for index in k.indices { k[index] = libmExp(k[index] * inverse) }
        }
        return kernel
    }

    /// One fused Sinkhorn sweep.
    ///
    /// For each row i: `s_i = (K v)_i`; adds `|u_i s_i - a_i|` to the returned row error (the row
    /// violation of the plan `diag(u) K diag(v)` before this update); writes `uNext_i = a_i / s_i`
    /// (0 where `a_i = 0`); and accumulates `columnProducts = K^T uNext`.
    public static func fusedSweep(
        kernel: DenseMatrix, u: [Double], v: [Double], a: [Double],
        uNext: inout [Double], columnProducts: inout [Double], workspace: inout Workspace
    ) -> Double {
        let rows = kernel.rows, columns = kernel.columns
        precondition(u.count == rows && a.count == rows && uNext.count == rows && v.count == columns && columnProducts.count == columns)
        let chunks = workspace.chunks
        var rowErrors = [Double](repeating: 0, count: max(1, chunks))
        kernel.storage.withUnsafeBufferPointer { kb in
            u.withUnsafeBufferPointer { ub in
                v.withUnsafeBufferPointer { vb in
                    a.withUnsafeBufferPointer { ab in
                        uNext.withUnsafeMutableBufferPointer { nb in
                            workspace.partial.withUnsafeMutableBufferPointer { pb in
                                rowErrors.withUnsafeMutableBufferPointer { eb in
                                    let k = kb.baseAddress!, vBase = vb.baseAddress!, partial = pb.baseAddress!
                                    partial.update(repeating: 0, count: chunks * columns)
                                    Parallel.forEachChunkIndexed(count: rows, minimumChunk: Kernels.minimumRows(columns: columns)) { chunk, range in
                                        let accumulator = partial + chunk * columns
                                        var error = 0.0
                                        for i in range {
                                            let row = k + i * columns
                                            let s = Kernels.dot(row, vBase, count: columns)
                                            error += abs(ub[i] * s - ab[i])
                                            let next = ab[i] == 0 ? 0 : ab[i] / s
                                            nb[i] = next
                                            if next != 0 { Kernels.axpy(next, row, accumulator, count: columns) }
                                        }
                                        eb[chunk] = error
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        workspace.partial.withUnsafeBufferPointer { pb in
            columnProducts.withUnsafeMutableBufferPointer { out in
                for j in 0..<columns {
                    var s = 0.0
                    for c in 0..<chunks { s += pb[c * columns + j] }
                    out[j] = s
                }
            }
        }
        return rowErrors.reduce(0, +)
    }

    /// Row sums, column sums and `<P, C>` of `P = diag(u) K diag(v)` in one pass over K and C.
    public static func planStatistics(
        kernel: DenseMatrix, cost: DenseMatrix, u: [Double], v: [Double]
    ) -> PlanStatistics {
        let columns = kernel.columns
        return PlanStatistics.accumulate(cost: cost) { i, rowOut in
            kernel.storage.withUnsafeBufferPointer { kb in
                v.withUnsafeBufferPointer { vb in
                    let ui = u[i]
                    for j in 0..<columns { rowOut[j] = ui * kb[i * columns + j] * vb[j] }
                }
            }
        }
    }
}

/// Marginals and transport cost of a plan, computed without storing the plan.
public struct PlanStatistics: Sendable {
    public var rowSums: [Double]
    public var columnSums: [Double]
    /// `<P, C>`.
    public var cost: Double
    /// Total mass of the plan.
    public var mass: Double { Kernels.sum(rowSums) }

    public init(rowSums: [Double], columnSums: [Double], cost: Double) {
        self.rowSums = rowSums
        self.columnSums = columnSums
        self.cost = cost
    }

    /// Accumulates statistics row by row, in parallel: `fillRow(i, buffer)` writes row i of the plan
    /// (which has the shape of `cost`) into `buffer`.
    public static func accumulate(
        cost costMatrix: DenseMatrix,
        fillRow: (Int, UnsafeMutableBufferPointer<Double>) -> Void
    ) -> PlanStatistics {
        let rows = costMatrix.rows, columns = costMatrix.columns
        let minimumChunk = Kernels.minimumRows(columns: columns)
        let chunks = Parallel.chunkCount(count: rows, minimumChunk: minimumChunk)
        var rowSums = [Double](repeating: 0, count: rows)
        var partialColumns = [Double](repeating: 0, count: chunks * columns)
        var partialCost = [Double](repeating: 0, count: chunks)
        var scratch = [Double](repeating: 0, count: chunks * columns)
        costMatrix.storage.withUnsafeBufferPointer { cb in
        rowSums.withUnsafeMutableBufferPointer { rs in
            partialColumns.withUnsafeMutableBufferPointer { pc in
                partialCost.withUnsafeMutableBufferPointer { pk in
                    scratch.withUnsafeMutableBufferPointer { sc in
                        Parallel.forEachChunkIndexed(count: rows, minimumChunk: minimumChunk) { chunk, range in
                            let row = UnsafeMutableBufferPointer(rebasing: sc[(chunk * columns)..<((chunk + 1) * columns)])
                            let accumulator = pc.baseAddress! + chunk * columns
                            var total = 0.0
                            for i in range {
                                fillRow(i, row)
                                rs[i] = Kernels.sum(UnsafeBufferPointer(row))
                                total += Kernels.dot(UnsafePointer(row.baseAddress), cb.baseAddress! + i * columns, count: columns)
                                Kernels.axpy(1, UnsafePointer(row.baseAddress!), accumulator, count: columns)
                            }
                            pk[chunk] = total
                        }
                    }
                }
            }
        }
        }
        var columnSums = [Double](repeating: 0, count: columns)
        for c in 0..<chunks {
            for j in 0..<columns { columnSums[j] += partialColumns[c * columns + j] }
        }
        return PlanStatistics(rowSums: rowSums, columnSums: columnSums, cost: partialCost.reduce(0, +))
    }
}
