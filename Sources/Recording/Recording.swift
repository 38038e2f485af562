// Placeholder until the Recording module lands.
