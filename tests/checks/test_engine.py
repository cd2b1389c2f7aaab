"""The engine: parallel and sequential runs agree; the cache re-checks only changed files."""

from __future__ import annotations

import hashlib
import marshal
import shutil
import tempfile
from pathlib import Path

import pytest

from modelinv import Options, validate
from modelinv.checks import cache as cache_module
from modelinv.checks import engine, filecheck
from modelinv.checks.cache import Cache, pack_rows, unpack_rows
from modelinv.checks.engine import PARALLEL_MIN_FILES, load_index, load_inventory
from modelinv.findings import Finding
from modelinv.governance.context import Context
from modelinv.inventory.index import Entry
from modelinv.inventory.inventory import Inventory
from modelinv.loader.discover import SourceFile, discover
from modelinv.loader.load import ParserName
from modelinv.loader.read import read_bytes
from modelinv.model import Model

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


def test_workers_results_pass_through_files_that_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers hand their results over in files of a private temporary folder: each is
    read once and the folder is gone after the run, also when the run is cut short."""
    root = _many(tmp_path, PARALLEL_MIN_FILES + 50)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    read: list[str] = []
    unspooled = engine._unspooled

    def counting(handed: object) -> object:
        assert isinstance(handed, str)  # a file's path, not the results themselves
        read.append(handed)
        assert Path(handed).parent.name.startswith("modelinv-results-")
        return unspooled(handed)

    monkeypatch.setattr(engine, "_unspooled", counting)
    options = Options(jobs=2)
    assert validate(root, options) == validate(root, Options(jobs=1))
    assert read and len(set(read)) == len(read)
    assert list(temporary.iterdir()) == []
    batches: list[engine.Pending] = [(s, None, "") for s in discover(root)]
    checking = engine._check_all(batches, options, Context(), engine._check_batch, False)
    next(checking)  # one batch done, then the run is abandoned
    checking.close()
    assert list(temporary.iterdir()) == []


@pytest.mark.parametrize("failing", ["mkdtemp", "mkstemp"])
def test_workers_results_come_through_the_pipe_without_room_for_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """No writable temporary folder (mkdtemp fails here), or no room for a file in it
    (mkstemp fails in the worker): the results come back through the pool's pipe."""
    root = _many(tmp_path, PARALLEL_MIN_FILES + 50)
    expected = validate(root, Options(jobs=1))

    def refuse(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, failing, refuse)
    assert validate(root, Options(jobs=2)) == expected


def test_a_parallel_first_run_fills_the_cache_as_a_sequential_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With an empty cache the workers read, key and row the files themselves: the rows,
    payloads and stat signatures they store serve the next run whole, without a read."""
    root = _many(tmp_path, PARALLEL_MIN_FILES + 50)
    expected = validate(root, Options(jobs=1))
    names = sorted(m.metadata.name for _, m in load_inventory(root, Options(jobs=1)).of_kind(Model))
    parallel, sequential = (
        Options(jobs=jobs, cache_dir=tmp_path / f"cache-{jobs}") for jobs in (2, 1)
    )
    assert validate(root, parallel) == expected
    assert validate(root, sequential) == expected
    stored = {
        options.jobs: sorted(path.name.split(".")[1] for path in options.cache_dir.iterdir())
        for options in (parallel, sequential)
        if options.cache_dir is not None
    }
    assert stored[2] == stored[1] == ["cache", "key", "payloads", "rules"]
    read: list[str] = []
    original = read_bytes

    def reading(path: str, shown: str) -> bytes | Finding:
        read.append(path)
        return original(path, shown)

    monkeypatch.setattr("modelinv.checks.cache.read_bytes", reading)
    checked = _spy_file_checks(monkeypatch)
    assert validate(root, parallel) == expected
    assert (checked, read) == ([], [])  # every file served by its stat signature
    inventory = load_inventory(root, parallel)
    assert sorted(model.metadata.name for _, model in inventory.of_kind(Model)) == names
    assert (checked, read) == ([], [])  # and every entity from the stored payloads


def test_cache_reuses_unchanged_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _many(tmp_path, 30)
    options = Options(jobs=1, cache_dir=tmp_path / "cache")
    checked = _spy_file_checks(monkeypatch)
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


def test_cache_is_keyed_on_the_code_not_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade that keeps __version__ (or a local edit of a rule) must not be served
    results computed by the old code."""
    root = _many(tmp_path, 3)
    options = Options(jobs=1, cache_dir=tmp_path / "cache")
    checked = _spy_file_checks(monkeypatch)
    validate(root, options)
    checked.clear()
    validate(root, options)
    assert checked == []
    monkeypatch.setattr(cache_module, "code_hash", lambda: "other code")
    validate(root, options)
    assert len(checked) == 9


