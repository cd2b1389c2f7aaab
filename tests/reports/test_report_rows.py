"""Review, health and index rows on small catalogs built from the rule-case base."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from reports_support import TODAY, base_model, build_catalog

from modelinv.governance.context import Context
from modelinv.inventory.index import Index
from modelinv.inventory.inventory import Inventory
from modelinv.model import Model
from modelinv.reports import health, render_md
from modelinv.reports.health import ModelHealth, health_of, health_report, model_health
from modelinv.reports.index import RELATIONS, ModelDerived, TeamDerived, index_report
from modelinv.reports.inputs import load_inputs
from modelinv.reports.model_facts import model_facts
from modelinv.reports.review import review_report
from modelinv.reports.usage import parse_usage

FRAUD = "models/fraud-detector.yaml"
MERCHANT = "models/merchant-embedder.yaml"


def test_review_lists_models_due_within_the_window(tmp_path: Path) -> None:
    catalog, usage = load_inputs(build_catalog(tmp_path), None, TODAY)
    # The base model was reviewed on 2026-09-15: due 2026-12-14, in 18 days.
    assert review_report(catalog, usage).rows == ()
    (row,) = review_report(catalog, usage, within_days=18).rows
    assert (row.model.id, row.due, row.days_left, row.overdue) == (
        "fraud-detector",
        TODAY.replace(month=12, day=14),
        18,
        False,
    )
    assert row.traffic.requests is None  # no usage data: unknown
    assert (row.monthly_cost, row.currency) == (4200, "USD")
    (metric,) = row.metrics
    assert (metric.name, metric.state, metric.previous) == ("auc", "ok", None)


def test_a_model_created_after_the_day_judged_has_no_age_yet(tmp_path: Path) -> None:
    """A post-dated `created` (or a past version judged before it) is left out of the
    average age: counted, it made the average negative (and the health chart crash)."""
    later = base_model("merchant-embedder") + "  created: 2027-03-01\n"
    catalog, usage = load_inputs(build_catalog(tmp_path, files={MERCHANT: later}), None, TODAY)
    report = health_report(catalog, usage)
    # fraud-detector alone: created 2024-03-01, 1000 days before 2026-11-26
    assert (report.average_age_days, report.dated) == (1000.0, 1)


def test_review_overdue_and_never_reviewed(tmp_path: Path) -> None:
    overdue = base_model().replace("lastReviewed: 2026-09-15", "lastReviewed: 2026-08-01")
    never = (
        base_model()
        .replace("fraud-detector", "risk-scorer")
        .replace("  review: {lastReviewed: 2026-09-15, reviewer: Ben Okafor}\n", "")
    )
    root = build_catalog(tmp_path, files={FRAUD: overdue, "models/risk-scorer.yaml": never})
    catalog, _ = load_inputs(root, None, TODAY)
    usage = parse_usage(
        "model,date,requests\nfraud-detector,2026-11-20,5\nfraud-detector,2026-11-25,7\n", "u"
    )
    rows = review_report(catalog, usage).rows
    assert [(r.model.id, r.days_left, r.last_reviewed) for r in rows] == [
        ("fraud-detector", -27, TODAY.replace(month=8, day=1)),
        ("risk-scorer", 0, None),
    ]
    assert rows[0].traffic.requests == 12
    assert not rows[0].traffic.complete  # the data starts inside the 30-day window
    # Never reviewed is overdue, as the index report flags it (`review-overdue`) and TM001
    # judges it: the Markdown's count says so too.
    assert [row.overdue for row in rows] == [True, True]
    entities = index_report(catalog, usage).entities
    unreviewed = next(e for e in entities if e.ref == "model:risk-scorer")
    assert isinstance(unreviewed.derived, ModelDerived)
    assert "review-overdue" in unreviewed.derived.flags
    assert "(2 overdue)" in render_md.review(review_report(catalog, usage))


def test_health_figures(tmp_path: Path) -> None:
    merchant = base_model("merchant-embedder") + (
        "  created: 2026-11-16\n  cost: {monthly: 100.5, currency: EUR}\n"
        "  metrics:\n    - {name: auc, value: 0.5, threshold: 0.9, evaluated: 2026-11-01}\n"
    )
    archived = (
        base_model()
        .replace("fraud-detector", "old-scorer")
        .replace("lifecycle: production", "lifecycle: archived")
    )
    files = {MERCHANT: merchant, "models/old-scorer.yaml": archived}
    catalog, usage = load_inputs(build_catalog(tmp_path, files=files), None, TODAY)
    report = health_report(catalog, usage)
    assert (report.models, report.active) == (3, 2)
    assert (report.documentation_current, report.documentation_stale) == (1, ("merchant-embedder",))
    assert (report.with_targets, report.meeting_targets) == (2, 1)
    assert report.not_meeting_targets == ("merchant-embedder",)
    # fraud-detector: created 2024-03-01, 1000 days; merchant-embedder: 10 days
    assert (report.average_age_days, report.dated) == (505.0, 2)
    stages = {c.name: c.models for c in report.by_stage}
    assert stages == {
        "development": 1,
        "staging": 0,
        "production": 1,
        "deprecated": 0,
        "archived": 1,
    }
    assert {c.name: c.models for c in report.by_risk}["unclassified"] == 1
    assert [(c.team, c.currency, c.monthly, c.models) for c in report.cost] == [
        ("team:payments-ml", "EUR", 100.5, 1),
        ("team:payments-ml", "USD", 4200, 1),
        ("total", "EUR", 100.5, 1),
        ("total", "USD", 4200, 1),
    ]


def _facts_worked_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The models whose health facts are worked out from now on, by name, in order."""
    worked: list[str] = []

    def counting(model: Model) -> ModelHealth:
        worked.append(model.metadata.name)
        return health_of(model)

    monkeypatch.setattr(health, "health_of", counting)
    return worked


