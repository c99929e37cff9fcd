import Testing
import Terminal

@Suite struct ColormapTests {
    @Test func endpointsAreTheTableEnds() {
        #expect(Colormap.viridis.color(at: 0) == RGB(hex: 0x440154))
        #expect(Colormap.viridis.color(at: 1) == RGB(hex: 0xFDE725))
        #expect(Colormap.viridis.color(at: 0.5) == RGB(hex: 0x21918C))
        #expect(Colormap.magma.color(at: 1) == RGB(hex: 0xFCFDBF))
        #expect(Colormap.grey.color(at: 0) == RGB(0, 0, 0))
        #expect(Colormap.viridis.color(at: 7) == RGB(hex: 0xFDE725))
        #expect(Colormap.viridis.color(at: .nan) == RGB(hex: 0x440154))
    }

    @Test func lightnessRisesMonotonically() {
        for map in Colormap.all {
            var previous = -1.0
            for step in 0...100 {
                let lightness = OKLab(map.color(at: Double(step) / 100)).lightness
                #expect(lightness >= previous - 1e-3, "\(map.name) at \(step)")
                previous = lightness
            }
        }
        #expect(Colormap.named("Gray") == .grey)
        #expect(Colormap.named("jet") == nil)
    }
}
