"""``python -m byline``: the same as the ``byline`` command."""

import sys

from byline.cli.app import main

__all__: list[str] = []

if __name__ == "__main__":
    sys.exit(main())
