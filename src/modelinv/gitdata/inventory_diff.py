"""The inventory diff between two versions of the catalog, for a pull request summary.

Models added, removed and renamed, and the fields reviewers care about (lifecycle, owner,
risk level, monthly cost and its currency) wherever they changed. `inventory_diff` is
pure: it compares two loaded catalogs with the transition rules' pairing
(`changes.changes`); `load_pair` reads them from git refs (or the working tree) with the
plumbing of `--base`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from modelinv.checks.engine import Options, load_index
from modelinv.gitdata import changes
from modelinv.gitdata.transitions import load_base
from modelinv.inventory.index import Entry
from modelinv.inventory.inventory import Inventory
from modelinv.model.ml_model import Model

VERSION = 1
WORKTREE = "WORKTREE"  # as HEAD: the catalog on disk, uncommitted changes included
MODEL = "Model"
FIELDS = ("lifecycle", "owner", "risk_level", "monthly_cost", "currency")
CHANGES = ("added", "removed", "renamed", "changed")  # an `Unreadable`'s change


@dataclass(frozen=True, slots=True)
class ModelRow:
    model: str
    path: str  # under the catalog folder
    lifecycle: str | None
    owner: str | None


@dataclass(frozen=True, slots=True)
class Rename:
    old: str
    new: str
    old_path: str  # under the catalog folder
    new_path: str


@dataclass(frozen=True, slots=True)
class FieldChange:
    model: str  # the id at head
    field: str  # one of FIELDS
    old: str | float | None
    new: str | float | None


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A model file the diff touches that fails validation on one side or both: its
    fields cannot be compared there (a summary saying "no change" would be wrong)."""

    model: str  # the id (at head when it has one there)
    path: str  # under the catalog folder, at head when it is there
    change: str  # one of CHANGES: what happened to the file between the refs
    at: tuple[str, ...]  # the refs where it fails: base, head or both


@dataclass(frozen=True, slots=True)
class InventoryDiff:
    base: str
    head: str
    added: tuple[ModelRow, ...]  # valid at head (an invalid one is in `unreadable`)
    removed: tuple[ModelRow, ...]  # valid at base (an invalid one is in `unreadable`)
    renamed: tuple[Rename, ...]
    changes: tuple[FieldChange, ...]  # sorted by field, then model
    unreadable: tuple[Unreadable, ...] = ()  # sorted by model

    def of_field(self, field: str) -> tuple[FieldChange, ...]:
        return tuple(c for c in self.changes if c.field == field)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changes or self.unreadable)


def inventory_diff(base: Inventory, head: Inventory, base_ref: str, head_ref: str) -> InventoryDiff:
    """What changed for models from `base` to `head` (the two refs only label the result)."""
    try:
        found = changes.changes(base, head)
    finally:
        changes.forget()
    pairs = [(old, new) for old, new in (*found.changed, *found.renamed) if new.kind == MODEL]
    field_changes = [
        c
        for old, new in pairs
        for c in _field_changes(new.name, _values(base, old), _values(head, new))
    ]
    return InventoryDiff(
        base=base_ref,
        head=head_ref,
        # A file failing validation where it is has no lifecycle or owner to show: it is
        # listed in `unreadable` only.
        added=_rows(head, tuple(e for e in found.added if e.valid)),
        removed=_rows(base, tuple(e for e in found.deleted if e.valid)),
        renamed=tuple(
            sorted(
                (
                    Rename(old.name, new.name, old.rel, new.rel)
                    for old, new in found.renamed
                    if new.kind == MODEL
                ),
                key=lambda r: (r.old, r.new),
            )
        ),
        changes=tuple(sorted(field_changes, key=lambda c: (FIELDS.index(c.field), c.model))),
        unreadable=_unreadable(found, base_ref, head_ref),
    )


def _unreadable(found: changes.Changes, base_ref: str, head_ref: str) -> tuple[Unreadable, ...]:
    """The model files among the changes that fail validation at either ref."""
    sides: list[tuple[str, Entry | None, Entry | None]] = [
        *(("changed", old, new) for old, new in found.changed),
        *(("renamed", old, new) for old, new in found.renamed),
        *(("added", None, new) for new in found.added),
        *(("removed", old, None) for old in found.deleted),
    ]
    listed = []
    for change, old, new in sides:
        shown = new or old
        if shown is None or shown.kind != MODEL:
            continue
        at = tuple(
            ref for ref, entry in ((base_ref, old), (head_ref, new)) if entry and not entry.valid
        )
        if at:
            listed.append(Unreadable(shown.name, shown.rel, change, at))
    return tuple(sorted(listed, key=lambda u: (u.model, u.path)))


def load_pair(
    catalog_dir: Path, base_ref: str, head_ref: str | None, options: Options | None = None
) -> tuple[Inventory, Inventory]:
    """(the catalog at `base_ref`, at `head_ref`); None or WORKTREE: the working tree.

    The working tree is read through the cache, and a file the same at a ref as on disk is
    not parsed again, so a small commit costs about its own files. Raises
    `gitrepo.GitError` and `engine.ConfigError`.
    """
    tree = load_index(catalog_dir, options, payloads=True)
    jobs = (options or Options()).job_count
    base = load_base(tree, base_ref, jobs=jobs)
    if head_ref is not None and head_ref != WORKTREE:
        return base, load_base(tree, head_ref, jobs=jobs)
    return base, Inventory(tree)


def _values(inventory: Inventory, entry: Entry) -> dict[str, str | float | None]:
    model = inventory.entity(entry)
    if not isinstance(model, Model):
        return {}
    spec = model.spec
    return {
        "lifecycle": spec.lifecycle,
        "owner": spec.owner,
        "risk_level": spec.compliance.risk_level if spec.compliance else None,
        "monthly_cost": spec.cost.monthly if spec.cost else None,
        # apart from the amount: 4,200 USD -> 4,200 JPY is a change the amount misses
        "currency": spec.cost.currency if spec.cost else None,
    }


def _rows(inventory: Inventory, entries: tuple[Entry, ...]) -> tuple[ModelRow, ...]:
    rows = (_row(e, _values(inventory, e)) for e in entries if e.kind == MODEL)
    return tuple(sorted(rows, key=lambda r: r.model))


def _row(entry: Entry, values: dict[str, str | float | None]) -> ModelRow:
    lifecycle, owner = values.get("lifecycle"), values.get("owner")
    return ModelRow(
        entry.name,
        entry.rel,
        lifecycle if isinstance(lifecycle, str) else None,
        owner if isinstance(owner, str) else None,
    )


def _field_changes(
    model: str, before: dict[str, str | float | None], after: dict[str, str | float | None]
) -> list[FieldChange]:
    if not before or not after:
        return []  # an invalid file on either side: nothing reliable to compare
    return [
        FieldChange(model, field, before[field], after[field])
        for field in FIELDS
        if before[field] != after[field]
    ]
