"""SQLite: the inventory as tables for ad-hoc SQL (one per kind, plus relations, metrics,
deployments, training data, findings and health flags) and an FTS5 index over the text
fields, which `modelinv search` queries.

Built in memory and serialised, so the same inventory gives the same bytes.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from modelinv.exports.base import ExportOptions, Inventory, export_date
from modelinv.model import Consumer, DataAsset, Model, Team
from modelinv.reports.index import models_derived
from modelinv.reports.usage import Usage
from modelinv.support.text import utf8_text

FORMAT_VERSION = "1"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entities (
  ref TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, title TEXT NOT NULL,
  description TEXT, owner TEXT, stage TEXT, path TEXT NOT NULL);
CREATE TABLE models (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT, lifecycle TEXT NOT NULL,
  owner TEXT NOT NULL, maintainer_name TEXT, maintainer_email TEXT,
  created TEXT, risk_level TEXT, last_audit TEXT, last_reviewed TEXT, reviewer TEXT,
  documentation_url TEXT, documentation_updated TEXT, retraining_schedule TEXT,
  last_retrained TEXT, monthly_cost REAL, per_prediction_cost REAL, currency TEXT,
  latency_p99_ms REAL, availability REAL, decommission TEXT, replacement TEXT,
  path TEXT NOT NULL);
CREATE TABLE teams (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT, email TEXT, chat TEXT,
  handle TEXT, path TEXT NOT NULL);
CREATE TABLE team_members (team TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL, role TEXT);
CREATE TABLE data_assets (
  id TEXT PRIMARY KEY, ref TEXT NOT NULL, type TEXT NOT NULL, title TEXT NOT NULL,
  description TEXT, owner TEXT NOT NULL, status TEXT NOT NULL, location TEXT NOT NULL,
  path TEXT NOT NULL);
CREATE TABLE consumers (
  id TEXT PRIMARY KEY, type TEXT NOT NULL, title TEXT NOT NULL, description TEXT,
  owner TEXT NOT NULL, email TEXT, path TEXT NOT NULL);
CREATE TABLE deployments (
  model TEXT NOT NULL, environment TEXT NOT NULL, platform TEXT NOT NULL, location TEXT,
  endpoint TEXT, resource TEXT);
CREATE TABLE metrics (
  model TEXT NOT NULL, name TEXT NOT NULL, value REAL NOT NULL, threshold REAL,
  higher_is_better INTEGER NOT NULL, evaluated TEXT NOT NULL);
CREATE TABLE training_data (
  model TEXT NOT NULL, source TEXT NOT NULL, from_date TEXT NOT NULL, to_date TEXT);
CREATE TABLE regulations (model TEXT NOT NULL, regulation TEXT NOT NULL);
CREATE TABLE limitations (model TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL);
CREATE TABLE tags (ref TEXT NOT NULL, tag TEXT NOT NULL);
CREATE TABLE relations (source TEXT NOT NULL, relation TEXT NOT NULL, target TEXT NOT NULL);
CREATE TABLE findings (
  code TEXT NOT NULL, name TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL,
  path TEXT NOT NULL, line INTEGER NOT NULL, "column" INTEGER NOT NULL, hint TEXT);
CREATE TABLE health (
  model TEXT PRIMARY KEY, age_days INTEGER, days_since_review INTEGER, next_review TEXT,
  audit_due TEXT, documentation_current INTEGER NOT NULL, meets_targets INTEGER,
  flags TEXT NOT NULL);
CREATE VIRTUAL TABLE search USING fts5(
  ref UNINDEXED, kind UNINDEXED, owner UNINDEXED, stage UNINDEXED, risk UNINDEXED,
  name, title, tags, description, text, tokenize = 'unicode61 remove_diacritics 2');
CREATE INDEX relations_source ON relations (source, relation);
CREATE INDEX relations_target ON relations (target, relation);
CREATE INDEX findings_path ON findings (path);
"""


def _storable(value: Any) -> Any:
    """`value`, a text SQLite can store: a file name that is not UTF-8 (its bytes kept as
    surrogates, in a finding's path) is stored with them escaped (`\\udcff`)."""
    return utf8_text(value) if isinstance(value, str) else value


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def build(
    inventory: Inventory, options: ExportOptions, path: str = ":memory:"
) -> sqlite3.Connection:
    """The database, in memory or in the new file `path` (the caller closes it)."""
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    rows: dict[str, list[Sequence[Any]]] = {}

    def add(table: str, *values: Any) -> None:
        rows.setdefault(table, []).append(tuple(map(_storable, values)))

    for key, value in (
        ("format", FORMAT_VERSION),
        ("tool_version", options.version),
        ("catalog", inventory.root),
        ("date", export_date(inventory, options).isoformat()),
    ):
        add("meta", key, value)
    for entry, entity in inventory.valid():
        ref = entry.ref
        if ref is None:
            continue
        meta = entity.metadata
        owner: str | None = getattr(getattr(entity, "spec", None), "owner", None)
        stage: str | None = None
        risk: str | None = None
        text: list[str] = []
        if isinstance(entity, Model):
            stage = entity.spec.lifecycle
            risk = entity.spec.compliance.risk_level if entity.spec.compliance else None
            text = _model_rows(add, entity, entry.rel)
        elif isinstance(entity, Team):
            _team_rows(add, entity, entry.rel)
            text = [m.name for m in entity.spec.members]
        elif isinstance(entity, DataAsset):
            stage = entity.spec.status
            spec = entity.spec
            add("data_assets", meta.name, ref, spec.type, meta.title, meta.description,
                spec.owner, spec.status, spec.location, entry.rel)  # fmt: skip
            text = [spec.location]
        elif isinstance(entity, Consumer):
            spec_c = entity.spec
            email = spec_c.contact.email if spec_c.contact else None
            add("consumers", meta.name, spec_c.type, meta.title, meta.description, spec_c.owner,
                email, entry.rel)  # fmt: skip
        add("entities", ref, entry.kind, meta.name, meta.title, meta.description, owner, stage,
            entry.rel)  # fmt: skip
        for tag in meta.tags:
            add("tags", ref, tag)
        add("search", ref, (entry.kind or "").lower(), owner, stage, risk, meta.name,
            meta.title, " ".join(meta.tags), meta.description or "", "\n".join(text))  # fmt: skip
    for relation, links in sorted(inventory.index.relations.items()):
        for source, targets in sorted(links.items()):
            for target in targets:
                add("relations", source, relation, target)
    for f in options.findings:
        loc = f.location
        add("findings", f.code, f.name, f.severity.value, f.message, loc.path, loc.line,
            loc.column, f.hint)  # fmt: skip
    _health_rows(add, inventory)
    for table, values in rows.items():
        marks = ",".join("?" * len(values[0]))
        db.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
    db.commit()
    return db


