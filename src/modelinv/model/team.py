"""The Team kind: who owns models, and how to reach them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from modelinv.model.base import Entity, Strict
from modelinv.model.types import Email, Handle, Text


class Contact(Strict):
    email: Email | None = None
    chat: Text | None = Field(None, description="Chat channel, e.g. #payments-ml.")


class Member(Strict):
    name: Text
    email: Email
    role: Text | None = None


class TeamSpec(Strict):
    contact: Contact | None = None
    handle: Handle | None = Field(
        None, description="Forge team handle, e.g. @acme/payments-ml (used for CODEOWNERS)."
    )
    members: list[Member] = Field(default_factory=list)


class Team(Entity):
    """A team that owns models, data assets and consumers."""

    kind: Literal["Team"]
    spec: TeamSpec
