"""Golden Markdown and JSON of every report on the example catalog with
examples/usage.csv, as of 2026-11-26, through the real CLI.

Set UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review the diff.
"""

from __future__ import annotations

import json
import os

import pytest
from reports_support import ARGS, HERE, ROOT

from modelinv.cli import main

RUNS = {
    "retirement.md": ["retirement"],
    "retirement.json": ["retirement", "--format", "json"],
    "review.md": ["review"],
    "review.json": ["review", "--format", "json"],
    "review-within-40-days.md": ["review", "--within", "40"],
    "review-within-40-days.json": ["review", "--within", "40", "--format", "json"],
    "health.md": ["health"],
    "health.json": ["health", "--format", "json"],
    "index.json": ["index"],
    "retirement-without-usage.md": ["retirement", "--no-usage"],
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_golden(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    args = [a for a in RUNS[name] if a != "--no-usage"]
    usage = [] if "--no-usage" in RUNS[name] else ["--usage", "examples/usage.csv"]
    assert main(["report", args[0], "catalog", *usage, *ARGS, *args[1:]]) == 0
    output = capsys.readouterr().out
    golden = HERE / "golden" / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")
    if name.endswith(".json"):
        data = json.loads(output)
        assert data["version"] == 1
        assert data["report"] == args[0]
