"""Organisation rules (catalog/rules/*.schema.json): configuration errors, the cache key,
worker processes, output formats and `modelinv rules`. The rule cases themselves are on
disk under tests/rules/cases/ACME001 and ACME002."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modelinv import Options, validate
from modelinv.checks import engine
from modelinv.cli.main import main
from sarif_support import check_log

HERE = Path(__file__).resolve().parent
BASE = HERE / "rules" / "base"
RULE = HERE / "rules" / "cases" / "ACME002" / "fail" / "currency-not-allowed" / "catalog"
TODAY = "2026-11-26"


def _catalog(tmp_path: Path) -> Path:
    """The rule-case base catalog with ACME002 and a model costed in GBP."""
    catalog = tmp_path / "catalog"
    shutil.copytree(BASE, catalog)
    shutil.copytree(RULE, catalog, dirs_exist_ok=True)
    return catalog


def _rule_file(catalog: Path) -> Path:
    return catalog / "rules" / "cost-currency.schema.json"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


BAD_RULES = {
    "invalid-json": ('{"x-modelinv": {', "not valid JSON"),
    "invalid-schema": (
        '{"type": 5, "x-modelinv": {"code": "ACME009", "severity": "error", '
        '"kinds": ["Model"], "message": "m"}}',
        "not a valid JSON Schema",
    ),
    "no-x-modelinv": ('{"type": "object"}', "x-modelinv is missing"),
    "bad-severity": (
        '{"x-modelinv": {"code": "ACME009", "severity": "fatal", "kinds": ["Model"], '
        '"message": "m"}}',
        "severity must be 'error' or 'warning'",
    ),
    "unknown-kind": (
        '{"x-modelinv": {"code": "ACME009", "severity": "error", "kinds": ["Dataset"], '
        '"message": "m"}}',
        "kinds must be a non-empty list",
    ),
    "built-in-code": (
        '{"x-modelinv": {"code": "SCH001", "severity": "error", "kinds": ["Model"], '
        '"message": "m"}}',
        "is a built-in rule (unknown-field)",
    ),
    "duplicate-code": (
        '{"x-modelinv": {"code": "ACME002", "severity": "error", "kinds": ["Model"], '
        '"message": "m"}}',
        "already used by",
    ),
    "dangling-ref": (
        '{"x-modelinv": {"code": "ACME009", "severity": "error", "kinds": ["Model"], '
        '"message": "m"}, "properties": {"metadata": {"$ref": "#/$defs/missing"}}}',
        "$ref '#/$defs/missing' does not resolve inside this file",
    ),
    "remote-ref": (
        '{"x-modelinv": {"code": "ACME009", "severity": "error", "kinds": ["Model"], '
        '"message": "m"}, "$defs": {"a": {"$ref": "https://evil.example.com/x.json"}}}',
        "$ref 'https://evil.example.com/x.json' does not resolve inside this file",
    ),
    "missing-anchor": (
        '{"x-modelinv": {"code": "ACME009", "severity": "error", "kinds": ["Model"], '
        '"message": "m"}, "properties": {"spec": {"$dynamicRef": "#nowhere"}}}',
        "$dynamicRef '#nowhere' does not resolve inside this file",
    ),
    "reference-loop": (
        '{"x-modelinv": {"code": "ACME009", "severity": "error", "kinds": ["Model"], '
        '"message": "m"}, "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, '
        '"properties": {"spec": {"$ref": "#/$defs/a"}}}',
        "is on a loop of references that never goes into a part of the entity",
    ),
    "reference-loop-through-anyof": (
        '{"x-modelinv": {"code": "ACME009", "severity": "error", "kinds": ["Model"], '
        '"message": "m"}, "$defs": {"a": {"anyOf": [{"type": "string"}, '
        '{"$ref": "#/$defs/a"}]}}, "properties": {"spec": {"$ref": "#/$defs/a"}}}',
        "$ref '#/$defs/a' is on a loop of references",
    ),
    "python-only-regex": (
        '{"x-modelinv": {"code": "ACME009", "severity": "error", "kinds": ["Model"], '
        '"message": "m"}, "properties": {"metadata": {"properties": {"name": '
        '{"pattern": "^(?P<x>a)(?P=x)$"}}}}}',
        "the regular expression at properties/metadata/properties/name/pattern is not one "
        "JSON Schema reads (ECMA-262)",
    ),
    "unevaluated-beside-pattern-properties": (
        '{"x-modelinv": {"code": "ACME009", "severity": "error", "kinds": ["Model"], '
        '"message": "m"}, "properties": {"spec": {"patternProperties": {"^x-": true}, '
        '"unevaluatedProperties": false}}}',
        "unevaluatedProperties beside patternProperties is not supported",
    ),
    "misspelt-keyword": (
        '{"x-modelinv": {"code": "ACME009", "severity": "error", "kinds": ["Model"], '
        '"message": "m"}, "properties": {"spec": {"requried": ["compliance"]}}}',
        "unknown keyword 'requried' at properties/spec (did you mean 'required'?)",
    ),
    "draft-7-keyword": (
        '{"x-modelinv": {"code": "ACME009", "severity": "error", "kinds": ["Model"], '
        '"message": "m"}, "definitions": {"a": {"type": "string"}}}',
        "unknown keyword 'definitions' at (top level) (draft 2020-12 calls it $defs)",
    ),
    "unknown-format": (
        '{"x-modelinv": {"code": "ACME009", "severity": "error", "kinds": ["Model"], '
        '"message": "m"}, "properties": {"metadata": {"properties": {"description": '
        '{"format": "e-mail"}}}}}',
        "the format at properties/metadata/properties/description/format is 'e-mail', which "
        "is not one JSON Schema defines",
    ),
    "old-draft": (
        '{"$schema": "http://json-schema.org/draft-07/schema#", "x-modelinv": {"code": '
        '"ACME009", "severity": "error", "kinds": ["Model"], "message": "m"}}',
        "organisation rules are draft 2020-12",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_RULES))
def test_a_bad_rule_is_one_configuration_error(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = _catalog(tmp_path)
    text, expected = BAD_RULES[case]
    bad = catalog / "rules" / "zz-bad.schema.json"
    bad.write_text(text)
    for args in (
        ["validate", str(catalog), "--today", TODAY, "--no-cache"],
        ["rules", "--catalog", str(catalog)],
        ["check-files", "--catalog", str(catalog), str(catalog / "models" / "fraud-detector.yaml")],
    ):
        code, out, err = _run(capsys, *args)
        assert code == 2, (args, out, err)
        assert err.count("\n") == 1, err
        assert "zz-bad.schema.json" in err
        assert expected in err


def test_a_reference_inside_the_rule_file_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A `$ref` to a `$defs` entry (or an anchor) of the same file is resolved, never
    fetched: the rule below is ACME002 written with references."""
    catalog = _catalog(tmp_path)
    rule = json.loads(_rule_file(catalog).read_text())
    rule["$defs"] = {
        "currency": {"$anchor": "currency", "enum": ["USD", "EUR"]},
        "cost": {"properties": {"currency": {"$ref": "#currency"}}},
    }
    rule["properties"]["spec"]["properties"]["cost"] = {"$ref": "#/$defs/cost"}
    _rule_file(catalog).write_text(json.dumps(rule))
    code, out, err = _run(capsys, "validate", str(catalog), "--today", TODAY, "--no-cache")
    assert (code, err) == (0, "")  # a warning
    assert "fraud-detector.yaml:23:35: ACME002 model costs are booked in USD or EUR" in out
    assert _run(capsys, "rules", "--catalog", str(catalog))[0] == 0


