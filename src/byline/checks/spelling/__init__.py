"""spelling rules."""
