"""byline: from idea to a checked, tested, published and promoted technical blog post."""

# The single source of the version: pyproject.toml reads it (tool.setuptools.dynamic);
# importlib.metadata would cost ~35 ms at every start of the CLI.
__version__ = "0.1.0"

__all__ = ["__version__"]
