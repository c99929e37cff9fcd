import Synchronization

/// A flag the solver runner raises to stop a long iteration part-way (a cancel, a restart, a pause).
///
/// Kernels that sweep a large implicit problem tile by tile poll it between tiles, so a command takes
/// effect within one tile instead of after a whole iteration. Raising and polling are lock-free.
public final class StepInterruption: Sendable {
    private let raised = Atomic<Bool>(false)

    public init() {}

    /// True once `raise()` was called and not cleared since.
    public var isRaised: Bool { raised.load(ordering: .relaxed) }

    /// Asks the current step to stop as soon as it can.
    public func raise() { raised.store(true, ordering: .relaxed) }

    /// Lets the next step run to its end.
    public func clear() { raised.store(false, ordering: .relaxed) }
}
