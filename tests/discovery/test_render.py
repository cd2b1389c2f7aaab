"""`discover`'s output formats, read back as their consumers read them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from discovery_support import fake_server, mlflow_answer

from github_support import parse
from modelinv.cli import main

ROOT = Path(__file__).resolve().parents[2]
MULTI = ROOT / "examples" / "manifests" / "multi.yaml"
TODAY = "2026-11-26"


def _github(capsys: pytest.CaptureFixture[str], manifest: Path) -> list[str]:
    args = ["discover", "--k8s", str(manifest), "-e", "production", "--format", "github"]
    assert main([*args, "--catalog", str(ROOT / "catalog"), "--today", TODAY]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("discover: ")
    return lines[:-1]


def test_every_github_line_is_a_workflow_command(capsys: pytest.CaptureFixture[str]) -> None:
    """The orphan (no file) used to be `::warning,title=...`: no command, no annotation."""
    parsed = [parse(line) for line in _github(capsys, MULTI)]
    orphan = next(p for p in parsed if p[1]["title"] == "modelinv orphan")
    assert orphan[0] == "warning" and "file" not in orphan[1]
    assert orphan[2].startswith("product-recommender: the catalog says it runs on kserve")
    shadow = next(p for p in parsed if p[1]["title"] == "modelinv shadow")
    assert shadow[1] == {"file": str(MULTI), "line": "30", "title": "modelinv shadow"}


def test_a_manifest_path_with_commas_and_colons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "a,b:c"
    folder.mkdir()
    manifest = folder / "multi,prod:eu.yaml"
    shutil.copy(MULTI, manifest)
    parsed = [parse(line) for line in _github(capsys, manifest)]
    files = {p[1].get("file") for p in parsed} - {None}
    assert files == {str(manifest)}
    assert {p[1]["line"] for p in parsed if "line" in p[1]} == {"10", "30"}


HOSTILE = """\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: "evil\\e]0;title\\a"
  namespace: ml
spec:
  predictor:
    sklearn: {storageUri: "s3://x/y"}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: labelled
  labels:
    modelinv.io/model: "Fraud | Detector <b>x</b>\\n## hi"
spec:
  template: {metadata: {labels: {a: b}}}
"""
RAW = ("\x1b", "\x07")


def _check_escaped(out: str, output_format: str) -> None:
    """No escape sequence, no line a name started, and in Markdown no HTML outside code
    spans (where `<b>` is shown as text)."""
    for raw in RAW:
        assert raw not in out, f"{raw!r} in {output_format} output"
    lines = out.splitlines()
    assert not any(line.startswith("## ") for line in lines if output_format != "markdown")
    assert not any(line.startswith(("## hi", "## b")) for line in lines)
    if output_format == "markdown":
        assert all("<" not in re.sub(r"`[^`]*`", "", line) for line in lines)


def _discover(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["discover", *args, "--catalog", str(ROOT / "catalog"), "--today", TODAY])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("output_format", ["text", "markdown", "github"])
def test_names_and_labels_from_manifests_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output_format: str
) -> None:
    manifest = tmp_path / "hostile.yaml"
    manifest.write_text(HOSTILE)
    code, out = _discover(capsys, "--k8s", str(manifest), "--format", output_format)
    assert code == 0
    _check_escaped(out, output_format)
    assert "\\u001b" in out  # shown, escaped


def test_a_label_that_is_not_a_model_id_is_reported_with_the_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "hostile.yaml"
    manifest.write_text(HOSTILE)
    code, out = _discover(capsys, "--k8s", str(manifest), "--format", "json", "--check")
    assert code == 1
    [item] = [i for i in json.loads(out)["items"] if i["model"].startswith("Fraud")]
    assert item["message"] == (
        "'Fraud | Detector <b>x</b>\n## hi' is not a valid model id (lowercase letters, digits "
        "and single hyphens, at most 63 characters): the modelinv.io/model of Deployment "
        "labelled (kubernetes); set it to the model's catalog id"
    )
    assert item["evidence"] == [f"{manifest}:10"]


PREFIXED = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: fraud-api
  labels:
    modelinv.io/model: "model:fraud-detector"
spec:
  template: {metadata: {labels: {a: b}}}
"""


def test_a_model_reference_is_not_a_label_value_in_discover_as_in_the_gate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/gate.md: the value is the model's id; discover and the gate agree."""
    manifest = tmp_path / "prefixed.yaml"
    manifest.write_text(PREFIXED)
    _, out = _discover(capsys, "--k8s", str(manifest), "--format", "json")
    [item] = json.loads(out)["items"]
    hint = "write the id alone, 'fraud-detector', without the 'model:' prefix"
    assert (item["category"], item["model"]) == ("shadow", "model:fraud-detector")
    assert item["message"].startswith(f"'model:fraud-detector' is not a valid model id ({hint})")
    args = ["gate", "--manifest", str(manifest), "-e", "development", "--format", "json"]
    assert main([*args, "--catalog", str(ROOT / "catalog"), "--today", TODAY]) == 1
    [result] = json.loads(capsys.readouterr().out)["results"]
    assert f"is not even a valid model id: {hint}" in result["reasons"][0]


def test_registered_model_names_and_tags_are_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    models: list[dict[str, Any]] = [
        {"name": "Evil\x1b]0;x\x07Model"},
        {"name": "tagged", "tags": [{"key": "modelinv.io/model", "value": "a <b>\n## b"}]},
    ]
    with fake_server(mlflow_answer(models, [])) as (url, _):
        for output_format in ("text", "markdown", "github"):
            code, out = _discover(capsys, "--mlflow", url, "--format", output_format)
            assert code == 0
            _check_escaped(out, output_format)
        code, out = _discover(capsys, "--mlflow", url, "--format", "json")
        models_seen = {i["model"] for i in json.loads(out)["items"]}
        assert models_seen == {"evil-0-x-model", "a <b>\n## b"}
