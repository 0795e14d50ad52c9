// Tokens module.
