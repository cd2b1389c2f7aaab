"""The reference grammar: `kind:name`.

A reference names the entity kind by its prefix: `team:`, `model:`, `consumer:`, and for
a data asset its type (`dataset:`, `pipeline:`, `feature-store:`, `stream:`), so a reader
knows what a dependency is without opening another file. The name is the entity's
`metadata.name`. Data asset names are unique across all four data asset types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_MAX_LENGTH = 63
_ID_BODY = ID_PATTERN[1:-1]

DATA_ASSET_TYPES = ("dataset", "pipeline", "feature-store", "stream")
# Reference prefix -> the kind of entity it points at.
PREFIX_KIND: dict[str, str] = {
    "team": "Team",
    "model": "Model",
    "consumer": "Consumer",
    **dict.fromkeys(DATA_ASSET_TYPES, "DataAsset"),
}
_REF = re.compile(r"([a-z-]+):(" + _ID_BODY + ")")


@dataclass(frozen=True, slots=True, order=True)
class Ref:
    prefix: str
    name: str

    @property
    def kind(self) -> str:
        return PREFIX_KIND[self.prefix]

    def __str__(self) -> str:
        return f"{self.prefix}:{self.name}"


def parse_ref(text: str) -> Ref | None:
    match = _REF.fullmatch(text)
    if match is None or match.group(1) not in PREFIX_KIND or len(match.group(2)) > ID_MAX_LENGTH:
        return None
    return Ref(match.group(1), match.group(2))


def ref_pattern(*prefixes: str) -> str:
    """The JSON Schema pattern accepting references with one of `prefixes`."""
    return "^(?:" + "|".join(re.escape(p) for p in prefixes) + "):" + _ID_BODY + "$"
