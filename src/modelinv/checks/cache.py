"""A content-hash cache of per-file results, so a re-run only re-checks changed files.

Entries are stored as plain tuples with `marshal` (no pickle: loading 10,000 slotted
dataclasses through pickle costs most of a second; marshal reads plain tuples at C speed
and cannot construct arbitrary objects). The cache lives in the user's cache directory,
never in the repository, and a file that does not read back cleanly is ignored.

Three kinds of file per catalog: the rows (everything `validate` needs; written in chunks
with the MAC after them, so they are never marshalled in one blob), the entities'
JSON payloads (read only when an `Inventory` asks for an entity, since they are most of the
bytes), and the catalog-rule findings of the last run with a digest of everything those
rules read, so a run whose index is unchanged in every respect the rules see skips them.

Rows and payloads new since the last full write go to a small second file of each kind
(`.cache-new`, `.payloads-new`), merged into the main one once it holds a quarter of the
catalog, so a one-file change does not rewrite 14 MB of rows and 24 MB of payloads (at
10,000 files). Rows are keyed by a hash of the file's bytes, so a row is right wherever it
is found; rows of files that changed since stay in the main file until that merge.

The payload file is indexed: an authenticated table (key -> offset, length, digest of the
payload) ahead of the payloads, so `modelinv gate`, which decodes one entity, reads the
table and that payload, not every entity of the catalog.

Two things make a row trustworthy. Its stamp holds a hash of modelinv's own code and data
files, so an upgrade (or a local edit of a rule) never serves results computed by other
code. And the file carries an HMAC under a secret made once per cache directory (mode
0600): a row crafted or copied in from elsewhere (a restored CI cache, another user's
folder) fails the check and the whole file is ignored. In the payload file the HMAC covers
the table, and the table holds each payload's digest, checked when the payload is read.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import marshal
import os
import stat
import sys
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple

from modelinv.checks.cache_rows import (
    PART_DIGEST,
    CachedEntry,
    finding_rows,
    findings_of,
    part_digest,
    row_of,
)
from modelinv.findings import Finding
from modelinv.inventory.index import Entry, Relations, digest_payload
from modelinv.loader.discover import SourceFile
from modelinv.loader.read import read_bytes
from modelinv.support.atomic import write_bytes_atomic

# 7: payloads and rule findings in files of their own; 8: Facts.discovered; 9: row and
# payload delta files, indexed payload file, stat signatures as tuples; 10: rows files in
# chunks with the MAC after them; 11: index-part digests of marshal version 0, not repr;
# 12: Facts.written_lifecycle.
_FORMAT = 12
_PACKAGE = Path(__file__).resolve().parents[1]
_SECRET_FILE = "secret.key"
_SECRET_BYTES = 32
_MAC_BYTES = 32
_SIZE_BYTES = 8  # the payload file's table length, little-endian, after the MAC

# (display, rel, size, mtime, ctime, inode) of a file: what the file system says of it.
Signature = tuple[str, str, int, int, int, int]
# key -> (offset after the table, length, blake2b digest of the payload)
PayloadTable = dict[str, tuple[int, int, bytes]]


@functools.cache
def code_hash() -> str:
    """A hash of every file of the installed package that decides a result: its code, the
    templates and data it ships. Read once per process (~170 small files, a few ms)."""
    suffixes = (".py", ".json", ".yaml", ".html", ".css", ".js")
    found = []
    for folder, _, files in os.walk(_PACKAGE):  # os.walk: half the time of Path.rglob
        rel = Path(folder).relative_to(_PACKAGE).as_posix()
        found += [
            (f"{rel}/{name}", Path(folder, name)) for name in files if name.endswith(suffixes)
        ]
    digest = hashlib.blake2b(digest_size=16)
    for rel, path in sorted(found):
        digest.update(os.fsencode(rel) + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _secret(directory: Path) -> bytes | None:
    """The cache directory's own key, made on first use; None when it cannot be trusted."""
    path = directory / _SECRET_FILE
    with contextlib.suppress(FileExistsError):
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(_SECRET_BYTES))
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077:
            return None  # a key others can read or write proves nothing
        secret = handle.read(_SECRET_BYTES + 1)
    return secret if len(secret) == _SECRET_BYTES else None


