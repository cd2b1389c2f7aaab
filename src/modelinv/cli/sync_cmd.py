"""`modelinv sync mlflow`: governance facts to MLflow registered models, as tags."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from modelinv.checks.cache import default_cache_dir
from modelinv.checks.engine import ConfigError, Options, load_inventory, require_files
from modelinv.cli.exits import EXIT_FINDINGS, usage_error
from modelinv.cli.left_out import refuse_invalid_policy, tell_left_out
from modelinv.cli.options import catalog_option, today_option
from modelinv.discovery.mlflow import MlflowClient
from modelinv.discovery.observation import SourceError
from modelinv.reports.mlflow_tags import plan
from modelinv.support.unsafe_text import visible


@click.group()
def sync() -> None:
    """Push governance facts from the catalog to the platforms."""


@sync.command("mlflow")
@click.option("--mlflow", "uri", required=True, metavar="URI", help="The MLflow tracking server.")
@click.option(
    "--site-url", metavar="URL", help="The published site's address: tag each model's page."
)
@click.option("--apply", is_flag=True, help="Write the tags (default: only print the diff).")
@catalog_option()
@today_option
def mlflow(
    uri: str, site_url: str | None, apply: bool, catalog_dir: Path, today: dt.date | None
) -> None:
    """Tag the registered models of MLflow with their owner team, lifecycle, risk level,
    next review date and site page (tags `modelinv.*`). A dry run unless --apply: prints
    the tags that would change.

    A model file that fails validation is left out (its registered models' tags are not
    checked), and said so on stderr. Exit status: 0 (in sync, or changes printed/applied),
    1 the same with files left out, 2 unreadable catalog, invalid policy file (the next
    review date comes from it), unreachable or refusing server.
    Credentials: MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and
    MLFLOW_TRACKING_PASSWORD.
    """
    if site_url is not None and not site_url.startswith(("http://", "https://")):
        raise click.BadParameter("must be an http(s) URL", param_hint="--site-url")
    try:
        catalog = load_inventory(catalog_dir, Options(cache_dir=default_cache_dir(), today=today))
        require_files(catalog.index, catalog_dir)
        refuse_invalid_policy(catalog, "the next review dates pushed to MLflow come from it")
        client = MlflowClient.connect(uri, os.environ)
        changes = plan(catalog, client.registered_models(), site_url)
        for change in changes:
            if apply:
                client.set_tag(change.registered, change.key, change.new)
            # registered model names and tag values come from the server: shown escaped
            click.echo(visible(("set " if apply else "would set ") + str(change)))
    except (ConfigError, SourceError) as exc:
        usage_error(str(exc))
    verb = "set" if apply else "to set (dry run; --apply writes them)"
    click.echo(f"sync mlflow: {len(changes)} tag(s) {verb}")
    if tell_left_out(catalog, "the sync", kinds=("Model",)):
        raise click.exceptions.Exit(EXIT_FINDINGS)
