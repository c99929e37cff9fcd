import OTCore

/// A picture read as a 2-D density (DESIGN.md "Inputs").
///
/// Each pixel (col, row) is a point at its centre, `(col + 0.5, row + 0.5)` in pixel units (x to the
/// right, y downward), with mass proportional to its brightness (`1 - brightness` with `invert`, for
/// dark-on-light pictures). Pixels of zero mass are left out; the rest are normalized to total mass 1.
/// With `downsample F`, each `F x F` block (smaller at the right and bottom edges) becomes one point at
/// the block's centre carrying the block's summed mass, so the distribution of mass is preserved.
public enum ImageDensity {
    /// The density of the PNG, JPEG, PGM or PPM picture at `path` (for `--invert` and `--downsample F`).
    public static func load(path: String, invert: Bool = false, downsample: Int = 1) throws(InputError) -> Measure {
        try measure(from: ImageReader.readGrey(at: path), invert: invert, downsample: downsample, source: path)
    }

    /// The most points a `width x height` picture can give with `downsample F`: one per block
    /// (pixels of zero mass are left out, so there may be fewer). Read from the header, it bounds the
    /// problem before the picture is decoded.
    public static func pointBound(width: Int, height: Int, downsample: Int) -> Int {
        let factor = max(downsample, 1)
        return blocks(width, factor) * blocks(height, factor)
    }

    /// ceil(extent / factor) without overflow.
    static func blocks(_ extent: Int, _ factor: Int) -> Int {
        extent / factor + (extent % factor == 0 ? 0 : 1)
    }

    /// The density of `image`; `source` names the picture in errors.
    public static func measure(from image: GreyImage, invert: Bool = false, downsample: Int = 1,
                               source: String = "image") throws(InputError) -> Measure {
        guard downsample >= 1 else {
            throw InputError(source, nil, "downsample factor \(downsample); expected an integer of at least 1")
        }
        // Written so that no sum overflows: the factor is the user's number, up to Int.max.
        let blockColumns = blocks(image.width, downsample)
        let blockRows = blocks(image.height, downsample)
        var mass = [Double](repeating: 0, count: blockColumns * blockRows)
        for row in 0..<image.height {
            for col in 0..<image.width {
                let value = image[col, row]
                let weight = invert ? 1 - value : value
                if weight > 0 { mass[(row / downsample) * blockColumns + col / downsample] += weight }
            }
        }
        let total = mass.reduce(0, +)
        guard total > 0 else {
            let hint = invert ? "every pixel is white, and --invert gives white no mass" : "every pixel is black; use --invert for dark-on-light pictures"
            throw InputError(source, nil, "the picture has no mass (\(hint))")
        }
        var weights: [Double] = [], coordinates: [Double] = []
        for blockRow in 0..<blockRows {
            for blockColumn in 0..<blockColumns where mass[blockRow * blockColumns + blockColumn] > 0 {
                let left = blockColumn * downsample, right = left + min(downsample, image.width - left)
                let top = blockRow * downsample, bottom = top + min(downsample, image.height - top)
                weights.append(mass[blockRow * blockColumns + blockColumn] / total)
                coordinates.append(Double(left + right) / 2)
                coordinates.append(Double(top + bottom) / 2)
            }
        }
        return Measure(weights: weights, points: DenseMatrix(rows: weights.count, columns: 2, storage: coordinates))
    }
}
