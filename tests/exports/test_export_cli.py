"""`modelinv export` and `modelinv search` through the real CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from export_support import EXAMPLE_CATALOG

from modelinv.checks.engine import Options, load_inventory
from modelinv.cli.main import main
from modelinv.exports.base import ExportOptions
from modelinv.exports.csv_table import safe_cell
from modelinv.exports.registry import EXPORTERS


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_all_writes_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "exports"
    code, _, err = _run(
        capsys, "export", "all", "--catalog", str(EXAMPLE_CATALOG), "--out", str(out)
    )
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([e.filename for e in EXPORTERS.values()] + ["modelinv-sources.yaml"])
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary left


def test_each_exporter_lists_the_files_it_renders() -> None:
    """`files` is what `build --exports` links before the exports are made: exactly the
    files `render` returns, the main one (`filename`) first."""
    inventory = load_inventory(EXAMPLE_CATALOG, Options(today=dt.date(2026, 11, 26)))
    for exporter in EXPORTERS.values():
        assert exporter.files[0] == exporter.filename
        assert sorted(exporter.render(inventory, ExportOptions())) == sorted(exporter.files)


def test_export_to_stdout_equals_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bom.json"
    args = ["export", "cyclonedx", "--catalog", str(EXAMPLE_CATALOG), "--today", "2026-11-26"]
    assert _run(capsys, *args, "--out", str(target))[0] == 0
    code, out, _ = _run(capsys, *args)
    assert code == 0
    assert out.encode() == target.read_bytes()


def test_multi_file_export_needs_out(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "export", "kubeflow-hub", "--catalog", str(EXAMPLE_CATALOG))
    assert code == 2
    assert "give --out" in err


def test_missing_catalog_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "export", "csv", "--catalog", str(tmp_path / "nope"))
    assert code == 2
    assert "catalog directory not found" in err


def test_csv_cells_cannot_run_formulas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    model = catalog / "models" / "fraud-detector.yaml"
    text = model.read_text().replace(
        "title: Card Fraud Detector", 'title: "=HYPERLINK(\\"https://evil.example\\")"'
    )
    model.write_text(text)
    code, out, err = _run(capsys, "export", "csv", "--catalog", str(catalog))
    assert code == 0, err
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["fraud-detector"]["title"] == '\'=HYPERLINK("https://evil.example")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_safe_cell_quotes_every_formula_start(start: str) -> None:
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"
    assert safe_cell(f"a{start}") == f"a{start}"


def _database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "inventory.sqlite"
    code, _, err = _run(
        capsys, "export", "sqlite", "--catalog", str(EXAMPLE_CATALOG), "--out", str(db)
    )
    assert code == 0, err
    return db


def test_search_with_filters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _database(tmp_path, capsys)
    code, out, _ = _run(
        capsys, "search", "--db", str(db), "team:payments-ml", "stage:production", "fraud"
    )
    assert code == 0
    refs = [line.split()[0] for line in out.splitlines()]
    assert refs[0] == "model:fraud-detector"
    connection = sqlite3.connect(db)
    production = {
        f"model:{r[0]}"
        for r in connection.execute(
            "SELECT id FROM models WHERE owner = 'team:payments-ml' AND lifecycle = 'production'"
        )
    }
    assert set(refs) <= production


def test_search_ranks_title_hits_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _database(tmp_path, capsys)
    code, out, _ = _run(capsys, "search", "--db", str(db), "kind:model", "churn")
    assert code == 0
    refs = [line.split()[0] for line in out.splitlines()]
    assert set(refs[:2]) == {"model:churn-predictor", "model:churn-logreg"}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("model:fraud-detector", ["model:fraud-detector"]),
        ("dataset:chargebacks", ["dataset:chargebacks"]),
        ("model:credit-scorer", ["model:credit-scorer"]),
    ],
)
def test_search_finds_an_entity_by_its_reference(
    tmp_path: Path, query: str, found: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The reference every output prints finds that entity (as words, `model:fraud-detector`
    found only a model whose text says "model fraud detector")."""
    db = _database(tmp_path, capsys)
    code, out, _ = _run(capsys, "search", "--db", str(db), query)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == found


