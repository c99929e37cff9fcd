/// Kernels for plans of the form `P = diag(u) K diag(v)` (scaling-form Sinkhorn).
///
/// The Sinkhorn iteration is one fused sweep over the kernel: for each row i, the product
/// `(K v)_i` gives the new scaling `u_i = a_i / (K v)_i`, and while row i is still in cache it is
/// accumulated into `K^T u`. Reading K once per iteration instead of twice halves the memory
/// traffic, which is the whole cost of an iteration for n >= 500.
public enum ScalingKernels {
    /// Scratch space for the fused sweep, sized once so that a sweep allocates nothing: one column
    /// accumulator and one row-error slot per parallel chunk.
    public struct Workspace: Sendable {
        public let chunks: Int
        public let columns: Int
        var partial: [Double]
        var rowErrors: [Double]
        /// Per chunk: the first row whose new scaling is unusable (`FusedSweep.invalidRow`), or -1.
        var invalidRows: [Int]

        public init(rows: Int, columns: Int) {
            self.chunks = Parallel.chunkCount(count: rows, minimumChunk: Kernels.minimumRows(columns: columns))
            self.columns = columns
            self.partial = [Double](repeating: 0, count: chunks * columns)
            self.rowErrors = [Double](repeating: 0, count: chunks)
            self.invalidRows = [Int](repeating: -1, count: chunks)
        }
    }

    /// The Gibbs kernel `K = exp(-C / reg)` of a cost matrix (POT's convention: `reg` absolute).
    public static func gibbsKernel(cost: DenseMatrix, regularization: Double) -> DenseMatrix {
        let count = cost.storage.count
        let storage = cost.storage.withUnsafeBufferPointer { c in
            LargeBuffer.doubles(count: count) { k in
                if count > 0 { KernelFormation.exponentiate(c.baseAddress!, scale: -1 / regularization, into: k.baseAddress!, count: count) }
            }
        }
        return DenseMatrix(rows: cost.rows, columns: cost.columns, storage: storage)
    }

    /// One fused Sinkhorn sweep: a single read of K, split over the cores.
    ///
    /// For each row i: `s_i = (K v)_i`; adds `|u_i s_i - a_i|` to the returned row error (the row
    /// violation of the plan `diag(u) K diag(v)` before this update); writes `uNext_i = a_i / s_i`
    /// (0 where `a_i = 0`); and accumulates `columnProducts = K^T uNext`. Rows go four at a time
    /// (`Kernels.dotRows4`, `Kernels.axpyRows4`); each chunk of rows has its own column accumulator,
    /// summed at the end. Allocates nothing.
    public static func fusedSweep(
        kernel: GibbsKernel, u: [Double], v: [Double], a: [Double], omega: Double = 1,
        uNext: inout [Double], columnProducts: inout [Double], workspace: inout Workspace
    ) -> FusedSweep {
        switch kernel.precision {
        case .f64:
            kernel.doubles.withUnsafeBufferPointer { k in
                fusedSweep(k.baseAddress!, rows: kernel.rows, columns: kernel.columns, u: u, v: v, a: a, omega: omega,
                           uNext: &uNext, columnProducts: &columnProducts, workspace: &workspace)
            }
        case .f32:
            kernel.floats.withUnsafeBufferPointer { k in
                fusedSweep(k.baseAddress!, rows: kernel.rows, columns: kernel.columns, u: u, v: v, a: a, omega: omega,
                           uNext: &uNext, columnProducts: &columnProducts, workspace: &workspace)
            }
        }
    }

