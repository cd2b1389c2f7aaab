"""The audit trail in git: every change to a model, and the inventory as it was on a date.

Pure data out (printed by `cli/history_cmd.py`); git is read through `gitrepo`, run from the
repository root so that paths (given and shown) are relative to it. Files are read as YAML
without schema validation, so a version that was invalid at the time still shows what it
said.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelinv.checks.rules.id004_wrong_folder import misplaced
from modelinv.checks.rules.sch011_unknown_kind import RULE as UNKNOWN_KIND
from modelinv.checks.rules.yml012_unsafe_file_name import check_path as unsafe_file_name
from modelinv.checks.schema_stage import check_schema
from modelinv.findings import Finding, first_error
from modelinv.gitdata import git as gitrepo
from modelinv.gitdata.listing import files_at, readable, refused, rel_path
from modelinv.gitdata.moves import folder_at, moved_from
from modelinv.loader import load_bytes
from modelinv.loader.discover import SUFFIXES, discover, symlinked_root
from modelinv.loader.document import Document
from modelinv.loader.load import ParserName
from modelinv.loader.read import MAX_FILE_BYTES, refused_name
from modelinv.model.kinds import KINDS
from modelinv.model.refs import DATA_ASSET_TYPES, PREFIX_KIND
from modelinv.support.json_data import plain

VERSION = 1  # of the JSON output's shape
LIFECYCLE = "spec.lifecycle"
# The field that says an entity's stage, shown first in each change and on its creation.
STAGES = {"Model": LIFECYCLE, "DataAsset": "spec.status"}
_STAGE_FIELDS = frozenset(STAGES.values())
STATUS = {
    "A": "added",
    "M": "modified",
    "T": "modified",
    "R": "renamed",
    "C": "copied",
    gitrepo.CUT: "truncated",  # a shallow clone's oldest commit: what came before is unknown
}


# The statuses a file's chain of changes ends at, read backwards: its creation, or where a
# shallow clone's history stops.
_STARTS = frozenset({"A", gitrepo.CUT})


class HistoryError(Exception):
    """The question cannot be answered: no such model, no commit by that date."""


@dataclass(frozen=True, slots=True)
class Commit:
    commit: str
    date: str  # author date, ISO 8601 with offset
    author: str
    email: str
    subject: str

    @classmethod
    def of(cls, entry: gitrepo.LogEntry) -> Commit:
        return cls(entry.commit, entry.date, entry.author, entry.email, entry.subject)


@dataclass(frozen=True, slots=True)
class Change:
    field: str  # dotted path: spec.lifecycle, spec.metrics[0].value
    old: Any  # JSON-compatible; None when absent
    new: Any


@dataclass(frozen=True, slots=True)
class Revision:
    commit: Commit
    status: str  # added, modified, renamed, copied, deleted, truncated (see STATUS)
    path: str  # the file after this commit (before it, for a deletion)
    previous_path: str | None  # the file before a rename or copy
    readable: bool  # the version is a YAML mapping
    changes: tuple[Change, ...]  # lifecycle first; for an added file, its lifecycle


@dataclass(frozen=True, slots=True)
class EntityHistory:
    ref: str  # model:fraud-detector, dataset:card-transactions, team:payments-ml, ...
    path: str
    revisions: tuple[Revision, ...]  # newest first
    # The entity its file was renamed to (`model:merchant-encoder`) when no file has this
    # id any more: its history ends at that rename, the newest revision, as a deleted
    # entity's ends at its deletion.
    renamed_to: str | None = None

    @property
    def name(self) -> str:
        """The entity's id (its reference without the kind)."""
        return self.ref.partition(":")[2]


@dataclass(frozen=True, slots=True)
class ModelState:
    model: str
    lifecycle: str | None
    owner: str | None
    path: str
    # The last commit that changed the file, up to the snapshot; None when a shallow clone
    # does not reach it (the file is as the clone's oldest commit holds it).
    last_change: Commit | None


