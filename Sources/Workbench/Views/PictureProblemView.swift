import OTCore
import OTData
import Terminal

/// The problem pane when both measures are pictures: source and target side by side (or stacked in
/// a tall pane) as half-block images of their mass per pixel (black where a pixel has none, brighter with more), each under a
/// caption with its size in pixels and its mass. Without colour the shade ramp stands in.
struct PictureProblemView {
    /// One picture: its grid, its mass per block and the measure's total mass.
    struct Picture {
        var name: String
        var grid: PixelGrid
        var masses: [Double]
        var totalMass: Double
    }

    var source: Picture
    var target: Picture
    /// Mass to colour: zero is black, the heaviest block of each picture the colormap's top.
    var colormap: Colormap = .grey

    /// The pictures of `problem` on `grids`, or nil when a measure no longer lies on its grid (for
    /// instance after painting), so the pane falls back to the scatter.
    init?(problem: TransportProblem, grids: ProblemPictures) {
        guard let sourceMasses = grids.source.masses(of: problem.source),
              let targetMasses = grids.target.masses(of: problem.target) else { return nil }
        source = Picture(name: "source", grid: grids.source, masses: sourceMasses, totalMass: problem.source.totalMass)
        target = Picture(name: "target", grid: grids.target, masses: targetMasses, totalMass: problem.target.totalMass)
    }

    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme) {
        guard area.width >= 3, area.height >= 2 else { return }
        for (picture, panel) in zip([source, target], panels(in: area)) {
            _ = buffer.setString(caption(picture, width: panel.width), x: panel.x, y: panel.y, style: theme.dimText, clip: panel)
            let body = Rect(x: panel.x, y: panel.y + 1, width: panel.width, height: panel.height - 1)
            let image = halfBlockImage(picture)
            image.render(in: image.fitted(in: body), buffer: &buffer, glyphs: glyphs, theme: theme)
        }
    }

    /// Source and target side by side, or one above the other when that shows them larger (a
    /// narrow, tall pane); each panel is a caption row above the picture.
    func panels(in area: Rect) -> [Rect] {
        let gap = 2, half = (area.width - gap) / 2, top = area.height / 2
        let across = [Rect(x: area.x, y: area.y, width: half, height: area.height),
                      Rect(x: area.x + half + gap, y: area.y, width: area.width - half - gap, height: area.height)]
        let down = [Rect(x: area.x, y: area.y, width: area.width, height: top),
                    Rect(x: area.x, y: area.y + top, width: area.width, height: area.height - top)]
        func shown(_ panels: [Rect]) -> Int {
            zip([source, target], panels).reduce(0) { total, pair in
                let (picture, panel) = pair
                guard panel.width > 0, panel.height > 1 else { return total }
                let body = Rect(x: panel.x, y: panel.y + 1, width: panel.width, height: panel.height - 1)
                let fit = HalfBlockImage.fitted(rows: picture.grid.rows, columns: picture.grid.columns, in: body)
                return total + fit.width * fit.height
            }
        }
        return shown(down) > shown(across) ? down : across
    }

    /// "source 32 x 32 px, mass 1" (with the block size when the picture was downsampled), shortened
    /// to fit `width` columns.
    func caption(_ picture: Picture, width: Int = .max) -> String {
        let grid = picture.grid
        let blocks = grid.blockSize > 1 ? " in \(grid.blockSize) x \(grid.blockSize) blocks" : ""
        let mass = NumberFormat.compact(picture.totalMass)
        let candidates = [
            "\(picture.name) \(grid.width) x \(grid.height) px\(blocks), mass \(mass)",
            "\(picture.name) \(grid.width)x\(grid.height) px, mass \(mass)",
            "\(picture.name) \(grid.width)x\(grid.height) px",
        ]
        return candidates.first { $0.count <= width } ?? candidates[candidates.count - 1]
    }

    /// The picture's mass per block through the colormap, black (left blank) where there is none.
    func halfBlockImage(_ picture: Picture) -> HalfBlockImage {
        let heaviest = picture.masses.max() ?? 0
        let pixels = picture.masses.map { mass in
            mass > 0 && heaviest > 0 ? colormap.color(at: mass / heaviest) : RGB(0, 0, 0)
        }
        var image = HalfBlockImage(pixels: pixels, rows: picture.grid.rows, columns: picture.grid.columns)
        image.leavesBlackBlank = true
        return image
    }
}
