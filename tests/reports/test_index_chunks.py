"""index.json written in pieces (the site streams it) is the very text of the whole report."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from modelinv.checks.engine import Options, load_inventory
from modelinv.model import Model
from modelinv.reports import render_json
from modelinv.reports.common import basis
from modelinv.reports.index import IndexReport, index_entries, index_policy, index_report
from modelinv.reports.usage import Usage

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("batch", [1, 3, 256])
def test_index_in_pieces_is_the_whole_report(batch: int) -> None:
    catalog = load_inventory(ROOT / "catalog", Options(today=dt.date(2026, 11, 26)))
    usage = Usage.none()
    whole = render_json.render(index_report(catalog, usage), compact=True)
    entries = index_entries(catalog, usage)
    pieces = list(
        render_json.index_chunks(basis(catalog, usage), index_policy(catalog), entries, batch)
    )
    assert "".join(pieces) == whole
    assert len(pieces) == 2 + -(-len(catalog.entries) // batch)  # head, batches, tail
    assert len(json.loads(whole)["entities"]) == len(catalog.entries) > 3


@pytest.mark.parametrize("batch", [1, 3, 256])
def test_indented_index_in_pieces_is_the_whole_report(batch: int) -> None:
    """What `modelinv report index` writes, a few entities at a time: the indented report."""
    catalog = load_inventory(ROOT / "catalog", Options(today=dt.date(2026, 11, 26)))
    usage = Usage.none()
    whole = render_json.render(index_report(catalog, usage))
    entries = index_entries(catalog, usage)
    pieces = list(
        render_json.index_chunks_indented(
            basis(catalog, usage), index_policy(catalog), entries, batch
        )
    )
    assert "".join(pieces) == whole
    assert len(pieces) == 2 + -(-len(catalog.entries) // batch)  # head, batches, tail


def test_indented_index_leaves_line_breaks_inside_values_alone(tmp_path: Path) -> None:
    """JSON writes a value's line break as an escape: the pieces indent only the layout."""
    root = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", root)
    model = root / "models" / "fraud-detector.yaml"
    text = model.read_text()
    model.write_text(
        text.replace("  title:", "  description: |\n    two\n      lines\n  title:", 1)
    )
    catalog = load_inventory(root, Options(today=dt.date(2026, 11, 26)))
    usage = Usage.none()
    whole = render_json.render(index_report(catalog, usage))
    assert '"two\\n  lines\\n"' in whole
    entries = index_entries(catalog, usage)
    pieces = render_json.index_chunks_indented(
        basis(catalog, usage), index_policy(catalog), entries, 2
    )
    assert "".join(pieces) == whole


def test_indented_index_without_entities_is_the_empty_report() -> None:
    catalog = load_inventory(ROOT / "catalog", Options(today=dt.date(2026, 11, 26)))
    usage = Usage.none()
    empty = IndexReport(basis(catalog, usage), index_policy(catalog), ())
    pieces = render_json.index_chunks_indented(basis(catalog, usage), index_policy(catalog), [])
    assert "".join(pieces) == render_json.render(empty)
    assert json.loads(render_json.render(empty))["entities"] == []


@pytest.mark.parametrize("batch", [1, 3, 256])
def test_index_with_entities_encoded_by_pydantic_is_the_whole_report(batch: int) -> None:
    """The site's index.json: each entity's data encoded by pydantic (`entity_json`) and
    spliced in, the very text of the report `modelinv report index` renders."""
    catalog = load_inventory(ROOT / "catalog", Options(today=dt.date(2026, 11, 26)))
    usage = Usage.none()
    whole = render_json.render(index_report(catalog, usage), compact=True)
    entries = index_entries(catalog, usage, encode=render_json.entity_json)
    pieces = render_json.index_chunks(basis(catalog, usage), index_policy(catalog), entries, batch)
    assert "".join(pieces) == whole


def python_json(entity: Model) -> str:
    data = entity.model_dump(mode="json", exclude_none=True)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# Text that looks like the numbers pydantic writes unlike Python, inside strings (never
# to be touched); with quotes and backslashes (escaped in JSON) in the second set.
TRICKY = [":0.00001,", "0.00001", "[1e-6]", "rate 2.5e-7]", "é ü 中 :0.00002}"]
ESCAPED = ['say "0.00005"', '"x:1e-6,', "back\\slash :0.0000123}", "\\", '"x":1e-6,']


@pytest.mark.parametrize("quoted", [False, True])
def test_entity_json_writes_every_float_as_python_does(quoted: bool) -> None:
    catalog = load_inventory(ROOT / "catalog", Options(today=dt.date(2026, 11, 26)))
    model = catalog.entity_of("model:fraud-detector")
    assert isinstance(model, Model)
    data = json.loads(model.model_dump_json(exclude_none=True))
    values = [
        sign * mantissa * 10.0**exponent
        for exponent in range(-14, 22)
        for mantissa in (1.0, 1.5, 2.0000000000000004, 9.99, 3.141592653589793)
        for sign in (1, -1)
    ] + [0.0, 0.0001, 0.00009999999999999999, 1e-05, 1e-10, 1e16, 123.0]
    metric = data["spec"]["metrics"][0]
    metric["history"] = [{"value": v, "evaluated": "2026-01-01"} for v in values]
    metric["value"], metric["threshold"] = 0.00004, 7e-08
    data["spec"]["cost"]["perPrediction"] = 0.000066
    data["spec"]["limitations"] = TRICKY + (ESCAPED if quoted else [])
    data["metadata"]["title"] = "0.00001" if not quoted else 'a "1e-6" title'
    tricky = Model.model_validate_json(json.dumps(data))
    text = render_json.entity_json(tricky)
    assert text == python_json(tricky)
    assert "1e-05" in text and "7e-08" in text and "6.6e-05" in text  # Python's forms
    assert all(render_json.entity_json(e) == python_json(e) for _, e in catalog.of_kind(Model))
