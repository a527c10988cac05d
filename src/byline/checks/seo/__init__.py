"""SEO rules: title, slug, description, keywords, links, length, freshness."""

from byline.checks.seo import keywords, links, meta

__all__ = ["keywords", "links", "meta"]
