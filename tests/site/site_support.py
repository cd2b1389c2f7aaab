"""Helpers for the site tests: a hostile catalog whose free text tries to break out, and
the files of small generated catalogs."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

from modelinv.api import check
from modelinv.checks.engine import Options, load_inventory
from modelinv.reports.usage import Usage
from modelinv.site import BuildResult, build_site

EXAMPLE_CATALOG = Path(__file__).resolve().parents[2] / "catalog"
TODAY = "2026-11-26"


def team_yaml(name: str) -> str:
    """A valid team file: `name`, one member (Sofia Becker)."""
    return (
        "apiVersion: modelinv/v1\nkind: Team\n"
        f"metadata: {{name: {name}, title: Team {name}}}\n"
        "spec:\n"
        "  members: [{name: Sofia Becker, email: sofia.becker@example.com, role: Tech Lead}]\n"
    )


def model_yaml(name: str, title: str, team: str, upstream: str = "") -> str:
    """A valid model file in development, owned by `team`, with Sofia Becker as maintainer;
    `upstream`: its refs as a flow list's items ("model:a, dataset:b"), if any."""
    text = (
        "apiVersion: modelinv/v1\nkind: Model\n"
        f"metadata: {{name: {name}, title: {title}}}\n"
        "spec:\n"
        "  lifecycle: development\n"
        f"  owner: team:{team}\n"
        "  maintainer: {name: Sofia Becker, email: sofia.becker@example.com}\n"
    )
    return text + (f"  upstream: [{upstream}]\n" if upstream else "")


# Text the schema accepts in free-text fields; each would run script or inject markup if
# it were ever rendered unescaped.
PAYLOAD = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">'
QUOTES = 'it\'s "quoted" & <b>bold</b> \u2028 javascript:window.__pwned=3'


def build(
    catalog_dir: Path,
    out: Path,
    today: dt.date | str | None = None,
    repo_url: str | None = None,
    usage: Usage | None = None,
    *,
    history: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
    cache_dir: Path | None = None,
    index_json: bool = False,
) -> BuildResult:
    """What `modelinv build` does: load and check the catalog, then render it."""
    day = dt.date.fromisoformat(today) if isinstance(today, str) else today
    options = Options(today=day)
    catalog = load_inventory(catalog_dir, options)
    return build_site(
        catalog,
        check(catalog, options),
        out,
        repo_url=repo_url,
        usage=usage,
        history=history,
        progress=progress,
        cache_dir=cache_dir,
        index_json=index_json,
    )


def hostile_catalog(tmp: Path) -> Path:
    """The example catalog with hostile text in one model's free-text fields."""
    root = tmp / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, root)
    path = root / "models" / "fraud-detector.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: Card Fraud Detector", f"title: '{_single(PAYLOAD)}'", 1)
    start = text.index("  description: >-")
    end = text.index("  tags:")
    text = text[:start] + f"  description: '{_single(PAYLOAD + ' ' + QUOTES)}'\n" + text[end:]
    text = text.replace(
        "  limitations:\n",
        f"  limitations:\n    - '{_single(PAYLOAD)}'\n    - '{_single(QUOTES)}'\n",
        1,
    )
    text = text.replace(
        "location: aws/eu-west-1/ml-serving-prod", "location: 'javascript:window.__pwned=4'", 1
    )
    text = text.replace(
        "reviewer: Yasmin Haddad (Fraud Operations)", f"reviewer: '{_single(PAYLOAD)}'", 1
    )
    path.write_text(text, encoding="utf-8")
    return root


def _single(text: str) -> str:
    return text.replace("'", "''")
