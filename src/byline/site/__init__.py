"""The owned site: ``byline build`` turns the blog folder into a static site."""

from byline.site.builder import BuildOptions, BuildReport, SiteBuilder, build_site

__all__ = ["BuildOptions", "BuildReport", "SiteBuilder", "build_site"]