def test_a_reference_loop_through_a_part_of_the_entity_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rule may refer to itself where it goes into a part of the entity (each step is
    one level deeper, so it ends): only a loop that stays on one value is refused."""
    catalog = _catalog(tmp_path)
    rule = json.loads(_rule_file(catalog).read_text())
    rule["$defs"] = {
        "no-empty-text": {
            "minLength": 1,
            "items": {"$ref": "#/$defs/no-empty-text"},
            "additionalProperties": {"$ref": "#/$defs/no-empty-text"},
        }
    }
    rule["allOf"] = [{"$ref": "#/$defs/no-empty-text"}]
    _rule_file(catalog).write_text(json.dumps(rule))
    code, out, err = _run(capsys, "validate", str(catalog), "--today", TODAY, "--no-cache")
    assert (code, err) == (0, "")  # ACME002 is a warning
    assert "fraud-detector.yaml:23:35: ACME002 model costs are booked in USD or EUR" in out


def test_invalid_json_names_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = _catalog(tmp_path)
    (catalog / "rules" / "zz-bad.schema.json").write_text('{\n  "a": 1,\n}\n')
    code, _, err = _run(capsys, "validate", str(catalog), "--no-cache")
    assert code == 2
    assert "zz-bad.schema.json:3:1: not valid JSON" in err


def test_a_rule_file_with_a_byte_order_mark_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the catalog's YAML files are: it was refused ('Unexpected UTF-8 BOM')."""
    catalog = _catalog(tmp_path)
    rule = _rule_file(catalog)
    rule.write_bytes(b"\xef\xbb\xbf" + rule.read_bytes())
    code, out, _ = _run(capsys, "validate", str(catalog), "--no-cache", "--today", TODAY)
    assert code == 0 and "ACME002" in out  # a warning


