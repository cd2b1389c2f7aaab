"""A text value looks like a secret: an access key, a token or a private key.

**What it does.** Reports any string in an entity that has the shape of a well-known
credential: AWS access key ids (`AKIA...`, `ASIA...`), GitHub tokens (`ghp_...`,
`github_pat_...`), Slack tokens (`xoxb-...`), Google API keys (`AIza...`), Stripe live
keys (`sk_live_...`), JSON Web Tokens (`eyJ...`), private key blocks
(`-----BEGIN ... PRIVATE KEY-----`), and a high-entropy value written after a word such
as `password`, `token`, `secret` or `api_key`. The finding points at the secret itself
and never repeats it in full.

**Why it matters.** The catalog lives in git and is published as a static site: a secret
written into a description or a link is exposed to everyone who can read either, and stays
in the git history after it is removed. Rotate the credential, then remove it.

**Failing example.**

```yaml
metadata:
  description: Scores payments. Staging login password=Zq8#vLw2!pR5tY9u
```

**Use instead.** Point at where the credential is kept, never at its value:

```yaml
metadata:
  description: Scores payments. Staging credentials are in the team's vault.
```

A value that only looks like a secret (a test fixture, a public example key) can be
waived on the entity with a reason (see the waivers section of docs/format.md).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding, Location
from modelinv.governance.context import FileContext
from modelinv.loader import Document, Pointer
from modelinv.model import Entity
from modelinv.support.text import find_all

RULE = rule("SEC001", "likely-secret", Stage.ENTITY, __doc__)

# Token shapes published by their issuers; word boundaries keep ids and prose out.
_SHAPES: dict[str, str] = {
    "an AWS access key id": r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
    "a GitHub token": r"\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,242})\b",
    "a Slack token": r"\bxox[abposr]-[A-Za-z0-9-]{10,250}",
    "a Google API key": r"\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])",
    "a Stripe live key": r"\b[rs]k_live_[0-9A-Za-z]{20,247}\b",
    "a JSON Web Token": r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}",
    "a private key": r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----",
}
# A word that names a credential, then `:` or `=`, then the value (quoted or not).
_ASSIGNED = (
    r"(?i:(?<![A-Za-z])(?:password|passwd|pwd|passphrase|secret|token|"
    r"api[_-]?key|access[_-]?key|private[_-]?key)(?![A-Za-z]))"
    r"[\"']?\s*[:=]\s*[\"']?(?P<assigned>[^\s\"',;]{12,200})"
)
_FIND = re.compile(
    "|".join(f"(?P<s{n}>{pattern})" for n, pattern in enumerate(_SHAPES.values())) + f"|{_ASSIGNED}"
)
_NAMES = {f"s{n}": name for n, name in enumerate(_SHAPES)}
# A credential word as a mapping key (`password: ...` in a free-form map).
_CREDENTIAL_KEY = re.compile(
    r"(?i)(?:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key)"
)
_MIN_ENTROPY = 3.3  # bits per character: `Zq8#vLw2!pR5tY9u` has 4


# Every match of `_FIND` contains one of the markers, or one of the words in lower case.
# Few and short on purpose: each costs about 1 ns per character of the file, while the
# expression over the whole text costs ~0.1 ms; nearly every file holds none, and only
# the lines that do are searched.
_MARKERS = ("AKIA", "ASIA", "xox", "AIza", "eyJ", "PRIVATE KEY", "_")
_WORDS = ("pass", "pwd", "secret", "token", "key")


def check(entity: Entity, doc: Document, file: FileContext) -> Iterator[Finding]:
    source = doc.source
    if "\\" in source:
        # A double-quoted escape can spell a token the text does not show: judge the
        # values themselves (rare: most catalog files hold no backslash).
        yield from _walk(doc, doc.data, ())
        return
    lines = None
    for number in _candidate_lines(source):
        lines = lines or source.split("\n")
        for match in _FIND.finditer(lines[number].rstrip("\r")):
            found = _judge(match)
            if found is not None:
                secret, what, start = found
                yield _finding_in_text(doc, number + 1, start + 1, secret, what)


def _candidate_lines(source: str) -> list[int]:
    """0-based numbers of the lines holding a marker or a credential word; usually none."""
    offsets = [offset for marker in _MARKERS for offset in find_all(source, marker)]
    lowered = source.lower()
    offsets += [offset for word in _WORDS for offset in find_all(lowered, word)]
    return sorted({source.count("\n", 0, offset) for offset in offsets})


def _suspect(text: str) -> bool:
    if any(marker in text for marker in _MARKERS):
        return True
    lowered = text.lower()
    return any(word in lowered for word in _WORDS)


def _judge(match: re.Match[str]) -> tuple[str, str, int] | None:
    """(secret, what it looks like, its index) for a match that counts."""
    assigned = match.group("assigned")
    if assigned is None:
        return match.group(), _NAMES[str(match.lastgroup)], match.start()
    if _random(assigned):
        return assigned, "a value after a credential word", match.start("assigned")
    return None


def _walk(doc: Document, data: Any, pointer: Pointer) -> Iterator[Finding]:
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and _CREDENTIAL_KEY.search(key) and _random(value):
                yield _finding(doc, (*pointer, key), value, f"the value of '{key}'")
            else:
                yield from _walk(doc, value, (*pointer, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk(doc, value, (*pointer, index))
    elif isinstance(data, str) and _suspect(data):
        for match in _FIND.finditer(data):
            found = _judge(match)
            if found is not None:
                yield _finding(doc, pointer, found[0], found[1])


def _random(value: str) -> bool:
    """Looks generated rather than written: long, upper and lower case and digits, a run
    that mixes letters with digits, high entropy; so neither `Rotate-Every-90-Days` nor a
    placeholder such as `${DB_PASSWORD}` or `<redacted>` counts."""
    if len(value) < 12 or value[0] in "$<{*%":
        return False
    if not (
        any(c.islower() for c in value)
        and any(c.isupper() for c in value)
        and any(c.isdigit() for c in value)
    ):
        return False
    runs = re.split(r"[^0-9A-Za-z]+", value)
    mixed = any(re.search(r"[0-9]", run) and re.search(r"[A-Za-z]", run) for run in runs)
    return mixed and _entropy(value) >= _MIN_ENTROPY


def _entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def _finding(doc: Document, pointer: Pointer, secret: str, what: str) -> Finding:
    """A secret found in a value: pointed at inside the value where the text shows it."""
    return _report(_position(doc, pointer, secret), _field(pointer), secret, what)


def _finding_in_text(doc: Document, line: int, column: int, secret: str, what: str) -> Finding:
    """A secret found in the text at (line, column): named by the value or key holding it."""
    where = Location(doc.path, line, column, line, column + len(secret))
    return _report(where, _holder(doc, (line, column)), secret, what)


def _report(where: Location, holder: str, secret: str, what: str) -> Finding:
    return RULE.at(
        where,
        f"{holder} holds what looks like {what} ({_masked(secret)})",
        hint="rotate the credential, then remove it (it stays in the git history); "
        "point at where it is kept instead",
    )


def _holder(doc: Document, here: tuple[int, int]) -> str:
    """The field whose value or key covers `here`, or "a comment"."""
    best: tuple[tuple[int, int], str] | None = None
    for table, is_key in ((doc.values, False), (doc.keys, True)):
        for pointer, (line, column, end_line, end_column) in table.items():
            inside = (line, column) <= here < (end_line, end_column)
            if (
                inside
                and not _container(doc, pointer)
                and (best is None or (line, column) > best[0])
            ):
                # A key is named by its mapping: the key itself may be the secret.
                name = f"a key in {_field(pointer[:-1])}" if is_key else _field(pointer)
                best = (line, column), name
    return best[1] if best is not None else "a comment"


def _container(doc: Document, pointer: Pointer) -> bool:
    value: Any = doc.data
    for step in pointer:
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int) and step < len(value):
            value = value[step]
    return isinstance(value, dict | list)


def _position(doc: Document, pointer: Pointer, secret: str) -> Location:
    """Where `secret` is written inside the value at `pointer`, else the value itself."""
    line, column, end_line, _ = doc.span(pointer)
    lines = doc.source.split("\n")
    first = secret.split("\n", maxsplit=1)[0]
    for number in range(line, min(end_line, len(lines)) + 1):
        found = lines[number - 1].find(first, column - 1 if number == line else 0) if first else -1
        if found >= 0:
            return Location(doc.path, number, found + 1, number, found + 1 + len(first))
    return doc.locate(pointer)


def _masked(secret: str) -> str:
    """Enough to recognise the secret in review, not enough to use it."""
    head = secret.splitlines()[0] if "PRIVATE KEY" in secret else secret[:4]
    return f"{head}..." if head != secret else head


def _field(pointer: Pointer) -> str:
    """`spec.links[0].url`, as schema findings name fields."""
    out = ""
    for step in pointer:
        out += f"[{step}]" if isinstance(step, int) else f".{step}" if out else str(step)
    return out or "the document"
