"""The cache's files: rows, entity payloads (read only for an inventory), and the catalog
rules' findings and the relation tables (reused while the index digest is unchanged)."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import marshal
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from modelinv import Options, validate
from modelinv.checks import cache as cache_module
from modelinv.checks import filecheck
from modelinv.checks.cache import pack_rows, unpack_rows
from modelinv.checks.cache_rows import part_digest
from modelinv.checks.engine import load_index, load_inventory
from modelinv.inventory.index import Entry, Index
from modelinv.inventory.inventory import Inventory
from modelinv.loader.discover import SourceFile
from modelinv.model import Model

BASE = Path(__file__).resolve().parent / "rules" / "base"
MODEL = (BASE / "models" / "merchant-embedder.yaml").read_text()


def _catalog(tmp_path: Path, count: int) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(BASE, root)
    for i in range(count):
        (root / "models" / f"m{i}.yaml").write_text(MODEL.replace("merchant-embedder", f"m{i}"))
    return root


def _titles(inventory: Inventory) -> dict[str, str]:
    return {entry.name: model.metadata.title or "" for entry, model in inventory.of_kind(Model)}


def _options(tmp_path: Path) -> Options:
    return Options(jobs=1, cache_dir=tmp_path / "cache")


def test_cached_inventory_serves_every_entity(tmp_path: Path) -> None:
    root = _catalog(tmp_path, 5)
    expected = _titles(load_inventory(root, Options(jobs=1)))
    load_index(root, _options(tmp_path))  # fills the cache
    cached = load_index(root, _options(tmp_path))
    assert all(not e.payload for e in cached.entries)  # validate never reads payloads
    assert _titles(Inventory(cached)) == expected
    assert len(expected) == 7  # the base catalog's two models and five more


def test_a_first_run_keeps_no_payload_in_memory(tmp_path: Path) -> None:
    """Filling the cache, the entries hand their payloads to the cache's unnamed spool file
    (at 50,000 models ~115 MB this process no longer holds): the inventory of that very run
    reads every entity back from it, the payload file written at the end serves the next
    run, and nothing but the cache's own files is left in its folder."""
    root = _catalog(tmp_path, 60)
    expected = _titles(load_inventory(root, Options(jobs=1)))
    first = load_inventory(root, _options(tmp_path))
    assert all(not entry.payload for entry in first.entries)
    assert _titles(first) == expected
    assert sorted(p.suffix for p in (tmp_path / "cache").iterdir()) == [
        ".cache",
        ".key",
        ".payloads",
    ]
    assert _titles(load_inventory(root, _options(tmp_path))) == expected


def test_a_damaged_spool_costs_a_check_again_never_a_wrong_entity(tmp_path: Path) -> None:
    root = _catalog(tmp_path, 20)
    expected = _titles(load_inventory(root, Options(jobs=1)))
    index = load_index(root, _options(tmp_path), payloads=True)
    cache = index.rule_memo
    assert isinstance(cache, cache_module.Cache) and cache._spool is not None
    spool = cache._spool.fd
    os.pwrite(spool, b"X" * os.fstat(spool).st_size, 0)  # every payload overwritten
    assert _titles(Inventory(index)) == expected


def test_payloads_stay_in_memory_when_no_spool_can_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _catalog(tmp_path, 20)
    expected = _titles(load_inventory(root, Options(jobs=1)))

    def refuse(self: object, directory: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module._Spool, "__init__", refuse)
    assert _titles(load_inventory(root, _options(tmp_path))) == expected
    monkeypatch.undo()
    assert _titles(load_inventory(root, _options(tmp_path))) == expected  # written anyway


def test_an_index_part_digest_depends_on_values_not_on_objects(tmp_path: Path) -> None:
    """The digest that keeps the catalog rules' findings is the same for equal entries made
    of other objects (strings not interned, nothing shared), as a row read back from the
    cache or made by a worker is, and differs when anything rules read differs."""
    root = _catalog(tmp_path, 3)
    entries = load_index(root, Options(jobs=1)).entries

    def fresh(value: Any) -> Any:
        if isinstance(value, str):
            return "".join(list(value))  # an equal string, another object, not interned
        if isinstance(value, tuple) and hasattr(value, "_make"):
            return type(value)._make(fresh(item) for item in value)
        if isinstance(value, tuple | list):
            return type(value)(fresh(item) for item in value)
        if isinstance(value, frozenset):
            return frozenset(fresh(item) for item in value)
        return value

    for entry in entries:
        copy = dataclasses.replace(
            entry, **{f.name: fresh(getattr(entry, f.name)) for f in dataclasses.fields(entry)}
        )
        assert part_digest(copy) == part_digest(entry)
        moved = dataclasses.replace(copy, spans=tuple((p, (9, 9, 9, 9)) for p, _ in entry.spans))
        assert part_digest(moved) != part_digest(entry) or not entry.spans


