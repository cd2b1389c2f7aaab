"""The Consumer kind: applications, APIs and business processes that use model outputs."""

from __future__ import annotations

from typing import Literal

from modelinv.model.base import Entity, Strict
from modelinv.model.team import Contact
from modelinv.model.types import TeamRef

ConsumerType = Literal["application", "api", "business-process"]


class ConsumerSpec(Strict):
    type: ConsumerType
    owner: TeamRef
    contact: Contact | None = None


class Consumer(Entity):
    """An application, API or business process that uses model outputs."""

    kind: Literal["Consumer"]
    spec: ConsumerSpec