def _model_rows(add: Any, model: Model, rel: str) -> list[str]:
    spec, meta, name = model.spec, model.metadata, model.metadata.name
    c, cost, doc, review = spec.compliance, spec.cost, spec.documentation, spec.review
    retraining, slo, deprecation = spec.retraining, spec.slo, spec.deprecation
    add(
        "models", name, meta.title, meta.description, spec.lifecycle, spec.owner,
        spec.maintainer.name if spec.maintainer else None,
        spec.maintainer.email if spec.maintainer else None, _date(spec.created),
        c.risk_level if c else None, _date(c.last_audit) if c else None,
        _date(review.last_reviewed) if review else None, review.reviewer if review else None,
        doc.url if doc else None, _date(doc.updated) if doc else None,
        retraining.schedule if retraining else None,
        _date(retraining.last_retrained) if retraining else None,
        cost.monthly if cost else None, cost.per_prediction if cost else None,
        cost.currency if cost else None,
        slo.latency_p99_ms if slo else None, slo.availability if slo else None,
        _date(deprecation.decommission) if deprecation else None,
        deprecation.replacement if deprecation else None, rel,
    )  # fmt: skip
    for d in spec.deployments or ():
        add("deployments", name, d.environment, d.platform, d.location, d.endpoint, d.resource)
    for m in spec.metrics or ():
        add("metrics", name, m.name, m.value, m.threshold, int(m.higher_is_better),
            m.evaluated.isoformat())  # fmt: skip
    for t in spec.training_data or ():
        add("training_data", name, t.source, t.from_.isoformat(), _date(t.to))
    for regulation in c.regulations if c else ():
        add("regulations", name, regulation)
    for position, limitation in enumerate(spec.limitations or ()):
        add("limitations", name, position, limitation)
    people = [spec.maintainer.name] if spec.maintainer else []
    return [*people, *(spec.limitations or ()), *(c.regulations if c else ())]


def _team_rows(add: Any, team: Team, rel: str) -> None:
    spec, meta = team.spec, team.metadata
    contact = spec.contact
    add("teams", meta.name, meta.title, meta.description, contact.email if contact else None,
        contact.chat if contact else None, spec.handle, rel)  # fmt: skip
    for member in spec.members:
        add("team_members", meta.name, member.name, member.email, member.role)


def _health_rows(add: Any, inventory: Inventory) -> None:
    # The derived fields alone, one model at a time (the whole index report would hold
    # every entity's data at once: ~250 MB at 10,000 models).
    for _, known, derived in models_derived(inventory, Usage.none()):
        meets = None if derived.meets_targets is None else int(derived.meets_targets)
        add("health", known.name, derived.age_days, derived.days_since_review,
            _date(derived.next_review), _date(derived.audit_due),
            int(derived.documentation_current), meets, " ".join(derived.flags))  # fmt: skip


class SqliteExporter:
    name = "sqlite"
    filename = "inventory.sqlite"
    files: tuple[str, ...] = (filename,)
    summary = "SQLite database with an FTS5 search index (what `modelinv search` reads)"
    binary = True

    def render(self, inventory: Inventory, options: ExportOptions) -> dict[str, Iterable[bytes]]:
        return {self.filename: _database(inventory, options)}


def _database(
    inventory: Inventory, options: ExportOptions, chunk: int = 1 << 20
) -> Iterator[bytes]:
    """The database file's bytes, a MiB a piece: built in a temporary file (in memory it
    was held twice, as the database and as its serialized copy: 120 MB at 10,000 models)
    and read back."""
    with tempfile.TemporaryDirectory(prefix="modelinv-sqlite-") as folder:
        path = Path(folder) / "inventory.sqlite"
        build(inventory, options, str(path)).close()
        with path.open("r+b") as handle:
            # The header as an in-memory database's image has it: no change counter and no
            # library version (file format, offsets 24 and 92-99), so the same catalog
            # gives the same bytes whichever SQLite wrote them, and as before.
            for offset, size in ((24, 4), (92, 8)):
                handle.seek(offset)
                handle.write(bytes(size))
            handle.seek(0)
            while piece := handle.read(chunk):
                yield piece


def tables(db: sqlite3.Connection) -> Iterable[str]:
    return [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
