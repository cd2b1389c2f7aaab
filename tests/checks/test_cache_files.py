"""The cache's three files: rows, entity payloads (read only for an inventory) and the
catalog rules' findings (reused while the index digest is unchanged)."""

from __future__ import annotations

import shutil
from pathlib import Path

from modelinv import Options, validate
from modelinv.checks.engine import load_index, load_inventory
from modelinv.inventory.index import Index
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model

BASE = Path(__file__).resolve().parent / "rules" / "base"
MODEL = (BASE / "models" / "merchant-embedder.yaml").read_text()


def _catalog(tmp_path: Path, count: int) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(BASE, root)
    for i in range(count):
        (root / "models" / f"m{i}.yaml").write_text(MODEL.replace("merchant-embedder", f"m{i}"))
    return root


def _titles(inventory: Inventory) -> dict[str, str]:
    return {entry.name: model.metadata.title or "" for entry, model in inventory.of_kind(Model)}


def _options(tmp_path: Path) -> Options:
    return Options(jobs=1, cache_dir=tmp_path / "cache")


def test_cached_inventory_serves_every_entity(tmp_path: Path) -> None:
    root = _catalog(tmp_path, 5)
    expected = _titles(load_inventory(root, Options(jobs=1)))
    load_index(root, _options(tmp_path))  # fills the cache
    cached = load_index(root, _options(tmp_path))
    assert all(not e.payload for e in cached.entries)  # validate never reads payloads
    assert _titles(Inventory(cached)) == expected
    assert len(expected) == 7  # the base catalog's two models and five more


def test_payloads_of_a_changed_file_are_its_new_ones(tmp_path: Path) -> None:
    root = _catalog(tmp_path, 300)
    load_index(root, _options(tmp_path))
    path = root / "models" / "m7.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Renamed ", 1))
    load_index(root, _options(tmp_path))  # the new payload goes to the small delta file
    assert list((tmp_path / "cache").glob("*.payloads-new"))
    titles = _titles(load_inventory(root, _options(tmp_path)))
    assert titles["m7"].startswith("Renamed ")
    assert titles == _titles(load_inventory(root, Options(jobs=1)))


def test_missing_payload_files_mean_the_file_is_checked_again(tmp_path: Path) -> None:
    root = _catalog(tmp_path, 3)
    expected = _titles(load_inventory(root, Options(jobs=1)))
    load_index(root, _options(tmp_path))
    for payloads in (tmp_path / "cache").glob("*.payloads*"):
        payloads.unlink()
    assert _titles(load_inventory(root, _options(tmp_path))) == expected


def test_catalog_rule_findings_follow_a_changed_reference(tmp_path: Path) -> None:
    """A stored catalog-rule result is reused only for the same index: a new dangling
    owner (OWN001), then its repair, show up exactly as without a cache."""
    root = _catalog(tmp_path, 3)
    path = root / "models" / "m1.yaml"
    clean = path.read_text()
    for text in (clean, clean.replace("team:payments-ml", "team:nobody"), clean):
        path.write_text(text)
        cached = validate(root, _options(tmp_path))
        again = validate(root, _options(tmp_path))  # served from the stored rule findings
        assert cached == again == validate(root, Options(jobs=1))
    path.write_text(clean.replace("team:payments-ml", "team:nobody"))
    codes = {f.code for f in validate(root, _options(tmp_path)).findings}
    assert "OWN001" in codes


def test_title_edit_keeps_catalog_rule_findings_right(tmp_path: Path) -> None:
    root = _catalog(tmp_path, 3)
    validate(root, _options(tmp_path))
    path = root / "models" / "m2.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Renamed ", 1))
    assert validate(root, _options(tmp_path)) == validate(root, Options(jobs=1))


def test_title_edit_reuses_stored_catalog_rule_findings(tmp_path: Path) -> None:
    """A title is nothing catalog rules read: the index digest of a freshly checked file
    equals the one of its cached row, so the stored findings serve and are not rewritten."""
    root = _catalog(tmp_path, 3)
    validate(root, _options(tmp_path))
    (rules_file,) = (tmp_path / "cache").glob("*.rules")
    stored = rules_file.stat().st_mtime_ns, rules_file.read_bytes()
    path = root / "models" / "m2.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Renamed ", 1))
    validate(root, _options(tmp_path))  # m2 checked afresh
    validate(root, _options(tmp_path))  # m2 from its row
    assert (rules_file.stat().st_mtime_ns, rules_file.read_bytes()) == stored


def test_cached_entries_keep_their_payload_source_in_another_index(tmp_path: Path) -> None:
    """The catalog at a commit reuses the working tree's unchanged entries in an index of
    its own (as `modelinv diff` does): their entities must still come back."""
    root = _catalog(tmp_path, 2)
    expected = _titles(load_inventory(root, Options(jobs=1)))
    load_index(root, _options(tmp_path))
    cached = load_index(root, _options(tmp_path))
    elsewhere = Index(cached.root, list(cached.entries), cached.context)
    assert _titles(Inventory(elsewhere)) == expected


def test_rules_reading_beyond_the_index_always_run(tmp_path: Path) -> None:
    """TMP001 lists the folder, which no index digest covers: a temporary file that
    appears after a cached run is reported although every entry is unchanged."""
    root = _catalog(tmp_path, 2)
    first = validate(root, _options(tmp_path))
    assert "TMP001" not in {f.code for f in first.findings}
    (root / "models" / ".m1.yaml.k2x9_q1a.tmp").write_text(MODEL)
    codes = {f.code for f in validate(root, _options(tmp_path)).findings}
    assert "TMP001" in codes
