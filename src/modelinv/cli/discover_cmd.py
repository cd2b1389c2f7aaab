"""`modelinv discover`: shadow, orphan and drift models from manifests, MLflow, Prometheus."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import get_args

import click

from modelinv.checks.cache import default_cache_dir
from modelinv.checks.engine import ConfigError, Options, load_inventory, require_files
from modelinv.cli.exits import EXIT_FINDINGS, usage_error
from modelinv.cli.left_out import refuse_invalid_policy, tell_left_out
from modelinv.cli.options import catalog_option, today_option
from modelinv.discovery.compare import Discovery, compare
from modelinv.discovery.observation import Observation, SourceError
from modelinv.discovery.registry import Settings, build
from modelinv.discovery.render import FORMATS, render
from modelinv.discovery.scaffold import scaffold
from modelinv.edit.result import Refused
from modelinv.edit.write import write_change
from modelinv.inventory.inventory import Inventory as Catalog
from modelinv.model.ml_model import Environment
from modelinv.support.unsafe_text import visible

ENVIRONMENTS: tuple[str, ...] = get_args(Environment)


@click.command()
@click.option(
    "--k8s",
    "k8s",
    multiple=True,
    metavar="PATH",
    help="Kubernetes manifests: a file, a folder (read recursively) or '-' for stdin "
    "(repeatable): a deploy repository, `kustomize build` or `helm template` output, "
    "a `kubectl get -A -o yaml` dump.",
)
@click.option("--mlflow", metavar="URI", help="An MLflow tracking server (Model Registry).")
@click.option(
    "--prometheus",
    metavar="URL",
    help="A Prometheus server: models with traffic (query and label in the policy's "
    "`prometheus` block).",
)
@click.option(
    "--environment",
    "-e",
    type=click.Choice(ENVIRONMENTS),
    help="The environment the manifests describe: catalog deployments there that no "
    "manifest deploys are orphans.",
)
@catalog_option()
@today_option
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text")
@click.option("--check", is_flag=True, help="Exit 1 when anything is found (for CI).")
@click.option(
    "--write",
    is_flag=True,
    help="Scaffold a catalog entry for each shadow model (never overwrites a file); "
    "what was written goes to stderr.",
)
def discover(
    k8s: tuple[str, ...],
    mlflow: str | None,
    prometheus: str | None,
    environment: str | None,
    catalog_dir: Path,
    today: dt.date | None,
    output_format: str,
    check: bool,
    write: bool,
) -> None:
    """Compare what runs (Kubernetes manifests) and what is registered (MLflow) with the
    catalog: shadow models (not in the catalog), orphans (in the catalog, not there) and
    drift (both know it and disagree), each with its evidence.

    A model file that fails validation is compared with nothing (no drift, no orphan): each
    is named on stderr.

    Exit status: 0 (also when something is found, unless --check), 1 something found or a
    model file left out with --check, 2 usage error, unreadable catalog or manifest,
    invalid policy file with --prometheus or --write, unreachable service.
    """
    chosen = {
        "kubernetes": list(k8s),
        "mlflow": [mlflow] if mlflow else [],
        "prometheus": [prometheus] if prometheus else [],
    }
    if not any(chosen.values()):
        raise click.UsageError(
            "give at least one source: --k8s PATH, --mlflow URI or --prometheus URL"
        )
    try:
        catalog = load_inventory(catalog_dir, Options(cache_dir=default_cache_dir(), today=today))
        require_files(catalog.index, catalog_dir)
        if prometheus:
            refuse_invalid_policy(catalog, "its prometheus block says how traffic is read")
        if write:
            refuse_invalid_policy(catalog, "its discoveryTriageTeam owns what --write scaffolds")
        result = run(catalog, chosen, environment)
    except (ConfigError, SourceError) as exc:
        usage_error(str(exc))
    click.echo(render(result, output_format), nl=False)
    # A model whose file fails validation counts as known (never a shadow), but nothing is
    # compared for it: no drift, no orphan. Say which, rather than pass for a full check.
    left_out = tell_left_out(catalog, "the comparison", kinds=("Model",))
    if write:
        _write(catalog, result)
    if check and (result.items or left_out):
        raise click.exceptions.Exit(EXIT_FINDINGS)


def _write(catalog: Catalog, result: Discovery) -> None:
    changes, skipped = scaffold(catalog, result)
    for change in changes:
        try:
            write_change(change)
        except Refused as exc:
            usage_error(f"{exc.display}: {'; '.join(exc.reasons)}")
        click.echo(visible(f"wrote {change.display} ({change.summary})"), err=True)
    for left in skipped:
        click.echo(visible(f"skipped {left.model}: {left.reason}"), err=True)
    click.echo(f"discover --write: {len(changes)} written, {len(skipped)} skipped", err=True)


def run(catalog: Catalog, chosen: dict[str, list[str]], environment: str | None) -> Discovery:
    """Observe every chosen source (all of them before any output) and compare."""
    sources = build(chosen, Settings(catalog.context.policy, os.environ, catalog.context.today))
    observations: list[Observation] = []
    for source in sources:
        observations += source.observe()
    return compare(catalog, observations, sources, environment)
