"""The trusted decoder builds exactly the entities full validation builds from the same
payload, for every valid entity of every catalog in the repository; it still refuses a
payload of another kind, malformed JSON and values of the wrong type; and what it skips
is the model's Python checks, each of them reviewed (`CHECKS_ONLY`).

Payloads a forged cache holds never reach it: `tests/checks/test_cache_files.py` shows a
payload file whose table does not authenticate ignored whole, and a payload whose bytes do
not match the authenticated digest ignored alone (its file is checked again)."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from modelinv.checks.filecheck import check_file
from modelinv.governance.context import Context
from modelinv.inventory.index import Entry
from modelinv.inventory.inventory import decode
from modelinv.inventory.trusted_decode import (
    CHECKS_ONLY,
    decode_trusted,
    decode_validated,
    validator_without_checks,
    validators_in,
    without_checks,
)
from modelinv.loader.discover import SourceFile
from modelinv.model import KINDS, Model
from modelinv.model.base import Link

ROOT = Path(__file__).resolve().parents[2]
MODEL_PACKAGE = ROOT / "src" / "modelinv" / "model"
# Folders of the working tree that hold no catalog of the repository's own.
SKIPPED = {ROOT / "bench" / "out", ROOT / "site", ROOT / "build", ROOT / "dist"}


def yaml_files(root: Path) -> Iterator[Path]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and d != "node_modules" and Path(folder, d) not in SKIPPED
        )
        for name in sorted(names):
            path = Path(folder, name)
            if name.endswith((".yaml", ".yml")) and not path.is_symlink():
                yield path


def checked(path: Path, root: Path) -> Entry:
    """The entry the engine makes of a file (its payload: the validated entity's dump)."""
    rel = path.relative_to(root).as_posix()
    return check_file(SourceFile(str(path), rel, rel), path.read_bytes(), "auto", Context())


def valid_entries(root: Path) -> list[Entry]:
    return [entry for path in yaml_files(root) if (entry := checked(path, root)).valid]


def assert_same(validated: Any, trusted: Any, where: str) -> None:
    """Equal in type and value at every level: model classes, fields set, extra and
    private state, field order, list and dict contents, `datetime.date` for dates."""
    assert type(trusted) is type(validated), where
    if isinstance(validated, BaseModel):
        assert trusted.model_fields_set == validated.model_fields_set, where
        assert trusted.__pydantic_extra__ == validated.__pydantic_extra__, where
        assert trusted.__pydantic_private__ == validated.__pydantic_private__, where
        assert list(trusted.__dict__) == list(validated.__dict__), where
        for name, value in validated.__dict__.items():
            assert_same(value, trusted.__dict__[name], f"{where}.{name}")
    elif isinstance(validated, list):
        assert len(trusted) == len(validated), where
        for index, (one, other) in enumerate(zip(validated, trusted, strict=True)):
            assert_same(one, other, f"{where}[{index}]")
    elif isinstance(validated, dict):
        assert list(trusted) == list(validated), where
        for key, value in validated.items():
            assert_same(value, trusted[key], f"{where}[{key!r}]")
    else:
        assert repr(trusted) == repr(validated), where  # also tells -0.0 from 0.0


def classes_in(value: Any) -> Iterator[type[BaseModel]]:
    if isinstance(value, BaseModel):
        yield type(value)
        for item in value.__dict__.values():
            yield from classes_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from classes_in(item)


def model_classes() -> set[type[BaseModel]]:
    found: set[type[BaseModel]] = set()
    for kind in KINDS.values():
        without_checks(kind.cls.__pydantic_core_schema__, found)
    return found


def generated_catalog(folder: Path) -> Path:
    script = ROOT / "bench" / "generate.py"
    command = [sys.executable, str(script), str(folder), "--models", "300", "--seed", "7"]
    subprocess.run(command, check=True, capture_output=True)
    return folder


def test_every_valid_entity_of_every_catalog_decodes_the_same_both_ways(tmp_path: Path) -> None:
    """examples/, catalog/, the tests' catalogs and rule cases (tests/inventory/decode_catalog
    holds what no other one does), the scaffold's templates, and a generated catalog."""
    entries = valid_entries(ROOT) + valid_entries(generated_catalog(tmp_path / "generated"))
    seen: set[type[BaseModel]] = set()
    kinds: Counter[str] = Counter()
    for entry in entries:
        assert entry.kind is not None
        validated = decode_validated(entry.kind, entry.payload)
        trusted = decode_trusted(entry.kind, entry.payload)
        assert_same(validated, trusted, entry.display)
        assert trusted == validated
        assert trusted.model_dump() == validated.model_dump()
        assert trusted.model_dump(mode="json") == validated.model_dump(mode="json")
        assert trusted.model_dump(exclude_unset=True) == validated.model_dump(exclude_unset=True)
        assert trusted.model_dump_json(by_alias=True) == validated.model_dump_json(by_alias=True)
        assert trusted.model_dump_json(by_alias=True).encode() == entry.payload
        with pytest.raises(ValidationError, match="frozen"):
            setattr(trusted, "metadata", trusted.metadata)  # noqa: B010 (typed read-only)
        seen.update(classes_in(trusted))
        kinds[entry.kind] += 1
    assert set(kinds) == set(KINDS)
    assert kinds["Model"] > 300
    assert seen == model_classes()  # every class of the model was built both ways


def test_the_comparison_sees_what_a_careless_decoder_would_get_wrong() -> None:
    """`assert_same` fails on a date left as text and on a different `model_fields_set`
    (both invisible to `==` on some pydantic versions or in a dump)."""
    entry = checked(ROOT / "catalog" / "models" / "fraud-detector.yaml", ROOT / "catalog")
    validated = decode_validated("Model", entry.payload)
    assert isinstance(validated, Model)
    spec = validated.spec
    assert spec.created is not None
    dated_as_text = spec.model_construct(**{**spec.__dict__, "created": spec.created.isoformat()})
    with pytest.raises(AssertionError):
        assert_same(spec, dated_as_text, "spec")
    fewer_fields = spec.model_construct(_fields_set={"lifecycle"}, **spec.__dict__)
    with pytest.raises(AssertionError):
        assert_same(spec, fewer_fields, "spec")


def one_payload_per_kind() -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for entry in valid_entries(ROOT / "catalog"):
        assert entry.kind is not None
        found.setdefault(entry.kind, entry.payload)
    assert set(found) == set(KINDS)
    return found


def test_a_payload_of_another_kind_is_refused() -> None:
    payloads = one_payload_per_kind()
    for kind, payload in payloads.items():
        for other in KINDS:
            if other != kind:
                with pytest.raises(ValidationError):
                    decode_trusted(other, payload)


def _edited(payload: bytes, change: Any) -> bytes:
    data = json.loads(payload)
    change(data)
    return json.dumps(data).encode()


MODEL_PAYLOAD = checked(
    ROOT / "catalog" / "models" / "credit-scorecard-2019.yaml", ROOT / "catalog"
).payload


def _set(path: tuple[str | int, ...], value: Any) -> Any:
    def change(data: Any) -> None:
        for step in path[:-1]:
            data = data[step]
        data[path[-1]] = value

    return change


def _drop(path: tuple[str, ...]) -> Any:
    def change(data: Any) -> None:
        for step in path[:-1]:
            data = data[step]
        del data[path[-1]]

    return change


def _cost(monthly: float) -> dict[str, Any]:
    return {"monthly": monthly, "perPrediction": None, "currency": "EUR"}


MALFORMED = {
    "empty": b"",
    "truncated": MODEL_PAYLOAD[:-1],
    "trailing bytes": MODEL_PAYLOAD + b"}",
    "not JSON": b"{'apiVersion': 'modelinv/v1'}",
    "null": b"null",
    "a list": b"[]",
    "an empty object": b"{}",
    "the kind changed": _edited(MODEL_PAYLOAD, _set(("kind",), "Team")),
    "another apiVersion": _edited(MODEL_PAYLOAD, _set(("apiVersion",), "modelinv/v2")),
    "a required key missing": _edited(MODEL_PAYLOAD, _drop(("metadata", "title"))),
    "an unknown key": _edited(MODEL_PAYLOAD, _set(("spec", "colour"), "red")),
    "a key by its Python name": _edited(MODEL_PAYLOAD, _set(("api_version",), "modelinv/v1")),
    "a date as a number": _edited(MODEL_PAYLOAD, _set(("spec", "created"), 20190304)),
    "a date with a time": _edited(MODEL_PAYLOAD, _set(("spec", "created"), "2019-03-04T00:00")),
    "an impossible date": _edited(MODEL_PAYLOAD, _set(("spec", "created"), "2019-02-30")),
    "a lifecycle out of range": _edited(MODEL_PAYLOAD, _set(("spec", "lifecycle"), "retired")),
    "text instead of a list": _edited(MODEL_PAYLOAD, _set(("metadata", "tags"), "credit")),
    "a list instead of an object": _edited(MODEL_PAYLOAD, _set(("spec", "review"), [])),
    "a number as text": _edited(MODEL_PAYLOAD, _set(("spec", "metrics", 0, "value"), "0.48")),
    "a boolean as text": _edited(
        MODEL_PAYLOAD, _set(("spec", "metrics", 0, "higherIsBetter"), "true")
    ),
    "null for required text": _edited(MODEL_PAYLOAD, _set(("metadata", "title"), None)),
    "a number where text goes": _edited(MODEL_PAYLOAD, _set(("metadata", "title"), 7)),
    "an id out of pattern": _edited(MODEL_PAYLOAD, _set(("metadata", "name"), "Not An Id")),
    "a negative cost": _edited(MODEL_PAYLOAD, _set(("spec", "cost"), _cost(-1.0))),
}


@pytest.mark.parametrize("payload", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_payloads_are_refused(payload: bytes) -> None:
    with pytest.raises(ValidationError):
        decode_trusted("Model", payload)
    with pytest.raises(ValidationError):
        decode_validated("Model", payload)


def test_what_it_skips_is_the_python_checks_of_values_of_the_right_type() -> None:
    """The checks in `CHECKS_ONLY` are what full validation adds: sound for payloads of our
    own making only, which is why `decode_validated` is the way for any other."""
    skipped = {
        "a blank title": _set(("metadata", "title"), "   "),
        "an email that is not one": _set(("spec", "maintainer", "email"), "nobody"),
        "a link that is not http(s)": _set(("metadata", "links", 0, "url"), "ftp://x.example"),
        "an owner that is no team": _set(("spec", "owner"), "model:credit-scorer"),
        "training data ending before it starts": _set(
            ("spec", "trainingData", 0, "to"), "2014-01-01"
        ),
        "two successors": _set(("spec", "deprecation", "noReplacement"), "and none"),
        "no maintainer and not discovered": _set(("spec", "maintainer"), None),
    }
    for name, change in skipped.items():
        payload = _edited(MODEL_PAYLOAD, change)
        with pytest.raises(ValidationError):
            decode_validated("Model", payload)
        assert isinstance(decode_trusted("Model", payload), Model), name


def test_every_python_validator_of_the_model_is_reviewed() -> None:
    """A new validator fails this test until it is judged: added to `CHECKS_ONLY` if it
    only checks, or left to run (then this test's expectation changes with it)."""
    found = {
        name
        for kind in KINDS.values()
        for _, name in validators_in(kind.cls.__pydantic_core_schema__)
    }
    assert found == CHECKS_ONLY  # none unreviewed, none listed that no longer exists
    for kind in KINDS.values():
        assert list(validators_in(without_checks(kind.cls.__pydantic_core_schema__))) == []


def test_the_trusted_decoder_runs_no_python_code_of_the_model() -> None:
    """pydantic-core would otherwise reuse each model class's own validator, checks and all
    (its "prebuilt" validators): correct, but as slow as before."""
    called: set[str] = set()

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "call" and Path(frame.f_code.co_filename).is_relative_to(MODEL_PACKAGE):
            called.add(frame.f_code.co_qualname)

    payloads = one_payload_per_kind()
    for kind, payload in payloads.items():
        decode_trusted(kind, payload)  # built before profiling: only decoding is watched
    sys.setprofile(profile)
    try:
        for kind, payload in payloads.items():
            decode_trusted(kind, payload)
            decode_trusted("Model", MODEL_PAYLOAD)
    finally:
        sys.setprofile(None)
    assert called == set()
    sys.setprofile(profile)
    try:
        decode_validated("Model", MODEL_PAYLOAD)  # the probe sees the checks when they run
    finally:
        sys.setprofile(None)
    assert "_not_blank" in called
    assert all(cls.__pydantic_complete__ for cls in model_classes())


def test_decode_refuses_an_entry_holding_another_kinds_payload() -> None:
    payloads = one_payload_per_kind()
    entry = checked(ROOT / "catalog" / "models" / "fraud-detector.yaml", ROOT / "catalog")
    assert isinstance(decode(entry), Model)
    with pytest.raises(ValidationError):
        decode(dataclasses.replace(entry, payload=payloads["Team"]))
    with pytest.raises(ValueError, match="not a valid entity"):
        decode(dataclasses.replace(entry, valid=False))


def test_a_schema_it_cannot_rebuild_leaves_the_full_validation() -> None:
    """None means "use the class's own validator": for a schema not built yet (pydantic's
    deferred placeholder) and for one pydantic-core refuses; the classes it marked
    incomplete for the build are complete again either way."""

    class Deferred(BaseModel):
        model_config = ConfigDict(defer_build=True)
        size: int

    assert validator_without_checks(Deferred.__dict__["__pydantic_core_schema__"]) is None
    refused = {"type": "model", "cls": Link, "schema": {"type": "no-such-node"}}
    assert validator_without_checks(refused) is None
    assert Link.__pydantic_complete__
    rebuilt = validator_without_checks(Link.__pydantic_core_schema__)
    assert rebuilt is not None
    assert rebuilt.validate_json(b'{"title": " ", "url": "ftp://x"}') == Link.model_construct(
        title=" ", url="ftp://x"
    )


def test_decoded_models_share_one_fields_set_per_class() -> None:
    """Every instance of a class decoded from a payload (which names every field) holds the
    same set object, of every field of its class: 85 of 156 MB at 10,000 models were
    these sets, one per instance."""
    entries = [e for e in valid_entries(ROOT / "catalog") if e.kind == "Model"]
    models = [decode_trusted("Model", e.payload) for e in entries]
    assert len(models) > 3
    sets: dict[type[BaseModel], set[int]] = {}

    def note(value: Any) -> None:
        if isinstance(value, BaseModel):
            fields = value.__pydantic_fields_set__
            assert fields == set(type(value).model_fields)
            sets.setdefault(type(value), set()).add(id(fields))
            for item in value.__dict__.values():
                note(item)
        elif isinstance(value, list | tuple):
            for item in value:
                note(item)

    for model in models:
        note(model)
    assert len(sets) > 5
    assert all(len(ids) == 1 for ids in sets.values())  # one set per class, shared
    assert decode_validated("Model", entries[0].payload).model_fields_set is not (
        models[0].model_fields_set
    )  # full validation leaves each instance its own


def test_a_copy_of_a_decoded_model_leaves_the_shared_fields_set_alone() -> None:
    one, other = (decode_trusted("Model", MODEL_PAYLOAD) for _ in range(2))
    shared = one.metadata.__pydantic_fields_set__
    assert other.metadata.__pydantic_fields_set__ is shared
    before = set(shared)
    copied = one.metadata.model_copy(update={"title": "Another title"})
    assert copied.__pydantic_fields_set__ is not shared
    assert shared == before and other.metadata.model_fields_set == before
    with pytest.raises(ValidationError):
        one.metadata.title = "x"  # type: ignore[misc]  # frozen: its set never changes in place
    assert shared == before


def test_every_model_class_forbids_extra_keys() -> None:
    """The shared fields sets are given by length (a set as long as the class's fields
    names them all), which holds while no class accepts extra keys."""
    classes = model_classes()
    assert len(classes) > 20
    assert {c.__name__ for c in classes if c.model_config.get("extra") != "forbid"} == set()