def test_health_facts_are_remembered_per_entry_and_judged_as_of_each_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Remembered` (the site's health history: one report per past version) works out
    the facts of each catalog entry once, whichever inventory decoded its model; the
    day-dependent figures still follow each report's day."""
    catalog, usage = load_inputs(build_catalog(tmp_path), None, TODAY)
    # The same entries a year later (a past version shares the working tree's entries).
    later = Index(
        catalog.root,
        catalog.entries,
        Context(catalog.context.policy, TODAY.replace(year=TODAY.year + 1)),
    )
    plain = (health_report(catalog, usage), health_report(Inventory(later), usage))
    worked = _facts_worked_out(monkeypatch)
    facts = health.Remembered()
    first = health_report(catalog, usage, facts)
    again = health_report(Inventory(later), usage, facts)  # its own model objects
    assert sorted(worked) == sorted(catalog.ids("Model"))  # once each, for both reports
    assert (first, again) == plain
    assert again.average_age_days is not None and first.average_age_days is not None
    assert again.average_age_days == first.average_age_days + 365


def test_remembered_facts_forget_all_but_the_versions_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`keep_only` lets the facts (and with them the entries) of versions judged go, but
    for the versions named: those are not worked out again, the others would be."""
    catalog, usage = load_inputs(build_catalog(tmp_path), None, TODAY)
    worked = _facts_worked_out(monkeypatch)
    facts = health.Remembered()
    models = catalog.ids("Model")
    assert len(models) > 1
    health_report(catalog, usage, facts)
    kept = Index(catalog.root, [e for e in catalog.entries if e.name != models[0]], catalog.context)
    facts.keep_only(kept)
    worked.clear()
    health_report(catalog, usage, facts)
    assert worked == [models[0]]  # the one entry let go, worked out again
    facts.keep_only(catalog.index)
    worked.clear()
    health_report(catalog, usage, facts)
    assert worked == []


def test_health_lists_usage_for_unregistered_models(tmp_path: Path) -> None:
    catalog, _ = load_inputs(build_catalog(tmp_path), None, TODAY)
    usage = parse_usage("model,date,requests\nshadow-scorer,2026-11-20,5\n", "u")
    assert health_report(catalog, usage).unregistered_usage == ("shadow-scorer",)


def test_index_relations_both_ways_and_invalid_files(tmp_path: Path) -> None:
    broken = "apiVersion: modelinv/v1\nkind: Model\nmetadata: {name: broken, title: Broken}\n"
    root = build_catalog(tmp_path, files={"models/broken.yaml": broken})
    catalog, usage = load_inputs(root, None, TODAY)
    report = index_report(catalog, usage)
    by_ref = {e.ref: e for e in report.entities}
    assert set(report.basis.skipped) == {f"{root}/models/broken.yaml"}
    assert not by_ref["model:broken"].valid
    assert by_ref["model:broken"].data is None
    assert by_ref["model:broken"].derived is None
    fraud = by_ref["model:fraud-detector"]
    assert isinstance(fraud.data, dict) and fraud.data["spec"]["owner"] == "team:payments-ml"
    assert set(fraud.relations) == set(RELATIONS)
    assert fraud.relations["ownedBy"] == ("team:payments-ml",)
    assert fraud.relations["dependsOn"] == ("dataset:card-transactions",)
    assert "model:fraud-detector" in by_ref["team:payments-ml"].relations["ownerOf"]
    asset = by_ref["dataset:card-transactions"]
    assert asset.relations["dependencyOf"] == ("model:fraud-detector",)
    assert asset.relations["trainingDataOf"] == ("model:fraud-detector",)
    assert by_ref["consumer:checkout-api"].relations["consumes"] == ("model:fraud-detector",)


def test_index_derived_fields(tmp_path: Path) -> None:
    stale = base_model().replace("updated: 2026-10-02}", "updated: 2025-10-02}")
    catalog, _ = load_inputs(build_catalog(tmp_path, files={FRAUD: stale}), None, TODAY)
    usage = parse_usage(
        "model,date,requests\nfraud-detector,2026-10-01,9\nother,2026-11-25,1\n", "u"
    )
    report = index_report(catalog, usage)
    fraud = next(e for e in report.entities if e.ref == "model:fraud-detector")
    derived = fraud.derived
    assert isinstance(derived, ModelDerived)
    assert derived.days_since_review == 72
    assert derived.next_review == TODAY.replace(month=12, day=14)
    assert derived.documentation_current is False
    assert (derived.usage_last_30_days, derived.last_traffic) == (0, TODAY.replace(month=10, day=1))
    assert derived.meets_targets is True
    assert derived.retirement == ("zero-traffic",)
    assert derived.flags == ("documentation-stale", "zero-traffic")
    team = next(e for e in report.entities if e.ref == "team:payments-ml")
    assert isinstance(team.derived, TeamDerived)
    assert (team.derived.models, team.derived.monthly_cost) == (2, {"USD": 4200})


def test_health_of_a_model_is_the_health_of_its_facts(tmp_path: Path) -> None:
    """The health history takes a past model's health without fitting its metrics'
    trends (`health_of`); it is what the facts the reports read give (`model_health`),
    for every model of the example catalog and one whose metric misses its threshold."""
    catalog, _ = load_inputs(build_catalog(tmp_path), None, TODAY)
    models = [model for _, model in catalog.of_kind(Model)]
    text = base_model().replace("value: 0.934", "value: 0.5", 1)
    models.append(Model.model_validate(yaml.safe_load(text)))
    assert any(health_of(model).misses for model in models)
    assert any(not health_of(model).measured for model in models)
    for model in models:
        assert health_of(model) == model_health(model_facts(model)), model.metadata.name
