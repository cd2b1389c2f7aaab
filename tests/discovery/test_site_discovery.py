"""`modelinv build --discovery FILE.json`: the Shadow models page and the health counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelinv.cli import main

ROOT = Path(__file__).resolve().parent.parent.parent
MANIFESTS = ROOT / "tests" / "deploy" / "gate" / "manifests"
TODAY = "2026-11-26"


def _discovery(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    args = ["discover", "--catalog", str(ROOT / "catalog"), "--today", TODAY, "-e", "production"]
    args += ["--k8s", str(MANIFESTS / "multi.yaml"), "--k8s", str(MANIFESTS / "shadow.yaml")]
    assert main([*args, "--format", "json"]) == 0
    saved = tmp_path / "discovery.json"
    saved.write_text(capsys.readouterr().out)
    return saved


def test_shadow_page_and_health_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = _discovery(tmp_path, capsys)
    data = json.loads(saved.read_text())
    data["items"][0]["message"] = "<script>alert(1)</script> is not in the catalog"
    saved.write_text(json.dumps(data))
    site = tmp_path / "site"
    args = ["build", str(ROOT / "catalog"), "--out", str(site), "--today", TODAY]
    assert main([*args, "--discovery", str(saved)]) == 0
    page = (site / "shadow.html").read_text()
    assert '<h2 id="shadow">Running or registered, not in the catalog (2)</h2>' in page
    assert '<h2 id="orphan">In the catalog, not where it says (1)</h2>' in page
    assert '<a href="models/fraud-detector.html">fraud-detector</a>' in page  # drift, linked
    assert f"<code>{MANIFESTS / 'shadow.yaml'}:1</code>" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    health = (site / "health.html").read_text()
    assert '<a href="shadow.html#shadow">2</a>' in health
    assert '<a href="shadow.html#orphan">1</a>' in health


def test_without_discovery_there_is_no_shadow_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert main(["build", str(ROOT / "catalog"), "--out", str(site), "--today", TODAY]) == 0
    assert not (site / "shadow.html").exists()
    assert "shadow.html" not in (site / "index.html").read_text()
    assert "shadow models" not in (site / "health.html").read_text()


def test_a_file_that_is_not_a_discovery_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"version": 1, "items": [{"category": "ghost"}]}')
    args = ["build", str(ROOT / "catalog"), "--out", str(tmp_path / "s"), "--discovery", str(bad)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err == f"modelinv: {bad}: item 1 is not a discovery item\n"
    assert not (tmp_path / "s").exists()
