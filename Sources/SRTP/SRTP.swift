// Placeholder until the SRTP module lands.
