"""The loaded catalog: index by id and relations readable in both directions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from modelinv import Inventory, Options, load_inventory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalog() -> Inventory:
    # The example inventory is a snapshot: judge its dates as of the day it was written.
    return load_inventory(ROOT / "catalog", Options(jobs=1, today=dt.date(2026, 11, 26)))


def test_every_example_entry_is_valid(catalog: Inventory) -> None:
    assert all(catalog.entity(e) is not None and not e.findings for e in catalog.entries)


def test_each_relation_has_its_inverse(catalog: Inventory) -> None:
    pairs = [
        ("ownedBy", "ownerOf"),
        ("dependsOn", "dependencyOf"),
        ("trainedOn", "trainingDataOf"),
        ("consumedBy", "consumes"),
    ]
    for forward, inverse in pairs:
        rows = catalog.index.relations[forward]
        assert rows, forward
        for source, targets in rows.items():
            for target in targets:
                assert source in catalog.related(target, inverse)


def test_team_models_and_model_neighbours(catalog: Inventory) -> None:
    assert "model:fraud-detector" in catalog.related("team:payments-ml", "ownerOf")
    assert "model:fraud-detector" in catalog.related("model:merchant-embedder", "dependencyOf")
    assert "consumer:checkout-api" in catalog.related("model:fraud-detector", "consumedBy")
    assert "model:fraud-detector" in catalog.related("dataset:card-transactions", "trainingDataOf")


def test_data_assets_are_keyed_by_their_type(catalog: Inventory) -> None:
    refs = {e.ref for e in catalog.entries if e.kind == "DataAsset" and e.ref}
    assert {r.split(":")[0] for r in refs} == {"dataset", "pipeline", "feature-store", "stream"}
