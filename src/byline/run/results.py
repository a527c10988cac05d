"""What running a session produced, per block: the values the cache stores and reports read."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = ["BlockResult", "Mismatch", "Status", "UnitResult", "seconds"]

Status = Literal["passed", "failed", "timeout", "aborted"]


def seconds(value: float) -> str:
    """``1 second``, ``0.3 seconds``, ``60 seconds``: a time limit in a message."""
    return f"{value:g} second" if value == 1 else f"{value:g} seconds"


@dataclass(slots=True)
class Mismatch:
    """An expectation inside a block (a ``console`` command, a ``>>>`` example) not met."""

    offset: int
    """0-based line inside the block's code."""
    expected: str
    actual: str


@dataclass(slots=True)
class BlockResult:
    """One block's run."""

    status: Status
    output: str = ""
    """Everything it printed (stdout and stderr in order), normalised."""
    error: str = ""
    """One line: the exception or exit status, when it failed or raised as expected."""
    traceback: str = ""
    """The traceback with post paths and post lines."""
    error_line: int | None = None
    """Post line where the error was raised inside this block, when known."""
    mismatches: list[Mismatch] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    """SVG text of each matplotlib figure the block left open."""
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BlockResult:
        values = dict(data)
        values["mismatches"] = [Mismatch(**m) for m in values.get("mismatches", [])]
        return cls(**values)


@dataclass(slots=True)
class UnitResult:
    """One session's run (or the cached record of it)."""

    key: str
    session: str
    blocks: list[BlockResult]
    seconds: float = 0.0
    when: str = ""
    """ISO time the session ran."""
    host: str = ""
    python: str = ""
    source: Literal["ran", "cache", "frozen"] = "ran"
    """Where this result came from in this run (not stored)."""

    @property
    def passed(self) -> bool:
        """Every block ran as intended (output comparison is separate)."""
        return all(b.status == "passed" for b in self.blocks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "session": self.session,
            "seconds": self.seconds,
            "when": self.when,
            "host": self.host,
            "python": self.python,
            "blocks": [b.to_dict() for b in self.blocks],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: Literal["cache", "frozen"]) -> UnitResult:
        return cls(
            key=str(data["key"]),
            session=str(data["session"]),
            blocks=[BlockResult.from_dict(b) for b in data["blocks"]],
            seconds=float(data.get("seconds", 0.0)),
            when=str(data.get("when", "")),
            host=str(data.get("host", "")),
            python=str(data.get("python", "")),
            source=source,
        )
