"""Each catalog file's commits, for the change history on the model pages.

The audit trail is `history.file_histories`, the same one `modelinv history MODEL` shows:
one `git log -M` over the catalog folder serves every page (a process per model would
cost minutes at 10,000 models), following renames inside the catalog only.
"""

from __future__ import annotations

from pathlib import Path

from modelinv.gitdata import git as gitrepo
from modelinv.gitdata.git import LogEntry
from modelinv.gitdata.history import file_histories as catalog_file_histories


def file_histories(catalog_dir: Path) -> dict[str, tuple[LogEntry, ...]]:
    """Path relative to the catalog folder -> the commits that changed it, newest first.
    Empty outside a git repository (the pages then say there is no history)."""
    try:
        top = gitrepo.toplevel(catalog_dir).resolve()
        prefix = catalog_dir.resolve().relative_to(top).as_posix()
        return catalog_file_histories(top, "" if prefix == "." else prefix)
    except (gitrepo.GitError, ValueError):
        return {}
