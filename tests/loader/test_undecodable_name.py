"""A catalog file whose name is not UTF-8 (Linux allows any bytes): Python keeps those
bytes as lone surrogates, which UTF-8 cannot encode. Every cached command crashed with
`UnicodeEncodeError` (the cache key), and `build`, `export` and `search` on their first
page, report or database row naming it. YML012 refuses the file; the outputs name it
with those bytes escaped (`\\udcff`; SARIF's URI keeps the real bytes)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from modelinv.cli.main import main

EXAMPLE_CATALOG = Path(__file__).resolve().parents[2] / "catalog"
ARGS = ["--today", "2026-11-26"]


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MODELINV_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, root)
    (root / "models" / os.fsdecode(b"bad\xff.yaml")).write_bytes(b"apiVersion: modelinv/v1\n")
    return root


@pytest.mark.parametrize("output", ["text", "json", "sarif", "github"])
def test_validate_names_the_file_escaped_and_refuses_it(
    catalog: Path, output: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(catalog), "--format", output, *ARGS]) == 1
    out = capsys.readouterr().out
    shown = out.replace("\\\\", "\\")  # JSON and SARIF escape the backslash
    assert "models/bad\\udcff.yaml" in shown and "YML012" in shown
    if output == "text":
        assert "holds U+DCFF" in out
    if output in ("json", "sarif"):
        json.loads(out)


@pytest.mark.parametrize(
    "command",
    [
        ["build", "{catalog}", "--out", "{tmp}/site"],
        ["report", "health", "{catalog}"],
        ["report", "index", "{catalog}"],
        ["export", "all", "--catalog", "{catalog}", "--out", "{tmp}/exports"],
        ["search", "fraud", "--catalog", "{catalog}"],
    ],
)
def test_the_other_commands_leave_it_out_and_say_so(
    catalog: Path, tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    args = [part.format(catalog=catalog, tmp=tmp_path) for part in command]
    assert main([*args, *ARGS]) in (0, 1)  # 1: an export or search that left a file out
    out, err = capsys.readouterr()
    said = (out + err).replace("\\\\", "\\")  # JSON escapes the backslash
    assert "bad\\udcff.yaml" in said or (tmp_path / "site" / "index.html").is_file()
    if command[0] == "build":
        index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
        assert "bad\\udcff.yaml" in index
