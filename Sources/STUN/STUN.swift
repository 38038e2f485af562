// Placeholder until the STUN module lands.
