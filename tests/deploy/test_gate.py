"""The deployment gate through the real CLI, on a catalog built from tests/checks/rules/base plus
the overlay in tests/deploy/gate/catalog (see tests/deploy/gate/README.md), as of 2026-11-26."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from modelinv import Options, load_catalog, validate
from modelinv.cli import cli, main
from modelinv.deploy.gate import decide

HERE = Path(__file__).parent
BASE = HERE.parent / "checks" / "rules" / "base"
OVERLAY = HERE / "gate" / "catalog"
MANIFESTS = HERE / "gate" / "manifests"
TODAY = "2026-11-26"


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(BASE, root)
    shutil.copytree(OVERLAY, root, dirs_exist_ok=True)
    return root


def _gate(
    catalog: Path, capsys: pytest.CaptureFixture[str], *args: str, env: str = "production"
) -> tuple[int, str, str]:
    code = main(["gate", *args, "-e", env, "--catalog", str(catalog), "--today", TODAY])
    out, err = capsys.readouterr()
    return code, out, err


def _json(catalog: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code, out, _ = _gate(catalog, capsys, *args, "--format", "json")
    return code, json.loads(out)


def test_registered_production_model_passes(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _gate(catalog, capsys, "fraud-detector")
    assert (code, err) == (0, "")
    assert out == (
        "PASS fraud-detector -> production\n"
        "gate passed: 1 model cleared for production (as of 2026-11-26).\n"
    )


def test_model_reference_is_accepted(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _gate(catalog, capsys, "model:fraud-detector")[0] == 0


def test_unregistered_manifest_is_a_shadow_model(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _gate(catalog, capsys, "--manifest", str(MANIFESTS / "shadow.yaml"))
    assert code == 1
    assert "FAIL shadow-scorer -> production" in out
    assert "InferenceService/shadow-scorer, model by metadata.name" in out
    assert (
        "  - shadow model: shadow-scorer is not registered in the inventory; "
        "register it with `modelinv new model shadow-scorer --owner team:TEAM "
        "--maintainer-name NAME --maintainer-email EMAIL` and commit the file"
    ) in out


def test_unregistered_model_with_an_invalid_id(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _gate(catalog, capsys, "Fraud_Detector")
    assert code == 1
    assert "shadow model: Fraud_Detector is not registered" in out
    assert "is not even a valid model id" in out


def test_past_decommission_date_fails(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _gate(catalog, capsys, "legacy-scorer")
    assert code == 1
    assert (
        "  - past its decommission date 2026-09-30; deploy its replacement model:fraud-detector"
    ) in out.splitlines()


def test_decommission_day_itself_still_passes_that_check(catalog: Path) -> None:
    def reasons(day: dt.date) -> list[str]:
        options = Options(today=day)
        findings = validate(catalog, options).findings
        return decide(load_catalog(catalog, options), findings, "legacy-scorer", "staging")

    assert not any("decommission date" in r for r in reasons(dt.date(2026, 9, 30)))
    assert any(r.startswith("past its decommission date") for r in reasons(dt.date(2026, 10, 1)))


def test_development_model_never_reaches_production(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _gate(catalog, capsys, "churn-sandbox")
    assert code == 1
    lines = out.splitlines()
    assert (
        "  - lifecycle 'development' does not allow the production environment "
        "(allowed: development)"
    ) in lines
    # Every reason is listed, not only the first.
    assert "  - not production-ready: no documentation" in lines
    assert any(line.startswith("  - not production-ready: missing deployments, ") for line in lines)


def test_development_model_may_go_to_development(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _gate(catalog, capsys, "churn-sandbox", env="development")[0] == 0


def test_staging_model_passes_for_staging_only(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _gate(catalog, capsys, "ranker-staging", env="staging")[0] == 0
    code, out, _ = _gate(catalog, capsys, "ranker-staging")
    assert code == 1
    assert "lifecycle 'staging' does not allow the production environment" in out


def test_archived_never_passes(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _gate(catalog, capsys, "old-ranker", env="development")
    assert code == 1
    assert "  - lifecycle is 'archived': it is never deployed" in out.splitlines()


def test_schema_error_fails(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _gate(catalog, capsys, "broken-scorer")
    assert code == 1
    [reason] = [line for line in out.splitlines() if line.startswith("  - ")]
    assert reason.startswith(f"  - invalid entry: {catalog / 'models' / 'broken-scorer.yaml'}:12:")
    assert " SCH003 spec.cost.monthly: expected a number" in reason


def test_catalog_wide_error_at_the_model_fails(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = catalog / "models" / "fraud-detector.yaml"
    path.write_text(path.read_text().replace("consumer:checkout-api", "consumer:checkout"))
    code, out, _ = _gate(catalog, capsys, "fraud-detector")
    assert code == 1
    assert "REF001 unknown reference 'consumer:checkout'" in out


def test_json_shape(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _json(catalog, capsys, "--manifest", str(MANIFESTS / "multi.yaml"))
    assert code == 1
    assert report.keys() == {"version", "tool", "passed", "environment", "today", "results"}
    assert (report["version"], report["passed"], report["today"]) == (1, False, TODAY)
    first, second = report["results"]
    assert first == {
        "model": "fraud-detector",
        "environment": "production",
        "passed": True,
        "reasons": [],
        "resource": {
            "kind": "Deployment",
            "name": "fraud-api",
            "path": str(MANIFESTS / "multi.yaml"),
            "line": 10,
            "column": 1,
            "found_by": "spec.template.metadata.labels",
        },
    }
    assert (second["model"], second["passed"]) == ("ranker-staging", False)
    assert second["reasons"][0].startswith("lifecycle 'staging' does not allow")


def test_json_shape_does_not_change_with_the_outcome(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    passed_code, passed = _json(catalog, capsys, "fraud-detector")
    failed_code, failed = _json(catalog, capsys, "broken-scorer")
    assert (passed_code, failed_code) == (0, 1)
    assert passed.keys() == failed.keys()
    assert passed["results"][0].keys() == failed["results"][0].keys()
    assert passed["results"][0]["resource"] is None
    assert passed["passed"] is True
    assert failed["passed"] is False


def test_manifest_from_stdin(catalog: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "gate",
            "--manifest",
            "-",
            "-e",
            "production",
            "--catalog",
            str(catalog),
            "--today",
            TODAY,
        ],
        input=(MANIFESTS / "inferenceservice.yaml").read_bytes(),
    )
    assert result.exit_code == 0, result.output
    assert "<stdin>:1:1 InferenceService/fraud-detector-v7, model by metadata.labels" in (
        result.output
    )


def test_several_manifests_each_resource_judged(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = _json(
        catalog,
        capsys,
        "--manifest",
        str(MANIFESTS / "inferenceservice.yaml"),
        "--manifest",
        str(MANIFESTS / "conflicting.yaml"),
    )
    assert code == 1
    assert [(r["model"], r["passed"]) for r in report["results"]] == [
        ("fraud-detector", True),
        ("fraud-detector", False),
    ]
    assert report["results"][1]["reasons"][0].startswith(
        "modelinv.io/model names more than one model: fraud-detector (metadata.labels, "
    )


def test_broken_manifest_is_a_usage_error(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _gate(catalog, capsys, "--manifest", str(MANIFESTS / "broken.yaml"))
    assert (code, out) == (2, "")
    assert err == (
        f"modelinv: {MANIFESTS / 'broken.yaml'}:6:5: invalid YAML: expected ',' or '}}', "
        "but got ':'\n"
    )


def test_infrastructure_deployments_are_not_shadow_models(
    catalog: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    manifest = tmp_path / "app.yaml"
    manifest.write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: minio}\n"
        "spec: {template: {metadata: {labels: {app: minio}}}}\n---\n"
        + (MANIFESTS / "inferenceservice.yaml").read_text()
        + "---\napiVersion: serving.kserve.io/v1alpha1\nkind: InferenceGraph\n"
        "metadata: {name: router}\n"
        "spec: {nodes: {root: {steps: [{serviceName: fraud-detector-v7}]}}}\n"
    )
    code, report = _json(catalog, capsys, "--manifest", str(manifest))
    assert code == 0
    assert [(r["model"], r["resource"]["kind"]) for r in report["results"]] == [
        ("fraud-detector", "InferenceService")
    ]


def test_manifest_without_models_is_a_usage_error(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _gate(catalog, capsys, "--manifest", str(MANIFESTS / "no-models.yaml"))
    assert code == 2
    assert "no model-serving resource in" in err


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["fraud-detector", "--manifest", str(MANIFESTS / "shadow.yaml")],
    ],
    ids=["neither", "both"],
)
def test_model_or_manifest(
    catalog: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, _, err = _gate(catalog, capsys, *args)
    assert code == 2
    if args:
        assert "give either MODEL or --manifest FILE, not both" in err
    else:
        assert "give a MODEL or --manifest FILE" in err
        assert "not both" not in err


def test_missing_catalog_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _gate(tmp_path / "nope", capsys, "fraud-detector")
    assert code == 2
    assert err.startswith("modelinv: catalog directory not found:")


def test_invalid_policy_is_a_usage_error_not_the_defaults(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # fraud-detector's metric was evaluated 16 days before TODAY: the policy's 10-day limit
    # blocks it. A typo elsewhere in the file must not put the 90-day default in its place.
    policy = "apiVersion: modelinv/v1\nkind: Policy\nspec:\n  evaluationMaxAgeDays: 10\n"
    (catalog / "policy.yaml").write_text(policy, encoding="utf-8")
    code, out, err = _gate(catalog, capsys, "fraud-detector")
    assert code == 1
    assert "metric auc evaluated 2026-11-10, more than 10 days ago" in out
    (catalog / "policy.yaml").write_text(policy + '  zeroTrafficDays: "30"\n', encoding="utf-8")
    code, out, err = _gate(catalog, capsys, "fraud-detector")
    assert (code, out) == (2, "")
    assert err.startswith("modelinv: ")
    assert "policy.yaml:5:20: SCH003" in err
    assert "the policy file is not valid" in err


def test_environment_is_required(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gate", "fraud-detector", "--catalog", str(catalog)]) == 2
    assert main(["gate", "fraud-detector", "-e", "prod", "--catalog", str(catalog)]) == 2


def test_docs_json_example_is_real_output(
    catalog: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/gate.md shows what the gate prints for tests/deploy/gate/manifests/multi.yaml (text and
    JSON)."""
    work = catalog.parent
    (work / "deploy").mkdir()
    shutil.copy(MANIFESTS / "multi.yaml", work / "deploy" / "app.yaml")
    monkeypatch.chdir(work)
    code, out, _ = _gate(
        Path("catalog"), capsys, "--manifest", "deploy/app.yaml", "--format", "json"
    )
    doc = (HERE.resolve().parents[1] / "docs" / "gate.md").read_text()
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    assert code == 1
    assert json.loads(out) == json.loads(example)
    code, out, _ = _gate(Path("catalog"), capsys, "--manifest", "deploy/app.yaml")
    assert code == 1
    assert f"```text\n{out}```" in doc


