/// The key map, defined once: the dispatcher, the help overlay, the status-bar hints and the
/// README all read this table.
public struct KeyBinding: Sendable {
    /// The keys as shown to people, e.g. "space", "+ / -".
    public var keys: String
    /// What the key does, in a few words.
    public var label: String
    /// Whether the key is one of the essentials a newcomer needs first. (What the status line shows
    /// depends on the mode and the width: `HintBar` picks it.)
    public var hint: Bool

    public init(_ keys: String, _ label: String, hint: Bool = false) {
        self.keys = keys
        self.label = label
        self.hint = hint
    }
}

public enum KeyBindings {
    public static let all: [KeyBinding] = [
        KeyBinding("space", "pause / resume", hint: true),
        KeyBinding("n", "single step (pauses)", hint: true),
        KeyBinding("r", "restart", hint: true),
        KeyBinding("s", "pick solver", hint: true),
        KeyBinding("e", "edit parameters", hint: true),
        KeyBinding("+ / -", "regularization x2 / ÷2 (restarts)", hint: true),
        KeyBinding("< / >", "slower / faster (1 it/s … unthrottled)", hint: true),
        KeyBinding("p", "open a preset", hint: true),
        KeyBinding("o", "open source/target files"),
        KeyBinding("l", "log / linear colour scale"),
        KeyBinding("O", "plan rows and columns: input order / sorted along the principal axis"),
        KeyBinding("E", "explanation: what to watch for", hint: true),
        KeyBinding("t", "convergence x axis: iterations / seconds"),
        KeyBinding("c", "keep this run for comparison"),
        KeyBinding("C", "clear kept runs"),
        KeyBinding("x", "export plan (.npy), log (.csv) and heatmap (.png)"),
        KeyBinding("Tab / Shift-Tab", "focus next / previous pane"),
        KeyBinding("z", "zoom the focused pane / back (also Esc)", hint: true),
        KeyBinding("PgUp / PgDn", "scroll explanation, statistics, help (Home/End, wheel; ↑↓ j k in statistics)"),
        KeyBinding("1..5", "focus a pane"),
        KeyBinding("←↑↓→", "inspect the focused plan (block value, rows, columns) or chart (nearest record); click too, or hover over the plan; Esc hides"),
        KeyBinding("?", "this help", hint: true),
        KeyBinding("Esc", "close a dialog; else back to the plain problem view"),
        KeyBinding("q / Ctrl-C", "quit", hint: true),
        KeyBinding("[ / ]", "interpolation t −0.1 / +0.1 (problem pane shows μ_t)"),
        KeyBinding("a", "play / pause the interpolation (t sweeps 0→1→0); on a barycenter, sweep λ around the inputs"),
        KeyBinding("f", "dual potentials f, g in the problem pane"),
        KeyBinding("K", "on a barycenter: the plan pane shows the barycenter, then the plan of each input to it in turn"),
        KeyBinding("b", "paint mode on / off (edit source and target)"),
        KeyBinding("paint ←↑↓→", "move the paint cursor"),
        KeyBinding("paint space/+/x", "add / remove mass (mouse: left / right button)"),
        KeyBinding("paint Tab", "paint the source / the target"),
        KeyBinding("m", "compare solvers on this problem (m / Esc closes)"),
        KeyBinding("w", "regularization sweep: plans and cost vs reg (w / Esc closes)"),
    ]

    /// The action for a typed character, when it has one.
    public static func action(for character: Character) -> WorkbenchAction? {
        switch character {
        case " ": .togglePause
        case "n": .singleStep
        case "r": .restart
        case "s": .pickSolver
        case "e": .editParameters
        case "+", "=": .increaseRegularization
        case "-", "_": .decreaseRegularization
        case "p": .openPreset
        case "o": .openFiles
        case "l": .toggleLogColorScale
        case "O": .togglePlanOrder
        case "t": .toggleTimeAxis
        case "c": .keepRunForComparison
        case "C": .clearComparison
        case "E": .toggleExplanation
        case "x": .export
        case "<", ",": .slower
        case ">", ".": .faster
        case "?", "h": .showHelp
        case "q": .quit
        case "[": .interpolationBackward
        case "]": .interpolationForward
        case "a": .toggleInterpolationPlayback
        case "f": .togglePotentials
        case "K": .cycleBarycenterPlan
        case "b": .togglePaint
        case "1", "2", "3", "4", "5": .focus(Pane(rawValue: Int(String(character))! - 1)!)
        case "m": .toggleCompare
        case "w": .toggleSweep
        case "z": .toggleZoom
        default: nil
        }
    }
}
