"""Hostile files are refused quickly with a finding, never a hang, crash or traceback.

Each case runs the real CLI in a subprocess with a timeout, so a hang fails the test
instead of blocking the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE = Path(__file__).resolve().parents[1] / "checks" / "rules" / "base"


def _run(catalog: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "modelinv", "validate", "catalog", "--no-cache"],
        cwd=catalog.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(BASE, target)
    return target


def _assert_refused(proc: subprocess.CompletedProcess[str], expected: str) -> None:
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert expected in proc.stdout


def test_fifo(catalog: Path) -> None:
    os.mkfifo(catalog / "models" / "pipe.yaml")
    _assert_refused(_run(catalog), "catalog/models/pipe.yaml:1:1: YML010 not a regular file")


def test_symlink_outside(catalog: Path) -> None:
    (catalog / "models" / "passwd.yaml").symlink_to("/etc/passwd")
    _assert_refused(_run(catalog), "catalog/models/passwd.yaml:1:1: YML010 symbolic link refused")


def test_symlinked_folder_is_reported_not_followed(catalog: Path, tmp_path: Path) -> None:
    """docs/security.md: a link to a folder is refused at its path (YML010), whatever its
    name, and none of its files is read (it used to be skipped without a word)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "evil.yaml").write_text("kind: [\n")
    (catalog / "models" / "linked").symlink_to(outside)
    (catalog / "teams" / "deeper").mkdir()
    (catalog / "teams" / "deeper" / "legacy").symlink_to("../../../outside")
    proc = _run(catalog)
    _assert_refused(proc, "catalog/models/linked:1:1: YML010 symbolic link to a folder refused")
    assert "catalog/teams/deeper/legacy:1:1: YML010 symbolic link to a folder refused" in (
        proc.stdout
    )
    assert "commit the folder and its files in the catalog" in proc.stdout
    assert "evil.yaml" not in proc.stdout


def test_symlinked_rules_folder_is_refused(catalog: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (catalog / "rules").symlink_to(outside)
    proc = _run(catalog)
    assert proc.returncode == 2, proc.stdout
    assert "modelinv: catalog/rules is a symbolic link" in proc.stderr


def test_fifty_megabyte_value(catalog: Path) -> None:
    path = catalog / "models" / "huge.yaml"
    with path.open("w") as handle:
        handle.write("apiVersion: modelinv/v1\nkind: Model\nmetadata:\n  description: ")
        handle.write("x" * 50_000_000)
    _assert_refused(_run(catalog), "catalog/models/huge.yaml:1:1: YML010 file is 50000061 bytes")


def test_alias_bomb(catalog: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (catalog / "models" / "bomb.yaml").write_text("\n".join(lines) + "\n")
    _assert_refused(_run(catalog), "catalog/models/bomb.yaml:1:5: YML004 anchor '&a0'")


def test_thirty_thousand_levels(catalog: Path) -> None:
    (catalog / "models" / "deep.yaml").write_text("a: " + "[" * 30_000 + "]" * 30_000 + "\n")
    _assert_refused(_run(catalog), "catalog/models/deep.yaml:1:35: YML011 nesting deeper than 32")


def test_deep_block_mappings(catalog: Path) -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(1000))
    (catalog / "models" / "deep.yaml").write_text(text)
    _assert_refused(_run(catalog), "catalog/models/deep.yaml:33:33: YML011")


def test_utf16(catalog: Path) -> None:
    (catalog / "models" / "wide.yaml").write_bytes("apiVersion: modelinv/v1\n".encode("utf-16"))
    _assert_refused(_run(catalog), "catalog/models/wide.yaml:1:1: YML008 file is UTF-16")


def test_python_tag(catalog: Path) -> None:
    (catalog / "models" / "rce.yaml").write_text('a: !!python/object/apply:os.system ["id"]\n')
    _assert_refused(_run(catalog), "catalog/models/rce.yaml:1:4: YML003 explicit tag")
