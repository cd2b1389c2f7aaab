"""The file is not UTF-8 text.

**What it does.** Reports UTF-16 and UTF-32 files (with or without a byte order mark) and
bytes that are not valid UTF-8, at the line and column of the first bad byte. A UTF-8 byte
order mark is accepted.

**Why it matters.** Catalog files are read by many tools (git diffs, editors, the site);
UTF-8 is the one encoding they all agree on.

**Failing example.** A file saved as "Unicode" (UTF-16) by an editor, or with a Latin-1
`é` in a description.

**Use instead.** Save the file as UTF-8.
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("YML008", "encoding", Stage.YAML, __doc__)
