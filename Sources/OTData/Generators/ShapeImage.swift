import OTCore

/// A picture of a simple shape drawn procedurally (a disc, a ring, a square or a capital letter),
/// read as a 2-D density exactly as a PGM file of the same pixels would be (see `ImageDensity`).
///
/// The shape is drawn white on black in a `width x height` picture, centred at a fraction
/// (`centreX`, `centreY`) of the picture's size, in pixel units (pixel (col, row) covers
/// `[col, col + 1) x [row, row + 1)`). Each pixel's brightness is the fraction of it the shape covers,
/// measured on a 4 x 4 grid of sample points, so edges are anti-aliased and the mass changes
/// smoothly with the size. With `noise > 0` each pixel's brightness is multiplied by
/// `1 - noise * u`, `u` uniform in [0, 1) from the seed, for pictures of uneven brightness.
public struct ShapeImage: Sendable, Equatable {
    /// What to draw.
    public enum Shape: String, CaseIterable, Sendable {
        /// A filled disc of diameter `size`.
        case disc
        /// An annulus of outer diameter `size` and width `thickness`.
        case ring
        /// A filled square of side `size`.
        case square
        /// A capital letter `size` high, drawn with strokes `thickness` wide (see `StrokeFont`).
        case letter
    }

    /// Sample points per pixel along each axis (the anti-aliasing grid).
    public static let samplesPerAxis = 4
    /// The largest picture side accepted.
    public static let maximumSide = 1024

    public var shape: Shape
    public var letter: String
    public var width: Int
    public var height: Int
    public var size: Double
    public var thickness: Double
    public var centreX: Double
    public var centreY: Double
    public var noise: Double

    /// A validated shape; `source` names the input in errors, which name the setting at fault.
    public init(shape: Shape, letter: String = "A", width: Int = 32, height: Int = 32, size: Double = 20, thickness: Double = 4,
                centreX: Double = 0.5, centreY: Double = 0.5, noise: Double = 0, source: String = "shape") throws(InputError) {
        guard (1...Self.maximumSide).contains(width) else {
            throw InputError(source, "field width", "\(width) is out of range; expected a whole number in [1, \(Self.maximumSide)]")
        }
        guard (1...Self.maximumSide).contains(height) else {
            throw InputError(source, "field height", "\(height) is out of range; expected a whole number in [1, \(Self.maximumSide)]")
        }
        guard size.isFinite, size > 0 else {
            throw InputError(source, "field size", "\(ParameterValue.format(size)) pixels; expected a positive size")
        }
        guard thickness.isFinite, thickness > 0 else {
            throw InputError(source, "field thickness", "\(ParameterValue.format(thickness)) pixels; expected a positive thickness")
        }
        if shape == .ring, thickness >= size / 2 {
            throw InputError(source, "field thickness", "\(ParameterValue.format(thickness)) pixels fills a ring of size \(ParameterValue.format(size)); expected less than size / 2 (or use shape: disc)")
        }
        if shape == .letter {
            guard StrokeFont.segments(of: letter) != nil else {
                throw InputError(source, "field letter", "\"\(letter)\" is not a letter the stroke font draws; expected one of A to Z")
            }
            guard thickness < size / 2 else {
                throw InputError(source, "field thickness", "\(ParameterValue.format(thickness)) pixels is too thick for a letter \(ParameterValue.format(size)) pixels high; expected less than size / 2")
            }
        }
        guard noise.isFinite, (0...1).contains(noise) else {
            throw InputError(source, "field noise", "\(ParameterValue.format(noise)) is out of range; expected a number in [0, 1]")
        }
        self.shape = shape
        self.letter = letter.uppercased()
        self.width = width
        self.height = height
        self.size = size
        self.thickness = thickness
        self.centreX = centreX
        self.centreY = centreY
        self.noise = noise
    }

