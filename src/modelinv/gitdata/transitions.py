"""`--base REF`: the catalog as it was at a git ref, and the transition rules run on it.

The files at REF are read in bulk (`git ls-tree` then one `git cat-file --batch`) and go
through the same per-file path as the working tree's. A file identical at REF and on disk
(same path, same bytes) is not parsed twice: both catalogs share its entry, which marks it
as unchanged. The rules compare entities: both sides are inventories, whose entities come
from the entries' payloads, so the working tree is never parsed again.
"""

from __future__ import annotations

from pathlib import Path

from modelinv.checks.filecheck import check_file
from modelinv.checks.rules import yml010_file_refused as refused
from modelinv.checks.rules.registry import TRANSITION_RULES
from modelinv.findings import Finding, Location
from modelinv.gitdata import changes
from modelinv.gitdata import git as gitrepo
from modelinv.governance.policy import POLICY_FILE
from modelinv.inventory.index import Entry, Index
from modelinv.inventory.inventory import Inventory
from modelinv.loader.discover import SUFFIXES, SourceFile, shown_root
from modelinv.loader.load import ParserName
from modelinv.loader.read import MAX_FILE_BYTES, read_bytes


def transition_findings(head: Index, ref: str, parser: ParserName = "auto") -> list[Finding]:
    """Every transition rule's findings for `head` (the loaded working tree) against `ref`."""
    base = load_base(head, ref, parser)
    inventory = Inventory(head)
    try:
        return [f for rule in TRANSITION_RULES for f in rule.check(base, inventory)]
    finally:
        changes.forget()


def load_base(head: Index, ref: str, parser: ParserName = "auto") -> Inventory:
    """The catalog at `ref`, sharing the entries of files unchanged since.

    Base entries' `path` is `REF:path-in-repository` (what `git show` takes), not a file
    on disk: they are reported by path, never located. Raises `gitrepo.GitError`.
    """
    root = Path(head.root).resolve()
    top = gitrepo.toplevel(root).resolve()
    commit = gitrepo.commit_of(root, ref)
    prefix = root.relative_to(top).as_posix()
    prefix = "" if prefix == "." else prefix
    files = [
        f for f in gitrepo.list_files(root, commit, prefix) if catalog_file(_rel(f.path, prefix))
    ]
    blobs = gitrepo.read_blobs(
        root, [f.oid for f in files if f.kind == "blob" and f.mode != gitrepo.SYMLINK_MODE]
    )
    on_disk = {e.rel: e for e in head.entries}
    shown = shown_root(Path(head.root))
    base_entries: list[Entry] = []
    for file in files:
        rel = _rel(file.path, prefix)
        display = rel if shown == "." else f"{shown}/{rel}"
        data = _data(file, blobs.get(file.oid), display)
        current = on_disk.get(rel)
        if current is not None and isinstance(data, bytes) and _same_bytes(current, data):
            base_entries.append(current)
            continue
        source = SourceFile(f"{ref}:{file.path}", display, rel)
        base_entries.append(check_file(source, data, parser, head.context))
    return Inventory(Index(head.root, base_entries, head.context))


def _rel(path: str, prefix: str) -> str:
    return path[len(prefix) + 1 :] if prefix else path


def catalog_file(rel: str) -> bool:
    """What `discover` would list: YAML names, no hidden parts, not the policy file."""
    hidden = any(part.startswith(".") for part in rel.split("/"))
    return rel.endswith(SUFFIXES) and rel != POLICY_FILE and not hidden


def _data(file: gitrepo.TreeFile, blob: bytes | None, display: str) -> bytes | Finding:
    where = Location(display, 1, 1)
    if file.mode == gitrepo.SYMLINK_MODE:
        return refused.RULE.at(where, "symbolic link refused")
    if file.kind != "blob" or blob is None:
        return refused.RULE.at(where, "not a regular file refused")
    if len(blob) > MAX_FILE_BYTES:
        return refused.RULE.at(where, f"file is {len(blob)} bytes, over the limit")
    return blob


def _same_bytes(entry: Entry, data: bytes) -> bool:
    current = read_bytes(entry.path, entry.display)
    return isinstance(current, bytes) and current == data
