"""A content-hash cache of per-file results, so a re-run only re-checks changed files.

Entries are stored as plain tuples with `marshal` (no pickle: loading 10,000 slotted
dataclasses through pickle costs most of a second; marshal reads plain tuples at C speed
and cannot construct arbitrary objects). The cache lives in the user's cache directory,
never in the repository, and a file that does not read back cleanly is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import sys
from pathlib import Path
from typing import Any

from modelinv import __version__
from modelinv.atomic import write_bytes_atomic
from modelinv.catalog import Entry, Facts
from modelinv.findings import Finding, Location, Severity
from modelinv.loader.discover import SourceFile
from modelinv.loader.read import read_bytes
from modelinv.model.references import RefField

_FORMAT = 4  # 4: Facts.discovered


def default_cache_dir() -> Path:
    configured = os.environ.get("MODELINV_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "modelinv"


class Cache:
    def __init__(self, directory: Path, root: Path, salt: str) -> None:
        key = hashlib.sha256(f"{root.resolve()}\0{salt}".encode()).hexdigest()[:24]
        self.file = directory / f"{key}.cache"
        self.stamp = f"{_FORMAT}:{__version__}:{sys.version_info[:2]}:{salt}"
        self.rows: dict[str, tuple[Any, ...]] = {}
        self.used: dict[str, tuple[Any, ...]] = {}
        # (path, size, mtime, inode) -> content key: lets an unchanged file skip the read.
        self.stats: dict[str, str] = {}
        self.used_stats: dict[str, str] = {}
        self.changed = False

    def load(self) -> None:
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
            stamp, rows, stats = marshal.loads(self.file.read_bytes())
            if stamp == self.stamp and isinstance(rows, dict) and isinstance(stats, dict):
                self.rows, self.stats = rows, stats

    def lookup(self, source: SourceFile) -> tuple[Entry | None, str, bytes | Finding]:
        """(cached entry or None, content key, the file's bytes or why it was refused).

        A file whose size, mtime and inode are unchanged is not even read.
        """
        signature = _signature(source)
        known = self.stats.get(signature) if signature else None
        hit = self.get(known, source.path) if known else None
        if hit is not None and known is not None and signature is not None:
            self.used_stats[signature] = known
            return hit, known, b""
        data = read_bytes(source.path, source.display)
        if not isinstance(data, bytes):
            return None, "", data
        key = self.key(source.display, source.rel, data)
        if signature is not None:
            self.used_stats[signature] = key
        return self.get(key, source.path), key, data

    @staticmethod
    def key(display: str, rel: str, data: bytes) -> str:
        digest = hashlib.blake2b(digest_size=20)
        digest.update(f"{display}\0{rel}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str, path: str) -> Entry | None:
        row = self.rows.get(key)
        if row is None:
            return None
        try:
            entry = _entry(row, path)
        except (TypeError, ValueError, IndexError):
            return None  # a damaged row is a cache miss
        self.used[key] = row
        return entry

    def put(self, key: str, entry: Entry) -> None:
        self.used[key] = _row(entry)
        self.changed = True

    def save(self) -> None:
        if (
            not self.changed
            and self.used.keys() == self.rows.keys()
            and (self.used_stats == self.stats)
        ):
            return
        with contextlib.suppress(OSError, ValueError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            blob = marshal.dumps((self.stamp, self.used, self.used_stats))
            write_bytes_atomic(self.file, blob, durable=False)


def _signature(source: SourceFile) -> str | None:
    """What the file system says about a file; None when it cannot say."""
    try:
        info = os.lstat(source.path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    # ctime too: restoring an old mtime (cp -p, touch -r) still moves ctime.
    stamps = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    return "\0".join((source.display, source.rel, *map(str, stamps)))


def _location(loc: Location) -> tuple[Any, ...]:
    return (loc.path, loc.line, loc.column, loc.end_line, loc.end_column)


def _row(entry: Entry) -> tuple[Any, ...]:
    """Entities are left out: catalog rules read facts and references only."""
    findings = tuple(
        (
            f.code,
            f.name,
            f.severity.value,
            f.message,
            _location(f.location),
            f.hint,
            tuple(_location(r) for r in f.related),
        )
        for f in entry.findings
    )
    refs = tuple((r.pointer, r.target, r.relation, r.allowed) for r in entry.refs)
    # marshal keeps a frozenset, but a sorted tuple keeps the cache bytes reproducible.
    facts = tuple(sorted(v) if isinstance(v, frozenset) else v for v in entry.facts)
    return (
        entry.display,
        entry.rel,
        entry.kind,
        entry.name,
        entry.id_readable,
        entry.ref,
        refs,
        entry.valid,
        facts,
        findings,
    )


def _entry(row: tuple[Any, ...], path: str) -> Entry:
    display, rel, kind, name, id_readable, ref, refs, valid, facts, findings = row
    return Entry(
        path=path,
        display=display,
        rel=rel,
        kind=kind,
        name=name,
        id_readable=id_readable,
        ref=ref,
        refs=tuple(map(RefField._make, refs)),
        valid=valid,
        facts=Facts(*facts)._replace(members=frozenset(facts[2])),
        entity=None,
        findings=tuple(
            Finding(
                code,
                rule,
                Severity(severity),
                message,
                Location(*loc),
                hint,
                tuple(Location(*r) for r in related),
            )
            for code, rule, severity, message, loc, hint, related in findings
        ),
    )