def test_a_hidden_rule_file_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As a hidden catalog file is not (an editor's lock file, `.#name.schema.json`)."""
    catalog = _catalog(tmp_path)
    (catalog / "rules" / ".#cost-currency.schema.json").write_text("{ half-written")
    code, out, _ = _run(capsys, "validate", str(catalog), "--no-cache", "--today", TODAY)
    assert code == 0 and "ACME002" in out  # the real rule still runs, as a warning


def test_changing_a_rule_rechecks_cached_files(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    options = Options(today=dt.date(2026, 11, 26), cache_dir=tmp_path / "cache", jobs=1)
    assert [f.code for f in validate(catalog, options).findings] == ["ACME002"]
    assert [f.code for f in validate(catalog, options).findings] == ["ACME002"]  # from cache
    rule = _rule_file(catalog)
    rule.write_text(rule.read_text().replace('["USD", "EUR"]', '["USD", "EUR", "GBP"]'))
    assert validate(catalog, options).findings == ()


def test_rules_run_in_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = _catalog(tmp_path)
    monkeypatch.setattr(engine, "PARALLEL_MIN_FILES", 1)  # a pool even for six files
    result = validate(catalog, Options(today=dt.date(2026, 11, 26), jobs=2))
    assert [f"{f.code} {f.location}" for f in result.findings] == [
        f"ACME002 {catalog}/models/fraud-detector.yaml:23:35"
    ]


@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif"])
def test_findings_in_every_output_format(
    output_format: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _catalog(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run(
        capsys, "validate", "catalog", "--today", TODAY, "--no-cache", "--format", output_format
    )
    assert code == 0  # a warning
    assert "ACME002" in out
    assert "model costs are booked in USD or EUR" in out
    if output_format == "json":
        (finding,) = json.loads(out)["findings"]
        assert (finding["path"], finding["line"], finding["column"]) == (
            "catalog/models/fraud-detector.yaml",
            23,
            35,
        )
        assert finding["name"] == "cost-currency"
        assert finding["severity"] == "warning"
    if output_format == "sarif":
        log = json.loads(out)
        check_log(log)  # every result's ruleIndex names its rule in the driver
        (result,) = log["runs"][0]["results"]
        rule = log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]
        assert (rule["id"], rule["name"]) == ("ACME002", "cost-currency")
        assert rule["shortDescription"]["text"] == "model costs are booked in USD or EUR"
        assert rule["defaultConfiguration"]["level"] == "warning"


def test_rules_lists_and_explains_organisation_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = _catalog(tmp_path)
    code, out, _ = _run(capsys, "rules", "--catalog", str(catalog))
    assert code == 0
    assert "ACME002 cost-currency" in out
    assert out.index("WV002") < out.index("ACME002")
    code, out, _ = _run(capsys, "rules", "ACME002", "--catalog", str(catalog))
    assert code == 0
    assert "organisation rule" in out
    assert '"enum"' in out


def test_a_broken_rule_file_does_not_keep_a_built_in_rule_from_being_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`modelinv rules OWN005` explains a built-in rule; a broken organisation rule file
    fails only what needs it: the list, and explaining an organisation rule."""
    catalog = _catalog(tmp_path)
    (catalog / "rules" / "zz-bad.schema.json").write_text('{\n  "a": 1,\n}\n')
    code, out, _ = _run(capsys, "rules", "own005", "--catalog", str(catalog))
    assert code == 0 and out.startswith("OWN005 codeowners-drift (")
    for args in (["rules"], ["rules", "ACME002"]):
        code, _, err = _run(capsys, *args, "--catalog", str(catalog))
        assert code == 2 and "zz-bad.schema.json:3:1: not valid JSON" in err


def test_waiver_for_an_unknown_organisation_code_is_wv002(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    model = catalog / "models" / "merchant-embedder.yaml"
    text = model.read_text()
    waiver = (
        "  waivers:\n    - {rule: ACME777, reason: Pending, approvedBy: Ana Lima, "
        "expires: 2027-01-31}\n"
    )
    model.write_text(text.replace("spec:\n", waiver + "spec:\n", 1))
    found = {f.code for f in validate(catalog, Options(today=dt.date(2026, 11, 26))).findings}
    assert found == {"ACME002", "WV002"}


EXAMPLE = HERE.parents[1] / "catalog"  # its rule ORG001 uses only keywords jsonschema-rs reads
PROBE = """
import sys
from modelinv.checks import engine
from modelinv.cli.main import main
engine.PARALLEL_MIN_FILES = 1  # worker processes, as for a large catalog
code = main(["validate", sys.argv[1], "--today", "2026-11-26", "--no-cache", "--jobs", "2"])
print(code, "jsonschema" in sys.modules)
"""


def test_jsonschema_is_imported_only_for_a_failing_entity(tmp_path: Path) -> None:
    """python-jsonschema words the findings; jsonschema-rs gives the verdicts and checks
    the rules' schemas. A run whose files pass the rules never imports python-jsonschema
    (0.8 s where rfc3987-syntax is installed: most of a cached validate)."""

    def probe(catalog: Path) -> tuple[str, str, str]:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, str(catalog)], capture_output=True, text=True, check=False
        )
        code, imported = done.stdout.split()[-2:]
        return code, imported, done.stdout

    assert probe(EXAMPLE)[:2] == ("0", "False")
    broken = tmp_path / "catalog"
    shutil.copytree(EXAMPLE, broken)
    model = broken / "models" / "fraud-detector.yaml"
    text = model.read_text()
    assert "regulations: [eu-ai-act, pci-dss, gdpr, psd2]" in text
    model.write_text(
        text.replace("regulations: [eu-ai-act, pci-dss, gdpr, psd2]", "regulations: []")
    )
    # the failing entity's process (a worker here) imports it for the finding's words
    code, _, out = probe(broken)
    assert code == "1"
    assert "models/fraud-detector.yaml:" in out and " ORG001 " in out
    assert "([] should be non-empty; see " in out  # python-jsonschema's wording


def test_the_rule_validator_never_fetches(monkeypatch: pytest.MonkeyPatch) -> None:
    """jsonschema's default registry would fetch a `$ref` to a URL; the rules' validator
    resolves inside the schema alone (the loader refuses such a rule before it gets here)."""
    import urllib.request

    from referencing.exceptions import Unresolvable

    from modelinv.governance.org_rules import validator

    fetched: list[object] = []

    def fetch(request: object, *args: object, **kwargs: object) -> None:
        fetched.append(request)
        raise OSError("no network in tests")

    monkeypatch.setattr(urllib.request, "urlopen", fetch)
    schema = json.dumps({"properties": {"a": {"$ref": "https://evil.example.com/x.json"}}})
    with pytest.raises(Unresolvable):
        list(validator(schema).iter_errors({"a": 1}))
    assert fetched == []


KEBAB_RULE = (
    '{"x-modelinv": {"code": "ACME010", "severity": "error", "kinds": ["Model"], '
    '"message": "descriptions are kebab-case words"}, "properties": {"metadata": '
    '{"properties": {"description": {"pattern": "^([a-z0-9]+-?)+$"}}}}}'
)


def test_a_value_cannot_hang_a_rule_pattern(tmp_path: Path) -> None:
    """`^([a-z0-9]+-?)+$` is an everyday pattern; Python's `re` backtracks without bound on
    a value that almost matches, and validate in CI hung (5 s for 27 characters, twice as
    long for each more).
    Matched by jsonschema-rs's engine, the value is judged at once. A separate process
    with a timeout: hanging here would hang the suite."""
    catalog = _catalog(tmp_path)
    (catalog / "rules" / "kebab.schema.json").write_text(KEBAB_RULE)
    model = catalog / "models" / "fraud-detector.yaml"
    value = "a" * 40 + "!"
    text = model.read_text()
    model.write_text(text.replace("  title:", f"  description: '{value}'\n  title:", 1))
    done = subprocess.run(
        [sys.executable, "-m", "modelinv", "validate", str(catalog), "--today", TODAY,
         "--no-cache", "--format", "json"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    found = [f for f in json.loads(done.stdout)["findings"] if f["code"] == "ACME010"]
    assert [f["path"].rsplit("/", 1)[-1] for f in found] == ["fraud-detector.yaml"]
    assert f"{value!r} does not match" in found[0]["hint"]


def test_patterns_are_read_as_json_schema_specifies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ECMA-262, as ajv and every validator of the published schemas read them: `$` ends
    the text (Python's matched before a final line break too), `\\d` is an ASCII digit."""
    catalog = _catalog(tmp_path)
    (catalog / "rules" / "kebab.schema.json").write_text(
        KEBAB_RULE.replace("^([a-z0-9]+-?)+$", "^[a-z]+ [0-9]+$")
    )
    model = catalog / "models" / "fraud-detector.yaml"
    text = model.read_text()
    for value, fails in (("abc 12", False), ("abc 12\\n", True), ("abc \\u0663", True)):
        model.write_text(text.replace("  title:", f'  description: "{value}"\n  title:', 1))
        _, out, err = _run(capsys, "validate", str(catalog), "--today", TODAY, "--no-cache")
        assert ("ACME010" in out) == fails, (value, out, err)


def test_keys_under_properties_are_names_not_keywords(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only schema positions are checked for keywords: an entity key named like a typo
    (`requried`) under `properties`, and an `x-` extension, are fine."""
    catalog = _catalog(tmp_path)
    (catalog / "rules" / "names.schema.json").write_text(
        '{"x-modelinv": {"code": "ACME011", "severity": "warning", "kinds": ["Model"], '
        '"message": "m"}, "x-owner": "platform", "properties": {"spec": {"properties": '
        '{"requried": {"type": "string"}, "const": {"const": {"pattern": "(?P<x>"}}}}}}'
    )
    code, out, err = _run(capsys, "validate", str(catalog), "--today", TODAY, "--no-cache")
    assert (code, err) == (0, ""), out


def test_a_rule_format_is_asserted_on_every_machine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`format` is an annotation in draft 2020-12, and python-jsonschema checked one only
    where an optional package for it was installed (none without a format checker): a
    rule's `"format": "email"` passed every value. It is asserted, by jsonschema-rs."""
    catalog = _catalog(tmp_path)
    (catalog / "rules" / "contact.schema.json").write_text(
        KEBAB_RULE.replace('{"pattern": "^([a-z0-9]+-?)+$"}', '{"format": "email"}')
    )
    model = catalog / "models" / "fraud-detector.yaml"
    text = model.read_text()
    for value, fails in (("ana.lima@example.com", False), ("ana.lima at example", True)):
        model.write_text(text.replace("  title:", f'  description: "{value}"\n  title:', 1))
        _, out, err = _run(capsys, "validate", str(catalog), "--today", TODAY, "--no-cache")
        assert ("ACME010" in out) == fails, (value, out, err)
    assert "'ana.lima at example' is not a 'email'" in out
