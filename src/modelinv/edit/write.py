"""Put a checked Change on disk atomically, unless the file changed since it was read."""

from __future__ import annotations

from modelinv.edit.result import Change, Refused
from modelinv.support.atomic import write_bytes_atomic


def write_change(change: Change) -> None:
    """Write `change.after` (temp file + rename, mode kept); a failure leaves the file as
    it was."""
    if not change.changed:
        return
    path = change.path
    if change.before is None:
        if path.exists() or path.is_symlink():
            raise Refused(change.display, ["the file appeared while editing; nothing written"])
        path.parent.mkdir(parents=True, exist_ok=True)
    elif path.is_symlink() or not path.is_file() or path.read_bytes() != change.before:
        raise Refused(
            change.display, ["the file changed while editing; nothing written, run again"]
        )
    write_bytes_atomic(path, change.after)