def default_cache_dir() -> Path:
    configured = os.environ.get("MODELINV_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "modelinv"


def _merge_due(fresh: int, stale: int, used: int) -> bool:
    """Whether a delta file has grown enough (new entries, or entries of the main file no
    longer used) that the main file should be rewritten whole instead."""
    return (fresh + stale) * 4 > max(used, 64)


class Cache:
    def __init__(self, directory: Path, root: Path, salt: str) -> None:
        key = hashlib.sha256(os.fsencode(f"{root.resolve()}\0{salt}")).hexdigest()[:24]
        self.file = directory / f"{key}.cache"
        self.delta_file = self.file.with_suffix(".cache-new")
        self.directory = directory
        self.stamp = f"{_FORMAT}:{code_hash()}:{sys.version_info[:2]}:{salt}"
        self.secret: bytes | None = None
        self.rows: dict[str, tuple[Any, ...]] = {}  # main and delta file together
        self.used: dict[str, tuple[Any, ...]] = {}
        # A file's `Signature` -> content key: lets an unchanged file skip the read.
        self.stats: dict[Signature, str] = {}
        self.used_stats: dict[Signature, str] = {}
        # What the main file holds (None: no usable main file) and what the delta holds.
        self._main: tuple[dict[str, tuple[Any, ...]], dict[Signature, str]] | None = None
        self._delta: tuple[dict[str, tuple[Any, ...]], dict[Signature, str]] = ({}, {})
        self._added = False  # a row or stat the files may not hold was used
        self.payload_file = self.file.with_suffix(".payloads")
        self.payload_delta_file = self.file.with_suffix(".payloads-new")
        self.rules_file = self.file.with_suffix(".rules")
        self.relations_file = self.file.with_suffix(".relations")
        # This run's new payloads: in an unnamed temporary file as they come (`_Spool`),
        # or in memory where that file cannot be made.
        self._spool: _Spool | None = None
        self._spool_failed = False
        self.new_places: dict[str, tuple[int, int, bytes]] = {}  # key -> spool place
        self.new_payloads: dict[str, bytes] = {}
        # The payload files' tables, open file descriptors and where their payloads start,
        # read on first use (delta first).
        self._payload_sources: list[tuple[PayloadTable, int, int]] | None = None
        self.keys: dict[str, str] = {}  # rel -> content key of the entries served or put
        self.served: list[CachedEntry] = []  # entries served, until their refs are unpacked

    def load(self) -> None:
        with contextlib.suppress(OSError):
            self.secret = _secret(self.directory)
        if self.secret is None:
            return
        main = self._read_rows(self.file)
        if main is None:
            return  # a delta is only ever written next to a main file
        self._main = main
        delta = self._read_rows(self.delta_file)
        self.rows, self.stats = main
        if delta is not None and (delta[0] or delta[1]):
            self._delta = delta
            self.rows = {**main[0], **delta[0]}
            self.stats = {**main[1], **delta[1]}

    def _read(self, path: Path) -> Any:
        """The value a cache file holds under our stamp; None when absent, foreign, stale
        or damaged (a cache file that does not read back cleanly is ignored)."""
        if self.secret is None:
            return None
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
            raw = path.read_bytes()
            # A view, not a slice: no copy of 15 MB of rows at 10,000 files.
            mac, blob = raw[:_MAC_BYTES], memoryview(raw)[_MAC_BYTES:]
            if not hmac.compare_digest(mac, self._mac(blob)):
                return None  # not written by us with this key: ignore it whole
            stamp, value = marshal.loads(blob)
            if stamp == self.stamp:
                return value
        return None

    def _write(self, path: Path, value: Any) -> None:
        if self.secret is None:
            return  # no trustworthy key: never write rows nobody could verify
        with contextlib.suppress(OSError, ValueError):
            path.parent.mkdir(parents=True, exist_ok=True)
            blob = marshal.dumps((self.stamp, value))
            # In pieces: MAC and blob are never joined (the blob is tens of MB at 50,000).
            write_bytes_atomic(path, (self._mac(blob), blob), durable=False)

    def _read_rows(
        self, path: Path
    ) -> tuple[dict[str, tuple[Any, ...]], dict[Signature, str]] | None:
        """The rows and stat signatures a rows file holds under our stamp and key; None
        when absent, foreign, stale or damaged (then it is ignored whole)."""
        if self.secret is None:
            return None
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError, IndexError):
            raw = path.read_bytes()
            if len(raw) < _MAC_BYTES:
                return None
            # A view, not a slice: no copy of 15 MB of rows at 10,000 files.
            body, mac = memoryview(raw)[:-_MAC_BYTES], raw[-_MAC_BYTES:]
            if not hmac.compare_digest(mac, self._mac(body)):
                return None  # not written by us with this key: ignore it whole
            stamp, rows, stats = unpack_rows(body)
            if stamp == self.stamp:  # else another version of modelinv, or other settings
                return rows, stats
        return None

    def _write_rows(
        self, path: Path, rows: dict[str, tuple[Any, ...]], stats: dict[Signature, str]
    ) -> None:
        """Rows and stats in chunks, the MAC after them: never all marshalled at once (one
        blob cost ~20 MB at 10,000 files, ~107 MB at 50,000, on top of the rows)."""
        if self.secret is None:
            return  # no trustworthy key: never write rows nobody could verify
        with contextlib.suppress(OSError, ValueError):
            path.parent.mkdir(parents=True, exist_ok=True)
            pieces = _signed(
                hmac.new(self.secret, digestmod=hashlib.sha256), pack_rows(self.stamp, rows, stats)
            )
            write_bytes_atomic(path, pieces, durable=False)

    def _mac(self, blob: bytes | memoryview) -> bytes:
        assert self.secret is not None
        return hmac.new(self.secret, blob, hashlib.sha256).digest()

    def lookup(self, source: SourceFile) -> tuple[Entry | None, str, bytes | Finding]:
        """(cached entry or None, content key, the file's bytes or why it was refused).

        A file whose size, mtime and inode are unchanged is not even read.
        """
        signature = file_signature(source)
        if signature is not None:
            known = self.stats.get(signature)
            hit = self.get(known, source.path) if known is not None else None
            if hit is not None and known is not None:
                self.used_stats[signature] = known
                self.keys[source.rel] = known
                return hit, known, b""
        data = read_bytes(source.path, source.display)
        if not isinstance(data, bytes):
            return None, "", data
        key = self.key(source.display, source.rel, data)
        if signature is not None:
            self.used_stats[signature] = key
            self._added = True
        self.keys[source.rel] = key
        return self.get(key, source.path), key, data

    @staticmethod
    def key(display: str, rel: str, data: bytes) -> str:
        digest = hashlib.blake2b(digest_size=20)
        # paths as the file system gives them: a name may hold bytes that are not UTF-8
        digest.update(os.fsencode(f"{display}\0{rel}\0"))
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str, path: str) -> Entry | None:
        row = self.rows.get(key)
        if row is None:
            return None
        try:
            entry = CachedEntry(row, path, self.served)
        except (TypeError, ValueError, IndexError):
            return None  # a damaged row is a cache miss
        self.used[key] = row
        return entry

    def has_rows(self) -> bool:
        """Whether any file could be served (an empty cache serves nothing: its callers
        need not read every file up front to look it up)."""
        return bool(self.rows)

    def put(
        self,
        key: str,
        entry: Entry,
        row: tuple[Any, ...] | None = None,
        signature: Signature | None = None,
    ) -> None:
        """Store a freshly checked entry under its content key; `row` is `row_of(entry)`
        when the caller made it already, `signature` the file's when `lookup` did not see
        it. The cache keeps the entry's payload from now on (in its spool file): the
        entry's own copy is dropped, and `payload` serves it."""
        self._added = True
        self.used[key] = row if row is not None else row_of(entry)
        self.keys[entry.rel] = key
        if signature is not None:
            self.used_stats[signature] = key
        if entry.payload:
            if not self._spool_payload(key, entry.payload):
                self.new_payloads[key] = entry.payload
            entry.payload = b""

    def _spool_payload(self, key: str, payload: bytes) -> bool:
        """Keep a new payload in the spool file (the caller may then drop its copy)."""
        if self._spool is None and not self._spool_failed:
            try:
                self._spool = _Spool(self.directory)
            except OSError:
                self._spool_failed = True
        if self._spool is None:
            return False
        try:
            offset = self._spool.append(payload)
        except OSError:
            return False
        self.new_places[key] = (offset, len(payload), digest_payload(payload))
        return True

    def save(self) -> None:
        """Write what this run used: the rows and stats new since the main file was written
        go to the delta file, or everything to the main file once the delta has grown (or
        the main file holds many rows no longer used). Nothing is written when the files
        already hold exactly that."""
        self._save_rows()
        if self.new_places or self.new_payloads:
            self._save_payloads()

    def _save_rows(self) -> None:
        if (
            self._main is not None
            and not self._added
            and len(self.used) == len(self.rows)
            and len(self.used_stats) == len(self.stats)
        ):
            return  # every row and stat the files hold was used, and nothing else
        if self._main is not None:
            main_rows, main_stats = self._main
            fresh_rows = {k: row for k, row in self.used.items() if k not in main_rows}
            fresh_stats = {s: k for s, k in self.used_stats.items() if main_stats.get(s) != k}
            stale = len(main_rows) - (len(self.used) - len(fresh_rows))
            stale_stats = len(main_stats) - (len(self.used_stats) - len(fresh_stats))
            used = len(self.used)
            if not _merge_due(len(fresh_rows), stale, used) and not _merge_due(
                len(fresh_stats), stale_stats, used
            ):
                delta_rows, delta_stats = self._delta
                if fresh_rows.keys() != delta_rows.keys() or fresh_stats != delta_stats:
                    self._write_rows(self.delta_file, fresh_rows, fresh_stats)
                return
        self._write_rows(self.file, self.used, self.used_stats)
        with contextlib.suppress(OSError):
            self.delta_file.unlink()

    def _save_payloads(self) -> None:
        """New payloads go to the small delta file; once it holds more than a quarter of
        the catalog, base and delta are merged (keeping only the payloads still used).
        Payloads are copied one at a time, from the old files and the spool: this process
        never holds them all (~115 MB at 50,000 models on a first run)."""
        opened: list[int] = []
        try:
            delta = self._held_in(self.payload_delta_file, opened)
            delta.update(self._held_new())
            base_exists = self.payload_file.exists()
            if base_exists and not _merge_due(len(delta), 0, len(self.used)):
                self._write_payloads(self.payload_delta_file, delta)
                return
            merged = self._held_in(self.payload_file, opened) if base_exists else {}
            merged.update(delta)
            self._write_payloads(self.payload_file, merged)
            with contextlib.suppress(OSError):
                self.payload_delta_file.unlink()
        finally:
            for fd in opened:
                os.close(fd)

    def _held_in(self, path: Path, opened: list[int]) -> dict[str, _Held]:
        """Where the payloads still used are in a payload file that authenticates (its
        descriptor added to `opened`); nothing when it does not. Each keeps the digest the
        file's table gives it, checked again whenever the copy is read."""
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return {}
        opened.append(fd)
        found = self._payload_table(fd)
        if found is None:
            return {}
        table, start = found
        return {
            key: _Held(fd, start + offset, length, digest, None)
            for key, (offset, length, digest) in table.items()
            if key in self.used
        }

    def _held_new(self) -> dict[str, _Held]:
        held = {
            key: _Held(-1, 0, len(payload), digest_payload(payload), payload)
            for key, payload in self.new_payloads.items()
        }
        if self._spool is not None:
            try:
                fd = self._spool.fd
            except OSError:
                return held  # the spool could not be written: those files are checked again
            for key, (offset, length, digest) in self.new_places.items():
                held[key] = _Held(fd, offset, length, digest, None)
        return held

    def _write_payloads(self, path: Path, payloads: dict[str, _Held]) -> None:
        """The indexed form: MAC, table length, table (stamp and key -> offset, length,
        digest), then the payloads one after the other, read one at a time."""
        if self.secret is None:
            return
        table: PayloadTable = {}
        offset = 0
        for key, held in payloads.items():
            table[key] = (offset, held.length, held.digest)
            offset += held.length
        head = marshal.dumps((self.stamp, table))
        sized = len(head).to_bytes(_SIZE_BYTES, "little") + head
        with contextlib.suppress(OSError, ValueError):
            path.parent.mkdir(parents=True, exist_ok=True)
            pieces = chain((self._mac(sized), sized), map(_Held.read, payloads.values()))
            write_bytes_atomic(path, pieces, durable=False)

    def _payload_table(self, fd: int) -> tuple[PayloadTable, int] | None:
        """The authenticated table at the start of an open payload file and the offset its
        payloads start at, or None."""
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
            top = os.pread(fd, _MAC_BYTES + _SIZE_BYTES, 0)
            mac, size_bytes = top[:_MAC_BYTES], top[_MAC_BYTES:]
            size = int.from_bytes(size_bytes, "little")
            if size > os.fstat(fd).st_size - len(top):
                return None  # another format, or forged: never allocate what it claims
            head = os.pread(fd, size, len(top))
            if not hmac.compare_digest(mac, self._mac(size_bytes + head)):
                return None
            stamp, table = marshal.loads(head)
            if stamp == self.stamp and isinstance(table, dict):
                return table, len(top) + size
        return None

    def _open_payloads(self) -> list[tuple[PayloadTable, int, int]]:
        """The payload files' tables, delta first, each with its file descriptor, kept open
        (until this cache is collected) to read payloads from, and the offset they start
        at. A file that does not authenticate is left out."""
        found: list[tuple[PayloadTable, int, int]] = []
        if self.secret is None:
            return found
        for path in (self.payload_delta_file, self.payload_file):
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
            except OSError:
                continue
            opened = self._payload_table(fd)
            if opened is None:
                os.close(fd)
            else:
                weakref.finalize(self, os.close, fd)
                found.append((opened[0], fd, opened[1]))
        return found

    def payload_digest(self, rel: str) -> bytes | None:
        """The digest (`index.digest_payload`) of the payload of the entry at `rel` served
        by this run, from the authenticated tables, without reading it; None when no table
        holds it. A row's key is a hash of its file's bytes, so the digest a table holds
        for it names that file's payload even where the payload bytes are damaged."""
        key = self.keys.get(rel)
        if key is None:
            return None
        found = self.new_payloads.get(key)
        if found is not None:
            return digest_payload(found)
        place = self.new_places.get(key)
        if place is not None:
            return place[2]
        if self._payload_sources is None:
            self._payload_sources = self._open_payloads()
        for table, _, _ in self._payload_sources:
            place = table.get(key)
            if place is not None and isinstance(place[2], bytes):
                return place[2]
        return None

    def payload(self, rel: str) -> bytes | None:
        """The stored JSON payload of the entry at `rel` served by this run; None when the
        payload files do not hold it (then the caller re-checks the file)."""
        key = self.keys.get(rel)
        if key is None:
            return None
        found = self.new_payloads.get(key)
        if found is not None:
            return found
        place = self.new_places.get(key)
        if place is not None and self._spool is not None:
            offset, length, digest = place
            with contextlib.suppress(OSError):
                payload = os.pread(self._spool.fd, length, offset)
                if digest_payload(payload) == digest:  # as for the payload files
                    return payload
        if self._payload_sources is None:
            self._payload_sources = self._open_payloads()
        for table, fd, start in self._payload_sources:
            place = table.get(key)
            if place is None:
                continue
            offset, length, digest = place
            with contextlib.suppress(OSError, ValueError, TypeError):
                payload = os.pread(fd, length, start + offset)
                if digest_payload(payload) == digest:
                    return payload
        return None

    def index_digest(self, entries: list[Entry]) -> str:
        """A digest of everything catalog rules can read of these entries (their disk paths
        too: ID003 names them), to reuse the rules' findings while it stays the same. Taken
        from the per-entry digests in the rows this run served or stored."""
        parts = []
        for entry in entries:
            parts.append(entry.path)
            if type(entry) is CachedEntry:
                parts.append(entry.part_digest)  # the digest depends on content alone
                continue
            key = self.keys.get(entry.rel)
            row = self.used.get(key) if key is not None else None
            parts.append(row[PART_DIGEST] if row else part_digest(entry))
        return hashlib.blake2b(os.fsencode("\0".join(parts)), digest_size=20).hexdigest()

    def rule_findings(self, digest: str) -> list[Finding] | None:
        """The catalog-rule findings stored for an index with this digest, if any."""
        stored = self._read(self.rules_file)
        with contextlib.suppress(TypeError, ValueError, IndexError):
            if isinstance(stored, tuple) and stored[0] == digest:
                return findings_of(stored[1])
        return None

    def put_rule_findings(self, digest: str, findings: list[Finding]) -> None:
        self._write(self.rules_file, (digest, finding_rows(findings)))

    def relations(self, digest: str) -> Relations | None:
        """The relation tables stored for an index with this digest, if any."""
        stored = self._read(self.relations_file)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == digest:
            table = stored[1]
            return table if isinstance(table, dict) else None
        return None

    def put_relations(self, digest: str, relations: Relations) -> None:
        self._write(self.relations_file, (digest, relations))