@dataclass(frozen=True, slots=True)
class Snapshot:
    day: dt.date
    commit: Commit  # the last commit at or before the end of `day` (UTC)
    models: tuple[ModelState, ...]
    truncated: bool = False  # some last change is before a shallow clone's history
    # Why each file in the models folder that was not read is left out, as validate would
    # have said then: YML012 for a name with an unsafe character (`fraud#x.yaml`), YML010
    # for a link (to a file or a folder), a `*.YAML` name, an oversized file; the load's
    # first error for one that is not YAML (YML001) or not a mapping; ID004 for another
    # kind's entity, SCH011 for an unknown or missing kind. Sorted by path.
    not_read: tuple[Finding, ...] = ()


def file_histories(top: Path, prefix: str) -> dict[str, tuple[gitrepo.LogEntry, ...]]:
    """Path relative to the catalog folder (`prefix` under the repository root `top`) ->
    the commits that changed that file, newest first, as the site's model pages list them
    (see `catalog_changes`). `history MODEL` also lists a merge where it changed a field
    itself (a conflict resolved by hand); the pages do not ask git for merges, whose
    combined diffs cost a long history's log ~1.2 ms a merge at 10,000 files (200 merges in
    600 commits: 0.48 -> 0.71 s, in the build's serial start)."""
    found: dict[str, list[gitrepo.Changed]] = {}
    for name, change in catalog_changes(top, prefix):
        found.setdefault(name, []).append(change)
    infos = gitrepo.commit_infos(top, [c for changes in found.values() for c, _, _ in changes])
    return {
        name: tuple(gitrepo.log_entry(change, infos) for change in changes)
        for name, changes in found.items()
    }


def own_merges(
    top: Path, merges: list[gitrepo.Changed], parser: ParserName = "auto"
) -> set[gitrepo.Changed]:
    """The changes among `merges` (merge commits' files, as `catalog_changes(...,
    merges=True)` lists them) in which the merge changed a field itself: to a value none
    of the merged versions had (a conflict resolved by hand, an edit made in the merge).
    A clean merge of edits made on both sides changed nothing of its own. Every version
    is read in one `git cat-file`."""
    names = [
        name
        for commit, status, paths in merges
        for name in (f"{commit}:{paths[-1]}", *_sides(commit, status, paths[-1]))
    ]
    blobs = gitrepo.read_blobs(top, names, MAX_FILE_BYTES)
    kept = set()
    for change in merges:
        commit, status, paths = change
        data = _data(blobs.get(f"{commit}:{paths[-1]}"), paths[-1], parser)
        merged = [_data(blobs.get(n), paths[-1], parser) for n in _sides(commit, status, paths[-1])]
        if _changes_of("modified", None, data, merged, None) is not None:
            kept.add(change)
    return kept


def _sides(commit: str, status: str, path: str) -> list[str]:
    """For a merge (a status letter per parent, MM), the file as each parent held it."""
    return [f"{commit}^{n}:{path}" for n in range(1, len(status) + 1)]


def start_catalog_changes(top: Path, prefix: str) -> gitrepo.EarlyLog:
    """The `git log` `catalog_changes(top, prefix, early=...)` reads first, started now (see
    `git.EarlyLog`): the site starts it before decoding the catalog's models."""
    return gitrepo.EarlyLog(top, *_log_args(prefix, None, merges=False))


def _log_args(prefix: str, since: str | None, merges: bool) -> tuple[str, ...]:
    """The arguments of the `git log` over the catalog folder `prefix` from `since`."""
    options = ("-M", "--cc") if merges else ("-M",)
    return (*options, *([since] if since else []), "--", prefix or ".")


