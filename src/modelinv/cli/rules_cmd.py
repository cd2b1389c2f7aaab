"""`modelinv rules`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from modelinv.checks.org_rules_file import OrgRuleError, load_org_rules
from modelinv.checks.rules.registry import RULES, find
from modelinv.cli.exits import EXIT_USAGE
from modelinv.cli.options import catalog_option
from modelinv.governance.org_rules import OrgRule
from modelinv.loader.discover import shown_root


def _org_rules(catalog_dir: Path) -> tuple[OrgRule, ...]:
    if not catalog_dir.is_dir():
        return ()
    try:
        return load_org_rules(catalog_dir, shown_root(catalog_dir))
    except OrgRuleError as exc:
        click.echo(f"modelinv: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None


@click.command()
@click.argument("code", required=False)
@catalog_option("The catalog whose organisation rules (rules/*.schema.json) are listed too.")
def rules(code: str | None, catalog_dir: Path) -> None:
    """List the rules (built-in, then the catalog's organisation rules), or explain one
    (by code or name)."""
    org = _org_rules(catalog_dir)
    if code is None:
        for found in RULES.values():
            click.echo(
                f"{found.code:<7} {found.name:<26} {found.severity.value:<8} {found.summary}"
            )
        for rule in org:
            click.echo(
                f"{rule.code:<7} {rule.name:<26} {rule.severity.value:<8} {rule.summary} "
                f"(organisation rule, {rule.path})"
            )
        return
    match = find(code)
    if match is not None:
        click.echo(
            f"{match.code} {match.name} ({match.severity.value}, {match.stage.value} stage)\n"
        )
        click.echo(match.doc)
        return
    for rule in org:
        if code.upper() == rule.code or code.lower() == rule.name:
            click.echo(f"{rule.code} {rule.name} ({rule.severity.value}, organisation rule)\n")
            click.echo(f"{rule.message}\n\nApplies to: {', '.join(rule.kinds)}")
            click.echo(f"Defined in: {rule.path}\n")
            click.echo(json.dumps(json.loads(rule.schema), indent=2))
            return
    click.echo(f"modelinv: no rule '{code}' (see 'modelinv rules')", err=True)
    raise click.exceptions.Exit(EXIT_USAGE)
