// Placeholder until the RTPStreams module lands.
