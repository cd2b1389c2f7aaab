"""The loader against the yaml-test-suite (vendored in yaml_test_suite/, see its README).

Three promises, each with its known exceptions listed here with a reason (docs/yaml.md
says the same for users):

1. The verdict never depends on the parser installed: the default path (libyaml, falling
   back to ruamel.yaml on what libyaml refuses) gives exactly what ruamel.yaml alone
   gives (data, source map, findings).
2. Invalid YAML is refused; valid YAML is accepted unless it uses what catalog files
   refuse by design (tags, anchors, several documents, directives, complex keys, ...).
3. What is accepted reads as the suite's expected data.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from modelinv.loader import load_bytes

SUITE = json.loads((Path(__file__).parent / "yaml_test_suite" / "cases.json").read_text())
CASES: dict[str, dict[str, Any]] = SUITE["cases"]

# Refused on purpose in catalog files (see docs/yaml.md).
BY_DESIGN = {"YML002", "YML003", "YML004", "YML005", "YML006", "YML007", "YML011", "SCH010"}
COMPLEX_KEY = "a mapping or list cannot be a key"

# 1. Where libyaml and ruamel.yaml read the input differently and no check of ours
# settles it; the default path keeps libyaml's reading.
PARSER_DEVIATIONS = {
    "4QFQ": "ruamel.yaml refuses a valid block scalar whose leading blank lines are indented",
    "DWX9": "ruamel.yaml refuses a valid block scalar whose leading blank lines are indented",
    "T26H": "ruamel.yaml refuses a valid block scalar whose leading blank lines are indented",
    "S98Z": "libyaml accepts a block scalar whose leading blank line is over-indented",
    "X4QW": "libyaml accepts a comment without a space after a block scalar indicator",
    "9MMW": "both refuse (complex key by design, or a ruamel.yaml parse error): same verdict, "
    "different position and words",
    "WZ62": "both refuse (explicit tags by design); ruamel.yaml also reads `!!str,` as a tag",
    # Same data and findings; only where a span ends (never where it starts) differs.
    "DFF7": "source map only: where an empty explicit key in a flow mapping is placed",
    "SM9W/00": "source map only: the end of a collection in a file without a final newline",
    "JEF9/02": "source map only: the end of a collection in a file without a final newline",
    "L24T/01": "source map only: the end of a collection in a file without a final newline",
}

# 2a. Invalid YAML that the default path accepts (libyaml is lenient there).
ACCEPTS_INVALID = {
    "9C9N": "libyaml: a flow sequence indented less than its key",
    "9JBA": "libyaml: a comment without a space after a flow sequence",
    "CVW2": "libyaml: a comment without a space after a comma",
    "DK95/01": "libyaml: a tab starting a continuation line of a quoted scalar",
    "G5U8": "libyaml: plain `-` entries in a flow sequence",
    "QB6E": "libyaml: a multi-line quoted scalar indented less than its key",
    "S98Z": PARSER_DEVIATIONS["S98Z"],
    "SU5Z": "libyaml: a comment without a space after a quoted scalar",
    "X4QW": PARSER_DEVIATIONS["X4QW"],
    "Y79Y/003": "libyaml: a tab before a flow sequence inside a block sequence",
    "YJV2": "libyaml: a `-` in a flow sequence",
}
# 2b. Valid YAML refused for reasons other than design: neither parser reads it.
REFUSES_VALID = {
    **dict.fromkeys(
        ("4MUZ/00", "4MUZ/01", "4MUZ/02", "5MUD", "9SA2", "K3WX", "NJ66", "UT92", "VJP3/01"),
        "neither parser reads a flow mapping key whose `:` is on the next line (YAML 1.2.2)",
    ),
    "CFD4": "neither parser reads an empty implicit key in a flow sequence",
    "HWV9": "neither parser reads a stream holding only a document end marker",
    "QT73": "neither parser reads a stream of a comment and a document end marker",
    "R4YG": "neither parser reads block scalars with leading indented blank lines",
    "6CA3": "a tab before a top-level flow collection reads as indentation to both parsers",
    "Q5MG": "a tab before a top-level flow collection reads as indentation to both parsers",
    "DK95/00": "a tab before a plain value on the next line reads as indentation to both",
}
# 3. Accepted, but read differently from the suite's expected data.
DATA_DIFFERS = {
    "652Z": "`?foo` as a flow key: both parsers read `?` as the explicit key indicator",
    "HM87/01": "`[?x]`: both parsers read an explicit (empty-valued) key",
    "JEF9/02": "trailing whitespace lines of a literal scalar: libyaml drops the final newline",
    "L24T/01": "a trailing line of spaces in a literal scalar: libyaml drops the final newline",
}


def _load(case: dict[str, Any], parser: str) -> Any:
    return load_bytes(case["yaml"].encode(), "in.yaml", parser)  # type: ignore[arg-type]


def _as_json(value: Any) -> Any:
    # Keys stay as loaded (support.json_data.plain makes them text): the verdicts here
    # compare the suite's JSON with exactly what the parser produced.
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_the_whole_suite_is_vendored() -> None:
    assert len(CASES) == 402
    assert sum(case["error"] for case in CASES.values()) == 94


def test_every_listed_deviation_is_a_suite_case() -> None:
    listed = {*PARSER_DEVIATIONS, *ACCEPTS_INVALID, *REFUSES_VALID, *DATA_DIFFERS}
    assert listed <= CASES.keys()


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_verdict_does_not_depend_on_the_parser(case_id: str) -> None:
    fast, slow = _load(CASES[case_id], "auto"), _load(CASES[case_id], "ruamel")
    same = (fast.data, fast.values, fast.keys, fast.findings) == (
        slow.data,
        slow.values,
        slow.keys,
        slow.findings,
    )
    if case_id in PARSER_DEVIATIONS:
        assert not same, f"{case_id} now agrees: remove it from PARSER_DEVIATIONS and docs"
        return
    assert same


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_verdict_matches_the_suite(case_id: str) -> None:
    case = CASES[case_id]
    doc = _load(case, "auto")
    if case["error"]:
        if case_id in ACCEPTS_INVALID:
            assert doc.findings == [], f"{case_id} is now refused: remove it from the list"
        else:
            assert doc.findings, "invalid YAML accepted"
        return
    unexpected = [
        f
        for f in doc.findings
        if f.code not in BY_DESIGN and not (f.code == "YML001" and f.message == COMPLEX_KEY)
    ]
    if case_id in REFUSES_VALID:
        assert unexpected, f"{case_id} is now accepted: remove it from REFUSES_VALID"
    else:
        assert unexpected == [], "valid YAML refused"


@pytest.mark.parametrize(
    "case_id", sorted(i for i, c in CASES.items() if not c["error"] and "json" in c)
)
def test_accepted_input_reads_as_the_suite_expects(case_id: str) -> None:
    case = CASES[case_id]
    doc = _load(case, "auto")
    if doc.findings:
        return  # refused (by design or listed above): nothing was read
    expected, _ = json.JSONDecoder().raw_decode(case["json"].strip())
    if case_id in DATA_DIFFERS:
        assert _as_json(doc.data) != expected
    else:
        assert _as_json(doc.data) == expected


@pytest.mark.parametrize("parser", ["auto", "ruamel"])
@pytest.mark.parametrize(
    ("text", "data"),
    [
        (b"foo: 1\n\t\nbar: 2\n", {"foo": 1, "bar": 2}),  # a tab on a blank line
        (b"a: b\t\nseq:\t\n - a\t\nc: d\t#X\n", {"a": "b", "seq": ["a"], "c": "d"}),
        (b"---\tscalar\n", "scalar"),
        (b"key:\n  value\n  with\n  \t\n  tabs\n", {"key": "value with\ntabs"}),
    ],
)
def test_tabs_yaml_allows_are_accepted_by_both_paths(parser: str, text: bytes, data: Any) -> None:
    doc = load_bytes(text, "f.yaml", parser)  # type: ignore[arg-type]
    assert doc.findings == []
    assert doc.data == data


@pytest.mark.parametrize("parser", ["auto", "ruamel"])
def test_a_tab_used_to_indent_is_named_so(parser: str) -> None:
    doc = load_bytes(b"a:\n\tb: 1\n", "f.yaml", parser)  # type: ignore[arg-type]
    assert [(f.code, f.message, f.location.line) for f in doc.findings] == [
        ("YML009", "tab character used for indentation", 2)
    ]


@pytest.mark.parametrize("parser", ["auto", "ruamel"])
def test_an_anchor_on_the_root_is_one_finding(parser: str) -> None:
    doc = load_bytes(b"&root\nkind: Model\n", "f.yaml", parser)  # type: ignore[arg-type]
    assert [f.code for f in doc.findings] == ["YML004"]


@pytest.mark.parametrize("parser", ["auto", "ruamel"])
def test_keys_are_compared_as_yaml_values(parser: str) -> None:
    """`null` and `~` are one key; `1` and `"1"` are two keys naming one field."""
    same = load_bytes(b"{null: x, ~: y}\n", "f.yaml", parser)  # type: ignore[arg-type]
    assert [(f.code, str(f.location)) for f in same.findings] == [("YML002", "f.yaml:1:11")]
    assert same.data == {"null": "x"}
    two = load_bytes(b'{1: x, "1": y}\n', "f.yaml", parser)  # type: ignore[arg-type]
    assert [f.code for f in two.findings] == ["SCH003"]
    assert "different YAML values" in two.findings[0].message


@pytest.mark.parametrize("parser", ["auto", "ruamel"])
def test_line_separators_keep_their_text_and_positions(parser: str) -> None:
    """Kept inside quoted text, refused where a parser would read them as a line break;
    libyaml counts them as lines, so positions come from the reference parser."""
    kept = load_bytes("a: 'x\u2028y'\nb: z\n".encode(), "f.yaml", parser)  # type: ignore[arg-type]
    assert kept.findings == []
    assert kept.data == {"a": "x\u2028y", "b": "z"}
    assert kept.values[("b",)] == (2, 4, 2, 5)
    for text in ("a: 1 # note\u2028b: 2\n", "a: [x\u2028, y]\n"):
        doc = load_bytes(text.encode(), "f.yaml", parser)  # type: ignore[arg-type]
        assert [f.code for f in doc.findings] == ["SCH010"]
        assert doc.findings[0].location.column == text.index("\u2028") + 1
