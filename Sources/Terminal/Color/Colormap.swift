/// A perceptual colormap: evenly spaced control colours, interpolated in OKLab.
///
/// The built-in maps store eleven samples of well-known perceptually uniform colormaps (viridis,
/// magma) and a grey ramp; intermediate colours are interpolated in OKLab, which stays close to the
/// original curves at this density.
public struct Colormap: Hashable, Sendable {
    public var name: String
    /// Control colours for t = 0, 1/(n-1), ..., 1 (at least two).
    public var controlPoints: [RGB]
    private var labPoints: [OKLab]

    public init(name: String, controlPoints: [RGB]) {
        precondition(controlPoints.count >= 2, "a colormap needs at least two control points")
        self.name = name
        self.controlPoints = controlPoints
        self.labPoints = controlPoints.map(OKLab.init)
    }

    /// The colour at position `t` in 0...1 (clamped; NaN maps to 0).
    public func color(at t: Double) -> RGB {
        let clamped = t.isNaN ? 0 : min(1, max(0, t))
        let scaled = clamped * Double(controlPoints.count - 1)
        let lower = min(Int(scaled), controlPoints.count - 2)
        let fraction = scaled - Double(lower)
        if fraction <= 0 { return controlPoints[lower] }
        if fraction >= 1 { return controlPoints[lower + 1] }
        return labPoints[lower].mixed(with: labPoints[lower + 1], fraction).rgb
    }

    /// Dark blue through green to yellow; the default.
    public static let viridis = Colormap(name: "viridis", controlPoints: [
        0x440154, 0x482475, 0x414487, 0x355F8D, 0x2A788E, 0x21918C,
        0x22A884, 0x44BF70, 0x7AD151, 0xBDDF26, 0xFDE725,
    ].map { RGB(hex: $0) })

    /// Black through purple and orange to pale yellow.
    public static let magma = Colormap(name: "magma", controlPoints: [
        0x000004, 0x140E36, 0x3B0F70, 0x641A80, 0x8C2981, 0xB73779,
        0xDE4968, 0xF7705C, 0xFE9F6D, 0xFECF92, 0xFCFDBF,
    ].map { RGB(hex: $0) })

    /// Black to white, linear in sRGB (which is close to linear in lightness).
    public static let grey = Colormap(name: "grey", controlPoints: [RGB(0, 0, 0), RGB(255, 255, 255)])

    /// All built-in colormaps, for pickers.
    public static let all: [Colormap] = [.viridis, .magma, .grey]

    /// A built-in colormap by name (case-insensitive; "gray" accepted).
    public static func named(_ name: String) -> Colormap? {
        switch name.lowercased() {
        case "viridis": return .viridis
        case "magma": return .magma
        case "grey", "gray": return .grey
        default: return nil
        }
    }

    public static func == (lhs: Colormap, rhs: Colormap) -> Bool {
        lhs.name == rhs.name && lhs.controlPoints == rhs.controlPoints
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(controlPoints)
    }
}
