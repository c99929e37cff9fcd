/// One named set of points of a chart and its colour: a line of `LineChart`, a cloud of `Scatter`
/// (each names it `Series`). One type, so both charts take their series the same way.
public struct PlotSeries: Hashable, Sendable {
    public var name: String
    public var points: [PlotPoint]
    /// Nil picks the theme's series colour for this position.
    public var color: Color?

    public init(name: String, points: [PlotPoint], color: Color? = nil) {
        self.name = name
        self.points = points
        self.color = color
    }

    /// A series whose x values are the indices 0, 1, 2, ... of `values`.
    public init(name: String, values: [Double], color: Color? = nil) {
        self.init(name: name, points: values.enumerated().map { PlotPoint(x: Double($0.offset), y: $0.element) },
                  color: color)
    }
}
