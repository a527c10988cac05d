"""The ``byline`` console script: Ctrl-C while the command line itself loads."""

from __future__ import annotations

import importlib.abc
import sys

import pytest

from byline.entry import run


class _CtrlCOnImport(importlib.abc.MetaPathFinder):
    """Ctrl-C pressed while ``name`` is being imported (typer, the CLI's modules)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def find_spec(self, fullname: str, path: object, target: object = None) -> None:
        if fullname == self.name:
            raise KeyboardInterrupt


def test_ctrl_c_while_typer_loads_is_exit_130_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Importing typer and the CLI takes 40-100 ms before any command runs; a Ctrl-C
    then printed a KeyboardInterrupt traceback from deep inside typer's imports."""
    monkeypatch.delitem(sys.modules, "byline.cli.app")
    monkeypatch.setattr(sys, "meta_path", [_CtrlCOnImport("byline.cli.app"), *sys.meta_path])
    with pytest.raises(SystemExit) as info:
        run()
    assert info.value.code == 130
    assert capsys.readouterr() == ("", "")
