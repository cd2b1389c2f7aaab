"""Each model's facts and index row, kept between builds in the cache folder.

The reports, the team pages and the index page read of each model its `ModelFacts` and its
index row, both made from the model alone (`reports/model_facts.py`, `site/rows.py`). So
they are kept by a digest of the model's payload (its validated JSON): a rebuild after one
model changed decodes that model, not the other 9,999 (at 10,000 models, decoding them all
and working out their facts and rows took ~1.5 CPU s of a 5 CPU s rebuild). A changed
model has another digest: nothing kept can be stale.

The file is signed with the cache folder's key (`output.manifest_key`) and names
modelinv's code hash, so a file written by anyone else, or by another version of
modelinv, is ignored; only then is it read with `marshal` (plain values, no objects).
A build writes back the models it used, so the file stays as large as one catalog's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import marshal
from pathlib import Path
from typing import Any

from modelinv.checks.cache import code_hash
from modelinv.inventory.index import Entry, payload_digest
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model
from modelinv.reports.metrics import MetricStatus
from modelinv.reports.model_facts import ModelFacts, as_model, model_facts
from modelinv.site.output import catalog_digest, read_signed, write_signed
from modelinv.site.rows import EncodedRow, encoded_row

STORE_FILE = "site-model-facts"  # then "-" and a digest of the catalog folder
FORMAT = 1
MAX_STORE_BYTES = 1024 * 1024 * 1024  # ~600 bytes a model: far above any real catalog's

Packed = tuple[Any, ...]  # a model's facts and row as plain values (`_pack`)


class FactStore:
    """The facts and rows of a catalog's valid models (`prepare`), kept from the previous
    build where their payload is the same, worked out from the decoded model where not.
    Called as a `FactsOf` (`reports/model_facts.py`), it gives the facts it prepared."""

    def __init__(self, folder: Path | None, key: bytes | None, catalog: Path) -> None:
        """A store in `folder` signed with `key` (none without either) for the catalog
        folder `catalog`: each catalog sharing a cache folder keeps its own."""
        self.path = None
        if folder is not None and key is not None:
            self.path = folder / f"{STORE_FILE}-{catalog_digest(catalog)}"
        self.key = key
        self._known: dict[bytes, Packed] = {}
        self._used: dict[bytes, Packed] = {}
        self._by_entry: dict[int, tuple[Entry, ModelFacts, EncodedRow]] = {}

    def prepare(self, catalog: Inventory) -> None:
        """Work out the facts and row of every valid model of `catalog`: from the store
        where its payload is the same, otherwise from the model, decoded (all of those
        at once, see `Inventory.decode_ahead`)."""
        known = self._load()
        entries = catalog.entries_of(Model)
        # Without a file to keep them in, the digests would go unused.
        keys: list[bytes | None] = (
            [payload_digest(e) for e in entries] if self.path is not None else [None] * len(entries)
        )
        missing = [e for e, d in zip(entries, keys, strict=True) if d is None or d not in known]
        catalog.decode_ahead(missing)
        for entry, digest in zip(entries, keys, strict=True):
            packed = known.get(digest) if digest is not None else None
            if packed is None:
                model = as_model(catalog.entity(entry))
                packed = _pack(model_facts(model), encoded_row(model))
            if digest is not None:
                self._used[digest] = packed
            facts, row = _unpack(packed)
            self._by_entry[id(entry)] = (entry, facts, row)

    def __call__(self, catalog: Inventory, entries: list[Entry]) -> list[ModelFacts]:
        """The facts of `entries` (valid models'), as prepared."""
        return [self.facts(catalog, entry) for entry in entries]

    def facts(self, catalog: Inventory, entry: Entry) -> ModelFacts:
        found = self._by_entry.get(id(entry))
        if found is None:  # an entry `prepare` did not see (another version's)
            return model_facts(as_model(catalog.entity(entry)))
        return found[1]

    def row(self, entry: Entry) -> EncodedRow:
        """The encoded index row of a prepared entry's model (`site.rows.encoded_row`)."""
        return self._by_entry[id(entry)][2]

    def save(self) -> None:
        """Write the models used, unless they are exactly those kept. A store that cannot
        be written is left as it was: it only saves time."""
        if self.path is None or self.key is None or self._used.keys() == self._known.keys():
            return
        write_signed(self.path, self.key, marshal.dumps((FORMAT, code_hash(), self._used)))

    def _load(self) -> dict[bytes, Packed]:
        if self.path is None or self.key is None:
            return {}
        body = read_signed(self.path, self.key, MAX_STORE_BYTES)
        if body is None:
            return {}
        with contextlib.suppress(ValueError, TypeError, EOFError):
            stored = marshal.loads(body)
            if (
                isinstance(stored, tuple)
                and len(stored) == 3
                and stored[:2] == (FORMAT, code_hash())
                and isinstance(stored[2], dict)
            ):
                self._known = stored[2]
        return self._known


def _pack(facts: ModelFacts, row: EncodedRow) -> Packed:
    return (
        *facts[:4],
        _day(facts.created),
        _day(facts.documented),
        facts.risk_level,
        _day(facts.last_audit),
        _day(facts.last_reviewed),
        facts.reviewer,
        facts.cost,
        tuple(
            (
                m.name,
                m.value,
                m.threshold,
                m.higher_is_better,
                m.evaluated.toordinal(),
                m.state,
                m.previous,
                _day(m.previous_evaluated),
                m.points,
                m.slope_per_day,
                _day(m.crossing),
            )
            for m in facts.metrics
        ),
        row,
    )


def _unpack(packed: Packed) -> tuple[ModelFacts, EncodedRow]:
    (name, title, lifecycle, owner, created, documented, risk, audit, reviewed, reviewer,
     cost, metrics, row) = packed  # fmt: skip
    facts = ModelFacts(
        name,
        title,
        lifecycle,
        owner,
        _date(created),
        _date(documented),
        risk,
        _date(audit),
        _date(reviewed),
        reviewer,
        cost,
        tuple(map(_metric, metrics)),
    )
    return facts, row


def _metric(packed: Packed) -> MetricStatus:
    (name, value, threshold, higher_is_better, evaluated, state, previous, previous_evaluated,
     points, slope, crossing) = packed  # fmt: skip
    return MetricStatus(
        name,
        value,
        threshold,
        higher_is_better,
        dt.date.fromordinal(evaluated),
        state,
        previous,
        _date(previous_evaluated),
        points,
        slope,
        _date(crossing),
    )


def _day(day: dt.date | None) -> int | None:
    return None if day is None else day.toordinal()


def _date(ordinal: int | None) -> dt.date | None:
    return None if ordinal is None else dt.date.fromordinal(ordinal)
