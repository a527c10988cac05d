"""The reference docs list what the code has."""

from __future__ import annotations

from dataclasses import is_dataclass
from pathlib import Path

from byline.config import Config
from byline.schema import field_names

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_config_reference_lists_every_option() -> None:
    text = (DOCS / "config.md").read_text("utf-8")
    defaults = Config()
    for name in field_names(Config):
        assert f"## [{name}]" in text, f"docs/config.md lacks [{name}]"
        model = type(getattr(defaults, name))
        if is_dataclass(model):
            section = text.split(f"## [{name}]", 1)[1].split("\n## ", 1)[0]
            for option in field_names(model):
                assert f"| `{option}` |" in section, f"docs/config.md lacks [{name}] {option}"
