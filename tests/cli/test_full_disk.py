"""A full disk under the output (`modelinv validate > report.txt`) is said in one line,
exit 2: no internal error to report, no traceback, and not the findings' exit 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FULL = Path("/dev/full")  # every write fails with ENOSPC (Linux)


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "args",
    [
        ["validate", "catalog", "--today", "2026-11-26"],
        ["validate", "catalog", "--format", "sarif", "--today", "2026-11-26"],
        ["report", "retirement", "catalog", "--today", "2026-11-26"],
        ["rules"],
        ["history", "fraud-detector", "--catalog", "catalog"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_a_full_disk_under_standard_output_is_one_line(args: list[str], tmp_path: Path) -> None:
    with FULL.open("wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "modelinv", *args],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            env={**os.environ, "MODELINV_CACHE_DIR": str(tmp_path / "cache")},
        )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == (
        "modelinv: cannot write standard output: No space left on device; make room and run again\n"
    )
