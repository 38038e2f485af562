// Placeholder until the ICELite module lands.
