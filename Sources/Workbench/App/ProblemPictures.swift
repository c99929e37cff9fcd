import OTData

/// The pixel grids of a problem whose source and target are both pictures (image files or the
/// `shape` generator), carried from the loader so the problem pane draws them as pictures.
public struct ProblemPictures: Sendable, Equatable {
    public var source: PixelGrid
    public var target: PixelGrid

    public init(source: PixelGrid, target: PixelGrid) {
        self.source = source
        self.target = target
    }

    /// Both grids, or nil unless both measures are pictures.
    public init?(source: PixelGrid?, target: PixelGrid?) {
        guard let source, let target else { return nil }
        self.init(source: source, target: target)
    }
}
