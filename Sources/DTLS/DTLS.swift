// Placeholder until the DTLS module lands.
