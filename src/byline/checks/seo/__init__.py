"""seo rules."""
