"""Paths under a catalog are shown normalised, also when the catalog is the filesystem
root (`modelinv validate /`): one slash, never `//`, which a SARIF consumer would read as
a URI naming a host."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelinv.checks.org_rules_file import OrgRuleError, load_org_rules
from modelinv.checks.policy_file import load_policy
from modelinv.findings import Result
from modelinv.loader.discover import shown_path, shown_root
from modelinv.reporters.sarif import render as render_sarif


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        (".", "models/a.yaml"),
        ("", "models/a.yaml"),
        ("catalog", "catalog/models/a.yaml"),
        ("/srv/catalog", "/srv/catalog/models/a.yaml"),
        ("/", "/models/a.yaml"),
    ],
)
def test_a_path_under_a_shown_root(shown: str, expected: str) -> None:
    assert shown_path(shown, "models/a.yaml") == expected


def test_the_filesystem_root_is_shown_as_itself(tmp_path: Path) -> None:
    assert shown_root(Path("/"), tmp_path) == "/"
    assert shown_root(Path("/"), Path("/")) == "."


def test_the_policy_file_of_a_catalog_at_the_root(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text("spec: [\n")
    _, findings = load_policy(tmp_path, "/")
    assert findings
    assert {f.location.path for f in findings} == {"/policy.yaml"}
    log = render_sarif(Result(findings=tuple(findings), files_checked=1))
    assert '"uri": "/policy.yaml"' in log
    assert '"//' not in log


def test_the_rules_folder_of_a_catalog_at_the_root(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "rules").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(OrgRuleError, match=r"^/rules is a symbolic link"):
        load_org_rules(tmp_path, "/")