def test_payloads_of_a_changed_file_are_its_new_ones(tmp_path: Path) -> None:
    root = _catalog(tmp_path, 300)
    load_index(root, _options(tmp_path))
    path = root / "models" / "m7.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Renamed ", 1))
    load_index(root, _options(tmp_path))  # the new payload goes to the small delta file
    assert list((tmp_path / "cache").glob("*.payloads-new"))
    titles = _titles(load_inventory(root, _options(tmp_path)))
    assert titles["m7"].startswith("Renamed ")
    assert titles == _titles(load_inventory(root, Options(jobs=1)))


def test_missing_payload_files_mean_the_file_is_checked_again(tmp_path: Path) -> None:
    root = _catalog(tmp_path, 3)
    expected = _titles(load_inventory(root, Options(jobs=1)))
    load_index(root, _options(tmp_path))
    for payloads in (tmp_path / "cache").glob("*.payloads*"):
        payloads.unlink()
    assert _titles(load_inventory(root, _options(tmp_path))) == expected


def test_catalog_rule_findings_follow_a_changed_reference(tmp_path: Path) -> None:
    """A stored catalog-rule result is reused only for the same index: a new dangling
    owner (OWN001), then its repair, show up exactly as without a cache."""
    root = _catalog(tmp_path, 3)
    path = root / "models" / "m1.yaml"
    clean = path.read_text()
    for text in (clean, clean.replace("team:payments-ml", "team:nobody"), clean):
        path.write_text(text)
        cached = validate(root, _options(tmp_path))
        again = validate(root, _options(tmp_path))  # served from the stored rule findings
        assert cached == again == validate(root, Options(jobs=1))
    path.write_text(clean.replace("team:payments-ml", "team:nobody"))
    codes = {f.code for f in validate(root, _options(tmp_path)).findings}
    assert "OWN001" in codes


def test_title_edit_keeps_catalog_rule_findings_right(tmp_path: Path) -> None:
    root = _catalog(tmp_path, 3)
    validate(root, _options(tmp_path))
    path = root / "models" / "m2.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Renamed ", 1))
    assert validate(root, _options(tmp_path)) == validate(root, Options(jobs=1))


def test_title_edit_reuses_stored_catalog_rule_findings(tmp_path: Path) -> None:
    """A title is nothing catalog rules read: the index digest of a freshly checked file
    equals the one of its cached row, so the stored findings serve and are not rewritten."""
    root = _catalog(tmp_path, 3)
    validate(root, _options(tmp_path))
    (rules_file,) = (tmp_path / "cache").glob("*.rules")
    stored = rules_file.stat().st_mtime_ns, rules_file.read_bytes()
    path = root / "models" / "m2.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Renamed ", 1))
    validate(root, _options(tmp_path))  # m2 checked afresh
    validate(root, _options(tmp_path))  # m2 from its row
    assert (rules_file.stat().st_mtime_ns, rules_file.read_bytes()) == stored


def test_cached_entries_keep_their_payload_source_in_another_index(tmp_path: Path) -> None:
    """The catalog at a commit reuses the working tree's unchanged entries in an index of
    its own (as `modelinv diff` does): their entities must still come back."""
    root = _catalog(tmp_path, 2)
    expected = _titles(load_inventory(root, Options(jobs=1)))
    load_index(root, _options(tmp_path))
    cached = load_index(root, _options(tmp_path))
    elsewhere = Index(cached.root, list(cached.entries), cached.context)
    assert _titles(Inventory(elsewhere)) == expected


def test_rules_reading_beyond_the_index_always_run(tmp_path: Path) -> None:
    """TMP001 lists the folder, which no index digest covers: a temporary file that
    appears after a cached run is reported although every entry is unchanged."""
    root = _catalog(tmp_path, 2)
    first = validate(root, _options(tmp_path))
    assert "TMP001" not in {f.code for f in first.findings}
    (root / "models" / ".m1.yaml.k2x9_q1a.tmp").write_text(MODEL)
    codes = {f.code for f in validate(root, _options(tmp_path)).findings}
    assert "TMP001" in codes


