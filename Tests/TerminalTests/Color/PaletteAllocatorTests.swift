import Testing
import Terminal

@Suite struct PaletteAllocatorTests {
    @Test func givesEachColourOneSlotThenReusesTheNearest() {
        var allocator = PaletteAllocator(slots: 16..<18)
        #expect(allocator.slot(for: RGB(10, 20, 30)) == (16, true))
        #expect(allocator.slot(for: RGB(250, 250, 250)) == (17, true))
        #expect(allocator.slot(for: RGB(10, 20, 30)) == (16, false))
        // Out of slots: nearest defined colour, nothing new to define.
        #expect(allocator.slot(for: RGB(240, 240, 240)) == (17, false))
        #expect(allocator.slot(for: RGB(0, 0, 0)) == (16, false))
        #expect(allocator.definedCount == 2)
    }
}
