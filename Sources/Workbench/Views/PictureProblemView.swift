import OTCore
import OTData
import Terminal

/// The problem pane when both measures are pictures: source and target side by side as half-block
/// images of their mass per pixel (black where a pixel has none, brighter with more), each under a
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
        let gap = 2, half = (area.width - gap) / 2
        let panels = [Rect(x: area.x, y: area.y, width: half, height: area.height),
                      Rect(x: area.x + half + gap, y: area.y, width: area.width - half - gap, height: area.height)]
        for (picture, panel) in zip([source, target], panels) {
            _ = buffer.setString(caption(picture), x: panel.x, y: panel.y, style: theme.dimText, clip: panel)
            let body = Rect(x: panel.x, y: panel.y + 1, width: panel.width, height: panel.height - 1)
            let image = halfBlockImage(picture)
            image.render(in: image.fitted(in: body), buffer: &buffer, glyphs: glyphs, theme: theme)
        }
    }

    /// "source 32 x 32 px, mass 1" (with the block size when the picture was downsampled).
    func caption(_ picture: Picture) -> String {
        let grid = picture.grid
        let blocks = grid.blockSize > 1 ? " in \(grid.blockSize) x \(grid.blockSize) blocks" : ""
        return "\(picture.name) \(grid.width) x \(grid.height) px\(blocks), mass \(NumberFormat.compact(picture.totalMass))"
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
