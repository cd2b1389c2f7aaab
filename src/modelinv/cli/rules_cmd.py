"""`modelinv rules`."""

from __future__ import annotations

import click

from modelinv.checks.rules.registry import RULES, find


@click.command()
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List the rules, or explain one (by code or name)."""
    if code is None:
        for found in RULES.values():
            click.echo(
                f"{found.code:<7} {found.name:<26} {found.severity.value:<8} {found.summary}"
            )
        return
    match = find(code)
    if match is None:
        click.echo(f"modelinv: no rule '{code}' (see 'modelinv rules')", err=True)
        raise click.exceptions.Exit(2)
    click.echo(f"{match.code} {match.name} ({match.severity.value}, {match.stage.value} stage)\n")
    click.echo(match.doc)
