import Testing

@Test func terminalTestsPending() {}
