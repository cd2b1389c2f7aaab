"""The lifecycle edit commands as pure functions: catalog + arguments -> a checked Change.

Each refuses (raises `Refused` with every reason) rather than produce a file that CI would
reject; nothing here touches the disk except reading the model's own file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from modelinv.edit.ops import Op, Remove, Rename, Set, apply
from modelinv.edit.result import Change, Refused
from modelinv.edit.target import Target, find_model, model_ref
from modelinv.edit.verify import check_edit
from modelinv.edit.yaml_edit import EditError
from modelinv.governance import lifecycle
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model, parse_ref
from modelinv.model.governance import Deprecation
from modelinv.model.ml_model import Review

PROMOTE_STAGES = ("staging", "production")
LIFECYCLE = ("spec", "lifecycle")
DEPRECATION = ("spec", "deprecation")
REVIEW = ("spec", "review")


def promote(catalog: Inventory, model: str, to: str) -> Change:
    target = find_model(catalog, model)
    if to not in PROMOTE_STAGES:
        raise Refused(target.entry.display, [f"promote moves to staging or production, not {to}"])
    spec = target.model.spec
    if spec.lifecycle == to:
        return _unchanged(target, f"{target.ref} is already {to}")
    reasons = _move_problems(spec.lifecycle, to)
    if to == "production":
        reasons += lifecycle.production_blockers(target.model, catalog.context)
    if reasons:
        raise Refused(target.entry.display, [f"cannot promote to {to}: {r}" for r in reasons])
    return _edit(catalog, target, [Set(LIFECYCLE, to)], f"{target.ref}: {spec.lifecycle} -> {to}")


def deprecate(
    catalog: Inventory,
    model: str,
    decommission: dt.date,
    replacement: str | None = None,
    no_replacement: str | None = None,
) -> Change:
    target = find_model(catalog, model)
    if (replacement is None) == (no_replacement is None):
        raise Refused(target.entry.display, ["give exactly one of a replacement or a reason"])
    stage, today = target.model.spec.lifecycle, catalog.context.today
    reasons = []
    if stage != "production":
        reasons.append(f"only a production model can be deprecated, it is {stage}")
    if replacement is not None:
        successor, other = ("replacement", model_ref(replacement)), "noReplacement"
        reasons += _replacement_problems(catalog, target, successor[1])
    else:
        successor, other = ("noReplacement", no_replacement or ""), "replacement"
    block = Deprecation.model_construct(notified=today, decommission=decommission)
    planned = target.model.spec.model_copy(update={"deprecation": block})
    reasons += lifecycle.deprecation_problems(
        target.model.model_copy(update={"spec": planned}), catalog.context
    )
    if reasons:
        raise Refused(target.entry.display, [f"cannot deprecate: {r}" for r in reasons])
    ops: list[Op] = [
        Set(LIFECYCLE, "deprecated"),
        Set((*DEPRECATION, "notified"), today),
        Set((*DEPRECATION, "decommission"), decommission),
        # Switching between a replacement and a reason: the key changes where it stands.
        Rename((*DEPRECATION, other), successor[0]),
        Set((*DEPRECATION, successor[0]), successor[1]),
        Remove((*DEPRECATION, other)),
    ]
    summary = f"{target.ref}: production -> deprecated, decommission on {decommission}"
    return _edit(catalog, target, ops, summary)


def archive(catalog: Inventory, model: str) -> Change:
    target = find_model(catalog, model)
    stage = target.model.spec.lifecycle
    if stage == "archived":
        return _unchanged(target, f"{target.ref} is already archived")
    reasons = _move_problems(stage, "archived")
    reasons += [
        f"not done: {item}" for item in lifecycle.archive_blockers(target.model, catalog.context)
    ]
    if reasons:
        raise Refused(target.entry.display, [f"cannot archive: {r}" for r in reasons])
    return _edit(
        catalog, target, [Set(LIFECYCLE, "archived")], f"{target.ref}: {stage} -> archived"
    )


def review(catalog: Inventory, model: str, reviewer: str | None = None) -> Change:
    target = find_model(catalog, model)
    today = catalog.context.today
    old = target.model.spec.review
    reasons = _review_date_problems(today, old, target.model.spec.created)
    if reasons:
        raise Refused(
            target.entry.display, [f"cannot record a review on {today}: {r}" for r in reasons]
        )
    ops: list[Op] = [Set((*REVIEW, "lastReviewed"), today)]
    notes: tuple[str, ...] = ()
    if reviewer is not None:
        ops.append(Set((*REVIEW, "reviewer"), reviewer))
    elif old is not None and old.reviewer is not None:
        ops.append(Remove((*REVIEW, "reviewer")))
        notes = (
            f"removed reviewer {old.reviewer} (of the review on {old.last_reviewed}); "
            "pass --reviewer to name today's reviewer",
        )
    by = f" by {reviewer}" if reviewer else ""
    change = _edit(catalog, target, ops, f"{target.ref}: reviewed on {today}{by}")
    return Change(change.path, change.display, change.before, change.after, change.summary, notes)


def _review_date_problems(today: dt.date, old: Review | None, created: dt.date | None) -> list[str]:
    """A review dated before the one on record would erase it (and its reviewer); one
    before the model existed cannot have happened. Both mean a wrong --today."""
    reasons = []
    if old is not None and today < old.last_reviewed:
        by = f" by {old.reviewer}" if old.reviewer else ""
        reasons.append(
            f"the model's last review is recorded on {old.last_reviewed}{by}, which is later "
            "(check --today)"
        )
    if created is not None and today < created:
        reasons.append(f"the model was only created on {created} (check --today)")
    return reasons


def retire_check(catalog: Inventory, model: str) -> list[tuple[str, bool, str]]:
    target = find_model(catalog, model)
    return lifecycle.retirement_steps(target.model, catalog.context)


def _move_problems(old: str, new: str) -> list[str]:
    if lifecycle.move_allowed(old, new):
        return []
    allowed = ", ".join(lifecycle.allowed_next(old)) or "none"
    return [f"{old} -> {new} is not an allowed move (from {old}: {allowed})"]


def _replacement_problems(catalog: Inventory, target: Target, ref: str) -> list[str]:
    parsed = parse_ref(ref)
    if parsed is None or parsed.kind != "Model":
        return [f"replacement '{ref}' is not a model reference"]
    if ref == target.ref:
        return ["a model cannot replace itself"]
    entry = catalog.lookup(parsed)
    if entry is None:
        return [f"replacement {ref} is not in the catalog"]
    if entry.facts.stage in ("deprecated", "archived"):
        return [f"replacement {ref} is itself {entry.facts.stage}"]
    return []


def _unchanged(target: Target, summary: str) -> Change:
    path = _path(target)
    return Change(path, target.entry.display, target.data, target.data, summary)


def _edit(
    catalog: Inventory,
    target: Target,
    ops: Sequence[Op],
    summary: str,
) -> Change:
    display = target.entry.display
    try:
        after = apply(target.data, ops)
    except EditError as exc:
        raise Refused(display, [str(exc)]) from None
    entry = check_edit(catalog, target.source, target.data, after, ops)
    if not isinstance(catalog.entity(entry), Model):
        raise Refused(display, ["the result would not be a valid model"])
    return Change(_path(target), display, target.data, after, summary)


def _path(target: Target) -> Path:
    return Path(target.entry.path)