    static func fusedSweep<Entry: KernelEntry>(
        _ k: UnsafePointer<Entry>, rows: Int, columns: Int, u: [Double], v: [Double], a: [Double], omega: Double = 1,
        uNext: inout [Double], columnProducts: inout [Double], workspace: inout Workspace
    ) -> FusedSweep {
        precondition(u.count == rows && a.count == rows && uNext.count == rows && v.count == columns && columnProducts.count == columns)
        let chunks = workspace.chunks
        u.withUnsafeBufferPointer { ub in
            v.withUnsafeBufferPointer { vb in
                a.withUnsafeBufferPointer { ab in
                    uNext.withUnsafeMutableBufferPointer { nb in
                        workspace.partial.withUnsafeMutableBufferPointer { pb in
                            workspace.rowErrors.withUnsafeMutableBufferPointer { eb in
                                workspace.invalidRows.withUnsafeMutableBufferPointer { ib in
                                    Parallel.forEachChunk(count: rows, minimumChunk: Kernels.minimumRows(columns: columns), FusedSweepLoop(
                                        k: k, columns: columns, u: ub.baseAddress!, v: vb.baseAddress!, a: ab.baseAddress!,
                                        uNext: nb.baseAddress!, partial: pb.baseAddress!, rowErrors: eb.baseAddress!,
                                        invalidRows: ib.baseAddress!, omega: omega))
                                }
                            }
                        }
                    }
                }
            }
        }
        sumPartials(workspace, into: &columnProducts)
        var total = 0.0
        for c in 0..<chunks { total += workspace.rowErrors[c] }
        let invalidRow = workspace.invalidRows.first { $0 >= 0 }
        return FusedSweep(rowError: total, invalidRow: invalidRow)
    }

    /// One scaling update, the same for rows and columns: the plain update `q = mass / product`
    /// (0 where the mass is 0), over-relaxed from the current scaling `x` when `exponent = 1 - omega`
    /// is not 0: `x^(1 - omega) q^omega`, written `q (x / q)^(1 - omega)` (one power of a ratio
    /// that tends to 1). Over-relaxed Sinkhorn: Thibault, Chizat, Dossal and Papadakis 2017,
    /// "Overrelaxed Sinkhorn-Knopp algorithm for regularized optimal transport".
    @inlinable @inline(__always)
    public static func scaling(mass: Double, product: Double, current x: Double, exponent: Double) -> Double {
        let q = mass == 0 ? 0 : mass / product
        return exponent == 0 || q == 0 ? q : q * libmPow(x / q, exponent)
    }

    /// What a fused sweep reports besides its outputs.
    public struct FusedSweep: Sendable {
        /// `sum_i |u_i (K v)_i - a_i|`: the row violation of the plan before the update.
        public var rowError: Double
        /// The first row whose new scaling `a_i / (K v)_i` is not usable (`Kernels.isUsableScaling`:
        /// the kernel row underflowed, or the product overflowed); nil when every row is usable.
        public var invalidRow: Int?
    }

    /// Both Sinkhorn products from one read of K, with `u` and `v` given: `rowProducts = K v` and
    /// `columnProducts = K^T u`. This is the fused-pass floor of the bench (a Sinkhorn sweep must
    /// read each row twice, once for `(K v)_i` and again, from L1/L2, for `u_i K_i`, because the new
    /// `u_i` depends on the first read). Split over the cores like `fusedSweep`; allocates nothing.
    public static func bothProducts(
        kernel: GibbsKernel, u: [Double], v: [Double],
        rowProducts: inout [Double], columnProducts: inout [Double], workspace: inout Workspace
    ) {
        precondition(u.count == kernel.rows && rowProducts.count == kernel.rows && v.count == kernel.columns && columnProducts.count == kernel.columns)
        switch kernel.precision {
        case .f64:
            kernel.doubles.withUnsafeBufferPointer { k in
                bothProducts(k.baseAddress!, rows: kernel.rows, columns: kernel.columns, u: u, v: v,
                             rowProducts: &rowProducts, columnProducts: &columnProducts, workspace: &workspace)
            }
        case .f32:
            kernel.floats.withUnsafeBufferPointer { k in
                bothProducts(k.baseAddress!, rows: kernel.rows, columns: kernel.columns, u: u, v: v,
                             rowProducts: &rowProducts, columnProducts: &columnProducts, workspace: &workspace)
            }
        }
    }

