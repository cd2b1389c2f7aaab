"""A cached `validate` imports only what it uses: the start-up cost of a warm run is mostly
imports, so modules only other paths need (a worker pool, the site, git, JSON Schema)
must not creep back in through a module-level import."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parents[1] / "checks" / "rules" / "base"

# What a warm `validate` (with one file changed) must not import.
NOT_NEEDED = (
    "multiprocessing",
    "concurrent.futures.process",
    "modelinv.site",
    "jinja2",
    "jsonschema",
)

_PROBE = """
import json, sys
from modelinv.cli.main import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _modules(args: list[str], cache: Path) -> set[str]:
    env = {**os.environ, "MODELINV_CACHE_DIR": str(cache)}
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], check=False, capture_output=True, text=True, env=env
    )
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, 1), proc.stderr
    return set(report["modules"])


def test_a_warm_validate_imports_no_pool_site_or_json_schema(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(BASE, root)
    args = ["validate", str(root), "--today", "2026-11-26"]
    cold = _modules(args, tmp_path / "cache")  # fills the cache (too few files for a pool)
    model = next((root / "models").iterdir())
    model.write_text(model.read_text().replace("title: ", "title: Renamed ", 1))
    warm = _modules(args, tmp_path / "cache")
    assert "modelinv.checks.cache" in warm and "pydantic" in warm  # the probe saw the run
    for name in NOT_NEEDED:
        assert not any(m == name or m.startswith(f"{name}.") for m in warm), name
    assert cold >= {"modelinv.checks.engine", "modelinv.checks.filecheck"}