def catalog_changes(
    top: Path, prefix: str, merges: bool = False, early: gitrepo.EarlyLog | None = None
) -> Iterator[tuple[str, gitrepo.Changed]]:
    """Each change to a catalog file, newest first, with the file's path today relative
    to the catalog folder (`prefix` under the repository root `top`), as git writes them.

    One `git log -M` over the catalog folder only, walked from newest to oldest, carrying
    each file's current name back through its renames. Only renames inside the catalog
    are followed: a copy (status C) is the creation of a new file, and a file moved or
    copied in from outside the catalog (a test fixture) starts its history there; a rename's
    chain ends at the commit that added the old name, so older commits at that path belong
    to whatever file had it then, never to the renamed one. A move of the whole catalog
    folder (`git mv catalog inventory/catalog`) is the exception: its files are renamed
    there, and their history goes on in the folder they came from (`_folder_move`). In a
    shallow clone a file's changes end with status `git.CUT`: its history stops there.
    With `merges`, a merge commit is listed for each file that differs from every parent's
    version (status a letter per parent, MM), which includes a clean merge of edits made on
    both sides: `model_history` keeps only the merges that changed a field themselves.
    `early` is the first log, started ahead (`start_catalog_changes`, without merges).
    """
    current: dict[str, str] = {}  # a path at some commit -> the file's path today, in the catalog
    since: str | None = None  # where the walk starts: HEAD, then before each folder move
    for _ in range(MAX_FOLDER_MOVES + 1):
        log = early.changes() if early is not None and since is None and not merges else None
        moved = yield from _changes_in(top, prefix, since, merges, current, log)
        if moved is None:
            return
        since, prefix = moved


# How many moves of the catalog folder a history follows back (each costs a `diff-tree`).
MAX_FOLDER_MOVES = 20


def _changes_in(
    top: Path,
    prefix: str,
    since: str | None,
    merges: bool,
    current: dict[str, str],
    log: Iterator[gitrepo.Changed] | None = None,
) -> Generator[tuple[str, gitrepo.Changed], None, tuple[str, str] | None]:
    """`catalog_changes` of the history of `prefix` from `since` (HEAD when None) back to
    where the folder began; returns (the commit before it, the folder's earlier path) when
    the folder was moved there from elsewhere, else None. Each commit's changes are held back
    until the next commit's come: the oldest commit's are rewritten as renames when it
    moved the folder. `log`: that history's changes from a log started ahead."""
    lead = f"{prefix}/" if prefix else ""
    held: list[gitrepo.Changed] = []
    if log is None:
        log = gitrepo.log_changes(top, *_log_args(prefix, since, merges))
    for listed in log:
        if held and listed[0] != held[0][0]:
            yield from _named(held, lead, current)
            held.clear()
        held.append(listed)
    # A folder moved in adds every file it lists (git cannot see the move: the path limit
    # hides where the files came from).
    created = held and all(status == "A" for _, status, _ in held)
    moved = _folder_move(top, held[0][0], prefix) if created else None
    if moved is None:
        yield from _named(held, lead, current)
        return None
    before, earlier, renames = moved
    as_renames = [renames.get(change[2][-1], change) if change[2] else change for change in held]
    yield from _named(as_renames, lead, current, earlier)
    return before, earlier.removesuffix("/")


def _named(
    changes: Iterable[gitrepo.Changed],
    lead: str,
    current: dict[str, str],
    earlier: str | None = None,
) -> Iterator[tuple[str, gitrepo.Changed]]:
    """Each change to a file in the folder `lead`, named by the file's path today (see
    `catalog_changes`); a rename from the folder's `earlier` path (its move) is followed."""
    for listed in changes:
        commit, status, paths = listed
        if not paths or not paths[-1].startswith(lead):
            continue  # a merge lists no file; a file outside the catalog is not ours
        path = paths[-1]
        kind, change = "M" if gitrepo.merge_status(status) else status[0], listed
        outside = len(paths) == 2 and not paths[0].startswith(
            earlier if earlier is not None else lead
        )
        if kind == "C" or outside:
            kind, change = "A", (commit, "A", (path,))
        name = current.get(path, path[len(lead) :])
        yield name, change
        if kind == "R":
            current[paths[0]] = name
        elif kind in _STARTS:
            current.pop(path, None)  # the chain back from `name` ends at its creation


