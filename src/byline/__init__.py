"""byline: from idea to a checked, tested, published and promoted technical blog post."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("byline")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
