"""docs/editing.md shows real output and documents every edit command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from edit_support import fresh_catalog, run

from modelinv.cli import main
from modelinv.cli.main import command

DOC = (Path(__file__).resolve().parents[2] / "docs" / "editing.md").read_text(encoding="utf-8")


def example(command: str) -> list[str]:
    """The lines of the text block that starts with `$ command`."""
    match = re.search(rf"```text\n\$ {re.escape(command)}\n(.*?)```", DOC, re.S)
    assert match, command
    return match.group(1).splitlines()


def test_retire_check_example_is_real(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(fresh_catalog(tmp_path), capsys, "retire-check", "legacy-ranker")
    assert code == 1
    assert out.splitlines() == example("modelinv retire-check legacy-ranker")


def test_promote_example_is_real(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = fresh_catalog(tmp_path)
    args = ["promote", "churn-scorer", "--to", "production", "--catalog", str(catalog)]
    assert main([*args, "--today", "2027-06-01"]) == 1
    err = capsys.readouterr().err.replace(str(catalog), "catalog")
    assert err.splitlines() == example(
        "modelinv promote churn-scorer --to production --today 2027-06-01"
    )


@pytest.mark.parametrize(
    "name", ["new", "promote", "deprecate", "retire-check", "archive", "review"]
)
def test_every_command_is_documented(name: str) -> None:
    assert command(name) is not None
    heading = "## `modelinv new model NAME`" if name == "new" else f"## `modelinv {name} MODEL"
    assert heading in DOC
