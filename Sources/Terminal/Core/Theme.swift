/// The styles widgets draw with, so an application restyles everything in one place.
///
/// `colorEnabled` is false when the terminal has no colour or `NO_COLOR` is set; widgets then rely on
/// attributes (bold, reverse, dim) and shade glyphs instead of colour.
public struct Theme: Hashable, Sendable {
    public var colorEnabled: Bool
    public var text: Style
    public var dimText: Style
    public var title: Style
    public var border: Style
    public var focusedBorder: Style
    public var selection: Style
    public var error: Style
    public var axis: Style
    public var axisLabel: Style
    public var statusBar: Style
    public var keyHint: Style
    public var button: Style
    public var focusedButton: Style
    public var input: Style
    /// Default colours for chart series, in order.
    public var seriesColors: [Color]

    public init(colorEnabled: Bool, text: Style, dimText: Style, title: Style, border: Style,
                focusedBorder: Style, selection: Style, error: Style, axis: Style, axisLabel: Style,
                statusBar: Style, keyHint: Style, button: Style, focusedButton: Style, input: Style,
                seriesColors: [Color]) {
        self.colorEnabled = colorEnabled
        self.text = text
        self.dimText = dimText
        self.title = title
        self.border = border
        self.focusedBorder = focusedBorder
        self.selection = selection
        self.error = error
        self.axis = axis
        self.axisLabel = axisLabel
        self.statusBar = statusBar
        self.keyHint = keyHint
        self.button = button
        self.focusedButton = focusedButton
        self.input = input
        self.seriesColors = seriesColors
    }

    /// Colours on the terminal's default background.
    public static let standard = Theme(
        colorEnabled: true,
        text: .plain,
        dimText: Style(adding: .dim),
        title: Style(foreground: .brightWhite, adding: .bold),
        border: Style(foreground: .brightBlack),
        focusedBorder: Style(foreground: .cyan, adding: .bold),
        selection: Style(adding: .reverse),
        error: Style(foreground: .brightRed, adding: .bold),
        axis: Style(foreground: .brightBlack),
        axisLabel: Style(foreground: .white),
        statusBar: Style(foreground: .black, background: .white),
        keyHint: Style(foreground: .brightWhite, background: .blue, adding: .bold),
        button: .plain,
        focusedButton: Style(adding: [.reverse, .bold]),
        input: Style(adding: .underline),
        seriesColors: [.palette(39), .palette(208), .palette(76), .palette(170), .palette(220), .palette(196)])

    /// No colour at all: attributes only (for `NO_COLOR` and monochrome terminals).
    public static let monochrome = Theme(
        colorEnabled: false,
        text: .plain,
        dimText: Style(adding: .dim),
        title: Style(adding: .bold),
        border: .plain,
        focusedBorder: Style(adding: .bold),
        selection: Style(adding: .reverse),
        error: Style(adding: [.bold, .underline]),
        axis: .plain,
        axisLabel: .plain,
        statusBar: Style(adding: .reverse),
        keyHint: Style(adding: .bold),
        button: .plain,
        focusedButton: Style(adding: [.reverse, .bold]),
        input: Style(adding: .underline),
        seriesColors: [.default])

    /// The colour for series number `index`, cycling through `seriesColors`.
    public func seriesColor(_ index: Int) -> Color {
        seriesColors.isEmpty ? .default : seriesColors[index % seriesColors.count]
    }
}