    /// The picture, brightness in [0, 1]; `seed` draws the brightness noise (unused without it).
    public func image(seed: Int = 0) -> GreyImage {
        let cx = centreX * Double(width), cy = centreY * Double(height)
        let inside = membership(centreX: cx, centreY: cy)
        let k = Self.samplesPerAxis
        let perSample = 1 / Double(k * k)
        var random = SeededRandom(seed: seed)
        var pixels = [Double](repeating: 0, count: width * height)
        for row in 0..<height {
            for col in 0..<width {
                var covered = 0
                for sy in 0..<k {
                    let y = Double(row) + (Double(sy) + 0.5) / Double(k)
                    for sx in 0..<k where inside(Double(col) + (Double(sx) + 0.5) / Double(k), y) { covered += 1 }
                }
                // One draw per pixel, covered or not, so the noise of a pixel does not depend on the shape.
                let shade = noise > 0 ? 1 - noise * random.nextUniform() : 1
                pixels[row * width + col] = Double(covered) * perSample * shade
            }
        }
        return GreyImage(width: width, height: height, pixels: pixels)
    }

    /// The picture as a density: pixel centres, mass proportional to brightness, total mass 1.
    public func measure(seed: Int = 0, source: String = "shape") throws(InputError) -> Measure {
        let picture = image(seed: seed)
        guard picture.pixels.contains(where: { $0 > 0 }) else {
            throw InputError(source, "field size", "the \(shape.rawValue) covers no pixel of the \(width) x \(height) picture; make it larger or move centre-x / centre-y inside the picture")
        }
        return try ImageDensity.measure(from: picture, source: source)
    }

    /// Whether a point `(x, y)` in pixel units lies inside the shape centred at `(cx, cy)`.
    private func membership(centreX cx: Double, centreY cy: Double) -> (Double, Double) -> Bool {
        let radius = size / 2
        switch shape {
        case .disc:
            return { x, y in (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius }
        case .ring:
            let inner = radius - thickness
            return { x, y in
                let r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy)
                return r2 <= radius * radius && r2 >= inner * inner
            }
        case .square:
            return { x, y in abs(x - cx) <= radius && abs(y - cy) <= radius }
        case .letter:
            // Grid units to pixels: the strokes' round ends stay inside a box `size` high.
            let scale = (size - thickness) / StrokeFont.gridHeight
            let pen = thickness / 2 / scale
            let segments = StrokeFont.segments(of: letter) ?? []
            return { x, y in
                let gx = (x - cx) / scale + StrokeFont.gridWidth / 2, gy = (y - cy) / scale + StrokeFont.gridHeight / 2
                return segments.contains { $0.squaredDistance(x: gx, y: gy) <= pen * pen }
            }
        }
    }

    /// The parameters of the `shape` generator.
    static let parameters: [ParameterDescriptor] = [
        ParameterDescriptor(name: "shape", label: "shape", kind: .choice(default: "disc", options: Shape.allCases.map(\.rawValue)),
                            help: "What to draw: a filled disc, a ring, a filled square, or a capital letter."),
        ParameterDescriptor(name: "letter", label: "letter", kind: .choice(default: "A", options: StrokeFont.letters),
                            help: "The capital letter drawn by shape: letter."),
        ParameterDescriptor(name: "width", label: "width", kind: .integer(default: 32, range: 1...maximumSide), unit: "px",
                            help: "Width of the picture in pixels."),
        ParameterDescriptor(name: "height", label: "height", kind: .integer(default: 32, range: 1...maximumSide), unit: "px",
                            help: "Height of the picture in pixels."),
        ParameterDescriptor(name: "size", label: "size", kind: .real(default: 20, range: 0.5...4096, logScale: true), unit: "px",
                            help: "Diameter of the disc or ring, side of the square, or height of the letter, in pixels."),
        ParameterDescriptor(name: "thickness", label: "thickness", kind: .real(default: 4, range: 0.1...2048, logScale: true), unit: "px",
                            help: "Width of the ring or of the letter's strokes, in pixels (less than size / 2)."),
        ParameterDescriptor(name: "centre-x", label: "centre x", kind: .real(default: 0.5, range: -1...2, logScale: false),
                            help: "Horizontal position of the shape's centre, as a fraction of the picture's width."),
        ParameterDescriptor(name: "centre-y", label: "centre y", kind: .real(default: 0.5, range: -1...2, logScale: false),
                            help: "Vertical position of the shape's centre (downward), as a fraction of the picture's height."),
        ParameterDescriptor(name: "noise", label: "brightness noise", kind: .real(default: 0, range: 0...1, logScale: false),
                            help: "Each pixel's brightness is multiplied by 1 - noise * u, u uniform in [0, 1) from the seed."),
    ]
}
