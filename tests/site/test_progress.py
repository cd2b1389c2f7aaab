"""The build reports its progress to whoever asks (the CLI asks only on a terminal)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner
from site_support import build

from modelinv.api import check
from modelinv.checks.engine import Options, load_inventory
from modelinv.cli import cli
from modelinv.site import build_site
from modelinv.site.builder import SiteExport

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


def test_each_export_is_made_once_written_and_linked(tmp_path: Path) -> None:
    made: list[str] = []

    def export(name: str) -> SiteExport:
        def make() -> dict[str, Iterable[bytes]]:
            made.append(name)
            return {name: [b"data of ", name.encode()]}

        return SiteExport((name,), "an export", make)

    options = Options(today=dt.date(2026, 11, 26))
    catalog = load_inventory(ROOT / "catalog", options)
    site = tmp_path / "site"
    built = build_site(
        catalog,
        check(catalog, options),
        site,
        history=False,
        exports=[export("one.csv"), export("two.json")],
    )
    assert made == ["one.csv", "two.json"]
    index = (site / "index.html").read_text()
    for name in made:
        assert (site / "exports" / name).read_bytes() == f"data of {name}".encode()
        assert f'href="exports/{name}"' in index
        assert f"exports/{name}" in built.files
    # An export that makes other files than it lists is an error, not a broken link.
    wrong = SiteExport(("listed.csv",), "an export", lambda: {"other.csv": [b""]})
    with pytest.raises(ValueError, match=r"other\.csv"):
        build_site(catalog, check(catalog, options), tmp_path / "no", exports=[wrong])


def test_no_progress_noise_outside_a_terminal(tmp_path: Path) -> None:
    out = CliRunner().invoke(
        cli, ["build", str(ROOT / "catalog"), "--out", str(tmp_path / "s"), "--today", "2026-11-26"]
    )
    assert out.exit_code == 0
    assert out.output.count("\n") == 1
    assert "\r" not in out.output
