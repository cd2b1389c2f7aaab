"""The build reports its progress to whoever asks (the CLI asks only on a terminal)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner
from site_support import build

from modelinv.api import check
from modelinv.checks.engine import Options, load_inventory
from modelinv.cli import cli
from modelinv.site import build_site

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
    assert "exports" not in {step for step, _, _ in steps}  # none were asked for


def test_progress_names_the_exports_while_they_are_made(tmp_path: Path) -> None:
    steps: list[str] = []
    made: list[str] = []

    def exports() -> Iterator[tuple[str, str, bytes]]:
        for name in ("one.csv", "two.json"):
            made.append(f"{name} after {steps[-1]}")
            yield name, "an export", b"data"

    options = Options(today=dt.date(2026, 11, 26))
    catalog = load_inventory(ROOT / "catalog", options)
    build_site(
        catalog,
        check(catalog, options),
        tmp_path / "site",
        history=False,
        progress=lambda step, done, total: steps.append(step),
        exports=exports(),
    )
    assert made == ["one.csv after reports", "two.json after exports"]
    assert (tmp_path / "site" / "exports" / "two.json").read_bytes() == b"data"
    assert 'href="exports/one.csv"' in (tmp_path / "site" / "index.html").read_text()


def test_no_progress_noise_outside_a_terminal(tmp_path: Path) -> None:
    out = CliRunner().invoke(
        cli, ["build", str(ROOT / "catalog"), "--out", str(tmp_path / "s"), "--today", "2026-11-26"]
    )
    assert out.exit_code == 0
    assert out.output.count("\n") == 1
    assert "\r" not in out.output
