"""The GitHub Action's entry point: inputs -> one modelinv command line, run for real."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modelinv.cli.action import ActionInputError, Inputs, command_line, main

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("inputs", "argv"),
    [
        (Inputs(), ["validate", "catalog"]),
        (
            Inputs(base_ref="origin/main", output_format="github"),
            ["validate", "catalog", "--base", "origin/main", "--format", "github"],
        ),
        (
            Inputs(command="diff", base_ref="origin/main", output_format="md"),
            ["diff", "origin/main", "HEAD", "--catalog", "catalog", "--format", "md"],
        ),
        (
            Inputs(command="report retirement", catalog="inv", output_format="md"),
            ["report", "retirement", "inv", "--format", "md"],
        ),
        (
            Inputs(command="codeowners", args="--check"),
            ["codeowners", "--catalog", "catalog", "--check"],
        ),
        (Inputs(command="build", args="--out 'my site'"), ["build", "catalog", "--out", "my site"]),
    ],
)
def test_command_line(inputs: Inputs, argv: list[str]) -> None:
    assert command_line(inputs) == argv


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        (Inputs(command="rm"), "command: 'rm' is not one the action runs"),
        (Inputs(command="report"), "command: 'report' needs one more word"),
        (Inputs(command="validate --strict"), "command: one word expected"),
        (Inputs(command="diff"), "base-ref: 'diff' needs the ref to compare with"),
        (Inputs(command="build", base_ref="main"), "base-ref: 'build' does not compare"),
        (Inputs(base_ref="--upload-pack=x"), "base-ref: not a git ref"),
        (Inputs(command="build", output_format="md"), "format: 'build' has no --format"),
        (Inputs(args="'unclosed"), "args: No closing quotation"),
    ],
)
def test_bad_inputs(inputs: Inputs, message: str) -> None:
    with pytest.raises(ActionInputError, match=message):
        command_line(inputs)


def test_runs_the_command_with_its_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "tests" / "checks" / "rules" / "base", tmp_path / "catalog")
    monkeypatch.chdir(tmp_path)
    assert main({"INPUT_COMMAND": "validate", "INPUT_FORMAT": "json"}) == 0
    out, err = capfd.readouterr()
    assert err == "modelinv validate catalog --format json\n"
    assert '"errors": 0' in out
    model = tmp_path / "catalog" / "models" / "fraud-detector.yaml"
    model.write_text(model.read_text().replace("dataset:card-transactions]", "dataset:nope]"))
    assert main({"INPUT_COMMAND": "validate", "INPUT_FORMAT": "github"}) == 1
    assert "::error file=catalog/models/fraud-detector.yaml" in capfd.readouterr().out


def test_summary_goes_to_the_job_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "tests" / "checks" / "rules" / "base", tmp_path / "catalog")
    monkeypatch.chdir(tmp_path)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    env = {
        "INPUT_COMMAND": "report retirement",
        "INPUT_FORMAT": "md",
        "INPUT_SUMMARY": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    assert main(env) == 0
    text = summary.read_text()
    assert text.startswith("earlier step\n## Retirement report\n")
    assert capfd.readouterr().out == ""
    assert main({**env, "GITHUB_STEP_SUMMARY": ""}) == 2
    assert main({**env, "INPUT_SUMMARY": "yes"}) == 2
    assert "summary: expected true or false" in capfd.readouterr().err


def test_output_goes_to_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "tests" / "checks" / "rules" / "base", tmp_path / "catalog")
    monkeypatch.chdir(tmp_path)
    env = {"INPUT_FORMAT": "sarif", "INPUT_OUTPUT": "modelinv.sarif"}
    assert main(env) == 0
    assert '"version": "2.1.0"' in (tmp_path / "modelinv.sarif").read_text()
    assert capfd.readouterr().out == ""
    assert main({**env, "INPUT_SUMMARY": "true"}) == 2
    assert "give summary or output, not both" in capfd.readouterr().err


def test_an_output_or_summary_that_cannot_be_written_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """`output: reports/modelinv.sarif` with no reports/ folder: one line naming the input
    and exit 2, not a traceback (whose exit code 1 would read as findings)."""
    shutil.copytree(ROOT / "tests" / "checks" / "rules" / "base", tmp_path / "catalog")
    monkeypatch.chdir(tmp_path)
    env = {"INPUT_FORMAT": "sarif", "INPUT_OUTPUT": "reports/modelinv.sarif"}
    assert main(env) == 2
    out, err = capfd.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "modelinv validate catalog --format sarif",
        "modelinv action: output: cannot write reports/modelinv.sarif: No such file or directory",
    ]
    summary = str(tmp_path / "gone" / "summary.md")
    env = {"INPUT_COMMAND": "diff", "INPUT_BASE_REF": "main", "INPUT_SUMMARY": "true"}
    assert main({**env, "GITHUB_STEP_SUMMARY": summary}) == 2
    last = capfd.readouterr().err.splitlines()[-1]
    assert last == f"modelinv action: summary: cannot write {summary}: No such file or directory"
