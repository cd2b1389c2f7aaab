"""Read a catalog file's bytes without trusting the path: no symlinks, FIFOs or huge files."""

from __future__ import annotations

from pathlib import Path

from modelinv.checks.rules import yml010_file_refused as refused
from modelinv.findings import Finding, Location
from modelinv.support.bounded_read import ReadRefused, read_regular

MAX_FILE_BYTES = 1024 * 1024

LINK = "symbolic link refused"
FOLDER_LINK = "symbolic link to a folder refused: none of its files is read"
_HINTS = {
    LINK: "commit the entity as a regular file, not a link",
    FOLDER_LINK: "commit the folder and its files in the catalog, not a link to a folder",
}
_TOO_LARGE_HINT = "a catalog entry is a few kilobytes; move large text to linked documentation"


def read_bytes(path: str, display: str, limit: int = MAX_FILE_BYTES) -> bytes | Finding:
    """The file's bytes, or a finding that says why it was not read."""
    try:
        return read_regular(path, limit)
    except ReadRefused as exc:
        if exc.reason == LINK and Path(path).is_dir():  # `discover` lists links to folders
            exc = ReadRefused(FOLDER_LINK)
        return refusal(Location(display, 1, 1), exc)


def refusal(where: Location, exc: ReadRefused) -> Finding:
    """The YML010 finding for a file (or git blob) that was not read."""
    hint = _TOO_LARGE_HINT if exc.size is not None else _HINTS.get(exc.reason)
    return refused.RULE.at(where, exc.reason, hint=hint)
