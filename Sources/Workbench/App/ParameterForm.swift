import Foundation
import OTCore

/// The parameter editor (`e`): one text field per descriptor, validated by the descriptor itself.
public struct ParameterForm: Equatable {
    public struct Field: Equatable {
        public var descriptor: ParameterDescriptor
        public var text: String
        public var error: String?
    }

    public var fields: [Field]
    public var selection = 0

    public init(parameters: ParameterValues) {
        fields = parameters.orderedPairs.map { pair in
            Field(descriptor: parameters.descriptor(named: pair.name)!, text: pair.value.description, error: nil)
        }
    }

    public mutating func moveSelection(by delta: Int) {
        guard !fields.isEmpty else { return }
        selection = (selection + delta + fields.count) % fields.count
    }

    public mutating func type(_ character: Character) {
        guard fields.indices.contains(selection) else { return }
        fields[selection].text.append(character)
        fields[selection].error = nil
    }

    public mutating func backspace() {
        guard fields.indices.contains(selection), !fields[selection].text.isEmpty else { return }
        fields[selection].text.removeLast()
        fields[selection].error = nil
    }

    /// Validates every field; returns the new values, or nil with the errors set on the fields.
    public mutating func validated(against base: ParameterValues) -> ParameterValues? {
        var values = base
        var ok = true
        for index in fields.indices {
            do {
                try values.set(fields[index].descriptor.name, text: fields[index].text, source: fields[index].descriptor.label)
                fields[index].error = nil
            } catch {
                // The whole description, "regularization: ... expected a number in [...]", so the
                // message names its field even when read on its own.
                fields[index].error = MessageText.bounded(error.description)
                ok = false
            }
        }
        return ok ? values : nil
    }
}

/// The open-files dialog (`o`): source and target paths.
public struct FileForm: Equatable {
    public var source = ""
    public var target = ""
    /// 0 = source field, 1 = target field.
    public var selection = 0
    public var error: String?

    public init() {}

    public mutating func type(_ character: Character) {
        if selection == 0 { source.append(character) } else { target.append(character) }
        error = nil
    }

    public mutating func backspace() {
        if selection == 0 { if !source.isEmpty { source.removeLast() } } else { if !target.isEmpty { target.removeLast() } }
        error = nil
    }

    /// The source path as typed, with a leading `~` expanded to the home directory.
    public var sourcePath: String { Self.expandingHome(source) }
    /// The target path as typed, with a leading `~` expanded to the home directory.
    public var targetPath: String { Self.expandingHome(target) }

    /// `~` and `~/...` relative to `home` (the shell's meaning; no shell reads this path), `~name/...`
    /// relative to that user's home directory; any other path as it is.
    public static func expandingHome(_ path: String, home: String = FileManager.default.homeDirectoryForCurrentUser.path) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return (home.hasSuffix("/") ? String(home.dropLast()) : home) + path.dropFirst() }
        if path.hasPrefix("~") { return (path as NSString).expandingTildeInPath }
        return path
    }
}
