"""The deployment gate: may this model be deployed to that environment today? Prints nothing.

A model passes only when it is registered, its entry is valid (no error finding points at
its file), its lifecycle stage allows the environment, it is production-ready when the
environment is production, and it is not past its decommission date. Every reason it
fails is listed, so one run tells the whole story.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelinv.api import check
from modelinv.checks.engine import ConfigError, Options, load_inventory, require_files
from modelinv.checks.policy_file import invalid_policy
from modelinv.deploy.manifests import MODEL_KEY, Resource
from modelinv.findings import Finding, Severity
from modelinv.governance import lifecycle
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model
from modelinv.model.refs import explain_bad_id, is_id
from modelinv.support.suggest import closest

JSON_VERSION = 1
# How close an unregistered id must be to a catalog id to be suggested: a typo or two in
# an id, not two models that share a suffix (`shadow-scorer`, `legacy-scorer`).
SUGGEST_CUTOFF = 0.8
ENVIRONMENTS = tuple(sorted({env for envs in lifecycle.ENVIRONMENTS.values() for env in envs}))


@dataclass(frozen=True, slots=True)
class Verdict:
    model: str
    environment: str
    reasons: tuple[str, ...]
    resource: Resource | None = None  # the manifest resource checked, if any

    @property
    def passed(self) -> bool:
        return not self.reasons


@dataclass(frozen=True, slots=True)
class Report:
    environment: str
    today: dt.date
    verdicts: tuple[Verdict, ...]

    @property
    def passed(self) -> bool:
        return all(v.passed for v in self.verdicts)


def decide(
    catalog: Inventory, findings: Iterable[Finding], model: str, environment: str
) -> list[str]:
    """Why `model` may not be deployed to `environment` as of the catalog's today (none:
    it may). `findings` are the validation findings of the whole catalog."""
    entry = catalog.resolve(f"model:{model}")
    if entry is None:
        return [_not_registered(model, catalog.ids("Model"))]
    reasons = [
        f"invalid entry: {f.location} {f.code} {f.message}" + (f" ({f.hint})" if f.hint else "")
        for f in findings
        if f.severity is Severity.ERROR and f.location.path == entry.display
    ]
    entity = catalog.entity(entry)
    if not isinstance(entity, Model):
        return reasons or [f"invalid entry: {entry.display} does not pass the schema"]
    context, spec = catalog.context, entity.spec
    allowed = lifecycle.ENVIRONMENTS.get(spec.lifecycle, frozenset())
    if not allowed:
        reasons.append(f"lifecycle is '{spec.lifecycle}': it is never deployed")
    elif environment not in allowed:
        reasons.append(
            f"lifecycle '{spec.lifecycle}' does not allow the {environment} environment "
            f"(allowed: {', '.join(sorted(allowed))})"
        )
    block = spec.deprecation
    if block is not None and block.decommission < context.today:
        successor = f"; deploy its replacement {block.replacement}" if block.replacement else ""
        reasons.append(f"past its decommission date {block.decommission}{successor}")
    if environment == "production":
        reasons += [
            f"not production-ready: {blocker}"
            for blocker in _merge_missing(lifecycle.production_blockers(entity, context))
        ]
    return reasons


def _merge_missing(blockers: list[str]) -> list[str]:
    """One "missing a, b, c" instead of a line per missing attribute group."""
    missing = [b.removeprefix("missing ") for b in blockers if b.startswith("missing ")]
    rest = [b for b in blockers if not b.startswith("missing ")]
    return ([f"missing {', '.join(missing)}"] if missing else []) + rest


def decide_resource(
    catalog: Inventory, findings: Iterable[Finding], resource: Resource, environment: str
) -> Verdict:
    """The verdict on a manifest resource: its model's, plus any conflict in how it is named."""
    reasons = []
    if resource.conflicting:
        named = ", ".join(f"{d.value} ({d.where}, {d.position})" for d in resource.declarations)
        reasons.append(f"{MODEL_KEY} names more than one model: {named}")
    reasons += decide(catalog, findings, resource.model, environment)
    return Verdict(resource.model, environment, tuple(reasons), resource)


def evaluate(
    root: Path | str,
    subjects: Sequence[str | Resource],
    environment: str,
    options: Options | None = None,
) -> Report:
    """Validate the catalog once and judge every subject (a model id or a manifest resource).

    Raises `ConfigError` when the catalog cannot be read or its policy file is not valid.
    """
    options = options or Options()
    # The cache keeps facts, not entities, and the gate needs the entities: read the files
    # once, with entities, and run the catalog-wide checks on that.
    catalog = load_inventory(root, options)
    require_files(catalog.index, root)
    _require_valid_policy(catalog)
    findings = check(catalog, options).findings
    verdicts = []
    for subject in subjects:
        if isinstance(subject, Resource):
            verdicts.append(decide_resource(catalog, findings, subject, environment))
        else:
            reasons = decide(catalog, findings, subject, environment)
            verdicts.append(Verdict(subject, environment, tuple(reasons)))
    return Report(environment, catalog.context.today, tuple(verdicts))


def _require_valid_policy(catalog: Inventory) -> None:
    """Raise ConfigError when the policy file is not valid: its thresholds (how recent
    metrics and documentation must be, how often audits are due) would otherwise fall back
    to the defaults, letting through a model the organisation's policy blocks."""
    message = invalid_policy(catalog.policy_findings, ", so no model can be judged by it")
    if message is not None:
        raise ConfigError(message)


def as_json(report: Report) -> dict[str, Any]:
    """The fixed JSON shape (`version` changes if it ever has to)."""
    return {
        "version": JSON_VERSION,
        "tool": "modelinv",
        "passed": report.passed,
        "environment": report.environment,
        "today": report.today.isoformat(),
        "results": [
            {
                "model": v.model,
                "environment": v.environment,
                "passed": v.passed,
                "reasons": list(v.reasons),
                "resource": None if v.resource is None else _resource_json(v.resource),
            }
            for v in report.verdicts
        ],
    }


def _resource_json(resource: Resource) -> dict[str, Any]:
    return {
        "kind": resource.kind,
        "name": resource.name,
        "path": resource.position.path,
        "line": resource.position.line,
        "column": resource.position.column,
        "found_by": resource.found_by,
    }


def _not_registered(model: str, known: Sequence[str]) -> str:
    message = f"shadow model: {model} is not registered in the inventory"
    match = closest(model, known, SUGGEST_CUTOFF)
    hint = f"did you mean '{match}'?" if match is not None and match != model else None
    if not is_id(model):
        why = explain_bad_id(model) + (f"; {hint}" if hint else "")
        return f"{message} ('{model}' is not even a valid model id: {why})"
    if hint:
        message += f" ({hint})"
    return (
        f"{message}; register it with `modelinv new model {model} --owner team:TEAM "
        "--maintainer-name NAME --maintainer-email EMAIL` and commit the file"
    )
