"""The catalog's files at a commit, as `discover` lists them in the working tree: the one
listing that `at_commit` (diff, `validate --base`, the site's health history) and
`history --at` read, and why a file it lists is not read (YML010), as on disk.

Kept apart from `at_commit` so that `history` lists files without importing the checks.
"""

from __future__ import annotations

from pathlib import Path

from modelinv.findings import Finding, Location
from modelinv.gitdata import git
from modelinv.governance.policy import POLICY_FILE
from modelinv.loader.discover import SUFFIXES
from modelinv.loader.read import FOLDER_LINK, LINK, MAX_FILE_BYTES, refusal
from modelinv.support.bounded_read import ReadRefused, too_large


def catalog_file(rel: str) -> bool:
    """What `discover` would list: YAML names (`*.YAML` too, to be refused), no hidden
    parts, not the policy file."""
    return rel.lower().endswith(SUFFIXES) and rel != POLICY_FILE and not _hidden(rel)


def _maybe_folder_link(rel: str) -> bool:
    """Whether a committed symbolic link `rel` is one `discover` would list if it pointed to
    a folder (whatever its name): `git.folder_links` tells."""
    return not rel.lower().endswith(SUFFIXES) and not _hidden(rel)


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


def rel_path(file: git.TreeFile, prefix: str) -> str:
    """The file's path in the catalog folder `prefix`."""
    return file.path[len(prefix) + 1 :] if prefix else file.path


def readable(file: git.TreeFile) -> bool:
    """Whether the file's blob is read: a regular file (not a link, not a submodule)."""
    return file.kind == "blob" and file.mode != git.SYMLINK_MODE


def files_at(
    top: Path,
    commit: str,
    prefix: str,
    under: str | None = None,
    seen: dict[str, git.TreeFile] | None = None,
    named: dict[int, bool] | None = None,
) -> list[git.TreeFile]:
    """The catalog's files at `commit` (the catalog folder `prefix` in the repository whose
    root is `top`; only those in its folder `under`, relative to the repository root, when
    given), as `discover` lists them: every name like a catalog file's (`catalog_file`:
    links, submodules and `*.YAML` names included, to be refused) and every symbolic link
    to a folder, whatever its name (to be refused: none of its files is read), asked of git
    in one call for a version holding links. `seen` is `git.list_files`'; `named` keeps
    each listed file's `catalog_file` by `id` for the next versions sharing `seen`."""
    names: dict[int, bool] = {} if named is None else named
    listed: list[git.TreeFile] = []
    links: list[git.TreeFile] = []
    for file in git.list_files(top, commit, prefix if under is None else under, seen):
        keep = names.get(id(file))
        if keep is None:
            keep = names[id(file)] = catalog_file(rel_path(file, prefix))
        if keep:
            listed.append(file)
        elif file.mode == git.SYMLINK_MODE and _maybe_folder_link(rel_path(file, prefix)):
            links.append(file)
    if links:
        folders = git.folder_links(top, commit, links)
        listed += [f for f in links if f.path in folders]
    return listed


def refused(
    file: git.TreeFile, blob: bytes | git.Oversized | None, display: str
) -> bytes | Finding:
    """The bytes of a file `files_at` listed (`blob`: as `git.read_blobs` read it, None for
    a file not `readable`), or the YML010 finding of the working tree for a file not read:
    a link (to a file or a folder), a submodule, an oversized blob. A name like `x.YAML`
    is refused before this is asked (`loader.read.refused_name`, first in the per-file
    stage)."""
    where = Location(display, 1, 1)
    if file.mode == git.SYMLINK_MODE:
        # Only a link to a folder is listed under a name that is not a catalog file's.
        link = LINK if file.path.lower().endswith(SUFFIXES) else FOLDER_LINK
        return refusal(where, ReadRefused(link))
    if file.kind != "blob" or blob is None:
        return refusal(where, ReadRefused("not a regular file refused"))
    if isinstance(blob, git.Oversized):
        return refusal(where, too_large(blob.size, MAX_FILE_BYTES))
    return blob
