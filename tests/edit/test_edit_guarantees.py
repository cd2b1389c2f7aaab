"""What a refused or failed edit leaves behind: the original, byte for byte, same mode."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from edit_support import fresh_catalog, run

from modelinv import edit
from modelinv.checks.engine import Options, load_inventory
from modelinv.cli import main


def snapshot(path: Path) -> tuple[bytes, int, int]:
    info = path.stat()
    return path.read_bytes(), stat.S_IMODE(info.st_mode), info.st_mtime_ns


def folder_names(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    return fresh_catalog(tmp_path)


def test_promote_of_a_model_not_ready_is_refused_untouched(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = catalog / "models" / "churn-scorer.yaml"
    path.chmod(0o640)
    before, names = snapshot(path), folder_names(path)
    # Half a year later its metric and documentation are stale: not ready any more.
    code = edit_main(catalog, "promote", "churn-scorer", "--to", "production", today="2027-06-01")
    err = capsys.readouterr().err
    assert code == 1
    assert "cannot promote to production: metric auc evaluated 2026-11-10" in err
    assert "documentation not updated within 180 days" in err
    assert snapshot(path) == before
    assert folder_names(path) == names


def test_edit_whose_result_would_not_validate_is_refused_untouched(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = catalog / "models" / "risk-model.yaml"
    path.chmod(0o600)
    before = snapshot(path)
    code, out, err = run(catalog, capsys, "promote", "risk-model", "--to", "staging")
    assert (code, out) == (1, "")
    assert err.startswith("modelinv: ")
    assert "risk-model.yaml: the result would not validate: CMP001 staging model is missing" in err
    assert "Traceback" not in err
    assert snapshot(path) == before


def test_crash_while_writing_leaves_the_original(
    catalog: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = catalog / "models" / "fraud-detector.yaml"
    path.chmod(0o644)
    before, names = snapshot(path), folder_names(path)

    def crash(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    code, out, err = run(catalog, capsys, "review", "fraud-detector", "--reviewer", "Ben Okafor")
    assert (code, out) == (1, "")
    assert err == (
        f"modelinv: {path}: cannot write the file: No space left on device; nothing written\n"
    )
    assert snapshot(path) == before
    assert folder_names(path) == names  # the temporary file is gone too


def test_file_changed_since_it_was_read_is_not_overwritten(catalog: Path) -> None:
    loaded = load_inventory(catalog, Options(today=dt.date(2026, 11, 26)))
    change = edit.promote(loaded, "churn-scorer", "production")
    path = catalog / "models" / "churn-scorer.yaml"
    someone_else = path.read_bytes().replace(b"Churn Scorer", b"Churn Scorer v2")
    path.write_bytes(someone_else)
    with pytest.raises(edit.Refused, match="changed while editing"):
        edit.write_change(change)
    assert path.read_bytes() == someone_else


def test_successful_edit_keeps_the_mode(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = catalog / "models" / "churn-scorer.yaml"
    path.chmod(0o640)
    code, _, _ = run(catalog, capsys, "promote", "churn-scorer", "--to", "production")
    assert code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert b"lifecycle: production" in path.read_bytes()


def edit_main(catalog: Path, *args: str, today: str) -> int:
    return main([*args, "--catalog", str(catalog), "--today", today])


def test_read_only_file_is_not_replaced(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The rename needs only a writable folder: it must not replace a read-only file."""
    path = catalog / "models" / "fraud-detector.yaml"
    path.chmod(0o444)
    before, names = snapshot(path), folder_names(path)
    code, out, err = run(catalog, capsys, "review", "fraud-detector", "--reviewer", "Ben Okafor")
    assert (code, out) == (1, "")
    assert err == (
        f"modelinv: {catalog / 'models' / 'fraud-detector.yaml'}: the file is read-only; "
        "nothing written: make it writable (chmod u+w) and run again\n"
    )
    assert snapshot(path) == before
    assert folder_names(path) == names
