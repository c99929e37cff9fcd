import OTCore

/// Every solver otlab offers, by CLI name.
public enum SolverRegistry {
    /// `auto` comes first: it is the workbench picker's default selection.
    public static let all: [SolverDescriptor] = [
        AutoSolver.descriptor,
        Sinkhorn.descriptor,
        SinkhornLog.descriptor,
        Greenkhorn.descriptor,
        NetworkSimplex.descriptor,
        Emd1D.descriptor,
        QuadraticOT.descriptor,
        TopKOT.descriptor,
        PartialOT.descriptor,
        PartialEntropic.descriptor,
        MirrorSinkhorn.descriptor,
        SinkhornNewtonSparse.descriptor,
        UnbalancedSinkhorn.descriptor,
        SinkhornDivergence.descriptor,
        DoublyStochastic.descriptor,
        SinkhornOnline.descriptor,
        SlicedWasserstein.descriptor,
        SlicedWasserstein.maxDescriptor,
        GaussianOT.descriptor,
        GromovWasserstein.descriptor,
        GromovWasserstein.fusedDescriptor,
        EntropicGromovWasserstein.descriptor,
        EntropicGromovWasserstein.fusedDescriptor,
    ]

    /// The barycenter solvers (problem kind `.barycenter`, `otlab barycenter --method NAME`).
    public static let barycenter: [SolverDescriptor] = [
        BregmanBarycenter.descriptor,
        BregmanBarycenter.logDescriptor,
    ] + ConvolutionalBarycenter.descriptors + [
        FreeSupportBarycenter.descriptor,
    ]

    /// A solver of either kind by name.
    public static func descriptor(named name: String) -> SolverDescriptor? {
        all.first { $0.name == name } ?? barycenter.first { $0.name == name }
    }

    public static var names: [String] { all.map(\.name) }
}
