"""The regular expressions of organisation rules (`pattern`, `patternProperties`, and the
names `additionalProperties` lets through), matched by jsonschema-rs's engine, not
Python's `re`.

A rule's pattern is written by the organisation, but the text it is matched against comes
from any pull request. Python's `re` backtracks without bound: `^([a-z0-9]+-?)+$`, an
everyday kebab-case pattern, took 5 s on a 27-character value that does not match, twice
as long for each character more (days for 41), and `validate` in CI hung with it.
jsonschema-rs matches a pattern without look-around or back-references in linear time,
and stops one that needs backtracking at a step limit
(the value then counts as not matching, and the finding names the pattern). It also reads
patterns as the ECMA-262 expressions JSON Schema specifies (as ajv and every other
validator of the published schemas do): `$` ends the text (Python's also matches before a
final line break), `\\d` is an ASCII digit. `org_rules_file` refuses a rule whose pattern
jsonschema-rs cannot read, so every pattern here compiles.

`rule_validator` holds python-jsonschema's validator with these keywords; this module
imports only jsonschema-rs, so checking a rule's patterns as it is loaded does not import
python-jsonschema (see `org_rules.prepare`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import jsonschema_rs


@functools.lru_cache(maxsize=4096)
def matcher(pattern: str) -> Callable[[str], bool]:
    """Whether a text holds a match of `pattern` anywhere (JSON Schema's `pattern` is not
    anchored). Raises ValueError for a pattern jsonschema-rs cannot read."""
    try:
        compiled = jsonschema_rs.Draft202012Validator(
            {"pattern": pattern}, validate_formats=False, offline=True
        )
    except Exception as exc:  # jsonschema-rs's own error types: one message
        raise ValueError(str(exc).splitlines()[0]) from None
    return compiled.is_valid


def search(pattern: str, text: str) -> bool:
    return matcher(pattern)(text)
