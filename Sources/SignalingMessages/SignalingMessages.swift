// Placeholder until the signaling messages land.
