"""docs/editing.md shows real output and documents every edit command."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from modelinv.cli import main
from modelinv.cli.main import command

DOC = (Path(__file__).resolve().parents[2] / "docs" / "editing.md").read_text(encoding="utf-8")


ROOT = Path(__file__).resolve().parents[2]
# Every `$ modelinv ...` text block: the command as written, and the output shown below it
# (a last line `...` stands for more lines).
OUTPUTS = re.findall(r"```text\n\$ (modelinv [^\n]+)\n(.*?)```", DOC, re.S)


def test_there_are_output_examples() -> None:
    assert len(OUTPUTS) >= 3
    assert {c.split()[1] for c, _ in OUTPUTS} >= {"promote", "retire-check", "archive"}


@pytest.mark.parametrize(("command", "shown"), OUTPUTS, ids=[c for c, _ in OUTPUTS])
def test_output_example_is_real(
    command: str,
    shown: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Run as written on a copy of the example catalog, it prints what the page shows."""
    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    monkeypatch.chdir(tmp_path)
    main(shlex.split(command)[1:])
    out, err = capsys.readouterr()
    printed = (out + err).splitlines()
    expected = shown.splitlines()
    if expected[-1] == "...":
        expected = expected[:-1]
        printed = printed[: len(expected)]
    assert printed == expected


@pytest.mark.parametrize(
    "name", ["new", "promote", "deprecate", "retire-check", "archive", "review"]
)
def test_every_command_is_documented(name: str) -> None:
    assert command(name) is not None
    heading = "## `modelinv new model NAME`" if name == "new" else f"## `modelinv {name} MODEL"
    assert heading in DOC
