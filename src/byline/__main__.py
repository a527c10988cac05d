"""``python -m byline``: the same as the ``byline`` command."""

from byline.entry import run

__all__: list[str] = []

if __name__ == "__main__":
    run()
