// Placeholder until the rooms land.
