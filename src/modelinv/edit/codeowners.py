"""The repository's generated CODEOWNERS after `new model`: the new file needs its line.

A CODEOWNERS that `modelinv codeowners` generates (OWN005 judges it) goes out of date the
moment a new entity file appears. When it was up to date before, the only difference is
the new file's line, so it is written as `modelinv codeowners` would write it: that keeps
the promise that an edit leaves nothing `modelinv validate` rejects, and changes nothing
the user did not ask for. When it was not (missing, a link, or out of date for other
reasons), regenerating would bring in unrelated changes: it is left alone with a note
naming the command to run. A CODEOWNERS written by hand is not ours to touch.
"""

from __future__ import annotations

from pathlib import Path

from modelinv.checks import filecheck
from modelinv.edit.result import Change
from modelinv.generated.codeowners import MAX_BYTES, repository_codeowners
from modelinv.inventory.index import Index
from modelinv.inventory.inventory import Inventory
from modelinv.loader.discover import SourceFile
from modelinv.loader.read import read_bytes


def codeowners_after(catalog: Inventory, new: Change) -> Change:
    """The change to CODEOWNERS that the new file `new` (computed against `catalog`, not
    yet part of it) calls for. Unchanged when there is nothing to write; its notes then
    say what to run when CODEOWNERS needs a hand."""
    found = repository_codeowners(catalog.index)
    if found is None or not found.generated:
        return _nothing(Path(".github/CODEOWNERS"), ".github/CODEOWNERS")
    path, display = found.path, found.display
    run = f"run {found.regenerate}"
    if found.current.text is None:
        state = (
            "is missing" if found.current.missing else f"cannot be used: {found.current.problem}"
        )
        return _nothing(path, display, f"{display} {state}; the policy requires it (OWN005): {run}")
    before = found.expected(catalog.index)
    after = found.expected(_with(catalog, new))
    data = read_bytes(str(path), display, MAX_BYTES)
    if before is None or after is None or not isinstance(data, bytes):
        return _nothing(path, display)
    if data != before.encode("utf-8"):
        return _nothing(
            path,
            display,
            f"{display} not updated: it does not match the catalog even without this model "
            f"(OWN005): {run}",
        )
    old = set(before.splitlines())
    added = [line for line in after.splitlines() if line not in old and not line.startswith("#")]
    summary = "added " + "; ".join(added) if added else "regenerated as modelinv codeowners would"
    return Change(path, display, data, after.encode("utf-8"), summary)


def _with(catalog: Inventory, new: Change) -> Index:
    rel = new.path.relative_to(Path(catalog.root)).as_posix()
    entry = filecheck.check_file(
        SourceFile(str(new.path), new.display, rel), new.after, "auto", catalog.context
    )
    others = [e for e in catalog.entries if e.path != str(new.path)]
    return Index(catalog.root, [*others, entry], catalog.context)


def _nothing(path: Path, display: str, note: str | None = None) -> Change:
    return Change(path, display, b"", b"", "", (note,) if note else ())