def test_crafted_cache_rows_are_not_trusted(tmp_path: Path) -> None:
    """A cache file written by anyone without the directory's secret is ignored whole: a
    crafted row cannot make an invalid file or a dangling owner pass."""
    root = _many(tmp_path, 3)
    (root / "models" / "m1.yaml").write_text(
        MODEL.replace("merchant-embedder", "m1").replace("team:payments-ml", "team:nobody")
    )
    options = Options(jobs=1, cache_dir=tmp_path / "cache")
    expected = validate(root, options)
    assert expected.errors > 0
    (cache_file,) = (tmp_path / "cache").glob("*.cache")
    raw = cache_file.read_bytes()  # chunks, then the MAC
    stamp, rows, stats = unpack_rows(raw[:-32])
    clean = {key: (*row[:-1], ()) for key, row in rows.items()}  # every finding dropped
    forged = b"".join(pack_rows(stamp, clean, stats))
    rules_file = cache_file.with_suffix(".rules")
    rules_raw = rules_file.read_bytes()
    _, (digest, found) = marshal.loads(rules_raw[32:])
    assert found  # the dangling owner's OWN001
    forged_rules = marshal.dumps((stamp, (digest, ())))  # the catalog rules' findings too
    for mac in (raw[-32:], hashlib.sha256(forged).digest(), bytes(32)):
        cache_file.write_bytes(forged + mac)
        assert validate(root, options) == expected
    for mac in (rules_raw[:32], hashlib.sha256(forged_rules).digest(), bytes(32)):
        rules_file.write_bytes(mac + forged_rules)
        assert validate(root, options) == expected


def test_cache_refuses_a_secret_others_can_read(tmp_path: Path) -> None:
    root = _many(tmp_path, 1)
    options = Options(jobs=1, cache_dir=tmp_path / "cache")
    validate(root, options)
    secret = tmp_path / "cache" / "secret.key"
    assert secret.stat().st_mode & 0o777 == 0o600
    secret.chmod(0o644)
    (cache_file,) = (tmp_path / "cache").glob("*.cache")
    before = cache_file.read_bytes()
    validate(root, options)
    assert cache_file.read_bytes() == before  # neither read nor rewritten with that key


def test_an_index_without_a_cache_carries_no_payloads_but_serves_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`validate` never reads an entity, so its workers skip the JSON dump and its transfer;
    the few a later stage asks for (the transition rules of --base) are checked again."""
    root = _many(tmp_path, 3)
    index = load_index(root, Options(jobs=1))
    entry = next(e for e in index.entries if e.rel == "models/m1.yaml")
    assert entry.valid and entry.payload == b""
    checked = _spy_file_checks(monkeypatch)
    model = Inventory(index).entity(entry)
    assert isinstance(model, Model) and model.metadata.name == "m1"
    assert checked == ["models/m1.yaml"]
    eager = load_inventory(root, Options(jobs=1))
    assert all(e.payload for e in eager.index.entries if e.valid)
    assert eager.entity(next(e for e in eager.index.entries if e.rel == entry.rel)) == model


def _spy_file_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files checked (not served from the cache), in the order they were checked."""
    checked: list[str] = []
    original = filecheck.check_file

    def spy(
        source: SourceFile,
        data: bytes | Finding | None,
        parser: ParserName,
        context: Context,
        *,
        payload: bool = True,
    ) -> Entry:
        checked.append(source.rel)
        return original(source, data, parser, context, payload=payload)

    monkeypatch.setattr(filecheck, "check_file", spy)
    return checked