    static func bothProducts<Entry: KernelEntry>(
        _ k: UnsafePointer<Entry>, rows: Int, columns: Int, u: [Double], v: [Double],
        rowProducts: inout [Double], columnProducts: inout [Double], workspace: inout Workspace
    ) {
        u.withUnsafeBufferPointer { ub in
            v.withUnsafeBufferPointer { vb in
                rowProducts.withUnsafeMutableBufferPointer { rb in
                    workspace.partial.withUnsafeMutableBufferPointer { pb in
                        let partial = pb.baseAddress!
                        Parallel.forEachChunk(count: rows, minimumChunk: Kernels.minimumRows(columns: columns), BothProductsLoop(
                            k: k, columns: columns, u: ub.baseAddress!, v: vb.baseAddress!,
                            rowProducts: rb.baseAddress!, partial: partial))
                    }
                }
            }
        }
        sumPartials(workspace, into: &columnProducts)
    }

    /// `out[j] = sum over chunks of partial[chunk][j]`: the per-chunk column accumulators, reduced
    /// in chunk order (the sum does not depend on timing), eight columns at a time. Written as a copy
    /// and vector adds, the reduction at n = 1000 takes a fraction of a microsecond; the scalar
    /// double loop it replaced did not vectorize.
    static func sumPartials(_ workspace: Workspace, into out: inout [Double]) {
        let chunks = workspace.chunks, columns = workspace.columns
        workspace.partial.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { o in
                guard columns > 0, let base = pb.baseAddress, let target = o.baseAddress else { return }
                target.update(from: base, count: columns)
                for c in 1..<max(1, chunks) { Kernels.add(base + c * columns, to: target, count: columns) }
            }
        }
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

