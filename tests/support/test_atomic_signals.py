"""A write interrupted by a signal leaves no `.NAME.XXXX.tmp` file behind (a real process,
a real signal, while the new bytes are on disk and not yet renamed)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from modelinv.support.atomic import TEMP_NAME

# The writer starts from the default signal dispositions, whatever the test run inherited:
# under `nohup` SIGHUP is ignored, in a background job of a shell SIGINT is, and an
# ignored signal rightly leaves the write alone (the test would wait for it in vain).
WRITER = """
import signal, sys, time
from pathlib import Path
from modelinv.support.atomic import write_bytes_atomic

signal.signal(signal.SIGHUP, signal.SIG_DFL)
signal.signal(signal.SIGTERM, signal.SIG_DFL)
signal.signal(signal.SIGINT, signal.default_int_handler)

def hold() -> None:
    print("ready", flush=True)
    time.sleep(60)

write_bytes_atomic(Path(sys.argv[1]), b"new: text\\n" * 100_000, before_rename=hold)
"""


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_signal_during_a_write_removes_the_temporary_file(
    tmp_path: Path, number: signal.Signals
) -> None:
    target = tmp_path / "models" / "fraud-detector.yaml"
    target.parent.mkdir()
    target.write_bytes(b"old: text\n")
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "ready\n"
    temps = [p.name for p in target.parent.iterdir() if TEMP_NAME.fullmatch(p.name)]
    assert len(temps) == 1  # the new bytes are on disk, not yet renamed
    proc.send_signal(number)
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert sorted(p.name for p in target.parent.iterdir()) == ["fraud-detector.yaml"]
    assert target.read_bytes() == b"old: text\n"


def test_a_temp_file_left_by_a_kill_is_a_finding(tmp_path: Path) -> None:
    """What no handler can clean up (SIGKILL) `validate` reports: TMP001, via the CLI."""
    target = tmp_path / "catalog" / "models" / "fraud-detector.yaml"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"old: text\n")
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "ready\n"
    proc.kill()
    proc.communicate(timeout=60)
    done = subprocess.run(
        [sys.executable, "-m", "modelinv", "validate", "catalog", "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    leftovers = [line for line in done.stdout.splitlines() if " TMP001 " in line]
    assert len(leftovers) == 1
    assert leftovers[0].startswith("catalog/models/.fraud-detector.yaml.")
    assert "interrupted write of models/fraud-detector.yaml" in leftovers[0]
