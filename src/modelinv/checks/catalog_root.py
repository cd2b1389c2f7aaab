"""Is this folder a catalog root? Catch the usual mistakes before they become findings.

Pointing `validate` at a file, or at one kind's folder (`catalog/models`), used to give a
wall of ID004/REF001 findings or a misleading "directory not found"; this says what to do.
"""

from __future__ import annotations

import os
from pathlib import Path

from modelinv.governance.policy import POLICY_FILE
from modelinv.loader.discover import symlinked_root
from modelinv.model.kinds import KINDS

KIND_FOLDERS = frozenset(kind.folder for kind in KINDS.values())


def root_problem(root: Path) -> str | None:
    """Why `root` cannot be a catalog root, as a sentence for the user, or None."""
    linked = symlinked_root(root)
    if linked is not None:
        return linked
    if root.is_file():
        return f"{root} is a file; give the catalog folder (e.g. catalog)"
    if not root.is_dir():
        return f"catalog directory not found: {root}"
    parent = root.resolve().parent
    if root.resolve().name in KIND_FOLDERS and _looks_like_catalog_root(parent):
        return (
            f"{root} is the {root.resolve().name!r} folder of a catalog; "
            f"point at the catalog root instead: {_shown(parent)}"
        )
    return None


def _looks_like_catalog_root(folder: Path) -> bool:
    """A policy file or another kind's folder beside it."""
    if (folder / POLICY_FILE).is_file():
        return True
    return sum((folder / name).is_dir() for name in KIND_FOLDERS) >= 2


def _shown(path: Path) -> str:
    """`path` relative to the working directory when that is shorter (e.g. `..`)."""
    relative = Path(os.path.relpath(path))
    return (relative if len(str(relative)) < len(str(path)) else path).as_posix()
