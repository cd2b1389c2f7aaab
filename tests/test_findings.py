"""The fast constructors build exactly what the dataclass constructors build."""

from __future__ import annotations

import dataclasses

import pytest

from modelinv.findings import Finding, Location, Severity, finding_of, location_of


def test_location_of_equals_the_constructor() -> None:
    for args in (("a.yaml", 3, 4, 3, 9), ("b.yaml", 1, 1, None, None)):
        built = location_of(*args)
        assert built == Location(*args)
        assert hash(built) == hash(Location(*args))
        assert dataclasses.astuple(built) == args


def test_finding_of_equals_the_constructor() -> None:
    loc = Location("a.yaml", 3, 4, 3, 9)
    related = (Location("b.yaml", 1, 1),)
    args = ("REF001", "unknown-reference", Severity.ERROR, "no such team", loc, "hint", related)
    built = finding_of(*args)
    assert built == Finding(*args)
    assert [getattr(built, f.name) for f in dataclasses.fields(Finding)] == list(args)


def test_fast_built_findings_stay_frozen() -> None:
    built = finding_of(
        "X001", "x", Severity.WARNING, "m", location_of("a", 1, 1, None, None), None, ()
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.code = "Y001"  # type: ignore[misc]
