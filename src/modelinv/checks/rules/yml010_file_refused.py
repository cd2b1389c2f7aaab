"""The file is not a regular file of a sensible size, so it is not read at all.

**What it does.** Refuses, before parsing, a path that is a symbolic link, a FIFO, a
device or a directory named like a catalog file, a file named like one but for the case
of its suffix (`x.YAML`, `x.Yml`), and a file larger than the size limit (1 MiB: a model
entry is a few kilobytes). A symbolic link to a folder, whatever its name, is refused at
the link's path and not followed: none of its files is read.

**Why it matters.** A hostile pull request can add a FIFO that blocks the validator
forever, a symlink that reads files outside the repository, or a 50 MB value that
exhausts memory. Refusing them quickly keeps pre-commit and CI safe. A `models/x.YAML`
is meant as an entry: skipping it would let it merge unchecked.

**Failing example.** `catalog/models/x.yaml -> /etc/passwd` (a symlink),
`catalog/models/legacy -> ../../elsewhere` (a symlinked folder), or
`catalog/models/churn.YAML`.

**Use instead.** A regular file named `ID.yaml`, committed as such, in a real folder.
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("YML010", "file-refused", Stage.YAML, __doc__)
