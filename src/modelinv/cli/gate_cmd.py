"""`modelinv gate`: may this model (or what this manifest deploys) go to that environment?"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from modelinv.checks.cache import default_cache_dir
from modelinv.checks.engine import ConfigError, Options
from modelinv.cli.exits import EXIT_FINDINGS, usage_error
from modelinv.cli.options import catalog_option, today_option
from modelinv.deploy.gate import ENVIRONMENTS, Report, Verdict, evaluate
from modelinv.deploy.gate import as_json as report_json
from modelinv.deploy.manifests import (
    MAX_MANIFEST_BYTES,
    MODEL_KEY,
    ManifestError,
    Resource,
    load_manifest,
    parse_manifest,
)
from modelinv.support.unsafe_text import visible


@click.command()
@click.argument("model", required=False)
@click.option(
    "--manifest",
    "manifests",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help=f"Check what this Kubernetes manifest deploys ('-': stdin; repeatable). "
    f"Models are found by the {MODEL_KEY} label or annotation, else metadata.name.",
)
@click.option(
    "--environment",
    "-e",
    required=True,
    type=click.Choice(ENVIRONMENTS),
    help="The environment to deploy to.",
)
@catalog_option()
@today_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--no-cache", is_flag=True, help="Re-check every file; do not read or write the cache."
)
def gate(
    model: str | None,
    manifests: tuple[Path, ...],
    environment: str,
    catalog_dir: Path,
    today: dt.date | None,
    output_format: str,
    no_cache: bool,
) -> None:
    """Let MODEL (or every model a --manifest deploys) through to an environment only if it
    is registered, valid, at a lifecycle stage allowing that environment, production-ready
    for production, and not past its decommission date.

    Exit status: 0 every model passes, 1 some model is blocked (every reason is listed),
    2 usage error (no catalog, invalid policy file, unreadable manifest).
    """
    if model is None and not manifests:
        raise click.UsageError("give a MODEL or --manifest FILE")
    if model is not None and manifests:
        raise click.UsageError("give either MODEL or --manifest FILE, not both")
    subjects: list[str | Resource] = []
    try:
        if model is not None:
            subjects.append(model.removeprefix("model:"))
        else:
            subjects.extend(_resources(manifests))
        options = Options(cache_dir=None if no_cache else default_cache_dir(), today=today)
        report = evaluate(catalog_dir, subjects, environment, options)
    except (ConfigError, ManifestError) as exc:
        usage_error(str(exc))
    if output_format == "json":
        click.echo(json.dumps(report_json(report), indent=2))
    else:
        click.echo(_text(report), nl=False)
    if not report.passed:
        raise click.exceptions.Exit(EXIT_FINDINGS)


def _resources(manifests: tuple[Path, ...]) -> list[Resource]:
    found: list[Resource] = []
    for path in manifests:
        if str(path) == "-":
            data = sys.stdin.buffer.read(MAX_MANIFEST_BYTES + 1)
            found += parse_manifest(data, "<stdin>")
        else:
            found += load_manifest(path)
    models = [r for r in found if not r.router]  # an InferenceGraph deploys no model itself
    if not models:
        raise ManifestError(
            f"no model-serving resource in {', '.join(map(str, manifests))} (a KServe or "
            f"Seldon model kind, or a workload with the {MODEL_KEY} label)"
        )
    return models


def _text(report: Report) -> str:
    lines = []
    for verdict in report.verdicts:
        lines.append(_headline(verdict))
        lines += [f"  - {reason}" for reason in verdict.reasons]
    blocked = sum(1 for v in report.verdicts if not v.passed)
    total = len(report.verdicts)
    models = "model" if total == 1 else "models"
    if blocked:
        lines.append(
            f"gate failed: {blocked} of {total} {models} blocked from {report.environment} "
            f"(as of {report.today})."
        )
    else:
        lines.append(
            f"gate passed: {total} {models} cleared for {report.environment} "
            f"(as of {report.today})."
        )
    return "".join(f"{visible(line)}\n" for line in lines)


def _headline(verdict: Verdict) -> str:
    status = "PASS" if verdict.passed else "FAIL"
    line = f"{status} {verdict.model} -> {verdict.environment}"
    resource = verdict.resource
    if resource is not None:
        found = resource.found_by
        if resource.written != verdict.model:  # a platform's name made an id
            found += f" '{resource.written}'"
        line += f" ({resource.position} {resource}, model by {found})"
    return line