def _folder_move(
    top: Path, commit: str, prefix: str
) -> tuple[str, str, dict[str, gitrepo.Changed]] | None:
    """When `commit`, the oldest to touch the catalog folder `prefix`, moved a whole folder
    there (`git mv catalog inventory/catalog`): (its first parent, that folder's path, ""
    or ending in "/", each moved file's change as a rename from there). None for a catalog
    created in place, or a history that stops there (a root commit, a shallow clone)."""
    try:
        renamed = gitrepo.renames(top, commit)
    except gitrepo.GitError:  # a root commit, or its parent is not in this clone
        return None
    moved = moved_from(renamed, prefix)
    if moved is None:
        return None
    folder, files = moved
    changes: dict[str, gitrepo.Changed] = {
        new: (commit, status, (old, new)) for status, old, new in files
    }
    return f"{commit}^", folder, changes


def catalog_line(top: Path, prefix: str) -> Iterator[tuple[str, str]]:
    """Each commit on HEAD's first-parent line that changed the catalog folder, newest
    first, with the folder's path in the repository then: `prefix` (today's), and before a
    move of the folder (`_folder_move`) where it was until then."""
    since = "HEAD"
    for _ in range(MAX_FOLDER_MOVES + 1):
        oldest = None
        for commit, _, _ in gitrepo.log_changes(
            top, "--first-parent", since, "--", prefix or ".", files=False
        ):
            oldest = commit
            yield commit, prefix
        moved = _folder_move(top, oldest, prefix) if oldest else None
        if moved is None:
            return
        since, folder, _ = moved
        prefix = folder.removesuffix("/")


def _models_dir(prefix: str) -> str:
    return f"{prefix}/models" if prefix else "models"


def _model_files(top: Path, commit: str, prefix: str) -> list[gitrepo.TreeFile]:
    """The files in the models folder at `commit` as `validate` would have listed them
    (`listing.files_at`): links, links to folders and `*.YAML` names included, to be
    refused."""
    return files_at(top, commit, prefix, under=_models_dir(prefix))


def _read_model(
    file: gitrepo.TreeFile, blob: bytes | gitrepo.Oversized | None, prefix: str, parser: ParserName
) -> dict[str, Any] | Finding:
    """The file (listed by `_model_files`) as a model's mapping, or the finding that says
    why it is not read: the working tree's YML012 (an unsafe name) or YML010 (a link, a
    `*.YAML` name, an oversized file), the load's first error (not YAML), that it holds no
    mapping, or that it holds no model (`_not_a_model`). Paths are relative to the
    repository root."""
    rel = rel_path(file, prefix)
    # The name first, as the per-file stage judges it (`checks.filecheck.check_file`): an
    # unsafe one (YML012), then `*.YAML` (YML010).
    data = (
        unsafe_file_name(rel, file.path)
        or refused_name(rel, file.path)
        or refused(file, blob, file.path)
    )
    if not isinstance(data, bytes):
        return data
    doc = load_bytes(data, file.path, parser)
    if isinstance(doc.data, dict):
        return _not_a_model(doc, rel) or doc.data
    return first_error(doc.findings) or check_schema(doc).findings[0]


def _not_a_model(doc: Document, rel: str) -> Finding | None:
    """For a mapping in the models folder (`rel`: its path in the catalog) whose `kind` is
    not Model, validate's finding on its kind: ID004 for another kind (a team's file among
    the models; validate gives it once the file is otherwise valid), SCH011 for an unknown
    or missing kind (`kind: Modle`)."""
    kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
    if kind == "Model":
        return None
    if isinstance(kind, str) and kind in KINDS:
        return misplaced(kind, doc, rel)
    return next(f for f in check_schema(doc).findings if f.code == UNKNOWN_KIND.code)


