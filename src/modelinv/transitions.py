"""`--base REF`: the catalog as it was at a git ref, and the transition rules run on it.

The files at REF are read in bulk (`git ls-tree` then one `git cat-file --batch`) and go
through the same per-file path as the working tree's. A file identical at REF and on disk
(same path, same bytes) is not parsed twice: both catalogs share its entry, which marks it
as unchanged. Files that changed are re-checked with their entities kept, since the rules
compare entities (the validation run itself keeps only facts).
"""

from __future__ import annotations

from pathlib import Path

from modelinv import changes, gitrepo
from modelinv.bounded_read import too_large
from modelinv.catalog import Catalog, Entry
from modelinv.filecheck import check_file
from modelinv.findings import Finding, Location
from modelinv.loader.discover import SUFFIXES, SourceFile, shown_root
from modelinv.loader.load import ParserName
from modelinv.loader.read import MAX_FILE_BYTES, read_bytes, refusal
from modelinv.policy import POLICY_FILE
from modelinv.rules import yml010_file_refused as refused
from modelinv.rules.registry import TRANSITION_CHECKS


def transition_findings(head: Catalog, ref: str, parser: ParserName = "auto") -> list[Finding]:
    """Every transition rule's findings for `head` (the loaded working tree) against `ref`."""
    base, full_head = load_base(head, ref, parser)
    try:
        return [finding for check in TRANSITION_CHECKS for finding in check(base, full_head)]
    finally:
        changes.forget()


def load_base(head: Catalog, ref: str, parser: ParserName = "auto") -> tuple[Catalog, Catalog]:
    """(the catalog at `ref`, `head` with entities for every changed file).

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
        root,
        [f.oid for f in files if f.kind == "blob" and f.mode != gitrepo.SYMLINK_MODE],
        MAX_FILE_BYTES,
    )
    on_disk = {e.rel: e for e in head.entries}
    shown = shown_root(Path(head.root))
    base_entries: list[Entry] = []
    unchanged: set[str] = set()
    for file in files:
        rel = _rel(file.path, prefix)
        display = rel if shown == "." else f"{shown}/{rel}"
        data = _data(file, blobs.get(file.oid), display)
        current = on_disk.get(rel)
        if current is not None and isinstance(data, bytes) and _same_bytes(current, data):
            base_entries.append(current)
            unchanged.add(rel)
            continue
        source = SourceFile(f"{ref}:{file.path}", display, rel)
        base_entries.append(check_file(source, data, parser, head.context))
    head_entries = [
        _recheck(e, head, parser) if e.rel not in unchanged and _needs_entity(e) else e
        for e in head.entries
    ]
    base = Catalog(head.root, base_entries, head.context)
    return base, Catalog(head.root, head_entries, head.context, head.policy_findings)


def _rel(path: str, prefix: str) -> str:
    return path[len(prefix) + 1 :] if prefix else path


def catalog_file(rel: str) -> bool:
    """What `discover` would list: YAML names, no hidden parts, not the policy file."""
    hidden = any(part.startswith(".") for part in rel.split("/"))
    return rel.endswith(SUFFIXES) and rel != POLICY_FILE and not hidden


def _data(
    file: gitrepo.TreeFile, blob: bytes | gitrepo.Oversized | None, display: str
) -> bytes | Finding:
    where = Location(display, 1, 1)
    if file.mode == gitrepo.SYMLINK_MODE:
        return refused.RULE.at(where, "symbolic link refused")
    if file.kind != "blob" or blob is None:
        return refused.RULE.at(where, "not a regular file refused")
    if isinstance(blob, gitrepo.Oversized):
        return refusal(where, too_large(blob.size, MAX_FILE_BYTES))
    return blob


def _same_bytes(entry: Entry, data: bytes) -> bool:
    current = read_bytes(entry.path, entry.display)
    return isinstance(current, bytes) and current == data


def _needs_entity(entry: Entry) -> bool:
    """A valid file whose entity the run did not keep (it keeps facts only)."""
    return entry.valid and entry.entity is None


def _recheck(entry: Entry, head: Catalog, parser: ParserName) -> Entry:
    """The entry again, this time with its entity (the run kept facts only)."""
    source = SourceFile(entry.path, entry.display, entry.rel)
    return check_file(source, read_bytes(entry.path, entry.display), parser, head.context)