_SPOOL_BUFFER_BYTES = 256 * 1024


class _Spool:
    """New payloads, appended to an unnamed temporary file in the cache directory as they
    are stored and read back by offset: a first run at 50,000 models no longer holds
    ~115 MB of them. Unnamed (unlinked at once), so nothing is left behind by a crash."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._fd, name = tempfile.mkstemp(dir=directory, prefix=".spool-")
        Path(name).unlink()  # unnamed from now on: the space is freed when the fd closes
        weakref.finalize(self, os.close, self._fd)
        self._written = 0
        # Payloads not written yet: one write per ~256 kB rather than one per payload
        # (11,700 writes cost ~0.12 s of the parent's time at 10,000 files).
        self._buffered: list[bytes] = []
        self._buffered_bytes = 0

    @property
    def fd(self) -> int:
        """The file, with everything appended so far written to it."""
        self.flush()
        return self._fd

    def append(self, payload: bytes) -> int:
        """Add `payload` at the end; where it starts."""
        offset = self._written + self._buffered_bytes
        self._buffered.append(payload)
        self._buffered_bytes += len(payload)
        if self._buffered_bytes >= _SPOOL_BUFFER_BYTES:
            self.flush()
        return offset

    def flush(self) -> None:
        if not self._buffered:
            return
        view = memoryview(b"".join(self._buffered))
        self._buffered.clear()
        self._buffered_bytes = 0
        while view:
            written = os.pwrite(self._fd, view, self._written)
            self._written += written
            view = view[written:]


class _Held(NamedTuple):
    """A payload to write: where it is (a file descriptor and offset), or its bytes."""

    fd: int
    offset: int
    length: int
    digest: bytes
    data: bytes | None

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        found = os.pread(self.fd, self.length, self.offset)
        if len(found) != self.length:
            raise OSError(f"a payload was cut short ({len(found)} of {self.length} bytes)")
        return found


# Rows and stat signatures per chunk of a rows file.
_ROWS_PER_CHUNK = 2048
_LENGTH_BYTES = 8


def pack_rows(
    stamp: str, rows: dict[str, tuple[Any, ...]], stats: dict[Signature, str]
) -> Iterator[bytes]:
    """A rows file's body, piece by piece: length-prefixed marshal chunks, the stamp first,
    then ("rows", {key: row}) and ("stats", {signature: key}) a few thousand at a time."""

    def chunk(value: Any) -> Iterator[bytes]:
        blob = marshal.dumps(value)
        yield len(blob).to_bytes(_LENGTH_BYTES, "little")
        yield blob

    yield from chunk(stamp)
    for name, table in (("rows", rows), ("stats", stats)):
        items = list(table.items())
        for start in range(0, len(items), _ROWS_PER_CHUNK):
            yield from chunk((name, dict(items[start : start + _ROWS_PER_CHUNK])))


def unpack_rows(
    body: bytes | memoryview,
) -> tuple[str, dict[str, tuple[Any, ...]], dict[Signature, str]]:
    """The stamp, rows and stats of a body `pack_rows` wrote. Raises ValueError (or
    TypeError, EOFError) for a body it did not write."""
    view = memoryview(body)
    rows: dict[str, tuple[Any, ...]] = {}
    stats: dict[Signature, str] = {}
    offset, stamp = 0, None
    while offset < len(view):
        size = int.from_bytes(view[offset : offset + _LENGTH_BYTES], "little")
        offset += _LENGTH_BYTES
        if size > len(view) - offset:
            raise ValueError("a chunk runs past the end of the rows file")
        value = marshal.loads(view[offset : offset + size])
        offset += size
        if stamp is None:
            if not isinstance(value, str):
                raise TypeError("a rows file that does not start with its stamp")
            stamp = value
            continue
        name, part = value
        if not isinstance(part, dict) or name not in ("rows", "stats"):
            raise ValueError("not a chunk of rows or stats")
        (rows if name == "rows" else stats).update(part)
    if stamp is None:
        raise ValueError("a rows file without its stamp")
    return stamp, rows, stats


def _signed(mac: hmac.HMAC, pieces: Iterable[bytes]) -> Iterator[bytes]:
    """`pieces`, then their MAC."""
    for piece in pieces:
        mac.update(piece)
        yield piece
    yield mac.digest()


def file_signature(source: SourceFile) -> Signature | None:
    """What the file system says about a file; None when it cannot say."""
    try:
        info = os.lstat(source.path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    # ctime too: restoring an old mtime (cp -p, touch -r) still moves ctime.
    return (
        source.display,
        source.rel,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        info.st_ino,
    )
