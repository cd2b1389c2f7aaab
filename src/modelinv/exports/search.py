"""`modelinv search`: ranked full-text search with field filters over the SQLite export.

A query is words and `field:value` filters: `team:payments-ml stage:production fraud`
finds entities owned by team:payments-ml in production that mention "fraud" (words match
by prefix, ranked with BM25, a hit in the id or title weighing most).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

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
KIND_ALIASES = {"data": "dataasset", "data-asset": "dataasset", "dataset": "dataasset"}


class SearchError(Exception):
    """A query that cannot be run (e.g. only punctuation). Exit code 2."""


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


def parse(text: str) -> Query:
    words: list[str] = []
    filters: list[tuple[str, str]] = []
    tags: list[str] = []
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
            filters.append((column, value))
        else:
            words.append(token)
    return Query(tuple(words), tuple(filters), tuple(tags))


def _match(words: tuple[str, ...]) -> str:
    """An FTS5 query: every word must match, as a prefix; quotes keep `-` or `:` literal."""
    terms = []
    for word in words:
        cleaned = word.replace('"', "")
        if cleaned.strip():
            terms.append(f'"{cleaned}"*')
    return " AND ".join(terms)


def search(db: sqlite3.Connection, text: str, limit: int = 20) -> list[Hit]:
    query = parse(text)
    where: list[str] = []
    params: list[object] = []
    match = _match(query.words)
    if query.words and not match:
        raise SearchError(f"nothing to search for in '{text}'")
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
    order = f"bm25(search, {WEIGHTS}), ref" if match else "kind, ref"
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
