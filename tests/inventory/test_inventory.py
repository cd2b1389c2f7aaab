"""The inventory: every valid entry has its entity, whether it was parsed in this run or
served by the cache, and the entity is the one a fresh parse gives."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from modelinv import Options, load_index, load_inventory
from modelinv.model import Model

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 26)


def test_cached_inventory_serves_every_entity(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", catalog)
    (catalog / "models" / "broken.yaml").write_text("apiVersion: modelinv/v1\nkind: Model\n")
    fresh = load_inventory(catalog, Options(jobs=1, today=TODAY))
    options = Options(jobs=1, today=TODAY, cache_dir=tmp_path / "cache")
    load_index(catalog, options)  # fills the cache
    cached = load_inventory(catalog, options)
    valid = [e for e in cached.entries if e.valid]
    assert len(valid) == len(cached.entries) - 1 == 55
    by_rel = {e.rel: e for e in fresh.entries}
    for entry in cached.entries:
        assert cached.entity(entry) == fresh.entity(by_rel[entry.rel])
    assert cached.entity_of("model:broken") is None
    assert {e.metadata.name for _, e in cached.of_kind(Model)} == set(fresh.ids("Model")) - {
        "broken"
    }


def test_entities_are_decoded_once_and_on_demand(tmp_path: Path) -> None:
    inventory = load_inventory(ROOT / "catalog", Options(jobs=1, today=TODAY))
    entry = inventory.resolve("model:fraud-detector")
    assert entry is not None
    first = inventory.entity(entry)
    assert isinstance(first, Model)
    assert inventory.entity(entry) is first