    /// Row sums, column sums and `<P, C>` of `P = diag(u) K diag(v)` for a kernel in either precision.
    public static func planStatistics(
        kernel: GibbsKernel, cost: DenseMatrix, u: [Double], v: [Double]
    ) -> PlanStatistics {
        let columns = kernel.columns
        return PlanStatistics.accumulate(cost: cost) { i, rowOut in
            v.withUnsafeBufferPointer { vb in
                let ui = u[i]
                switch kernel.precision {
                case .f64:
                    kernel.doubles.withUnsafeBufferPointer { kb in
                        for j in 0..<columns { rowOut[j] = ui * kb[i * columns + j] * vb[j] }
                    }
                case .f32:
                    kernel.floats.withUnsafeBufferPointer { kb in
                        for j in 0..<columns { rowOut[j] = ui * Double(kb[i * columns + j]) * vb[j] }
                    }
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

/// One chunk of rows of `ScalingKernels.fusedSweep`: `u_next = a / (K v)` on the rows, their
/// error `sum |u_i (K v)_i - a_i|` into `rowErrors[chunk]`, and `K^T u_next` over the rows into the
/// chunk's row of `partial`.
struct FusedSweepLoop<Entry: KernelEntry>: ChunkedLoop {
    let k: UnsafePointer<Entry>
    let columns: Int
    let u: UnsafePointer<Double>
    let v: UnsafePointer<Double>
    let a: UnsafePointer<Double>
    let uNext: UnsafeMutablePointer<Double>
    let partial: UnsafeMutablePointer<Double>
    let rowErrors: UnsafeMutablePointer<Double>
    let invalidRows: UnsafeMutablePointer<Int>
    /// Over-relaxation: `u_next = u^(1 - omega) (a / K v)^omega`; 1 is plain Sinkhorn.
    var omega: Double = 1

    func run(chunk: Int, range: Range<Int>) {
        let k = self.k, columns = self.columns, ub = u, vBase = v, ab = a, nb = uNext
        let exponent = 1 - omega
        let accumulator = partial + chunk * columns
        accumulator.update(repeating: 0, count: columns)
        var error = 0.0
        var invalidRow = -1
        var i = range.lowerBound
        // Software-pipelined: the column update of each block of four rows is done while the next
        // block's dot products read it (`dotRows4AxpyRows4`), the last one after the loop.
        var pending: (alpha: SIMD4<Double>, row: UnsafePointer<Entry>)? = nil
        while i + 4 <= range.upperBound {
            let r0 = k + i * columns, r1 = r0 + columns, r2 = r1 + columns, r3 = r2 + columns
            let s: SIMD4<Double>
            if let (alpha, p0) = pending {
                let p1 = p0 + columns, p2 = p1 + columns, p3 = p2 + columns
                s = Kernels.dotRows4AxpyRows4(alpha, p0, p1, p2, p3, r0, r1, r2, r3, vBase, accumulator, count: columns)
            } else {
                s = Kernels.dotRows4(r0, r1, r2, r3, vBase, count: columns)
            }
            var next = SIMD4<Double>()
            for r in 0..<4 {
                let ai = ab[i + r]
                error += abs(ub[i + r] * s[r] - ai)
                next[r] = ScalingKernels.scaling(mass: ai, product: s[r], current: ub[i + r], exponent: exponent)
                nb[i + r] = next[r]
                if invalidRow < 0, !Kernels.isUsableScaling(next[r], mass: ai) { invalidRow = i + r }
            }
            pending = (next, r0)
            i += 4
        }
        if let (alpha, p0) = pending {
            let p1 = p0 + columns, p2 = p1 + columns, p3 = p2 + columns
            Kernels.axpyRows4(alpha, p0, p1, p2, p3, accumulator, count: columns)
        }
        while i < range.upperBound {
            let row = k + i * columns
            let s = Kernels.dotRow(row, vBase, count: columns)
            error += abs(ub[i] * s - ab[i])
            let next = ScalingKernels.scaling(mass: ab[i], product: s, current: ub[i], exponent: exponent)
            nb[i] = next
            if invalidRow < 0, !Kernels.isUsableScaling(next, mass: ab[i]) { invalidRow = i }
            if next != 0 { Kernels.axpyRow(next, row, accumulator, count: columns) }
            i += 1
        }
        rowErrors[chunk] = error
        invalidRows[chunk] = invalidRow
    }
}

/// One chunk of rows of `ScalingKernels.bothProducts`: `K v` on the rows, and `K^T u` over the rows
/// into the chunk's row of `partial`, each entry read once.
struct BothProductsLoop<Entry: KernelEntry>: ChunkedLoop {
    let k: UnsafePointer<Entry>
    let columns: Int
    let u: UnsafePointer<Double>
    let v: UnsafePointer<Double>
    let rowProducts: UnsafeMutablePointer<Double>
    let partial: UnsafeMutablePointer<Double>

    func run(chunk: Int, range: Range<Int>) {
        let k = self.k, columns = self.columns
        let accumulator = partial + chunk * columns
        accumulator.update(repeating: 0, count: columns)
        var i = range.lowerBound
        while i + 4 <= range.upperBound {
            let r0 = k + i * columns, r1 = r0 + columns, r2 = r1 + columns, r3 = r2 + columns
            let s = Kernels.dotAxpyRows4(SIMD4(u[i], u[i + 1], u[i + 2], u[i + 3]), r0, r1, r2, r3, v, accumulator, count: columns)
            rowProducts[i] = s[0]; rowProducts[i + 1] = s[1]; rowProducts[i + 2] = s[2]; rowProducts[i + 3] = s[3]
            i += 4
        }
        while i < range.upperBound {
            let row = k + i * columns
            rowProducts[i] = Kernels.dotRow(row, v, count: columns)
            Kernels.axpyRow(u[i], row, accumulator, count: columns)
            i += 1
        }
    }
}
