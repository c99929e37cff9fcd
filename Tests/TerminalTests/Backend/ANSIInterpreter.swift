import Terminal

/// A tiny ANSI terminal for tests: understands exactly what `ANSIFrameEncoder` writes (cursor
/// position `ESC[r;cH`, clear `ESC[2J`, SGR with bold/dim/underline/reverse and 256/24-bit colours,
/// UTF-8 text with double-width glyphs) and keeps the screen as a `Buffer`.
struct ANSIInterpreter {
    private(set) var screen: Buffer
    private var x = 0, y = 0
    private var pen = Cell()

    init(width: Int, height: Int) { screen = Buffer(width: width, height: height) }

    mutating func resize(width: Int, height: Int) { screen = Buffer(width: width, height: height) }

    mutating func feed(_ text: String) {
        var scalars = Array(text.unicodeScalars)[...]
        var pending = ""
        func flushText() {
            for character in pending { put(character) }
            pending = ""
        }
        while let scalar = scalars.first {
            scalars = scalars.dropFirst()
            guard scalar == "\u{1B}" else { pending.unicodeScalars.append(scalar); continue }
            flushText()
            guard scalars.first == "[" else { continue }
            scalars = scalars.dropFirst()
            var parameters = ""
            while let next = scalars.first, !(("@"..."~").contains(next)) {
                parameters.unicodeScalars.append(next)
                scalars = scalars.dropFirst()
            }
            guard let command = scalars.first else { break }
            scalars = scalars.dropFirst()
            let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
            switch command {
            case "H":
                y = max(1, numbers.first ?? 1) - 1
                x = max(1, numbers.count > 1 ? numbers[1] : 1) - 1
            case "J":
                if numbers.first == 2 { screen = Buffer(width: screen.width, height: screen.height) }
            case "m": applySGR(numbers.isEmpty ? [0] : numbers)
            default: break
            }
        }
        flushText()
    }

    private mutating func put(_ character: Character) {
        var cell = pen
        cell.glyph = character
        screen[x, y] = cell
        if DisplayWidth.of(character) == 2 {
            var continuation = pen
            continuation.glyph = " "
            continuation.isContinuation = true
            screen[x + 1, y] = continuation
            x += 2
        } else {
            x += 1
        }
    }

    private mutating func applySGR(_ codes: [Int]) {
        var index = 0
        func color(_ at: inout Int) -> Color {
            if codes[at + 1] == 5 { defer { at += 2 }; return .palette(UInt8(codes[at + 2])) }
            defer { at += 4 }
            return .rgb(RGB(UInt8(codes[at + 2]), UInt8(codes[at + 3]), UInt8(codes[at + 4])))
        }
        while index < codes.count {
            switch codes[index] {
            case 0: pen = Cell()
            case 1: pen.attributes.insert(.bold)
            case 2: pen.attributes.insert(.dim)
            case 4: pen.attributes.insert(.underline)
            case 7: pen.attributes.insert(.reverse)
            case 38: pen.foreground = color(&index)
            case 48: pen.background = color(&index)
            default: break
            }
            index += 1
        }
    }
}
