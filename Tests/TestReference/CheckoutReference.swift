/// A reference file read in place from the checkout (`Tests/Reference/...`): the conforming type
/// names its file and gets `load()`, so each reference type states only its fields and its path.
public protocol CheckoutReference: Decodable {
    /// The JSON file's path relative to the checkout's root.
    static var checkoutPath: String { get }
}

extension CheckoutReference {
    /// The file at `checkoutPath`, decoded.
    public static func load() throws -> Self {
        try ReferenceFiles.decode(Self.self, checkoutPath: checkoutPath)
    }
}
