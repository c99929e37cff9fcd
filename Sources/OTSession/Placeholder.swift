// Placeholder; the OTSession layer lands in its own commit.
