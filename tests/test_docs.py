"""The reference docs list what the code has."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from byline.config import Config

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_config_reference_lists_every_option() -> None:
    text = (DOCS / "config.md").read_text("utf-8")
    for name, field in Config.model_fields.items():
        assert f"## [{name}]" in text, f"docs/config.md lacks [{name}]"
        model = field.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            section = text.split(f"## [{name}]", 1)[1].split("\n## ", 1)[0]
            for option in model.model_fields:
                assert f"| `{option}` |" in section, f"docs/config.md lacks [{name}] {option}"
