"""format rules."""
