"""Moves of the whole catalog folder (`git mv catalog inventory/catalog`): where the folder
was before. git cannot show such a move through a path limit (a log or a tree listing of
the new folder sees every file added), so it is read from git's rename detection over the
whole tree."""

from __future__ import annotations

from pathlib import Path

from modelinv.gitdata import git

Renamed = tuple[str, str, str]  # (status, old path, new path), as `git.renames` lists them


def moved_from(renamed: list[Renamed], prefix: str) -> tuple[str, list[Renamed]] | None:
    """The folder (a path in the repository, "" or ending in "/") most of the files renamed
    into the folder `prefix` came from, each keeping its path inside the folder, with those
    renames; None when no file was moved in so."""
    lead = f"{prefix}/" if prefix else ""
    earlier: dict[str, int] = {}
    for _, old, new in renamed:
        if new.startswith(lead) and old.endswith(new[len(lead) :]):
            folder = old[: len(old) - len(new) + len(lead)]
            if folder == "" or folder.endswith("/"):
                earlier[folder] = earlier.get(folder, 0) + 1
    if not earlier:
        return None
    folder = max(earlier, key=lambda f: (earlier[f], f))  # where most of them came from
    moved = [r for r in renamed if r[2].startswith(lead) and r[1] == folder + r[2][len(lead) :]]
    return folder, moved


def folder_at(top: Path, prefix: str, ref: str) -> str:
    """The catalog folder's path at `ref` (`prefix` in the working tree): `prefix` where
    `ref` holds it, else the folder its files were moved from since `ref` (`git diff -M`
    from `ref` to the working tree), else `prefix` (the catalog did not exist yet)."""
    try:
        commit = git.commit_of(top, ref)  # refuses a ref git would take for an option
    except git.GitError:  # reading the catalog at `ref` says what is wrong with it
        return prefix
    name = f"{commit}:{prefix}" if prefix else f"{commit}:"
    found = git.object_sizes(top, [name])[name]
    if found is not None and found[1] == "tree":
        return prefix
    renamed = git.renamed_since(top, commit)
    moved = moved_from(renamed, prefix)
    return moved[0].removesuffix("/") if moved is not None else prefix
