"""File names and values from a hostile pull request never reach the terminal or the CI
log as control sequences, fake lines or reordered text, in any output format."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from modelinv.cli import main
from modelinv.support.unsafe_text import json_visible, visible

EXAMPLE = Path(__file__).resolve().parents[2] / "catalog"
ESC_NAME = "evil\x1b[2J\x1b]0;pwned\x07\u202eyaml.exe.yaml"
NEWLINE_NAME = "two\nfake.yaml:1:1: ALL checks passed\r.yaml"
MODELINV = [sys.executable, "-m", "modelinv"]
BAD_UTF8_NAME = os.fsdecode(b"bad\xff\x9b31m.yaml")
TODAY = "2026-11-26"
RAW = ("\x1b", "\u202e", "\x07", "\x9b", "\r")


@pytest.fixture
def hostile_catalog(tmp_path: Path) -> Path:
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE, catalog)
    model = (catalog / "models" / "fraud-detector.yaml").read_bytes()
    for name in (ESC_NAME, NEWLINE_NAME):
        (catalog / "models" / name).write_bytes(model)
    # Not UTF-8: Python sees a lone surrogate, which used to crash printing (exit 3).
    (catalog / "models" / BAD_UTF8_NAME).write_bytes(
        model.replace(b"lifecycle: production", b"lifecycle: \xc2\x9b31mproduction")
    )
    return catalog


def _run(catalog: Path, output_format: str) -> bytes:
    done = subprocess.run(
        [
            *MODELINV,
            "validate",
            "catalog",
            "--no-cache",
            "--today",
            TODAY,
            "--format",
            output_format,
        ],
        cwd=catalog.parent,
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 1, done.stderr
    return done.stdout


@pytest.mark.parametrize("output_format", ["text", "github", "json", "sarif"])
def test_no_hidden_character_reaches_the_output(hostile_catalog: Path, output_format: str) -> None:
    out = _run(hostile_catalog, output_format).decode("utf-8")
    for char in RAW:
        assert char not in out, f"{char!r} in {output_format} output"
    assert "\\u001b[2J" in out  # shown, escaped
    if output_format in ("text", "github"):
        assert not any(line.startswith("fake.yaml") for line in out.splitlines())
        assert not any("ALL checks passed" in line[:40] for line in out.splitlines())


def test_json_reports_every_hostile_file(hostile_catalog: Path) -> None:
    """Valid JSON naming each file, exactly or as its visible (escaped) form."""
    data = json.loads(_run(hostile_catalog, "json"))
    paths = {finding["path"] for finding in data["findings"]}
    for name in (ESC_NAME, NEWLINE_NAME, BAD_UTF8_NAME):
        assert {f"catalog/models/{name}", f"catalog/models/{visible(name)}"} & paths, name


def test_sarif_uris_name_the_real_files(hostile_catalog: Path) -> None:
    data = json.loads(_run(hostile_catalog, "sarif"))
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in data["runs"][0]["results"]
        for location in result["locations"]
    }
    assert "catalog/models/bad%FF%C2%9B31m.yaml" not in uris  # not re-encoded as text
    assert "catalog/models/bad%FF%9B31m.yaml" in uris
    newline = "catalog/models/" + NEWLINE_NAME
    assert {quote(newline), quote(visible(newline), safe="/")} & uris
    assert all(uri.isascii() and uri.isprintable() for uri in uris)


def test_visible_escapes_every_hidden_character() -> None:
    assert visible("a\tb\nc\x1b\x7f\x9b\u202e\u2028\udcff\U000e0001 d") == (
        "a\\u0009b\\u000ac\\u001b\\u007f\\u009b\\u202e\\u2028\\udcff\\U000e0001 d"
    )
    assert visible("Zoë, naïve — ok") == "Zoë, naïve — ok"


def test_json_visible_is_the_same_data() -> None:
    value = {"k": "x\x7f\u202e\U000e0001\udcffé"}
    dumped = json_visible(json.dumps(value, ensure_ascii=False))
    assert dumped.isascii() is False  # é stays readable
    assert json.loads(dumped) == value
    assert "\u202e" not in dumped


def test_gate_text_escapes_names_from_a_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "evil.yaml"
    manifest.write_text(
        "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\n"
        'metadata: {name: "evil\\e[2J\\u202escorer\\u2028PASS all"}\n'
    )
    args = ["gate", "--manifest", str(manifest), "-e", "production", "--today", TODAY]
    assert main([*args, "--catalog", str(EXAMPLE)]) == 1
    out = capsys.readouterr().out
    for char in (*RAW, "\u2028"):
        assert char not in out
    assert "evil\\u001b[2J\\u202escorer\\u2028PASS all" in out
