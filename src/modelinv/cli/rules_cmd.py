"""`modelinv rules`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from modelinv.checks.org_rules_file import OrgRuleError, load_org_rules
from modelinv.checks.rules.registry import RULES, find
from modelinv.cli.exits import usage_error
from modelinv.cli.options import catalog_option
from modelinv.governance.org_rules import OrgRule
from modelinv.loader.discover import shown_root
from modelinv.support.unsafe_text import visible


def _org_rules(catalog_dir: Path) -> tuple[OrgRule, ...]:
    if not catalog_dir.is_dir():
        return ()
    try:
        return load_org_rules(catalog_dir, shown_root(catalog_dir))
    except OrgRuleError as exc:
        usage_error(str(exc))


@click.command()
@click.argument("code", required=False)
@catalog_option("The catalog whose organisation rules (rules/*.schema.json) are listed too.")
def rules(code: str | None, catalog_dir: Path) -> None:
    """List the rules (built-in, then the catalog's organisation rules), or explain one
    (by code or name)."""
    match = find(code) if code is not None else None
    if match is not None:  # a built-in rule's doc does not depend on the catalog's rules
        click.echo(
            f"{match.code} {match.name} ({match.severity.value}, {match.stage.value} stage)\n"
        )
        click.echo(match.doc)
        return
    org = _org_rules(catalog_dir)
    if code is None:
        for found in RULES.values():
            click.echo(
                f"{found.code:<7} {found.name:<26} {found.severity.value:<8} {found.summary}"
            )
        for rule in org:  # its texts come from the catalog: shown, never obeyed
            click.echo(
                visible(
                    f"{rule.code:<7} {rule.name:<26} {rule.severity.value:<8} {rule.summary} "
                    f"(organisation rule, {rule.path})"
                )
            )
        return
    for rule in org:
        if code.upper() == rule.code or code.lower() == rule.name:
            click.echo(
                visible(f"{rule.code} {rule.name} ({rule.severity.value}, organisation rule)")
            )
            click.echo(f"\n{visible(rule.message)}\n\nApplies to: {', '.join(rule.kinds)}")
            click.echo(f"Defined in: {visible(rule.path)}\n")
            click.echo(json.dumps(json.loads(rule.schema), indent=2))
            return
    usage_error(f"no rule '{code}' (see 'modelinv rules')")
