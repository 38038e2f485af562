// Placeholder until the RTP module lands.