def test_one_changed_file_goes_to_the_row_delta_file(tmp_path: Path) -> None:
    """A one-file change writes its row to the small delta file and leaves the main rows
    file alone; once more than a quarter of the catalog changed, both are merged."""
    root = _catalog(tmp_path, 40)
    validate(root, _options(tmp_path))
    (rows_file,) = (tmp_path / "cache").glob("*.cache")
    before = rows_file.stat().st_mtime_ns, rows_file.read_bytes()
    path = root / "models" / "m7.yaml"
    path.write_text(path.read_text().replace("team:payments-ml", "team:nobody"))
    changed = validate(root, _options(tmp_path))
    assert changed == validate(root, Options(jobs=1))
    assert "OWN001" in {f.code for f in changed.findings}
    assert (rows_file.stat().st_mtime_ns, rows_file.read_bytes()) == before
    (delta,) = (tmp_path / "cache").glob("*.cache-new")
    delta_bytes = delta.read_bytes()
    assert validate(root, _options(tmp_path)) == changed  # served, nothing rewritten
    assert delta.read_bytes() == delta_bytes
    for i in range(12):  # 12 of 47 files: more than a quarter
        other = root / "models" / f"m{i + 10}.yaml"
        other.write_text(other.read_text().replace("title: ", "title: Renamed ", 1))
    assert validate(root, _options(tmp_path)) == validate(root, Options(jobs=1))
    assert not delta.exists()
    assert rows_file.read_bytes() != before[1]


def _mac_with_the_real_key(tmp_path: Path, data: bytes) -> bytes:
    """What only modelinv can compute: proves a forgery would be served if signed."""
    secret = (tmp_path / "cache" / "secret.key").read_bytes()
    return hmac.new(secret, data, hashlib.sha256).digest()


def test_crafted_delta_rows_are_not_trusted(tmp_path: Path) -> None:
    """The delta file is authenticated like the main one: a row forged into it (here the
    changed file's dangling owner made a valid one) is ignored and the file checked again."""
    root = _catalog(tmp_path, 3)
    validate(root, _options(tmp_path))
    path = root / "models" / "m1.yaml"
    path.write_text(path.read_text().replace("team:payments-ml", "team:nobody"))
    expected = validate(root, _options(tmp_path))
    assert "OWN001" in {f.code for f in expected.findings}
    (delta,) = (tmp_path / "cache").glob("*.cache-new")
    (rules_file,) = (tmp_path / "cache").glob("*.rules")
    raw = delta.read_bytes()  # chunks, then the MAC
    stamp, rows, stats = unpack_rows(raw[:-32])
    (key, row), *_ = rows.items()  # the changed file's row; field 6: references and spans
    refs, spans = marshal.loads(row[6])
    forged_refs = tuple((p, t.replace("nobody", "payments-ml"), *r) for p, t, *r in refs)
    assert forged_refs != refs
    packed = marshal.dumps((forged_refs, spans))
    forged = b"".join(pack_rows(stamp, {key: (*row[:6], packed, *row[7:])}, stats))
    for mac in (raw[-32:], hashlib.sha256(forged).digest(), bytes(32)):
        delta.write_bytes(forged + mac)
        rules_file.unlink(missing_ok=True)  # the catalog rules run again on the rows
        assert validate(root, _options(tmp_path)) == expected
    delta.write_bytes(forged + _mac_with_the_real_key(tmp_path, forged))
    rules_file.unlink(missing_ok=True)
    signed = validate(root, _options(tmp_path))
    assert "OWN001" not in {f.code for f in signed.findings}  # the forgery mattered


def test_a_damaged_payload_costs_one_file_not_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The payload file is indexed: each entity comes back from its own bytes, checked
    against the digest in the authenticated table. A damaged payload means that one file
    is checked again; the other payloads still serve."""
    root = _catalog(tmp_path, 5)
    expected = _titles(load_inventory(root, Options(jobs=1)))
    load_index(root, _options(tmp_path))
    (payloads,) = (tmp_path / "cache").glob("*.payloads")
    raw = payloads.read_bytes()
    title = b'"title":"'
    at = raw.index(title, raw.index(b'"name":"m3"')) + len(title)  # model m3's title
    payloads.write_bytes(raw[:at] + b"X" + raw[at + 1 :])  # one payload's bytes changed
    checked = []
    original = filecheck.check_file

    def spy(source: SourceFile, *args: Any) -> Entry:
        checked.append(source.rel)
        return original(source, *args)

    monkeypatch.setattr(filecheck, "check_file", spy)
    assert _titles(load_inventory(root, _options(tmp_path))) == expected
    assert len(checked) == 1


def test_crafted_payload_table_is_not_trusted(tmp_path: Path) -> None:
    """A payload file whose table does not authenticate is ignored whole: entities come
    from the files, whatever the forged payloads say."""
    root = _catalog(tmp_path, 3)
    expected = _titles(load_inventory(root, Options(jobs=1)))
    load_index(root, _options(tmp_path))
    (payloads,) = (tmp_path / "cache").glob("*.payloads")
    raw = payloads.read_bytes()
    size = int.from_bytes(raw[32:40], "little")
    stamp, table = marshal.loads(raw[40 : 40 + size])
    body = raw[40 + size :]
    forged_body = b""
    forged_table = {}
    for key, (offset, length, _) in table.items():
        payload = body[offset : offset + length].replace(b'"title":"', b'"title":"Forged ')
        digest = hashlib.blake2b(payload, digest_size=16).digest()
        forged_table[key] = (len(forged_body), len(payload), digest)
        forged_body += payload
    head = marshal.dumps((stamp, forged_table))
    sized = len(head).to_bytes(8, "little") + head
    for mac in (raw[:32], hashlib.sha256(sized).digest(), bytes(32)):
        payloads.write_bytes(mac + sized + forged_body)
        assert _titles(load_inventory(root, _options(tmp_path))) == expected
    payloads.write_bytes(_mac_with_the_real_key(tmp_path, sized) + sized + forged_body)
    forged = _titles(load_inventory(root, _options(tmp_path)))
    assert all(title.startswith("Forged ") for title in forged.values())  # it mattered


def test_cached_entries_unpack_the_references_and_spans_they_were_stored_with(
    tmp_path: Path,
) -> None:
    """References and value spans come back packed and are unpacked together on first
    read: every entry's must equal what checking the file gives."""
    root = _catalog(tmp_path, 4)
    fresh = {e.rel: (e.refs, e.spans) for e in load_index(root, Options(jobs=1)).entries}
    load_index(root, _options(tmp_path))
    cached = load_index(root, _options(tmp_path))
    assert all(type(e) is not Entry for e in cached.entries)  # all served from rows
    first = cached.entries[-1]
    assert first.refs == fresh[first.rel][0]  # one read unpacks the whole batch
    assert {e.rel: (e.refs, e.spans) for e in cached.entries} == fresh
    assert sum(len(refs) for refs, _ in fresh.values()) > 10


