// Placeholder until the RTCP module lands.
