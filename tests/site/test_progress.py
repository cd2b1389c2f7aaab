"""The build reports its progress to whoever asks (the CLI asks only on a terminal)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from site_support import build

from modelinv.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def test_progress_steps_reach_every_model_page(tmp_path: Path) -> None:
    steps: list[tuple[str, int, int]] = []
    result = build(
        ROOT / "catalog",
        tmp_path / "site",
        dt.date(2026, 11, 26),
        history=False,
        progress=lambda step, done, total: steps.append((step, done, total)),
    )
    assert steps[0] == ("reports", 0, 0)
    model_steps = [s for s in steps if s[0] == "model pages"]
    assert model_steps[-1] == ("model pages", result.models, result.models)


def test_no_progress_noise_outside_a_terminal(tmp_path: Path) -> None:
    out = CliRunner().invoke(
        cli, ["build", str(ROOT / "catalog"), "--out", str(tmp_path / "s"), "--today", "2026-11-26"]
    )
    assert out.exit_code == 0
    assert out.output.count("\n") == 1
    assert "\r" not in out.output
