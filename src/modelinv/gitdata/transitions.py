"""`--base REF`: the catalog as it was where HEAD's history met REF's (`git.fork_point`,
read by `at_commit`), and the transition rules run on it. A file identical there and on
disk is not parsed twice: both catalogs share its entry, which marks it as unchanged. The
rules compare entities: both sides are inventories, whose entities come from the entries'
payloads, so the working tree is never parsed again.
"""

from __future__ import annotations

from pathlib import Path

from modelinv.checks.rules.registry import TRANSITION_RULES
from modelinv.findings import Finding
from modelinv.gitdata import changes, git
from modelinv.gitdata.at_commit import indexes_at
from modelinv.gitdata.moves import folder_at
from modelinv.inventory.index import Index
from modelinv.inventory.inventory import Inventory
from modelinv.loader.load import ParserName


def transition_findings(
    head: Index, ref: str, parser: ParserName = "auto", jobs: int = 1
) -> list[Finding]:
    """Every transition rule's findings for `head` (the loaded working tree) against the
    catalog where HEAD met `ref` (its changed files checked by `jobs` processes, see
    `load_base`): only what this branch changed is judged, not what reached `ref` since."""
    root = Path(head.root)
    try:
        point: str | None = git.fork_point(root, ref)
    except git.GitError:
        if not git.unborn(root):
            raise
        if ref != "HEAD":
            git.commit_of(root, ref)  # an unknown ref says so first
            raise git.GitError(
                f"the current branch has no commits yet, so none in common with '{ref}': "
                "commit the catalog first (--base HEAD judges a first commit against no "
                "catalog)"
            ) from None
        point = None  # `--base HEAD` (a pre-commit hook) before the first commit
    # Before the first commit everything is new, as git diffs a first commit with the
    # empty tree.
    if point is None:
        base = Inventory(Index(head.root, [], head.context))
    else:
        base = load_base(head, point, parser, jobs)
    inventory = Inventory(head)
    try:
        return [f for rule in TRANSITION_RULES for f in rule.check(base, inventory)]
    finally:
        changes.forget()


def load_base(head: Index, ref: str, parser: ParserName = "auto", jobs: int = 1) -> Inventory:
    """The catalog at `ref`, sharing the entries of files unchanged since (so they take no
    part in the pairing), read where the catalog folder was then (a branch that moves the
    folder: `moves.folder_at`). With `jobs` over 1, half of many changed files are checked
    in a forked process (`indexes_at`). Raises `git.GitError`."""
    top, prefix = git.in_repository(Path(head.root))
    folder = folder_at(top, prefix, ref)  # where it was, if this branch moved it since
    folders = [folder] if folder != prefix else None
    (base,) = indexes_at(head, [ref], parser=parser, jobs=jobs, folders=folders)
    return Inventory(base)
