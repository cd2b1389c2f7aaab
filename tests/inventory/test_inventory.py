"""The inventory: every valid entry has its entity, whether it was parsed in this run or
served by the cache, and the entity is the one a fresh parse gives."""

from __future__ import annotations

import datetime as dt
import gc
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


def test_a_kind_is_decoded_ahead_with_the_collector_paused_then_restored() -> None:
    inventory = load_inventory(ROOT / "catalog", Options(jobs=1, today=TODAY))
    models = [entry for entry in inventory.entries if entry.valid and entry.kind == "Model"]
    collecting = gc.isenabled()
    pairs = inventory.of_kind(Model)
    first_entry, first = next(pairs)
    assert gc.isenabled() == collecting  # paused only while decoding
    # Every model was decoded at the first step, none of the other kinds.
    assert set(inventory._entities) == {entry.rel for entry in models}
    assert first_entry is models[0]
    assert [(first_entry, first), *pairs] == [(e, inventory.entity(e)) for e in models]
    everything = list(inventory.valid())
    assert [entry for entry, _ in everything] == [e for e in inventory.entries if e.valid]
    assert all(inventory.entity(entry) is entity for entry, entity in everything)
