"""Who must hear of a deprecation: the model's consumers and the models that depend on it."""

from __future__ import annotations

from dataclasses import dataclass

from modelinv.inventory.index import Entry
from modelinv.inventory.inventory import Inventory
from modelinv.model import Consumer, Model, Team
from modelinv.model.team import Contact


@dataclass(frozen=True, slots=True)
class Notice:
    ref: str  # who: consumer:x or model:y
    why: str  # "consumes it" or "depends on it"
    title: str
    contacts: tuple[str, ...]  # how to reach them, best first
    # The file that fails validation, when theirs does: their contact is then unknown, not
    # absent from the catalog.
    invalid_file: str | None = None


def who_to_notify(catalog: Inventory, model_ref: str) -> list[Notice]:
    notices = []
    for ref in catalog.related(model_ref, "consumedBy"):
        entry = catalog.resolve(ref)
        entity = catalog.entity(entry) if entry else None
        if isinstance(entity, Consumer):
            contacts = _contact(entity.spec.contact) or _team(catalog, entity.spec.owner)
            notices.append(Notice(ref, "consumes it", entity.metadata.title, contacts))
        else:
            notices.append(Notice(ref, "consumes it", "", (), _invalid(entry)))
    for ref in catalog.related(model_ref, "dependencyOf"):
        entry = catalog.resolve(ref)
        entity = catalog.entity(entry) if entry else None
        if isinstance(entity, Model):
            maintainer = entity.spec.maintainer
            person = (f"{maintainer.name} <{maintainer.email}>",) if maintainer else ()
            contacts = (*person, *_team(catalog, entity.spec.owner))
            notices.append(Notice(ref, "depends on it", entity.metadata.title, contacts))
        else:
            notices.append(Notice(ref, "depends on it", "", (), _invalid(entry)))
    return notices


def unread(catalog: Inventory) -> list[str]:
    """The model files no reference could be read from (they fail validation before their
    references, a YAML error): one that depends on the deprecated model is missing from
    `who_to_notify`, so the command says they exist. (Consumers come from the model's own
    `consumers` list: an unreadable consumer file hides none of them.)"""
    return [
        entry.display
        for entry in catalog.entries
        if not entry.valid and not entry.refs and entry.kind in (None, "Model")
    ]


def _invalid(entry: Entry | None) -> str | None:
    return entry.display if entry is not None and not entry.valid else None


def _contact(contact: Contact | None) -> tuple[str, ...]:
    if contact is None:
        return ()
    return tuple(c for c in (contact.email, contact.chat) if c)


def _team(catalog: Inventory, ref: str) -> tuple[str, ...]:
    team = catalog.entity_of(ref)
    if not isinstance(team, Team):
        return (ref,)
    return (ref, *_contact(team.spec.contact))
