"""`modelinv report` through the real CLI: output files, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from reports_support import ARGS, HERE, ROOT, base_model, build_catalog

from modelinv.cli import main

USAGE = str(ROOT / "examples" / "usage.csv")
FRAUD = "models/fraud-detector.yaml"


def test_out_writes_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "health.md"
    assert main(["report", "health", "catalog", "--usage", USAGE, *ARGS, "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["report", "health", "catalog", "--usage", USAGE, *ARGS]) == 0
    assert out.read_text(encoding="utf-8") == capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["health.md"]  # no temporary file left


def test_out_to_a_missing_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = build_catalog(tmp_path)
    out = tmp_path / "no" / "such" / "dir" / "r.json"
    assert main(["report", "review", str(root), *ARGS, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"modelinv: cannot write {out}: ")
    assert err.count("\n") == 1


def test_bad_usage_data_exits_2_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = build_catalog(tmp_path)
    usage = HERE / "usage" / "bad" / "duplicate-day.csv"
    assert main(["report", "retirement", str(root), "--usage", str(usage), *ARGS]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{usage}:4: a second row for fraud-detector on 2026-11-01 (the first is on line 2); "
        "write one row per model per day (sum the requests)",
        "modelinv: the usage data has problems (see above); no report made",
    ]


def test_missing_usage_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = build_catalog(tmp_path)
    missing = tmp_path / "usage.csv"
    assert main(["report", "health", str(root), "--usage", str(missing)]) == 2
    assert f"{missing}: cannot read usage data: " in capsys.readouterr().err


def test_missing_catalog_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "health", str(tmp_path / "nope")]) == 2
    assert "catalog directory not found" in capsys.readouterr().err


def test_invalid_policy_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = "apiVersion: modelinv/v1\nkind: Policy\nspec:\n  zeroTrafficDays: many\n"
    root = build_catalog(tmp_path, files={"policy.yaml": policy})
    assert main(["report", "retirement", str(root), *ARGS]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"modelinv: {root}/policy.yaml:4:")
    assert err.count("\n") == 1


def test_policy_window_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = "apiVersion: modelinv/v1\nkind: Policy\nspec:\n  zeroTrafficDays: 7\n"
    root = build_catalog(tmp_path, files={"policy.yaml": policy})
    usage = tmp_path / "usage.jsonl"
    usage.write_text(
        "".join(
            json.dumps({"model": "model:fraud-detector", "date": f"2026-11-{d:02d}", "requests": 0})
            + "\n"
            for d in range(10, 26)
        ),
        encoding="utf-8",
    )
    assert main(["report", "retirement", str(root), "--usage", str(usage), *ARGS]) == 0
    out = capsys.readouterr().out
    assert "### No traffic for 7 days (1)" in out
    assert "0 requests in the 7 days 2026-11-19 to 2026-11-25" in out


def test_index_is_json_only(tmp_path: Path) -> None:
    root = build_catalog(tmp_path)
    assert main(["report", "index", str(root), "--format", "md"]) == 2


def test_bad_today_exits_2(tmp_path: Path) -> None:
    assert main(["report", "health", str(build_catalog(tmp_path)), "--today", "2026-02-30"]) == 2


def test_invalid_files_are_left_out_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = "apiVersion: modelinv/v1\nkind: Model\nmetadata: {name: broken, title: Broken}\n"
    root = build_catalog(tmp_path, files={"models/broken.yaml": broken})
    assert main(["report", "health", str(root), *ARGS]) == 0
    out = capsys.readouterr().out
    assert (
        f"> **1 file failed validation and is left out:** `{root}/models/broken.yaml` "
        "(run `modelinv validate`)." in out
    )
    assert "| active models (not archived) | 2 of 2 |" in out


def test_markdown_cells_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = (
        base_model()
        .replace("title: Card Fraud Detector", 'title: "Fraud | Detector <b>v2</b>"')
        .replace("value: 0.934", "value: 0.8")
        .replace("{name: auc,", '{name: "auc|pr",')
    )
    root = build_catalog(tmp_path, files={FRAUD: model})
    assert main(["report", "retirement", str(root), *ARGS]) == 0
    out = capsys.readouterr().out
    (row,) = [line for line in out.splitlines() if line.startswith("| `fraud-detector`")]
    assert row == (
        "| `fraud-detector` Fraud \\| Detector &lt;b&gt;v2&lt;/b&gt; | production "
        "| `team:payments-ml` | auc\\|pr = 0.8 is below its threshold 0.9 (evaluated 2026-10-02) "
        "| `consumer:checkout-api` |"
    )
    assert row.replace("\\|", "").count("|") == 6  # five cells


def test_json_shape_does_not_depend_on_the_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_catalog(tmp_path)
    for name in ("retirement", "review", "health", "index"):
        assert main(["report", name, str(root), *ARGS, "--format", "json"]) == 0
        small = json.loads(capsys.readouterr().out)
        monkeypatch.chdir(ROOT)
        args = ["report", name, "catalog", "--usage", USAGE, *ARGS, "--format", "json"]
        assert main(args) == 0
        example = json.loads(capsys.readouterr().out)
        assert small.keys() == example.keys()
        assert small["basis"].keys() == example["basis"].keys()


def test_out_into_a_pipe_streams_through_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--out /dev/stdout` in a CI step, or a pipe: the report goes through it, and it stays
    what it was (the rename put a regular file there; run as root, over /dev/stdout)."""
    monkeypatch.chdir(ROOT)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    args = ["report", "review", "catalog", *ARGS]
    assert main([*args, "--out", str(fifo)]) == 0
    reader.join(timeout=30)
    assert main(args) == 0
    assert got == [capsys.readouterr().out.encode()]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_second_file_for_an_id_is_listed_as_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reports count an id once (the first file, as references resolve); the other file
    is named with the files left out, not dropped without a word."""
    root = build_catalog(tmp_path)
    models = root / "models"
    (models / "legacy").mkdir()
    (models / "legacy" / "fraud-detector.yaml").write_bytes((models / FRAUD[7:]).read_bytes())
    assert main(["report", "review", str(root), *ARGS, "--format", "json"]) == 0
    skipped = json.loads(capsys.readouterr().out)["basis"]["skipped"]
    assert skipped == [f"{root}/models/legacy/fraud-detector.yaml"]


def _command(name: str, root: Path, tmp_path: Path) -> list[str]:
    if name == "build":
        return ["build", str(root), "--out", str(tmp_path / "site")]
    return ["report", name, str(root)]


@pytest.mark.parametrize("command", ["retirement", "index", "build"])
def test_a_today_before_every_date_is_no_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """`--today 0001-01-01` overflowed the usage windows, and the site's average-age chart
    (negative ages) had an empty axis: exit 3 both."""
    root = build_catalog(tmp_path)
    args = [*_command(command, root, tmp_path), "--usage", USAGE]
    assert main([*args, "--today", "0001-01-01"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("command", ["retirement", "index", "build"])
@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("fraud-detector,0001-01-01,5", "date 0001-01-01 is before 1970-01-01"),
        (f"fraud-detector,2026-11-01,{'9' * 5000}", "(5000 digits) is over 9223372036854775807"),
    ],
    ids=["year-1", "5000-digits"],
)
def test_usage_out_of_range_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, row: str, says: str
) -> None:
    root = build_catalog(tmp_path)
    usage = tmp_path / "u.csv"
    usage.write_text(f"model,date,requests\n{row}\n")
    args = [*_command(command, root, tmp_path), "--usage", str(usage), *ARGS]
    assert main(args) == 2
    first, last = capsys.readouterr().err.splitlines()
    assert first.startswith(f"{usage}:2: ") and says in first
    assert last.startswith("modelinv: the usage data has problems (see above)")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("lastReviewed: 2026-09-15", "lastReviewed: 9999-12-01"),  # + the review interval
        ("lastAudit: 2026-06-30", "lastAudit: 9999-12-01"),  # + the audit interval
        ("lastRetrained: 2026-11-02", "lastRetrained: 9999-12-30"),  # + the schedule's period
        (  # a trend's crossing, projected from the evaluation date
            "{name: auc, value: 0.934, threshold: 0.9, evaluated: 2026-10-02}",
            "{name: auc, value: 0.934, threshold: 0.9, evaluated: 9999-12-30, "
            "history: [{value: 0.95, evaluated: 9999-06-01}]}",
        ),
    ],
)
def test_dates_near_the_last_day_a_date_holds_do_not_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str
) -> None:
    """A date plus an interval past 9999-12-31 crashed every report (exit 3, "internal
    error: OverflowError"), and validate too; such a due date is the last day there is."""
    assert old in base_model()
    root = build_catalog(tmp_path, files={FRAUD: base_model().replace(old, new)})
    for command in (["validate"], *(["report", r] for r in ("retirement", "review", "index"))):
        assert main([*command, str(root), *ARGS]) in (0, 1), command
        assert "internal error" not in capsys.readouterr().err