def test_search_refuses_a_filter_value_its_field_never_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _database(tmp_path, capsys)
    code, _, err = _run(capsys, "search", "--db", str(db), "stage:prod")
    assert code == 2
    assert "'stage:' is one of development, staging, production" in err
    assert _run(capsys, "search", "--db", str(db), "risk:high")[0] == 0


def test_search_says_a_word_colon_word_is_no_filter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _database(tmp_path, capsys)
    code, out, err = _run(capsys, "search", "--db", str(db), "fraud", "foo:bar")
    assert code == 1 and out == ""
    assert "'foo:' is not a filter" in err and "'foo:bar' searched as words" in err


def test_search_without_hits_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _database(tmp_path, capsys)
    assert _run(capsys, "search", "--db", str(db), "zzyzx-no-such-word")[0] == 1


def test_search_indexes_the_catalog_without_db(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "search", "--catalog", str(EXAMPLE_CATALOG), "--format", "json", "tag:fraud"
    )
    assert code == 0
    assert '"model:fraud-detector"' in out


def test_search_missing_db_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "search", "--db", str(tmp_path / "x.sqlite"), "fraud")
    assert code == 2
    assert "database not found" in err


def test_out_ending_in_a_slash_is_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(
        capsys, "export", "kubeflow-hub", "--catalog", str(EXAMPLE_CATALOG), "--out", "hub/"
    )
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "hub").iterdir()) == [
        "modelinv-models.yaml",
        "modelinv-sources.yaml",
    ]


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_a_cached_run_exports_the_same_bytes(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second export reads every entity from the validation cache, not the YAML."""
    monkeypatch.setenv("MODELINV_CACHE_DIR", str(tmp_path / "cache"))
    args = ["export", name, "--catalog", str(EXAMPLE_CATALOG), "--today", "2026-11-26"]
    first, second = tmp_path / "first", tmp_path / "second"
    assert _run(capsys, *args, "--out", f"{first}/")[0] == 0
    assert any((tmp_path / "cache").iterdir())
    assert _run(capsys, *args, "--out", f"{second}/")[0] == 0
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_a_model_without_maintainer_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`maintainer` is optional in the model: every format writes the model without one."""
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    model = catalog / "models" / "kyc-document-classifier.yaml"  # in development
    lines = model.read_text().splitlines(keepends=True)
    discovered = "  discovered: {source: kubernetes, where: deploy.yaml:3, when: 2026-11-20}\n"
    model.write_text(
        "".join(discovered if line.startswith("  maintainer:") else line for line in lines)
    )
    out = tmp_path / "out"
    code, _, err = _run(capsys, "export", "all", "--catalog", str(catalog), "--out", str(out))
    assert code == 0, err
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((out / "models.csv").read_text()))}
    assert rows["kyc-document-classifier"]["maintainer"] == ""


def _broken_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *names: str) -> Path:
    """The example catalog copied to `catalog/` in the working folder (`tmp_path`), with
    these models' lifecycle misspelt (they fail the schema)."""
    monkeypatch.chdir(tmp_path)
    catalog = Path("catalog")
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    for name in names:
        model = catalog / "models" / f"{name}.yaml"
        model.write_text(model.read_text().replace("  lifecycle: ", "  lifecycle: x-", 1))
    return catalog


def _ids(text: str) -> list[str]:
    return [row["id"] for row in csv.DictReader(io.StringIO(text))]


@pytest.mark.parametrize("to_stdout", [False, True], ids=["out", "stdout"])
def test_a_file_failing_validation_is_left_out_and_said(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    to_stdout: bool,
) -> None:
    """An export handed on (an ML-BOM for auditors) must not silently lack a model: the
    file is left out, each one is named on stderr with its first error, and the exit
    status is 1; the rest is exported as it would be."""
    catalog = _broken_catalog(tmp_path, monkeypatch, "fraud-detector")
    args = ["export", "csv", "--catalog", str(catalog), "--today", "2026-11-26"]
    target = tmp_path / "models.csv"
    code, out, err = _run(capsys, *args, *([] if to_stdout else ["--out", str(target)]))
    assert code == 1
    exported = _ids(out if to_stdout else target.read_text())
    assert "fraud-detector" not in exported and "legacy-fraud-scorer" in exported
    first, last = err.splitlines()
    assert first.startswith("modelinv: left out catalog/models/fraud-detector.yaml:")
    assert " SCH004 spec.lifecycle: 'x-production' is not one of " in first
    assert first.endswith("(did you mean 'production'?)")
    assert last == (
        "modelinv: 1 file failing validation left out of the export: fix it "
        "(modelinv validate lists every finding)"
    )
    # everything else is exported as from a catalog without that file
    (catalog / "models" / "fraud-detector.yaml").unlink()
    code, out, err = _run(
        capsys, "export", "csv", "--catalog", str(catalog), "--today", "2026-11-26"
    )
    assert (code, err) == (0, "")
    assert _ids(out) == exported


