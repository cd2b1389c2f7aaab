"""Read a catalog file's bytes without trusting the path: no symlinks, FIFOs or huge files."""

from __future__ import annotations

from pathlib import Path

from modelinv.checks.rules import yml010_file_refused as refused
from modelinv.findings import Finding, Location
from modelinv.loader.discover import miscased_suffix
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


def refused_name(rel: str, display: str) -> Finding | None:
    """The YML010 finding for a file named like a catalog file but for the case of its
    suffix (`models/x.YAML`), which is not read: a user means it as an entry, and reading
    it under another name than `validate` would would make the hooks, CODEOWNERS and git
    history disagree on what the catalog holds. None for any other name."""
    name = rel.rpartition("/")[2]
    suffix = miscased_suffix(name)
    if suffix is None:
        return None
    return refused.RULE.at(
        Location(display, 1, 1),
        f"not read: catalog files end in .yaml or .yml, not {suffix}",
        hint=f"rename it to {name.removesuffix(suffix)}{suffix.lower()}",
    )
