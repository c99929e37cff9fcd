/// Anything that draws itself into a rectangle of a buffer.
///
/// Rendering is a pure function of the widget's value, the area and the look (glyphs and theme), so
/// a test can render any widget into a `Buffer` and read the cells back. Widgets never draw outside
/// `area`.
public protocol Widget {
    func render(in area: Rect, buffer: inout Buffer, glyphs: GlyphSet, theme: Theme)
}

extension LineChart: Widget {}
extension Heatmap: Widget {}
extension BarHistogram: Widget {}
extension Scatter: Widget {}
extension Legend: Widget {}
extension Block: Widget {}
extension KeyValueTable: Widget {}
extension StatusBar: Widget {}
extension HelpOverlay: Widget {}
extension Dialog: Widget {}
extension ListPicker: Widget {}
extension Form: Widget {}
