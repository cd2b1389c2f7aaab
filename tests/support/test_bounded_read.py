"""Bounded reads: regular files only, up to a limit, without one memory mapping per file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modelinv.findings import Finding
from modelinv.loader.read import read_bytes
from modelinv.reports.usage import UsageError, parse_usage
from modelinv.support.bounded_read import ReadRefused, read_regular

MAPS = Path("/proc/self/maps")
EXAMPLE = Path(__file__).resolve().parents[2] / "catalog"


def _mappings() -> int:
    return len(MAPS.read_text().splitlines())


@pytest.mark.skipif(not MAPS.exists(), reason="needs Linux /proc/self/maps")
def test_kept_files_do_not_each_keep_a_memory_mapping(tmp_path: Path) -> None:
    """Reading with `handle.read(limit + 1)` left one mapping per kept file (300 here),
    which exhausts vm.max_map_count at ~65,500 files."""
    for index in range(300):
        (tmp_path / f"m{index}.yaml").write_text("kind: Model\n" * 300)
    kept: list[bytes | Finding] = []
    before = _mappings()
    for index in range(300):
        kept.append(read_bytes(str(tmp_path / f"m{index}.yaml"), f"m{index}.yaml"))
    grown = _mappings() - before
    assert all(isinstance(data, bytes) and len(data) == 3600 for data in kept)
    assert grown < 30, f"{grown} new memory mappings for 300 kept files"


def test_reads_exactly_the_file(tmp_path: Path) -> None:
    for size in (0, 1, 4095, 4096, 70_000):
        path = tmp_path / f"f{size}"
        path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
        assert read_regular(path, 70_000) == path.read_bytes()


def test_over_the_limit_is_refused_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big"
    path.write_bytes(b"x" * 101)
    with pytest.raises(ReadRefused) as caught:
        read_regular(path, 100)
    assert caught.value.size == 101
    assert "101 bytes, over the 100-byte limit" in caught.value.reason


def test_a_link_to_dev_zero_is_refused_even_when_links_are_followed(tmp_path: Path) -> None:
    link = tmp_path / "CODEOWNERS"
    link.symlink_to("/dev/zero")
    with pytest.raises(ReadRefused, match="symbolic link refused"):
        read_regular(link, 1000)
    with pytest.raises(ReadRefused, match="not a regular file"):
        read_regular(link, 1000, follow_symlinks=True)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ReadRefused, match="not a regular file"):
        read_regular(fifo, 1000, follow_symlinks=True)


def test_a_link_to_a_regular_file_is_read_only_when_following(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.write_bytes(b"data")
    link = tmp_path / "link"
    link.symlink_to(target)
    assert read_regular(link, 10, follow_symlinks=True) == b"data"
    with pytest.raises(ReadRefused):
        read_regular(link, 10)


def _modelinv_limited(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real CLI in a process whose address space is capped at 1 GiB, so a read
    without a bound fails (instead of eating the machine's memory) and the test fails."""
    start = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from modelinv.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", start, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_codeowners_check_does_not_follow_a_link_to_dev_zero(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "catalog")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "CODEOWNERS").symlink_to("/dev/zero")
    done = _modelinv_limited(["codeowners", "--check"], tmp_path)
    assert done.returncode == 1, done.stderr
    assert "CODEOWNERS: cannot be used: symbolic link refused" in done.stderr


def test_usage_data_linked_to_dev_zero_is_refused(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "catalog")
    (tmp_path / "usage.csv").symlink_to("/dev/zero")
    args = ["report", "retirement", "catalog", "--usage", "usage.csv"]
    done = _modelinv_limited(args, tmp_path)
    assert done.returncode == 2, done.stderr
    assert "usage.csv: cannot read usage data: not a regular file" in done.stderr


def test_deeply_nested_usage_json_is_a_problem_not_a_crash() -> None:
    line = "[" * 100_000 + "]" * 100_000
    text = '{"model": "fraud-detector", "date": "2026-01-01", "requests": 3}\n' + line + "\n"
    with pytest.raises(UsageError) as caught:
        parse_usage(text, "usage.jsonl")
    assert str(caught.value) == "usage.jsonl:2: nested too deeply (one flat object per line)"


def test_docs_and_schema_checks_do_not_follow_links_to_dev_zero(tmp_path: Path) -> None:
    root = EXAMPLE.parent
    shutil.copytree(root / "schemas", tmp_path / "schemas")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "rules.md").write_text("# Rules\n")
    (tmp_path / "README.md").symlink_to("/dev/zero")
    done = _modelinv_limited(["docs", "--check"], tmp_path)
    assert done.returncode == 2, done.stderr
    assert "README.md: not a regular file" in done.stderr
    schema = next((tmp_path / "schemas").glob("*.json"))
    schema.unlink()
    schema.symlink_to("/dev/zero")
    done = _modelinv_limited(["schema", "--check"], tmp_path)
    assert done.returncode == 1, done.stderr
    assert schema.name in done.stderr