def model_history(catalog_dir: Path, model: str, parser: ParserName = "auto") -> EntityHistory:
    """`entity_history` of a model, named by its id with or without `model:`."""
    return entity_history(catalog_dir, f"model:{model.removeprefix('model:')}", parser)


def entity_history(catalog_dir: Path, ref: str, parser: ParserName = "auto") -> EntityHistory:
    """Every commit that changed the file of the entity `ref` names (`model:ID`,
    `dataset:ID`, `team:ID`, ...; renames inside the catalog followed), newest first, each
    compared with its parent's version; a merge only where it changed a field to a value
    none of the merged versions had. A deleted entity's history ends at its deletion, and an
    id whose file was renamed to another id at that rename (`EntityHistory.renamed_to`)."""
    prefix_of, _, name = ref.partition(":")
    kind = PREFIX_KIND.get(prefix_of)
    if kind is None or not name:
        known = ", ".join(f"{p}:" for p in PREFIX_KIND)
        raise HistoryError(f"'{ref}' is not a reference (KIND:ID, KIND one of {known})")
    root, top, prefix = _repository(catalog_dir)
    path, listed, renamed_to = _entity_changes(root, top, prefix, KINDS[kind].folder, ref)
    if not listed:
        raise HistoryError(f"{path} has no commits yet")
    infos = gitrepo.commit_infos(top, [commit for commit, _, _ in listed])
    entries = [gitrepo.log_entry(change, infos) for change in listed]
    wanted = [f"{e.commit}:{e.path}" for e in entries if not e.status.startswith("D")]
    # What each commit changed: the file against its first parent's (at the old path for a
    # rename), not against the revision listed before it. The two differ once branches run
    # side by side: of two pull requests editing the model at once, the later one would
    # seem to undo the earlier one's edit.
    parents = _parent_names(entries, infos)
    merges = {
        e.commit: _sides(e.commit, e.status, e.path)
        for e in entries
        if gitrepo.merge_status(e.status)
    }
    sides = [name for names in merges.values() for name in names]
    blobs = gitrepo.read_blobs(top, wanted + list(parents.values()) + sides, MAX_FILE_BYTES)
    revisions: list[Revision] = []
    parsed: dict[bytes, Any] = {}  # a version's data by its bytes: a parent's is usually
    # the previous revision's, parsed already

    def data_of(blob: bytes | gitrepo.Oversized | None, path: str) -> Any:
        if not isinstance(blob, bytes):
            return None
        if blob not in parsed:
            parsed[blob] = _data(blob, path, parser)
        return parsed[blob]

    before: Any = None
    newest: Any = None  # the newest readable version: a data asset's type now
    for entry in reversed(entries):
        status = STATUS.get(entry.status[:1], "deleted" if entry.status == "D" else "modified")
        if gitrepo.merge_status(entry.status):
            status = "modified"  # AM: new to the first parent, changed by the merge itself
        blob = None if status == "deleted" else blobs.get(f"{entry.commit}:{entry.path}")
        data = data_of(blob, entry.path)
        parent = blobs.get(parents.get(entry.commit, ""))
        if isinstance(parent, bytes):
            before = data_of(parent, entry.paths[0])
        merged = [data_of(blobs.get(n), entry.path) for n in merges.get(entry.commit, ())]
        newest = data if data is not None else newest
        changes = _changes_of(status, before, data, merged, STAGES.get(kind))
        if changes is None:
            before = data
            continue
        previous = entry.paths[0] if len(entry.paths) == 2 else None
        revisions.append(
            Revision(
                Commit.of(entry), status, entry.path, previous, data is not None, tuple(changes)
            )
        )
        before = data
    _check_type(ref, newest)
    return EntityHistory(ref, path, tuple(reversed(revisions)), renamed_to)


