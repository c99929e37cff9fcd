#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcurses

/// The real terminal, through ncursesw.
///
/// Start-up order matters and is fixed here: signal handlers (`TerminalGuard`), `setlocale`, the
/// screen, then input modes (cbreak, noecho, keypad, nonl, 25 ms Esc delay), mouse (all buttons and
/// motion, X10 encoding as tmux's terminfo asks) and colour (`use_default_colors`, pairs handed out
/// by `alloc_pair`). Colours: exact 24-bit on direct-colour terminfo (`RGB`); otherwise the nearest of
/// the 240 fixed palette colours, or, with `redefinesPalette` on a terminal that can change colours,
/// exact colours in redefined palette slots (see `PaletteAllocator`). `flush` writes only cells that changed since the previous flush, through the
/// wide-character API. `close()` (or deinit) calls `endwin` and restores the terminal.
///
/// Every call must come from the same thread: this ncurses build is not reentrant.
public final class NcursesBackend: Backend {
    public enum StartError: Error, CustomStringConvertible {
        case notATerminal
        public var description: String {
            "cannot start the terminal interface: stdin/stdout is not a terminal or TERM is unknown"
        }
    }

    public let capabilities: Capabilities
    private let window: UnsafeMutablePointer<WINDOW>
    private let resolver: ColorResolver
    private var decoder = InputDecoder()
    private var previous: Buffer?
    private var pairs: [PairKey: Int32] = [:]
    private var closed = false
    private var paletteAllocator: PaletteAllocator?
    private let attributeBits: (bold: attr_t, dim: attr_t, reverse: attr_t, underline: attr_t)

    private struct PairKey: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// Takes over the terminal. Throws when there is no usable terminal (then nothing was changed).
    ///
    /// - Parameter redefinesPalette: on 256-colour terminals that can change their palette (and lack
    ///   direct colour), show RGB colours exactly by redefining slots 16-255 for this session
    ///   (ncurses restores the palette at `endwin`). Off by default: it changes the user's palette.
    public init(redefinesPalette: Bool = false) throws {
        TerminalGuard.install()
        setlocale(LC_ALL, "")
        let isUTF8 = otlab_codeset_is_utf8() != 0
        let noColor = Capabilities.noColorRequested(by: getenv("NO_COLOR").map { String(cString: $0) })
        guard otlab_start_screen() != nil, let screen = otlab_stdscr() else { throw StartError.notATerminal }
        TerminalGuard.setCursesActive(true)
        window = screen
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        set_escdelay(25)
        curs_set(0)
        mouseinterval(0)
        _ = mousemask(mmask_t(otlab_all_mouse_events() | otlab_report_mouse_position()), nil)

        var colorCount = 0
        var truecolor = false
        if has_colors() && !noColor {
            start_color()
            use_default_colors()
            colorCount = Int(otlab_colors())
            truecolor = otlab_has_rgb_capability() != 0 && colorCount >= 1 << 24
        }
        let redefine = redefinesPalette && colorCount >= 256 && !truecolor && can_change_color()
        capabilities = Capabilities(isUTF8: isUTF8, colorCount: colorCount, truecolor: truecolor,
                                    noColorRequested: noColor, redefinesPalette: redefine)
        paletteAllocator = redefine ? PaletteAllocator(slots: 16..<256) : nil
        resolver = ColorResolver(mode: capabilities.colorMode, colorCount: colorCount)
        attributeBits = (otlab_attr_bold(), otlab_attr_dim(), otlab_attr_reverse(), otlab_attr_underline())
    }

    deinit { close() }

