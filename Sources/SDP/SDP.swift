// Placeholder until the SDP module lands.
