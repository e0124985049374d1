//! Request signing (filled in by the signing work).
