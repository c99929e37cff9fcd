// Placeholder; the Workbench layer lands in its own commit.