    /// Leaves curses mode and restores the terminal. Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        _ = mousemask(0, nil)
        curs_set(1)
        endwin()
        TerminalGuard.setCursesActive(false)
    }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Forgets what is on screen so the next flush redraws every cell (e.g. after another program
    /// wrote to the terminal).
    public func invalidate() { previous = nil }

    public func flush(_ original: Buffer) {
        guard !closed else { return }
        // Without UTF-8 ncurses prints every non-ASCII character as `?`: fold them all here, once.
        let buffer = capabilities.isUTF8 ? original : original.foldedToASCII()
        let changes: [CellChange]
        if let previous, previous.width == buffer.width, previous.height == buffer.height {
            changes = buffer.changes(since: previous)
        } else {
            werase(window)
            changes = buffer.changes(since: Buffer(width: 0, height: 0))
        }
        for change in changes where !change.cell.isContinuation {
            write(change.cell, x: change.x, y: change.y)
        }
        wnoutrefresh(window)
        doupdate()
        previous = buffer
    }

    public func pollEvent(timeoutMilliseconds: Int) -> InputEvent? {
        if let signal = takeTerminationSignal() { return signal }
        wtimeout(window, Int32(clamping: timeoutMilliseconds))
        var character: wint_t = 0
        let result = wget_wch(window, &character)
        if result == ERR { return takeTerminationSignal() }
        if result == KEY_CODE_YES {
            let code = Int32(character)
            if code == KEY_RESIZE {
                previous = nil
                return .resize(width: size.width, height: size.height)
            }
            if code == KEY_MOUSE {
                var x: Int32 = 0, y: Int32 = 0
                var state: UInt = 0
                guard otlab_get_mouse(&x, &y, &state) == OK else { return nil }
                return decoder.decodeMouse(state: state, x: Int(x), y: Int(y)).map(InputEvent.mouse)
            }
            return decoder.decode(keyCode: code).map(InputEvent.key)
        }
        return decoder.decode(character: UInt32(character)).map(InputEvent.key)
    }

    private func takeTerminationSignal() -> InputEvent? {
        guard let signal = TerminalGuard.terminationSignal else { return nil }
        TerminalGuard.clearTerminationSignal()
        return .interrupt(signal: signal)
    }

    private func write(_ cell: Cell, x: Int, y: Int) {
        var attributes = otlab_attr_normal()
        if cell.attributes.contains(.bold) { attributes |= attributeBits.bold }
        if cell.attributes.contains(.dim) { attributes |= attributeBits.dim }
        if cell.attributes.contains(.reverse) { attributes |= attributeBits.reverse }
        if cell.attributes.contains(.underline) { attributes |= attributeBits.underline }
        let pair = pairNumber(foreground: cell.foreground, background: cell.background)
        var scalars: [wchar_t] = []
        for scalar in cell.glyph.unicodeScalars.prefix(5) {
            if !capabilities.isUTF8 && scalar.value > 0x7E {
                scalars = [wchar_t(UInt8(ascii: "?"))]
                break
            }
            scalars.append(wchar_t(bitPattern: scalar.value))
        }
        scalars.append(0)
        _ = otlab_put_cell(window, Int32(y), Int32(x), scalars, attributes, pair)
    }

    private func colorNumber(for color: Color) -> Int32 {
        guard var allocator = paletteAllocator else { return resolver.colorNumber(for: color) }
        switch color {
        case .default: return -1
        case .palette(let index) where index < 16: return Int32(index)
        case .palette, .rgb:
            guard let rgb = color.rgbValue else { return -1 }
            let (slot, isNew) = allocator.slot(for: rgb)
            paletteAllocator = allocator
            if isNew {
                func scaled(_ channel: UInt8) -> Int32 { Int32(channel) * 1000 / 255 }
                init_extended_color(slot, scaled(rgb.red), scaled(rgb.green), scaled(rgb.blue))
            }
            return slot
        }
    }

    private func pairNumber(foreground: Color, background: Color) -> Int32 {
        guard capabilities.colorEnabled else { return 0 }
        let key = PairKey(foreground: colorNumber(for: foreground), background: colorNumber(for: background))
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let cached = pairs[key] { return cached }
        if pairs.count >= Int(otlab_color_pairs()) - 2 {
            // alloc_pair would start recycling numbers that cells on screen still use: start over.
            reset_color_pairs()
            pairs.removeAll()
            previous = nil
        }
        let pair = alloc_pair(key.foreground, key.background)
        guard pair > 0 else { return 0 }
        pairs[key] = pair
        return pair
    }
}
