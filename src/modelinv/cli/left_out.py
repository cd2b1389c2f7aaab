"""Saying which catalog files a command left out because they fail validation.

A command that hands the inventory on (an export, tags pushed to a registry) works from the
entities that pass the schema. A file that fails it would be missing without a word, and
what was handed on would pass for the whole inventory: these lines say so instead.
"""

from __future__ import annotations

from modelinv.checks.policy_file import invalid_policy
from modelinv.cli.exits import complain, usage_error
from modelinv.findings import first_error
from modelinv.inventory.inventory import Inventory
from modelinv.reports.markdown import plural


def tell_left_out(inventory: Inventory, what: str, kinds: tuple[str, ...] | None = None) -> int:
    """On stderr, each file of `inventory` (of these `kinds`, else of any) that fails
    validation with its first error (`file:line:col: CODE message (hint)`), then how many
    were left out of `what` ("the export"); how many there are (0: nothing said)."""
    first = {(entry.kind, entry.name): entry for entry in inventory.distinct()}
    left_out = [e for e in inventory.left_out() if kinds is None or e.kind in kinds]
    for entry in left_out:
        found = first_error(entry.findings)
        why = ": it fails validation"
        if entry.valid:  # a second file declaring an id (ID003): the first one is kept
            kept = first[(entry.kind, entry.name)]
            why = f": ID003 {entry.kind} id '{entry.name}' is declared by {kept.display} already"
        elif found is not None:
            loc = found.location
            why = f":{loc.line}:{loc.column}: {found.code} {found.message}"
            why += f" ({found.hint})" if found.hint else ""
        complain(f"left out {entry.display}{why}")
    if left_out:
        them = "it" if len(left_out) == 1 else "them"
        complain(
            f"{plural(len(left_out), 'file')} failing validation left out of {what}: fix "
            f"{them} (modelinv validate lists every finding)"
        )
    return len(left_out)


def refuse_invalid_policy(inventory: Inventory, judged: str) -> None:
    """Stop with a usage error when the policy file is not valid: what the command hands on
    (`judged` says what the policy decides in it) would otherwise follow the default
    thresholds without a word, as `gate`, `report` and the edit commands refuse to."""
    message = invalid_policy(inventory.policy_findings, f", and {judged}")
    if message is not None:
        usage_error(message)