def _check_type(ref: str, data: Any) -> None:
    """Refuse a data asset's reference whose prefix is not the asset's type (`data`: its
    newest readable version), as validate does (REF002): data asset ids are unique across
    the types, so `stream:card-transactions` finds the dataset's file, but names it wrong."""
    prefix, _, name = ref.partition(":")
    actual = _lookup(data, "spec", "type")
    if prefix in DATA_ASSET_TYPES and actual in DATA_ASSET_TYPES and actual != prefix:
        raise HistoryError(f"'{ref}' is a {actual}, not a {prefix} (write '{actual}:{name}')")


def _entity_changes(
    root: Path, top: Path, prefix: str, folder: str, ref: str
) -> tuple[str, list[gitrepo.Changed], str | None]:
    """The file of the entity `ref` (relative to the repository root, see `_entity_path`),
    its changes newest first, and, when no file has its id any more because the file was
    renamed to another id, that id's reference: the history then ends at the (newest)
    rename, as a deleted entity's ends at its deletion."""
    prefix_of, _, name = ref.partition(":")
    files = {f"{name}{suffix}" for suffix in SUFFIXES}
    lead = f"{prefix}/" if prefix else ""
    found: dict[str, list[gitrepo.Changed]] = {}  # of the files it may be, newest first
    # The newest rename of a file by that name to another id: that file's name today, and
    # its changes from the rename back.
    away: tuple[str, list[gitrepo.Changed]] | None = None
    for rel, change in catalog_changes(top, prefix, merges=True):
        if _entity_file(rel, folder, files):
            found.setdefault(rel, []).append(change)
        elif away is not None and rel == away[0]:
            away[1].append(change)
        elif away is None and _renamed_from(change, lead, folder, files):
            away = rel, [change]
    try:
        path = _entity_path(root, top, prefix, folder, ref, found)
    except HistoryError:
        if away is None:
            raise
        _, _, paths = away[1][0]  # the rename: named by the old path, as it was then
        return paths[0], away[1], _ref_of(prefix_of, paths[-1])
    return path, found.get(path[len(lead) :], []), None


def _entity_file(rel: str, folder: str, files: set[str]) -> bool:
    """Whether the catalog file `rel` is one of `files` (`ID.yaml`, ...) in the kind's folder."""
    return rel.split("/", 1)[0] == folder and rel.rsplit("/", 1)[-1] in files


def _renamed_from(change: gitrepo.Changed, lead: str, folder: str, files: set[str]) -> bool:
    """Whether `change` renamed one of `files` in the catalog folder `lead` to another name."""
    _, status, paths = change
    if status[:1] != "R" or len(paths) != 2 or not paths[0].startswith(lead):
        return False
    old, new = (p.rsplit("/", 1)[-1] for p in paths)
    return old != new and _entity_file(paths[0][len(lead) :], folder, files)


def _ref_of(prefix_of: str, path: str) -> str:
    """The reference of the entity of `prefix_of`'s kind whose file is `path` (ID004)."""
    file = path.rsplit("/", 1)[-1]
    stem = next((file.removesuffix(s) for s in SUFFIXES if file.endswith(s)), file)
    return f"{prefix_of}:{stem}"


def _changes_of(
    status: str, before: Any, data: Any, merged: list[Any], stage: str | None
) -> list[Change] | None:
    """What a revision changed, field by field, from `before` (a created file: its `stage`
    field, if its kind has one); for a merge (`merged`: the file as each parent held it),
    None when it changed nothing of its own."""
    if merged:
        # A merge lists the file when it differs from every parent's version, as a clean
        # merge of edits made on both sides does: its own changes are those no parent had
        # (a conflict resolved by hand, an edit in the merge itself), shown against the
        # first parent that has the file.
        held = [version for version in merged if version is not None]
        changes = diff(held[0], data) if held else []
        theirs = [[c.field for c in diff(version, data)] for version in held[1:]]
        return [c for c in changes if all(_among(c.field, t) for t in theirs)] or None
    if status in ("deleted", "truncated"):
        return []  # truncated: nothing older to compare with
    if status in ("added", "copied") or before is None:
        return [Change(stage, None, _lookup(data, *stage.split(".")))] if stage else []
    return diff(before, data)


