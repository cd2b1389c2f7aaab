"""Two files of the same kind use the same id.

**What it does.** Reports every id used by more than one entity of a kind anywhere in the
catalog, naming the other file. Data assets share one id space across their four types.

**Why it matters.** A reference must name exactly one entity. It resolves to the first
file in path order, and so do the site, the exports and the reports: the later file is
left out of them (the site lists it with the files that failed validation, `export`
names it). This rule cannot be waived.

**Failing example.** `catalog/models/fraud-detector.yaml` and
`catalog/models/legacy/fraud-detector.yaml`, both with `name: fraud-detector`.

**Use instead.** Give each entity its own id.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding
from modelinv.inventory.index import Index

RULE = rule("ID003", "duplicate-id", Stage.CATALOG, __doc__)
# Reads nothing but the index: its findings may be served from the cache while the
# index digest is unchanged (see `checks.engine`).
INDEX_ONLY = True


def check(catalog: Index) -> Iterator[Finding]:
    for (kind, name), all_entries in sorted(catalog.by_id.items()):
        # A file whose id is unreadable only borrows its file name: it duplicates nothing.
        entries = [e for e in all_entries if e.id_readable]
        if len(entries) < 2:
            continue
        places = [catalog.locate(e, ("metadata", "name")) for e in entries]
        for index, place in enumerate(places):
            others = places[:index] + places[index + 1 :]
            yield RULE.at(
                place,
                f"{kind} id '{name}' is also used by " + ", ".join(o.path for o in others),
                hint="ids are unique per kind: rename one of them",
                related=tuple(others),
            )
