// Placeholder; the OTData layer lands in its own commit.