def _parent_names(
    entries: list[gitrepo.LogEntry], infos: dict[str, gitrepo.CommitInfo]
) -> dict[str, str]:
    """Commit -> the name (for `git cat-file`) of the file as the commit's first parent held
    it (at its old path for a rename), for each of a file's changes (newest first) that
    had one. On a straight line that is the next older change's version, named so (git
    finds a `commit:path` in a tree of 10,000 files in about a millisecond)."""
    names = {}
    for entry, older in zip(entries, [*entries[1:], None], strict=True):
        if entry.status[:1] in ("A", "D", gitrepo.CUT) or gitrepo.merge_status(entry.status):
            continue  # nothing before it, or a merge (its parents: `_merged_names`)
        parents = infos.get(entry.commit, gitrepo.UNKNOWN_COMMIT).parents
        kept = older is not None and older.status != "D" and older.path == entry.paths[0]
        if older is not None and kept and parents[:1] == (older.commit,):
            names[entry.commit] = f"{older.commit}:{older.path}"
        else:
            names[entry.commit] = f"{entry.commit}^:{entry.paths[0]}"
    return names


def _among(field: str, fields: list[str]) -> bool:
    """Whether `field`, a field inside it or the one holding it is among `fields` (the
    fields in which two versions differ)."""
    return any(
        other == field
        or other.startswith((f"{field}.", f"{field}["))
        or field.startswith((f"{other}.", f"{other}["))
        for other in fields
    )


def inventory_at(catalog_dir: Path, day: dt.date, parser: ParserName = "auto") -> Snapshot:
    """Every model as the last commit (on HEAD's first-parent line) at or before `day` left
    it, and why each file of the models folder that was not read is left out (see
    `Snapshot.not_read`): never passed over without a word."""
    _, top, prefix = _repository(catalog_dir)
    commit = gitrepo.last_commit_before(top, f"{day.isoformat()} 23:59:59 +0000")
    if commit is None:
        hint = f": {gitrepo.FETCH_HISTORY}" if gitrepo.shallow_commits(top) else ""
        raise HistoryError(f"no commit at or before {day}{hint}")
    head = gitrepo.log(top, "-1", commit, files=False)[0]
    files = _model_files(top, commit, prefix)
    if not files:  # none yet, or the catalog folder was elsewhere then
        prefix = folder_at(top, prefix, commit)
        files = _model_files(top, commit, prefix)
    models_dir = _models_dir(prefix)
    blobs = gitrepo.read_blobs(top, [f.oid for f in files if readable(f)], MAX_FILE_BYTES)
    newest: dict[str, gitrepo.Changed] = {}  # each file's last change up to `commit`
    merges: dict[str, list[gitrepo.Changed]] = {}  # merges after it: their own changes?
    for change in gitrepo.log_changes(top, "--cc", commit, "--", models_dir):
        path = change[2][-1] if change[2] else None
        if path is None or path in newest:
            continue
        if gitrepo.merge_status(change[1]):
            merges.setdefault(path, []).append(change)
        else:
            newest[path] = change
    if merges:  # a conflict resolved in a merge is its last change, as `history` lists it
        own = own_merges(top, [c for changes in merges.values() for c in changes])
        for path, changes in merges.items():
            mine = next((c for c in changes if c in own), None)
            if mine is not None:
                newest[path] = mine
    known = {path: c for path, c in newest.items() if c[1] != gitrepo.CUT}
    infos = gitrepo.commit_infos(top, [c for c, _, _ in known.values()])
    last = {path: Commit.of(gitrepo.log_entry(c, infos)) for path, c in known.items()}
    models = []
    not_read = []
    for file in files:
        data = _read_model(file, blobs.get(file.oid) if readable(file) else None, prefix, parser)
        if isinstance(data, Finding):
            not_read.append(data)
            continue
        name = _lookup(data, "metadata", "name")
        stem = file.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        models.append(
            ModelState(
                name if isinstance(name, str) else stem,
                _text(_lookup(data, "spec", "lifecycle")),
                _text(_lookup(data, "spec", "owner")),
                file.path,
                last.get(file.path),
            )
        )
    models.sort(key=lambda m: (m.model, m.path))
    truncated = any(newest.get(m.path, ("", "", ()))[1] == gitrepo.CUT for m in models)
    not_read.sort(key=Finding.sort_key)
    return Snapshot(day, Commit.of(head), tuple(models), truncated, tuple(not_read))


