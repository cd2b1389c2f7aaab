"""The file's path holds a character that could forge lines in CODEOWNERS or hide in output.

**What it does.** Refuses, before parsing, a catalog file whose path (folders included)
holds a tab, a line break or any other control character, a bidirectional or invisible
character, or one of `#`, `*`, `?`, `[`, `]`, `\\`, `!`. Plain spaces and letters of any
script are fine. Like every YAML-stage rule it cannot be waived.

**Why it matters.** File names are written into `.github/CODEOWNERS` and reports. A file
named `a<NEWLINE>* @evil<NEWLINE>.yaml` would add the line `* @evil` to CODEOWNERS and
hand the whole repository's review to its author; `*` or `[` would turn the path into a
pattern matching other teams' files; invisible characters make two paths look the same.
`modelinv codeowners` writes no line for such a file (the fallback owner covers it), and
this rule makes sure it never reaches the default branch.

**Failing example.** `catalog/models/fraud#detector.yaml`, or a file name holding a tab.

**Use instead.** Name the file after its id: `catalog/models/fraud-detector.yaml`.
"""

from __future__ import annotations

import unicodedata

from modelinv.checks.rules.base import Stage, rule
from modelinv.findings import Finding, Location
from modelinv.support.unsafe_text import describe, unsafe_path_char, visible

RULE = rule("YML012", "unsafe-file-name", Stage.YAML, __doc__)


def check_path(rel: str, display: str) -> Finding | None:
    """A finding when `rel` (the path under the catalog root) holds an unsafe character."""
    found = unsafe_path_char(rel)
    if found is None:
        return None
    return RULE.at(
        # The real path: every output format escapes what it prints (text, github) or
        # encodes it (json, sarif), so the finding still names the file exactly.
        Location(display, 1, 1),
        f"file name '{visible(rel)}' holds {_what(found)}; the file is not read",
        hint="rename the file after its id, with letters, digits, '-', '_', '.' and spaces",
    )


def _what(char: str) -> str:
    if unicodedata.category(char) == "Cc":
        return f"U+{ord(char):04X}, a control character"
    return describe(char)
