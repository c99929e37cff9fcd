import CNcurses

/// The ncurses `mmask_t` bits that matter for decoding, read through the C shim because their
/// values depend on the ncurses mouse ABI version.
public struct MouseMasks: Hashable, Sendable {
    public var button1Pressed: UInt, button1Released: UInt, button1Clicked: UInt
    public var button2Pressed: UInt, button2Released: UInt, button2Clicked: UInt
    public var button3Pressed: UInt, button3Released: UInt, button3Clicked: UInt
    /// Wheel up and wheel down.
    public var button4Pressed: UInt, button5Pressed: UInt
    public var reportPosition: UInt
    public var allEvents: UInt

    /// The masks of the linked ncurses library.
    public static let current = MouseMasks(
        button1Pressed: UInt(otlab_button1_pressed()), button1Released: UInt(otlab_button1_released()),
        button1Clicked: UInt(otlab_button1_clicked()),
        button2Pressed: UInt(otlab_button2_pressed()), button2Released: UInt(otlab_button2_released()),
        button2Clicked: UInt(otlab_button2_clicked()),
        button3Pressed: UInt(otlab_button3_pressed()), button3Released: UInt(otlab_button3_released()),
        button3Clicked: UInt(otlab_button3_clicked()),
        button4Pressed: UInt(otlab_button4_pressed()), button5Pressed: UInt(otlab_button5_pressed()),
        reportPosition: UInt(otlab_report_mouse_position()), allEvents: UInt(otlab_all_mouse_events()))
}
