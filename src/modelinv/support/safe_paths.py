"""Refuse to write through symbolic links: a pull request controls which paths in the
repository are links, and a link in an output path would send a write (or a published
file) anywhere on the machine."""

from __future__ import annotations

from pathlib import Path


def symlink_on_path(path: Path, base: Path | None = None) -> Path | None:
    """The first symbolic link among `path` and its parents below `base` (the working
    directory by default), or None. Above `base` (e.g. `/var -> /private/var` on some
    systems) links are the machine's, not the repository's, and are left alone; a path
    outside `base` has only itself and its folder checked."""
    base = (base or Path.cwd()).absolute()
    full = path if path.is_absolute() else base / path
    try:
        below = full.relative_to(base).parts
    except ValueError:
        below = ()
    if below:
        probe = base
        for part in below:
            probe = probe / part
            if probe.is_symlink():
                return probe
        return None
    for probe in (full.parent, full):
        if probe.is_symlink():
            return probe
    return None
