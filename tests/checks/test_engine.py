"""The engine: parallel and sequential runs agree; the cache re-checks only changed files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modelinv import Options, validate
from modelinv.checks import filecheck
from modelinv.checks.cache import Cache
from modelinv.checks.engine import PARALLEL_MIN_FILES
from modelinv.findings import Finding
from modelinv.governance.context import Context
from modelinv.inventory.index import Entry
from modelinv.loader.discover import SourceFile
from modelinv.loader.load import ParserName

BASE = Path(__file__).resolve().parent / "rules" / "base"
MODEL = (BASE / "models" / "merchant-embedder.yaml").read_text()


def _many(tmp_path: Path, count: int) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(BASE, root)
    for i in range(count):
        text = MODEL.replace("merchant-embedder", f"m{i}")
        if i % 97 == 0:
            text = text.replace("team:payments-ml", "team:nobody")
        (root / "models" / f"m{i}.yaml").write_text(text)
    return root


def test_parallel_equals_sequential(tmp_path: Path) -> None:
    root = _many(tmp_path, PARALLEL_MIN_FILES + 50)
    one = validate(root, Options(jobs=1))
    two = validate(root, Options(jobs=2))
    assert one == two
    assert one.errors == len(range(0, PARALLEL_MIN_FILES + 50, 97))


def test_cache_reuses_unchanged_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _many(tmp_path, 30)
    options = Options(jobs=1, cache_dir=tmp_path / "cache")
    checked: list[str] = []
    original = filecheck.check_batch

    def spy(
        batch: list[tuple[SourceFile, bytes | Finding]],
        parser: ParserName,
        context: Context,
        entities: bool,
    ) -> list[Entry]:
        checked.extend(source.rel for source, _ in batch)
        return original(batch, parser, context, entities)

    monkeypatch.setattr(filecheck, "check_batch", spy)
    first = validate(root, options)
    assert len(checked) == 36
    checked.clear()
    (root / "models" / "m3.yaml").write_text(MODEL.replace("merchant-embedder", "m3") + "  x: 1\n")
    second = validate(root, options)
    assert checked == ["models/m3.yaml"]
    assert second.errors == first.errors + 1
    checked.clear()
    assert validate(root, options) == second
    assert checked == []


def test_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    root = _many(tmp_path, 3)
    options = Options(jobs=1, cache_dir=tmp_path / "cache")
    expected = validate(root, options)
    for file in (tmp_path / "cache").iterdir():
        file.write_bytes(b"not a pickle")
    assert validate(root, options) == expected


def test_cache_lives_outside_the_catalog(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", tmp_path / "catalog", "auto")
    assert tmp_path / "cache" in cache.file.parents
