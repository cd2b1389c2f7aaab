"""The review and health reports' files and pages and the listing pages are kept from the
previous build when what they are made from is the same (the report's whole value, its
JSON; what a listing lists; the catalog's links; modelinv's code), and made again when
it is not: the site is always the one a fresh build makes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from site_support import EXAMPLE_CATALOG, build

from modelinv.site import output
from modelinv.site.output import MANIFEST

DAY = "2026-12-15"  # product-embedder's review is due within 14 days
REVIEW = ("review.html", "reports/review.md", "reports/review.json")
HEALTH = ("health.html", "reports/health.md", "reports/health.json")
LISTINGS = ("teams.html", "data.html", "consumers.html")


def _inodes(out: Path) -> dict[str, int]:
    return {name: (out / name).stat().st_ino for name in (*REVIEW, *HEALTH, *LISTINGS)}


def _same_as_fresh(catalog: Path, out: Path, fresh: Path) -> None:
    build(catalog, fresh, DAY, history=False)
    names = {p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file()}
    assert names - {MANIFEST} == {
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
    } - {MANIFEST}
    for name in names - {MANIFEST}:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, root)
    return root


def test_outputs_are_kept_while_what_they_show_is_the_same(catalog: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(catalog, out, DAY, history=False, cache_dir=cache)
    review = json.loads((out / "reports" / "review.json").read_text(encoding="utf-8"))
    assert [row["model"]["id"] for row in review["rows"]] == ["product-embedder"]
    first = _inodes(out)

    # A title no report or listing shows (a model not due for review): all kept.
    _edit(catalog / "models" / "churn-logreg.yaml", "title: ", "title: Renamed ")
    build(catalog, out, DAY, history=False, cache_dir=cache)
    assert _inodes(out) == first
    _same_as_fresh(catalog, out, tmp_path / "fresh-1")

    # The reviewer of the model due for review: its report's files and page made again.
    _edit(
        catalog / "models" / "product-embedder.yaml",
        "reviewer: Elena Rossi",
        "reviewer: Elena Rossi-Berg",
    )
    build(catalog, out, DAY, history=False, cache_dir=cache)
    second = _inodes(out)
    assert {name for name in first if first[name] != second[name]} == set(REVIEW)
    assert "Rossi-Berg" in (out / "review.html").read_text(encoding="utf-8")
    _same_as_fresh(catalog, out, tmp_path / "fresh-2")

    # A metric below its threshold: the health report's; a data asset's title: its listing.
    _edit(catalog / "models" / "fraud-detector.yaml", "value: 0.934", "value: 0.884")
    _edit(catalog / "data" / "customer-events.yaml", "title: ", "title: Renamed ")
    build(catalog, out, DAY, history=False, cache_dir=cache)
    third = _inodes(out)
    assert {name for name in second if second[name] != third[name]} == {*HEALTH, "data.html"}
    _same_as_fresh(catalog, out, tmp_path / "fresh-3")


def test_other_code_or_other_links_make_them_again(
    catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key holds modelinv's code (the report renderers are outside the site package the
    manifest's tool digest covers) and every ref's link."""
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(catalog, out, DAY, history=False, cache_dir=cache)
    first = _inodes(out)
    monkeypatch.setattr(output, "code_hash", lambda: "another version")
    build(catalog, out, DAY, history=False, cache_dir=cache)
    second = _inodes(out)
    assert all(first[name] != second[name] for name in first)
    monkeypatch.undo()

    # A consumer's file removed: the catalog's links change, so every page kept whole that
    # links refs is made again.
    (catalog / "consumers" / "search-api.yaml").unlink()
    build(catalog, out, DAY, history=False, cache_dir=cache)
    third = _inodes(out)
    assert {name for name in first if second[name] != third[name]} >= {
        "review.html",
        "health.html",
        *LISTINGS,
    }
    _same_as_fresh(catalog, out, tmp_path / "fresh")
