// Placeholder; the Terminal layer lands in its own commit.