def diff(old: Any, new: Any, field: str = "") -> list[Change]:
    """What changed from `old` to `new`, field by field, with stage changes (a model's
    lifecycle, a data asset's status) first."""
    found = _diff(old, new, field)
    return sorted(found, key=lambda c: c.field not in _STAGE_FIELDS)


def _diff(old: Any, new: Any, field: str) -> list[Change]:
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [*new, *(k for k in old if k not in new)]
        return [
            c for k in keys for c in _diff(old.get(k), new.get(k), f"{field}.{k}" if field else k)
        ]
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and len(old) == len(new)
        and all(isinstance(v, dict) for v in (*old, *new))
    ):
        pairs = enumerate(zip(old, new, strict=True))
        return [c for i, (a, b) in pairs for c in _diff(a, b, f"{field}[{i}]")]
    return [Change(field, plain(old), plain(new))]


def _repository(catalog_dir: Path) -> tuple[Path, Path, str]:
    """(catalog folder, repository root, catalog folder relative to the root or "")."""
    linked = symlinked_root(catalog_dir)
    if linked is not None:
        raise HistoryError(linked)
    root = catalog_dir.resolve()
    if not root.is_dir():
        raise HistoryError(f"catalog directory not found: {catalog_dir}")
    top, prefix = gitrepo.in_repository(root)
    try:
        gitrepo.commit_of(top, "HEAD")
    except gitrepo.GitError:
        # git's own words ("fatal: ambiguous argument 'HEAD'") say nothing of what to do
        raise HistoryError(
            "the repository has no commits yet: commit the catalog, and its history starts there"
        ) from None
    return root, top, prefix


def _entity_path(
    root: Path,
    top: Path,
    prefix: str,
    folder: str,
    ref: str,
    histories: Iterable[str],
) -> str:
    """The entity's file relative to the repository root: in the working tree, else the
    last path it had in the history (a deleted entity; `histories`: the catalog's files
    that git knows, by their names today, newest first). Its file is `ID.yaml` in its
    kind's `folder` (ID004)."""
    kind, _, name = ref.partition(":")
    files = [f"{name}{s}" for s in SUFFIXES]
    for source in discover(root):
        parts = source.rel.split("/")
        if parts[0] == folder and parts[-1] in files:
            return Path(source.path).resolve().relative_to(top).as_posix()
    for rel in histories:  # newest first: the last path it had
        if rel.split("/")[0] == folder and rel.rsplit("/", 1)[-1] in files:
            return f"{prefix}/{rel}" if prefix else rel
    raise HistoryError(f"no {kind} '{name}' in {root} or in its git history")


def _data(
    blob: bytes | gitrepo.Oversized | None, path: str, parser: ParserName
) -> dict[str, Any] | None:
    """The version as a mapping; None when it is absent, too large or not a mapping."""
    if not isinstance(blob, bytes):
        return None
    data = load_bytes(blob, path, parser).data
    return data if isinstance(data, dict) else None


def _lookup(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
