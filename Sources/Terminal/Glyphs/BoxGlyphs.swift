/// Line-drawing characters for frames and axes.
public struct BoxGlyphs: Hashable, Sendable {
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character
    /// Axis tick on a vertical axis (`┤`) and on a horizontal axis (`┴`).
    public var verticalTick: Character
    public var horizontalTick: Character

    public init(horizontal: Character, vertical: Character, topLeft: Character, topRight: Character,
                bottomLeft: Character, bottomRight: Character, verticalTick: Character, horizontalTick: Character) {
        self.horizontal = horizontal
        self.vertical = vertical
        self.topLeft = topLeft
        self.topRight = topRight
        self.bottomLeft = bottomLeft
        self.bottomRight = bottomRight
        self.verticalTick = verticalTick
        self.horizontalTick = horizontalTick
    }

    public static let unicode = BoxGlyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐",
                                          bottomLeft: "└", bottomRight: "┘", verticalTick: "┤", horizontalTick: "┴")
    /// Heavier frame for the focused panel.
    public static let unicodeHeavy = BoxGlyphs(horizontal: "━", vertical: "┃", topLeft: "┏", topRight: "┓",
                                               bottomLeft: "┗", bottomRight: "┛", verticalTick: "┫", horizontalTick: "┻")
    public static let ascii = BoxGlyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
                                        bottomLeft: "+", bottomRight: "+", verticalTick: "+", horizontalTick: "+")
}
