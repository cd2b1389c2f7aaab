"""index.json written in pieces (the site streams it) is the very text of the whole report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from modelinv.checks.engine import Options, load_inventory
from modelinv.reports import render_json
from modelinv.reports.common import basis
from modelinv.reports.index import index_entries, index_policy, index_report
from modelinv.reports.usage import Usage

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("batch", [1, 3, 256])
def test_index_in_pieces_is_the_whole_report(batch: int) -> None:
    catalog = load_inventory(ROOT / "catalog", Options(today=dt.date(2026, 11, 26)))
    usage = Usage.none()
    whole = render_json.render(index_report(catalog, usage), compact=True)
    entries = index_entries(catalog, usage)
    pieces = list(
        render_json.index_chunks(basis(catalog, usage), index_policy(catalog), entries, batch)
    )
    assert "".join(pieces) == whole
    assert len(pieces) == 2 + -(-len(catalog.entries) // batch)  # head, batches, tail
    assert len(json.loads(whole)["entities"]) == len(catalog.entries) > 3