def test_a_payload_file_claiming_a_huge_table_is_ignored(tmp_path: Path) -> None:
    """The table length is read before the MAC can be checked: a file of another format
    (an older modelinv's) or a forged one must not make modelinv allocate what it claims."""
    root = _catalog(tmp_path, 2)
    expected = _titles(load_inventory(root, Options(jobs=1)))
    load_index(root, _options(tmp_path))
    (payloads,) = (tmp_path / "cache").glob("*.payloads")
    raw = payloads.read_bytes()
    for size in (2**62, len(raw)):
        payloads.write_bytes(raw[:32] + size.to_bytes(8, "little") + raw[40:])
        assert _titles(load_inventory(root, _options(tmp_path))) == expected


def _relations_without_cache(root: Path) -> dict[str, dict[str, list[str]]]:
    return load_index(root, Options(jobs=1)).relations


def test_relations_are_kept_while_the_index_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The relation tables (a build's serial start works them out for every page) are
    kept beside the catalog rules' findings, under the same digest of every entry's index
    part: a title edit leaves them; the next load takes them as stored."""
    root = _catalog(tmp_path, 4)
    expected = _relations_without_cache(root)
    assert load_index(root, _options(tmp_path)).relations == expected
    (stored,) = (tmp_path / "cache").glob("*.relations")
    path = root / "models" / "m2.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Renamed ", 1))

    def worked_out(self: Index) -> None:
        raise AssertionError("the stored relations should have served")

    with monkeypatch.context() as patch:
        patch.setattr(Index, "_relations", worked_out)
        assert load_index(root, _options(tmp_path)).relations == expected
    assert stored.exists()


def test_a_reference_change_makes_the_relations_again(tmp_path: Path) -> None:
    root = _catalog(tmp_path, 4)
    before = load_index(root, _options(tmp_path)).relations
    path = root / "models" / "m1.yaml"
    path.write_text(path.read_text().replace("team:payments-ml", "team:nobody"))
    after = load_index(root, _options(tmp_path)).relations
    assert before["ownedBy"]["model:m1"] == ["team:payments-ml"]
    assert "model:m1" not in after["ownedBy"]  # a dangling owner relates to nothing
    assert after == _relations_without_cache(root)


def test_crafted_relations_are_not_trusted(tmp_path: Path) -> None:
    """The relations file is authenticated like the others: one forged (an owner that is
    not there) is ignored and the relations are worked out again, unless signed with the
    cache's own key."""
    root = _catalog(tmp_path, 3)
    expected = load_index(root, _options(tmp_path)).relations
    (stored,) = (tmp_path / "cache").glob("*.relations")
    raw = stored.read_bytes()
    stamp, (digest, table) = marshal.loads(raw[32:])
    forged_table = {**table, "ownedBy": {**table["ownedBy"], "model:m0": ["team:evil"]}}
    forged = marshal.dumps((stamp, (digest, forged_table)))
    for mac in (raw[:32], hashlib.sha256(forged).digest(), bytes(32)):
        stored.write_bytes(mac + forged)
        assert load_index(root, _options(tmp_path)).relations == expected
    stored.write_bytes(_mac_with_the_real_key(tmp_path, forged) + forged)
    assert load_index(root, _options(tmp_path)).relations == forged_table  # it mattered