def test_export_all_names_every_file_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = _broken_catalog(tmp_path, monkeypatch, "fraud-detector", "churn-predictor")
    out = tmp_path / "exports"
    code, _, err = _run(capsys, "export", "all", "--catalog", str(catalog), "--out", str(out))
    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [e.filename for e in EXPORTERS.values()] + ["modelinv-sources.yaml"]
    )
    lines = err.splitlines()
    assert [line.split(":")[1].strip() for line in lines[:2]] == [
        "left out catalog/models/churn-predictor.yaml",
        "left out catalog/models/fraud-detector.yaml",
    ]
    assert lines[2].startswith("modelinv: 2 files failing validation left out of the export")
    exported = _ids((out / "models.csv").read_text())
    assert "fraud-detector" not in exported and "churn-predictor" not in exported


def test_a_hostile_file_name_left_out_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = _broken_catalog(tmp_path, monkeypatch)
    (catalog / "models" / "evil\x1b[2J\u202e.yaml").write_text("kind: Model\n")
    code, _, err = _run(capsys, "export", "csv", "--catalog", str(catalog))
    assert code == 1
    assert "\x1b" not in err and "\u202e" not in err
    assert "left out catalog/models/evil\\u001b[2J\\u202e.yaml:" in err


def test_the_left_out_sample_in_the_docs_is_what_export_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/exports.md shows what `export` says of a model whose lifecycle reads `prod`:
    make that edit and the command prints exactly those lines."""
    docs = (EXAMPLE_CATALOG.parent / "docs" / "exports.md").read_text(encoding="utf-8")
    shown = [line for line in docs.splitlines() if line.startswith("modelinv: ")]
    assert len(shown) == 2 and "left out catalog/models/fraud-detector.yaml:" in shown[0]
    catalog = _broken_catalog(tmp_path, monkeypatch)
    model = catalog / "models" / "fraud-detector.yaml"
    model.write_text(model.read_text().replace("  lifecycle: production", "  lifecycle: prod"))
    code, _, err = _run(capsys, "export", "csv", "--catalog", "catalog", "--out", "m.csv")
    assert code == 1
    assert err.splitlines() == shown


def test_out_into_a_pipe_streams_through_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--out /dev/stdout` or `--out >(gzip > x)`: the export goes through the pipe, which
    stays a pipe (a rename put a regular file in its place; as root, over /dev/null)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    args = ["export", "csv", "--catalog", str(EXAMPLE_CATALOG), "--today", "2026-11-26"]
    assert _run(capsys, *args, "--out", str(fifo))[0] == 0
    reader.join(timeout=30)
    code, out, _ = _run(capsys, *args)
    assert code == 0 and got == [out.encode()]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize(
    ("fmt", "out", "message"),
    [
        (
            "csv",
            "missing/sub/m.csv",
            "cannot write {tmp}/missing/sub/m.csv: the folder {tmp}/missing/sub does not exist"
            " (create it first)",
        ),
        ("csv", "file/m.csv", "cannot write {tmp}/file/m.csv: {tmp}/file is a file, not a folder"),
        (
            "all",
            "file/x",
            "cannot create the folder {tmp}/file/x: {tmp}/file is a file, not a folder",
        ),
        ("all", "file", "--out {tmp}/file is a file, not a folder: give a folder for the export"),
        ("csv", "file/", "--out {tmp}/file is a file, not a folder: give a folder for the export"),
        (
            "csv",
            "taken/",
            "cannot write {tmp}/taken/models.csv: a folder of that name is in the way",
        ),
        (
            "all",
            "taken",
            "cannot write {tmp}/taken/models.csv: a folder of that name is in the way",
        ),
    ],
)
def test_an_unwritable_out_is_a_usage_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, out: str, message: str
) -> None:
    """Each says which file and why, in one line, exit 2. The message named the temporary
    file the bytes went through (`.m.csv.x8k2j1qz.tmp: No such file or directory`), which
    the user never made, or said only `File exists`."""
    (tmp_path / "file").write_text("not a folder")
    (tmp_path / "taken" / "models.csv").mkdir(parents=True)
    code, _, err = _run(
        capsys, "export", fmt, "--catalog", str(EXAMPLE_CATALOG), "--out", f"{tmp_path}/{out}"
    )
    assert code == 2, err
    assert err == f"modelinv: {message.format(tmp=tmp_path)}\n"
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("fmt", ["cyclonedx", "spdx"])
def test_the_same_catalog_given_any_way_gives_the_same_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """The BOM's description and the SPDX document's name held the catalog path as given:
    `--catalog .`, `catalog` and an absolute path made three documents (three CycloneDX
    serial numbers for one unchanged catalog), and the absolute one published the path of
    the machine that made it."""
    repo = tmp_path / "machine-specific" / "repo"
    shutil.copytree(EXAMPLE_CATALOG, repo / "catalog")
    made = []
    for cwd, given in (
        (repo, "catalog"),
        (repo / "catalog", "."),
        (tmp_path, str(repo / "catalog")),
    ):
        monkeypatch.chdir(cwd)
        code, out, err = _run(capsys, "export", fmt, "--catalog", given, "--today", "2026-11-26")
        assert code == 0, err
        made.append(out)
    assert made[0] == made[1] == made[2]
    assert "machine-specific" not in made[0]
    described = json.loads(made[0])
    if fmt == "cyclonedx":
        assert described["metadata"]["component"]["description"] == "The model inventory in catalog"
    else:
        document = described["@graph"][-1]
        assert document["name"] == "model inventory catalog"


@pytest.mark.parametrize("fmt", ["csv", "all"])
def test_an_empty_out_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """`--out "$OUT"` with OUT unset wrote models.csv (or every export) into the current
    folder, exit 0, without a word."""
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, "export", fmt, "--catalog", str(EXAMPLE_CATALOG), "--out", "")
    assert (code, out) == (2, "")
    assert err == (
        "modelinv: --out is empty: give a file or a folder, or leave --out out to write to "
        "standard output\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["sqlite", "cyclonedx", "csv"])
def test_a_second_file_for_an_id_is_left_out_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Two valid files declaring one id (ID003): the export takes the first in path order,
    as references do, and names the other (sqlite stopped with an IntegrityError, exit 3,
    and the ML-BOM had two components with one bom-ref)."""
    catalog = _broken_catalog(tmp_path, monkeypatch)
    models = catalog / "models"
    (models / "legacy").mkdir()
    shutil.copy(models / "fraud-detector.yaml", models / "legacy" / "fraud-detector.yaml")
    out = tmp_path / "out"
    code, _, err = _run(capsys, "export", fmt, "--catalog", str(catalog), "--out", f"{out}/")
    assert code == 1
    assert err.splitlines()[0] == (
        "modelinv: left out catalog/models/legacy/fraud-detector.yaml: ID003 Model id "
        "'fraud-detector' is declared by catalog/models/fraud-detector.yaml already"
    )
    written = next(out.iterdir())
    if fmt == "cyclonedx":
        refs = [c["bom-ref"] for c in json.loads(written.read_text())["components"]]
        assert refs.count("model:fraud-detector") == 1
    elif fmt == "csv":
        assert _ids(written.read_text()).count("fraud-detector") == 1
    else:
        with sqlite3.connect(written) as db:
            rows = db.execute("select path from entities where ref = 'model:fraud-detector'")
            assert [r[0] for r in rows] == ["models/fraud-detector.yaml"]


