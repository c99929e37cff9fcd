import OTCore

/// A 1-D or 2-D NumPy array read from a `.npy` file, its elements converted to `Double`.
///
/// Values are always row-major (C order), whatever the file's order. NaN and infinity are kept as
/// read; loaders call `requireFinite(source:)` where they cannot be used.
public struct NPYArray: Sendable, Equatable {
    /// The shape: `[n]` for a vector, `[rows, columns]` for a matrix.
    public var shape: [Int]
    /// The elements in row-major order.
    public var values: [Double]

    public init(shape: [Int], values: [Double]) {
        self.shape = shape
        self.values = values
    }

    /// Number of dimensions (1 or 2).
    public var dimensionCount: Int { shape.count }

    /// The shape as NumPy prints it, e.g. `(3,)` or `(3, 2)`.
    public var shapeText: String {
        NPYHeader(descr: "", fortranOrder: false, shape: shape).shapeText
    }

    /// The elements of a 1-D array; a 2-D array is an error naming its shape.
    public func asVector(source: String) throws(InputError) -> [Double] {
        guard shape.count == 1 else {
            throw InputError(source, nil, "holds a \(shape.count)-D array of shape \(shapeText); expected a 1-D vector")
        }
        return values
    }

    /// The elements of a 2-D array as a matrix; a 1-D array is an error naming its shape.
    public func asMatrix(source: String) throws(InputError) -> DenseMatrix {
        guard shape.count == 2 else {
            throw InputError(source, nil, "holds a \(shape.count)-D array of shape \(shapeText); expected a 2-D matrix")
        }
        let (count, overflow) = shape[0].multipliedReportingOverflow(by: shape[1])
        guard shape[0] >= 0, shape[1] >= 0, !overflow, count == values.count else {
            throw InputError(source, nil, "shape \(shapeText) does not match its \(values.count) values")
        }
        return DenseMatrix(rows: shape[0], columns: shape[1], storage: values)
    }

    /// Throws for the first NaN or infinite element, naming its NumPy index (`[3]` or `[3, 5]`).
    public func requireFinite(source: String) throws(InputError) {
        guard let offset = values.firstIndex(where: { !$0.isFinite }) else { return }
        let value = values[offset]
        let index: String
        if shape.count == 2, shape[1] > 0 {
            index = "[\(offset / shape[1]), \(offset % shape[1])]"
        } else {
            index = "[\(offset)]"
        }
        let what = value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf")
        throw InputError(source, "element \(index)", "\(what); expected finite numbers only")
    }
}
