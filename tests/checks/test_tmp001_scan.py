"""TMP001 scans the catalog with a walker of its own (it runs on every validate): it must
see exactly the `*.tmp` names `os.walk` sees, `.git` left out, folder links not followed."""

from __future__ import annotations

import os
from pathlib import Path

from modelinv.checks.rules.tmp001_leftover_temp_file import _temporary_files


def _os_walk_names(root: Path) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        found += [Path(folder, n).relative_to(root).as_posix() for n in files]
    return sorted(f for f in found if f.endswith(".tmp"))


def test_the_scan_sees_what_os_walk_sees(tmp_path: Path) -> None:
    root = tmp_path
    for folder in ("models", ".git", ".hidden", "sub.tmp"):
        (root / folder).mkdir()
    for name in (
        "models/.a.yaml.abcdefgh.tmp",
        ".git/.b.yaml.abcdefgh.tmp",
        ".hidden/.c.yaml.abcdefgh.tmp",
        "x.tmp",
        "models/y.yaml",
    ):
        (root / name).write_text("x")
    (root / "models" / "folder-link.tmp").symlink_to(root / "models")
    (root / "models" / "file-link.tmp").symlink_to(root / "x.tmp")
    (root / "models" / "dangling.tmp").symlink_to(root / "nowhere")
    scanned = sorted(_temporary_files(str(root), ""))
    assert scanned == _os_walk_names(root)
    assert scanned == [
        ".hidden/.c.yaml.abcdefgh.tmp",
        "models/.a.yaml.abcdefgh.tmp",
        "models/dangling.tmp",
        "models/file-link.tmp",
        "x.tmp",
    ]
