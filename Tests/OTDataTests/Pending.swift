import Testing

@Test func dataTestsPending() {}
