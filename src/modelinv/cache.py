"""A content-hash cache of per-file results, so a re-run only re-checks changed files.

It lives in the user's cache directory, never in the repository: the cache is pickled, and
a pickle committed by someone else must never be loaded.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import sys
from pathlib import Path

from modelinv import __version__
from modelinv.atomic import write_bytes_atomic
from modelinv.catalog import Entry


def default_cache_dir() -> Path:
    configured = os.environ.get("MODELINV_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "modelinv"


class Cache:
    def __init__(self, directory: Path, root: Path, salt: str) -> None:
        key = hashlib.sha256(f"{root.resolve()}\0{salt}".encode()).hexdigest()[:24]
        self.file = directory / f"{key}.pickle"
        self.stamp = f"{__version__}:{sys.version_info[:2]}:{salt}"
        self.entries: dict[str, Entry] = {}
        self.used: dict[str, Entry] = {}
        self.changed = False

    def load(self) -> None:
        with contextlib.suppress(
            OSError,
            pickle.UnpicklingError,
            EOFError,
            AttributeError,
            ImportError,
            TypeError,
            ValueError,
        ):
            stamp, entries = pickle.loads(self.file.read_bytes())
            if stamp == self.stamp and isinstance(entries, dict):
                self.entries = entries

    @staticmethod
    def key(display: str, rel: str, data: bytes) -> str:
        digest = hashlib.blake2b(digest_size=20)
        digest.update(f"{display}\0{rel}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> Entry | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.used[key] = entry
        return entry

    def put(self, key: str, entry: Entry) -> None:
        # Entities are left out: unpickling 10,000 of them would cost seconds.
        self.used[key] = dataclasses.replace(entry, entity=None)
        self.changed = True

    def save(self) -> None:
        if not self.changed and len(self.used) == len(self.entries):
            return
        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            blob = pickle.dumps((self.stamp, self.used), protocol=pickle.HIGHEST_PROTOCOL)
            write_bytes_atomic(self.file, blob)
