"""`FactStore`: a rebuild works out the facts and index rows of the changed models only,
and its site (the reports, the index page, the team pages) is a fresh build's; a store
that is not this modelinv's, or not signed with the cache folder's key, is ignored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from site_support import EXAMPLE_CATALOG, TODAY, build

from modelinv.checks.cache import Cache
from modelinv.checks.engine import Options, load_inventory
from modelinv.cli.main import main
from modelinv.model import Model
from modelinv.reports import model_facts
from modelinv.reports.model_facts import ModelFacts
from modelinv.site import fact_store
from modelinv.site.fact_store import STORE_FILE
from modelinv.site.output import MANIFEST


def _worked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The models whose facts the store works out from now on (not kept), by id."""
    worked: list[str] = []

    def counting(model: Model) -> ModelFacts:
        worked.append(model.metadata.name)
        return model_facts.model_facts(model)

    monkeypatch.setattr(fact_store, "model_facts", counting)
    return worked


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }


def _breach(catalog: Path) -> None:
    """fraud-detector's AUC falls below its threshold: the retirement report lists it, the
    index flags it, the health report counts it as missing its targets."""
    path = catalog / "models" / "fraud-detector.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("value: 0.934", "value: 0.884", 1), encoding="utf-8")


def _catalog(tmp_path: Path) -> Path:
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    return catalog


def test_a_rebuild_works_out_the_changed_model_only_and_is_the_fresh_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = _catalog(tmp_path)
    models = load_inventory(catalog, Options()).ids("Model")
    out, cache = tmp_path / "site", tmp_path / "cache"
    worked = _worked(monkeypatch)
    build(catalog, out, TODAY, history=False, cache_dir=cache, index_json=True)
    assert sorted(worked) == sorted(models)
    before = _files(out)

    worked.clear()
    _breach(catalog)
    build(catalog, out, TODAY, history=False, cache_dir=cache, index_json=True)
    assert worked == ["fraud-detector"]
    after = _files(out)
    changed = {name for name in after if after[name] != before.get(name)}
    assert {"reports/retirement.json", "reports/health.json", "index.json", "index.html"} <= (
        changed
    )
    fresh = tmp_path / "fresh"
    build(catalog, fresh, TODAY, history=False, index_json=True)
    assert after == _files(fresh)


def test_the_cli_keeps_facts_by_the_cached_payloads_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through `modelinv build` the digests come from the validate cache's payload table
    (the payloads are not read): they name the same payloads from run to run, and the
    site is the one a build without any cache makes."""
    catalog = _catalog(tmp_path)
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    args = ["build", str(catalog), "--today", TODAY, "--out"]
    assert main([*args, str(out)]) == 0
    worked = _worked(monkeypatch)
    read: list[str] = []
    payload = Cache.payload

    def reading(cache: Cache, rel: str) -> bytes | None:
        read.append(rel)
        return payload(cache, rel)

    monkeypatch.setattr(Cache, "payload", reading)
    assert main([*args, str(out)]) == 0
    assert worked == []  # nothing changed: every model's facts kept
    # and every model page kept, both by the payloads' digests alone: a model is decoded
    # only when deprecated (for its retirement checklist), as are the few other entities
    # (for the listings and team pages)
    deprecated = {
        entry.rel
        for entry, model in load_inventory(catalog, Options()).of_kind(Model)
        if model.spec.lifecycle == "deprecated"
    }
    models_read = {rel for rel in read if rel.startswith("models/")}
    assert deprecated and models_read == deprecated
    _breach(catalog)
    assert main([*args, str(out)]) == 0
    assert worked == ["fraud-detector"]
    assert main([*args, str(fresh), "--no-cache"]) == 0
    assert _files(out) == _files(fresh)


@pytest.mark.parametrize("damage", ["unsigned", "edited", "other code"])
def test_a_store_not_this_modelinvs_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    catalog = _catalog(tmp_path)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(catalog, out, TODAY, history=False, cache_dir=cache)
    (store,) = cache.glob(f"{STORE_FILE}-*")
    signature, _, body = store.read_bytes().partition(b"\n")
    if damage == "unsigned":
        store.write_bytes(b"0" * len(signature) + b"\n" + body)
    elif damage == "edited":  # a title changed, the signature left as it was
        store.write_bytes(signature + b"\n" + body.replace(b"Card Fraud Detector", b"Forged"))
    else:
        monkeypatch.setattr(fact_store, "code_hash", lambda: "another version")
    worked = _worked(monkeypatch)
    build(catalog, out, TODAY, history=False, cache_dir=cache)
    assert len(worked) == len(load_inventory(catalog, Options()).ids("Model"))
    assert b"Forged" not in (out / "index.html").read_bytes()
    fresh = tmp_path / "fresh"
    build(catalog, fresh, TODAY, history=False)
    assert _files(out) == _files(fresh)


def test_catalogs_sharing_a_cache_folder_keep_their_own_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One store per catalog folder: building another catalog in between (the same user
    cache folder) does not make the next build work every model's facts out again."""
    first, second = _catalog(tmp_path / "a"), _catalog(tmp_path / "b")
    cache = tmp_path / "cache"
    build(first, tmp_path / "site-a", TODAY, history=False, cache_dir=cache)
    build(second, tmp_path / "site-b", TODAY, history=False, cache_dir=cache)
    worked = _worked(monkeypatch)
    _breach(first)
    build(first, tmp_path / "site-a", TODAY, history=False, cache_dir=cache)
    assert worked == ["fraud-detector"]
    assert len(list(cache.glob(f"{STORE_FILE}-*"))) == 2
