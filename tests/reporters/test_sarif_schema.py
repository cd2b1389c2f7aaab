"""Every SARIF log modelinv writes is valid against the official SARIF 2.1.0 schema
(vendored, see vendor/README.md), for the catalogs that stress it: the golden one, hostile
file names, names with spaces, `%`, `,`, `:` and non-ASCII letters, findings with
related locations, an organisation rule, and a clean catalog (no result)."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from modelinv import Options, validate
from modelinv.reporters import sarif

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
SCHEMA = json.loads((HERE / "vendor" / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))
BASE = ROOT / "tests" / "checks" / "rules" / "base"
# RFC 3986: a relative reference of unreserved and reserved characters and %HH escapes,
# whose first segment holds no ':' (else it reads as a scheme).
_URI_REFERENCE = re.compile(r"(?![^/]*:)(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*")
RULE = {
    "x-modelinv": {
        "code": "ACME001",
        "severity": "warning",
        "kinds": ["Model"],
        "message": "a model title starts with Acme",
    },
    "properties": {"metadata": {"properties": {"title": {"pattern": "^Acme"}}}},
}


def _catalog(tmp_path: Path, case: str) -> Path:
    catalog = tmp_path / "cat alog ü"
    if case == "golden":
        shutil.copytree(HERE / "catalog", catalog)
        return catalog
    shutil.copytree(BASE, catalog)
    if case == "clean":
        return catalog
    model = (catalog / "models" / "fraud-detector.yaml").read_bytes()
    for name in ("fraud détecteur,a:b%25.yaml", "evil\x1b[2J\u202e.yaml", "two\nlines.yaml"):
        (catalog / "models" / name).write_bytes(model)  # ID002, and ID003 with related
    (catalog / "models" / os.fsdecode(b"bad\xff.yaml")).write_bytes(model)
    (catalog / "rules").mkdir()
    (catalog / "rules" / "title.schema.json").write_text(json.dumps(RULE), encoding="utf-8")
    return catalog


def _uris(log: dict[str, Any]) -> list[str]:
    return [
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in log["runs"][0]["results"]
        for location in [*result["locations"], *result.get("relatedLocations", [])]
    ]


@pytest.mark.parametrize("case", ["golden", "hostile", "clean"])
def test_the_log_is_valid_against_the_official_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    catalog = _catalog(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    result = validate(catalog.name, Options(jobs=1, cache_dir=None))
    log = json.loads(sarif.render(result))
    validator = jsonschema.Draft4Validator(
        SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    for uri in _uris(log):
        assert _URI_REFERENCE.fullmatch(uri), uri
    if case == "clean":
        assert log["runs"][0]["results"] == []
    else:
        assert log["runs"][0]["results"]
    if case == "hostile":
        assert any(r["ruleId"] == "ACME001" for r in log["runs"][0]["results"])
        assert any("relatedLocations" in r for r in log["runs"][0]["results"])
