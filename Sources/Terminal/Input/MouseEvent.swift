/// A mouse event in screen cells (0-based, y downwards).
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case press
        case release
        /// Motion with a button held.
        case drag
        /// Motion without a button (only when the terminal reports it).
        case move
        case wheelUp
        case wheelDown
    }

    public enum Button: Hashable, Sendable {
        case left, middle, right, none
    }

    public var kind: Kind
    public var button: Button
    public var x: Int
    public var y: Int

    public init(kind: Kind, button: Button, x: Int, y: Int) {
        self.kind = kind
        self.button = button
        self.x = x
        self.y = y
    }
}