def test_search_without_db_names_the_files_it_could_not_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model whose file fails validation is not indexed, so a search for it finds nothing:
    the search says which files it left out (its exit status stays that of the hits)."""
    catalog = _broken_catalog(tmp_path, monkeypatch, "fraud-detector")
    code, out, err = _run(capsys, "search", "--catalog", str(catalog), "fraud-detector")
    assert "model:fraud-detector " not in out
    assert err.splitlines()[0].startswith("modelinv: left out catalog/models/fraud-detector.yaml:")
    assert err.splitlines()[-1] == (
        "modelinv: 1 file failing validation left out of the search: fix it "
        "(modelinv validate lists every finding)"
    )
    assert code == (0 if out else 1)


@pytest.mark.parametrize(
    "command",
    [
        ["export", "csv", "--out", "{catalog}/models/fraud-detector.yaml"],
        ["export", "all", "--out", "{catalog}/exports"],
        ["report", "health", "{catalog}", "--out", "{catalog}/policy.yaml"],
        ["report", "index", "{catalog}", "--out", "{catalog}/data/index.json"],
    ],
)
def test_an_output_inside_the_catalog_is_refused(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """It replaced a catalog file (the model by CSV, the policy by a report) or became one,
    and the next validate failed."""
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    before = {p: p.read_bytes() for p in catalog.rglob("*") if p.is_file()}
    args = [part.format(catalog=catalog) for part in command]
    if args[0] == "export":
        args += ["--catalog", str(catalog)]
    assert main([*args, "--today", "2026-11-26"]) == 2
    assert "inside the catalog folder" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in catalog.rglob("*") if p.is_file()} == before


def test_a_reader_gone_from_standard_output_is_no_write_error(tmp_path: Path) -> None:
    """`modelinv export cyclonedx | head -1`: the pipe closes early. That is click's
    quiet exit, as for every other command, not 'cannot write None: Broken pipe'."""
    env = {**os.environ, "MODELINV_CACHE_DIR": str(tmp_path / "cache")}
    script = "import sys; from modelinv.cli.main import run; sys.argv[0] = 'modelinv'; run()"
    proc = subprocess.Popen(
        [sys.executable, "-c", script, "export", "cyclonedx", "--catalog", str(EXAMPLE_CATALOG)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        # a pipe smaller than the export (~63 kB, under Linux's default 64 kB): the writer
        # blocks until the reader goes, so the broken pipe is certain, not a race
        pipesize=4096,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(1) == b"{"
    proc.stdout.close()  # the reader goes away with most of the export unread
    error = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 1
    assert error == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("fmt", ["csv", "sqlite"])
def test_a_full_disk_under_standard_output_is_no_internal_error(tmp_path: Path, fmt: str) -> None:
    """`modelinv export csv > models.csv` on a full disk said `internal error: OSError ...
    (please report it)`, exit 3: the disk is full, nothing to report."""
    env = {**os.environ, "MODELINV_CACHE_DIR": str(tmp_path / "cache")}
    script = "import sys; from modelinv.cli.main import run; sys.argv[0] = 'modelinv'; run()"
    with Path("/dev/full").open("wb") as full:
        done = subprocess.run(
            [sys.executable, "-c", script, "export", fmt, "--catalog", str(EXAMPLE_CATALOG)],
            stdout=full,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
    assert done.stderr.decode() == (
        "modelinv: cannot write the export to standard output: No space left on device\n"
    )
    assert done.returncode == 2


def test_a_two_file_format_is_not_renamed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Kubeflow Hub sources file names the models file: written as `hub.yaml`, the
    sources pointed at a modelinv-models.yaml that was not there."""

    def hub(out: str) -> tuple[int, str]:
        code, _, err = _run(
            capsys, "export", "kubeflow-hub", "--catalog", str(EXAMPLE_CATALOG), "--out", out
        )
        return code, err

    code, err = hub(str(tmp_path / "sub" / "hub.yaml"))
    assert code == 2 and "give a folder" in err
    assert not (tmp_path / "sub").exists()
    (tmp_path / "a").mkdir()
    for out, folder in ((f"{tmp_path}/a/modelinv-models.yaml", "a"), (f"{tmp_path}/b/", "b")):
        code, err = hub(out)
        assert code == 0, err
        sources = (tmp_path / folder / "modelinv-sources.yaml").read_text(encoding="utf-8")
        assert "yamlCatalogPath: modelinv-models.yaml" in sources
        assert (tmp_path / folder / "modelinv-models.yaml").is_file()


def test_a_binary_export_is_not_written_to_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`modelinv export sqlite` without --out wrote a database's bytes to the terminal."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = _run(capsys, "export", "sqlite", "--catalog", str(EXAMPLE_CATALOG))
    assert code == 2 and out == "" and "writes a binary file" in err
    code, out, _ = _run(capsys, "export", "csv", "--catalog", str(EXAMPLE_CATALOG))
    assert code == 0 and out.startswith("id,")  # text goes to the terminal as before