@pytest.mark.parametrize(
    ("given", "suggested"),
    [
        ("fraud-detecter", "fraud-detector"),  # a typo
        ("fraud-dector", "fraud-detector"),  # a letter left out
        ("ranker-stagin", "ranker-staging"),
        ("Fraud-Detector", "fraud-detector"),  # not a valid id, but close to one
    ],
)
def test_an_id_close_to_a_registered_one_is_suggested(
    catalog: Path, capsys: pytest.CaptureFixture[str], given: str, suggested: str
) -> None:
    """A typo in the pipeline's model id was answered with 'register it with modelinv new
    model <the typo>', never naming the model meant."""
    code, out, _ = _gate(catalog, capsys, given)
    assert code == 1
    assert f"shadow model: {given} is not registered in the inventory" in out
    assert f"did you mean '{suggested}'?" in out


def test_no_suggestion_for_a_model_that_only_shares_a_suffix(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _gate(catalog, capsys, "shadow-scorer")
    assert code == 1
    assert "did you mean" not in out


def test_a_kubeflow_model_name_is_judged_as_the_id_discovery_makes_of_it(
    catalog: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Kubeflow Hub's model name is free text (`FraudDetector`); discovery reports it as
    `fraud-detector`, so the gate judges that model instead of refusing the name as an id,
    and says which name it read."""
    manifest = tmp_path / "deploy.yaml"
    manifest.write_text(
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata:\n"
        "  name: fraud-server\n"
        "  labels: {modelregistry.kubeflow.org/registered-model-id: '7'}\n"
        "  annotations: {modelregistry.kubeflow.org/model-name: FraudDetector}\n"
    )
    code, out, err = _gate(catalog, capsys, "--manifest", str(manifest))
    assert (code, err) == (0, "")
    assert out.startswith(
        f"PASS fraud-detector -> production ({manifest}:1:1 Deployment/fraud-server, "
        "model by modelregistry.kubeflow.org/model-name 'FraudDetector')\n"
    )
