"""`modelinv search`: ranked full-text search with field filters over the SQLite export.

A query is words and `field:value` filters: `team:payments-ml stage:production fraud`
finds entities owned by team:payments-ml in production that mention "fraud" (words match
by prefix; the hits with every word in the id come first, then in the title, the tags,
the description; then BM25 ranks). A reference as the site and the reports print it
(`model:fraud-detector`, `dataset:chargebacks`) finds that entity; `team:` stays the
owner filter. A filter value outside its field's values is an
error naming them; a `word:word` that is no filter is searched as words, and said so.
"""

from __future__ import annotations

import shlex
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from modelinv.exports.sqlite_db import FORMAT_VERSION
from modelinv.model.data_asset import DataAssetStatus
from modelinv.model.ml_model import Lifecycle, RiskLevel
from modelinv.model.refs import PREFIX_KIND, parse_ref

# filter name -> (column, how a value becomes what the column holds)
FILTERS = {
    "team": "owner",
    "owner": "owner",
    "stage": "stage",
    "lifecycle": "stage",
    "status": "stage",
    "kind": "kind",
    "risk": "risk",
}
# bm25 weights for name, title, tags, description, text (the other columns are unindexed)
WEIGHTS = "0, 0, 0, 0, 0, 10.0, 8.0, 5.0, 2.0, 1.0"
# BM25 saturates on a word's frequency and favours short entries, so weights alone let a
# short entry with a word in its title outrank a longer one with it in its id: the hits
# that hold every word in one column come first, column by column in this order, then BM25.
RANKED_COLUMNS = ("name", "title", "tags", "description")
KIND_ALIASES = {"data": "dataasset", "data-asset": "dataasset", "dataset": "dataasset"}
# What a filtered column can hold: a value outside these matches nothing, so it is refused.
VALUES = {
    "stage": (*get_args(Lifecycle), *(s for s in get_args(DataAssetStatus) if s != "deprecated")),
    "risk": get_args(RiskLevel),
    "kind": ("model", "team", "dataasset", "consumer"),
}


class SearchError(Exception):
    """A query that cannot be run (e.g. only punctuation). Exit code 2."""


def rebuild_hint(shown: str) -> str:
    """What to run to write the database `shown` afresh."""
    return f"rebuild it with '{shlex.join(['modelinv', 'export', 'sqlite', '--out', shown])}'"


def open_database(path: Path, shown: str) -> sqlite3.Connection:
    """The database `modelinv export sqlite` wrote at `path`, opened read-only; SearchError
    naming it (as `shown`) and how to rebuild it when it is no such database: not SQLite,
    damaged, another program's, or of another format version."""
    rebuild = rebuild_hint(shown)
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        meta = dict(db.execute("SELECT key, value FROM meta")) if "meta" in tables else {}
    except sqlite3.DatabaseError as exc:
        db.close()
        raise SearchError(f"{shown}: cannot read the database ({exc}); {rebuild}") from None
    if "search" not in tables or "format" not in meta:
        db.close()
        raise SearchError(f"{shown}: not a database of 'modelinv export sqlite'; {rebuild}")
    if meta["format"] != FORMAT_VERSION:
        db.close()
        raise SearchError(
            f"{shown}: database format {meta['format']!r} (modelinv "
            f"{meta.get('tool_version', '?')}), this modelinv reads format {FORMAT_VERSION!r}; "
            f"{rebuild}"
        )
    return db


@dataclass(frozen=True, slots=True)
class Hit:
    ref: str
    kind: str
    title: str
    owner: str | None
    stage: str | None
    snippet: str


@dataclass(frozen=True, slots=True)
class Query:
    words: tuple[str, ...]
    filters: tuple[tuple[str, str], ...]  # (column, value)
    tags: tuple[str, ...]
    not_filters: tuple[str, ...] = ()  # `word:word` tokens searched as words


def parse(text: str) -> Query:
    """The query `text` says; raises SearchError for a filter value its field never holds."""
    words: list[str] = []
    filters: list[tuple[str, str]] = []
    tags: list[str] = []
    not_filters: list[str] = []
    for token in text.split():
        field, sep, value = token.partition(":")
        field = field.lower()
        if sep and value and field == "tag":
            tags.append(value.lower())
        elif sep and value and field in FILTERS:
            column = FILTERS[field]
            if column == "owner" and not value.startswith("team:"):
                value = f"team:{value}"
            if column == "kind":
                value = KIND_ALIASES.get(value.lower(), value.lower())
            known = VALUES.get(column)
            if known is not None and value not in known:
                raise SearchError(f"'{field}:' is one of {', '.join(known)}, not '{value}'")
            filters.append((column, value))
        elif sep and field in PREFIX_KIND and parse_ref(token) is not None:
            filters.append(("ref", token))  # `team:` is caught above, as the owner filter
        else:
            if sep and value and field:
                not_filters.append(token)
            words.append(token)
    return Query(tuple(words), tuple(filters), tuple(tags), tuple(not_filters))


def _searchable(word: str) -> bool:
    """Whether the index's tokenizer (unicode61) finds a word in `word`: a letter, a digit
    or a private-use character. A word of punctuation alone (`(`, `.`, `-`) is no word in
    any entry's text either, so as a term it would match nothing and empty every search."""
    return any(unicodedata.category(c)[0] in "LN" or unicodedata.category(c) == "Co" for c in word)


def _terms(words: tuple[str, ...]) -> list[str]:
    """An FTS5 term per word that holds one, as a prefix (every term must match); quotes
    keep `-` or `:` literal."""
    return [f'"{word.replace(chr(34), "")}"*' for word in words if _searchable(word)]


def search(db: sqlite3.Connection, text: str, limit: int = 20) -> list[Hit]:
    query = parse(text)
    where: list[str] = []
    params: list[object] = []
    terms = _terms(query.words)
    match = " AND ".join(terms)
    if query.words and not match:
        raise SearchError(f"nothing to search for in '{text}' (no letter or digit)")
    if not (match or query.filters or query.tags):
        raise SearchError("nothing to search for: give words or filters (team:, stage:, ...)")
    if match:
        where.append("search MATCH ?")
        params.append(match)
    for column, value in query.filters:
        where.append(f"{column} = ?")
        params.append(value)
    for tag in query.tags:
        where.append("ref IN (SELECT ref FROM tags WHERE tag = ?)")
        params.append(tag)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    order = "kind, ref"
    if match:
        tiers = []
        for number, column in enumerate(RANKED_COLUMNS):
            tiers.append(
                f"WHEN rowid IN (SELECT rowid FROM search WHERE search MATCH ?) THEN {number}"
            )
            params.append(" AND ".join(f"{column} : {term}" for term in terms))
        tier = f"CASE {' '.join(tiers)} ELSE {len(RANKED_COLUMNS)} END"
        order = f"{tier}, bm25(search, {WEIGHTS}), ref"
    snippet = "snippet(search, -1, '[', ']', '…', 12)" if match else "''"
    sql = (
        f"SELECT ref, kind, title, owner, stage, {snippet} FROM search {clause} "
        f"ORDER BY {order} LIMIT ?"
    )
    try:
        rows = db.execute(sql, [*params, limit]).fetchall()
    except sqlite3.OperationalError as exc:
        raise SearchError(f"cannot search for '{text}': {exc}") from None
    return [Hit(*row) for row in rows]
