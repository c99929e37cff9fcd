extension LogSumExp {
    /// Scratch space for `materializePlan`: one column accumulator per parallel chunk.
    public struct PlanWorkspace: Sendable {
        let chunks: Int
        var partialColumns: [Double]
        public init(rows: Int, columns: Int) {
            chunks = Parallel.chunkCount(count: rows, minimumChunk: Kernels.minimumRows(columns: columns))
            partialColumns = [Double](repeating: 0, count: chunks * columns)
        }
    }

    /// Writes the log-domain plan `P_ij = exp((f_i + g_j - C_ij) / reg)` into `plan` (row-major,
    /// the shape of `cost`) with its row and column sums, in one parallel pass over C.
    ///
    /// For solvers that need the plan's entries again within the iteration (Newton-type methods);
    /// the Sinkhorn family uses `planStatistics`, which stores nothing.
    public static func materializePlan(
        cost: DenseMatrix, f: [Double], g: [Double], inverseRegularization: Double,
        plan: inout [Double], rowSums: inout [Double], columnSums: inout [Double], workspace: inout PlanWorkspace
    ) {
        let rows = cost.rows, columns = cost.columns
        precondition(f.count == rows && g.count == columns && plan.count == rows * columns)
        precondition(rowSums.count == rows && columnSums.count == columns)
        let chunks = workspace.chunks
        cost.storage.withUnsafeBufferPointer { c in
            g.withUnsafeBufferPointer { gs in
                f.withUnsafeBufferPointer { fs in
                    plan.withUnsafeMutableBufferPointer { p in
                        rowSums.withUnsafeMutableBufferPointer { rs in
                            workspace.partialColumns.withUnsafeMutableBufferPointer { pc in
                                let cBase = c.baseAddress!, gBase = gs.baseAddress!, pBase = p.baseAddress!
                                let partial = pc.baseAddress!
                                partial.update(repeating: 0, count: chunks * columns)
                                Parallel.forEachChunk(count: rows, minimumChunk: Kernels.minimumRows(columns: columns), MaterializePlanLoop(
                                    cost: cBase, columns: columns, f: fs.baseAddress!, g: gBase,
                                    inverseRegularization: inverseRegularization, plan: pBase, rowSums: rs.baseAddress!,
                                    partialColumns: partial))
                            }
                        }
                    }
                }
            }
        }
        for j in 0..<columns {
            var s = 0.0
            for chunk in 0..<chunks { s += workspace.partialColumns[chunk * columns + j] }
            columnSums[j] = s
        }
    }
}

extension LogSumExp {
    /// One chunk of rows of `materializePlan`: the plan rows into `plan`, their sums into `rowSums`,
    /// and the rows summed into the chunk's row of `partialColumns`.
    struct MaterializePlanLoop: ChunkedLoop {
        let cost: UnsafePointer<Double>
        let columns: Int
        let f: UnsafePointer<Double>
        let g: UnsafePointer<Double>
        let inverseRegularization: Double
        let plan: UnsafeMutablePointer<Double>
        let rowSums: UnsafeMutablePointer<Double>
        let partialColumns: UnsafeMutablePointer<Double>

        func run(chunk: Int, range: Range<Int>) {
            let columns = self.columns
            let accumulator = partialColumns + chunk * columns
            for i in range {
                let row = plan + i * columns
                if f[i] == -.infinity {
                    row.update(repeating: 0, count: columns)
                    rowSums[i] = 0
                    continue
                }
                logPlanRow(cost + i * columns, g, f[i], inverseRegularization, count: columns, into: row)
                rowSums[i] = Kernels.sum(UnsafeBufferPointer(start: row, count: columns))
                Kernels.axpy(1, row, accumulator, count: columns)
            }
        }
    }
}

extension LogSumExp {
    /// The log-domain plan `P_ij = exp((f_i + g_j - C_ij) / reg)` as a dense matrix (what the
    /// log-domain solvers hand out as their plan).
    public static func densePlan(cost: DenseMatrix, f: [Double], g: [Double], regularization: Double) -> DenseMatrix {
        let inverse = 1 / regularization
        return DenseMatrix(rows: f.count, columns: g.count) { i, j in
            libmExp((f[i] + g[j] - cost[i, j]) * inverse)
        }
    }

    /// The same plan summed into at most `maxRows x maxColumns` blocks for the heatmap, without
    /// storing it.
    public static func aggregatedPlan(
        cost: DenseMatrix, f: [Double], g: [Double], regularization: Double, maxRows: Int, maxColumns: Int
    ) -> DenseMatrix {
        let inverse = 1 / regularization
        let m = g.count
        return cost.storage.withUnsafeBufferPointer { c in
            BlockAggregation.aggregate(rows: f.count, columns: m, maxRows: maxRows, maxColumns: maxColumns) { i, j in
                libmExp((f[i] + g[j] - c[i * m + j]) * inverse)
            }
        }
    }
}
