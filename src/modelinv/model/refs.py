"""The reference grammar: `kind:name`.

A reference names the entity kind by its prefix: `team:`, `model:`, `consumer:`, and for
a data asset its type (`dataset:`, `pipeline:`, `feature-store:`, `stream:`), so a reader
knows what a dependency is without opening another file. The name is the entity's
`metadata.name`. Data asset names are unique across all four data asset types.
"""

from __future__ import annotations

import functools
import re
import unicodedata
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
_NOT_ID = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@dataclass(frozen=True, slots=True, order=True)
class Ref:
    prefix: str
    name: str

    @property
    def kind(self) -> str:
        return PREFIX_KIND[self.prefix]

    def __str__(self) -> str:
        return f"{self.prefix}:{self.name}"


@functools.lru_cache(maxsize=65536)  # every reference is parsed by several rules
def parse_ref(text: str) -> Ref | None:
    match = _REF.fullmatch(text)
    if match is None or match.group(1) not in PREFIX_KIND or len(match.group(2)) > ID_MAX_LENGTH:
        return None
    return Ref(match.group(1), match.group(2))


def ref_pattern(*prefixes: str) -> str:
    """The JSON Schema pattern accepting references with one of `prefixes`."""
    # Prefixes are lowercase letters and hyphens: nothing to escape (and ECMA-262 in
    # unicode mode, which JSON Schema validators use, rejects a needless `\-`).
    alternatives = "|".join(prefixes)
    return f"^(?:{alternatives}):(?=.{{1,{ID_MAX_LENGTH}}}$){_ID_BODY}(?!\\n)$"


def explain_bad_ref(text: str) -> str:
    """Why `text` is not a reference, in a user's words."""
    prefix, colon, name = text.partition(":")
    if not colon:
        return "has no kind prefix"
    if prefix not in PREFIX_KIND:
        return f"has an unknown prefix '{prefix}'"
    if len(name) > ID_MAX_LENGTH:
        return f"names an id longer than {ID_MAX_LENGTH} characters"
    return f"names an invalid id '{name}' (lowercase letters, digits, single hyphens)"


ID_RULE = f"lowercase letters, digits and single hyphens, at most {ID_MAX_LENGTH} characters"
_ID = re.compile(ID_PATTERN)


def is_id(text: str) -> bool:
    """Whether `text` is an entity id (`metadata.name`), e.g. `fraud-detector`."""
    return len(text) <= ID_MAX_LENGTH and _ID.fullmatch(text) is not None


def explain_bad_id(text: str) -> str:
    """Why `text` is not an id, in a user's words: the rule, or the id meant when a
    reference (`model:fraud-detector`) stands where the id alone belongs."""
    prefix, colon, name = text.partition(":")
    if colon and prefix in PREFIX_KIND and is_id(name):
        return f"write the id alone, '{name}', without the '{prefix}:' prefix"
    return ID_RULE


def id_from_name(name: str) -> str:
    """A platform's name made a catalog id (a registry's, a Kubernetes resource's, a
    Prometheus label's; discovery and the gate alike): `FraudDetector_v2` -> `fraud-detector-v2`,
    `Détecteur-Fraude` -> `detecteur-fraude` (accents dropped, not the letters; only the
    canonical decomposition, so a look-alike such as a fullwidth f (U+FF46) is no f)."""
    spaced = _CAMEL.sub("-", _unaccented(name.strip()))
    slug = _NOT_ID.sub("-", _unaccented(spaced.casefold())).strip("-")
    return slug[:ID_MAX_LENGTH].rstrip("-") or "unnamed"


def _unaccented(text: str) -> str:
    """`text` without combining marks (casefolding can add one: `İ` -> `i̇`)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
