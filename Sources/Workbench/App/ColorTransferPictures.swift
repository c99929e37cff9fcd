import OTCore
import OTData
import OTSession
import Synchronization

/// The pictures of a colour-transfer problem, as the problem pane shows them: source and target
/// reduced to at most `previewSide` pixels on a side, and the source recoloured by the latest
/// final plan. The recolouring runs once per plan (keyed by run generation and plan iteration) and
/// is cached, so redrawing at 30 frames a second costs nothing.
public final class ColorTransferPictures: Sendable {
    /// The longest side of the pictures kept for the pane (a terminal shows far fewer pixels).
    public static let previewSide = 160

    public let source: RGBImage
    public let target: RGBImage
    private let cache = Mutex<(key: [Int], image: RGBImage)?>(nil)

    public init(source: RGBImage, target: RGBImage) {
        self.source = Self.reduced(source)
        self.target = Self.reduced(target)
    }

    /// The source recoloured by `plan` between the problem's colour samples; `key` identifies the
    /// plan (run generation, plan iteration) so the same plan is not recoloured twice.
    public func result(problem: TransportProblem, plan: TransportPlan, key: [Int]) -> RGBImage {
        if let cached = cache.withLock({ $0 }), cached.key == key { return cached.image }
        let image = ColorTransfer.recolor(source, problem: problem, plan: plan)
        cache.withLock { $0 = (key, image) }
        return image
    }

    /// `image` with each side divided by the smallest whole factor that brings the longer side to
    /// at most `previewSide`, averaging the blocks of pixels.
    static func reduced(_ image: RGBImage) -> RGBImage {
        let factor = (max(image.width, image.height) + previewSide - 1) / previewSide
        guard factor > 1 else { return image }
        let width = (image.width + factor - 1) / factor, height = (image.height + factor - 1) / factor
        var channels = [Double](repeating: 0, count: 3 * width * height)
        var counts = [Double](repeating: 0, count: width * height)
        for row in 0..<image.height {
            for col in 0..<image.width {
                let block = (row / factor) * width + col / factor
                let pixel = row * image.width + col
                for c in 0..<3 { channels[3 * block + c] += image.channels[3 * pixel + c] }
                counts[block] += 1
            }
        }
        for block in 0..<counts.count { for c in 0..<3 { channels[3 * block + c] /= counts[block] } }
        return RGBImage(width: width, height: height, channels: channels)
    }
}
