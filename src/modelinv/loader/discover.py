"""Find the catalog's files without following links out of the tree."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from modelinv.support.safe_paths import symlink_on_path

SUFFIXES = (".yaml", ".yml")


def miscased_suffix(name: str) -> str | None:
    """The suffix of a file named like a catalog file but for its case (`x.YAML`, `x.Yml`),
    which is not read as one: it is listed, to be refused (YML010), not skipped without a
    word. None for any other name."""
    if name.endswith(SUFFIXES) or not name.lower().endswith(SUFFIXES):
        return None
    return name[name.rindex(".") :]


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str  # absolute
    display: str  # relative to the working directory when inside it
    rel: str  # POSIX path under the catalog root


def symlinked_root(root: Path) -> str | None:
    """Why `root` is refused as a catalog folder, or None: it, or a folder on the way to it
    below the working directory, is a symbolic link (`support.safe_paths`).

    A pull request can replace `catalog/` with a link to any folder on the CI machine,
    whose files would then be read and quoted in findings and pages.
    """
    link = symlink_on_path(root)
    if link is None:
        return None
    return (
        f"catalog directory {root}: {link} is a symbolic link (to {link.readlink()}), refused "
        "so that no file outside the repository is read; name the real folder"
    )


def shown_root(root: Path, cwd: Path | None = None) -> str:
    """How paths under `root` are shown: relative to the working directory when inside it."""
    root = root.resolve()
    try:
        return root.relative_to((cwd or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return root.as_posix()


def shown_path(shown: str, rel: str) -> str:
    """How `rel` (a POSIX path under a root shown as `shown`, see `shown_root`) is shown:
    itself under the working directory, and with one slash after a root shown as `/`."""
    if shown in ("", "."):
        return rel
    return f"{shown.rstrip('/')}/{rel}"


def discover(root: Path, cwd: Path | None = None) -> list[SourceFile]:
    """Every `*.yaml`/`*.yml` entry under `root` (links and FIFOs included, to be refused),
    every file named so but for its case (`*.YAML`, `miscased_suffix`), and every link to a
    folder, whatever its name: such a folder is not walked (its files may be anywhere on the
    machine). Those last two are listed to be refused (YML010), not skipped without a
    word."""
    shown = shown_root(root, cwd)
    root = root.resolve()
    found = []
    for folder, dirs, files in os.walk(root):
        # A folder named like a catalog file, or a link to a folder, is listed to be refused.
        named = [d for d in dirs if d.endswith(SUFFIXES) or Path(folder, d).is_symlink()]
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in named)
        rel_folder = Path(folder).relative_to(root).as_posix()
        for name in sorted(files + named):
            if name.startswith("."):
                continue
            if name not in named and not name.lower().endswith(SUFFIXES):
                continue
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            path = f"{folder.rstrip(os.sep)}{os.sep}{name}"  # one separator after `/` too
            found.append(SourceFile(path, shown_path(shown, rel), rel))
    return found
