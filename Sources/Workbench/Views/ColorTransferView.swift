import OTCore
import OTData
import Terminal

/// The problem pane of a colour transfer: the source, target and result pictures as half-block
/// images, each under its label, in whichever arrangement shows them largest. The result appears when the run has a final plan
/// (the workbench keeps it for colour transfers); until then its place says so.
struct ColorTransferView {
    var pictures: ColorTransferPictures
    var problem: TransportProblem
    /// The final plan and its cache key (run generation, plan iteration), when the run has ended.
    var plan: (plan: TransportPlan, key: [Int])?

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard area.width >= 9, area.height >= 3 else { return }
        let result = plan.map { pictures.result(problem: problem, plan: $0.plan, key: $0.key) }
        let panels: [(String, RGBImage?)] = [("source", pictures.source), ("target", pictures.target), ("result", result)]
        for ((label, image), panel) in zip(panels, Self.panels(in: area, for: pictures.source)) {
            _ = buffer.setString(label, x: panel.x, y: panel.y, style: theme.dimText, clip: panel)
            let body = Rect(x: panel.x, y: panel.y + 1, width: panel.width, height: panel.height - 1)
            if let image {
                Self.halfBlockImage(image).render(in: Self.fitted(image, in: body), buffer: &buffer, glyphs: glyphs, theme: theme)
            } else {
                _ = buffer.setString("when the solve ends", x: body.x, y: body.y, style: theme.dimText, clip: body)
            }
        }
    }

    /// Three panels side by side, stacked, or source and target above a larger result: whichever
    /// shows the pictures larger in `area`.
    static func panels(in area: Rect, for image: RGBImage) -> [Rect] {
        let gap = 1
        let third = (area.width - 2 * gap) / 3
        let across = (0..<3).map { Rect(x: area.x + $0 * (third + gap), y: area.y, width: third, height: area.height) }
        let height = area.height / 3
        let down = (0..<3).map { Rect(x: area.x, y: area.y + $0 * height, width: area.width, height: height) }
        let half = (area.width - gap) / 2, top = area.height / 2
        let twoOverOne = [
            Rect(x: area.x, y: area.y, width: half, height: top),
            Rect(x: area.x + half + gap, y: area.y, width: half, height: top),
            Rect(x: area.x, y: area.y + top, width: area.width, height: area.height - top),
        ]
        func shown(_ panels: [Rect]) -> Int {
            panels.reduce(0) { total, panel in
                guard panel.width > 0, panel.height > 1 else { return total }
                let fit = fitted(image, in: Rect(x: panel.x, y: panel.y + 1, width: panel.width, height: panel.height - 1))
                return total + fit.width * fit.height
            }
        }
        return [across, down, twoOverOne].max { shown($0) < shown($1) } ?? across
    }

    /// The largest area inside `area` with the picture's aspect ratio (a cell is two pixels high).
    static func fitted(_ image: RGBImage, in area: Rect) -> Rect {
        HalfBlockImage.fitted(rows: image.height, columns: image.width, in: area)
    }

    /// The picture as the Terminal layer's half-block image (8-bit sRGB).
    static func halfBlockImage(_ image: RGBImage) -> HalfBlockImage {
        let pixels = (0..<image.pixelCount).map { p in
            RGB(PNGWriter.byte(image.channels[3 * p]), PNGWriter.byte(image.channels[3 * p + 1]), PNGWriter.byte(image.channels[3 * p + 2]))
        }
        return HalfBlockImage(pixels: pixels, rows: image.height, columns: image.width)
    }
}
