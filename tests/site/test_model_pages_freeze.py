"""Rendering model pages in worker processes freezes the objects they share; afterwards a
one-shot process (the console script) keeps its catalog frozen, as `support.lifetime`
arranged, while a long-lived one gets them back for the collector."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from modelinv.site.model_pages import PARALLEL_MIN_PAGES

BASE = Path(__file__).resolve().parents[1] / "checks" / "rules" / "base"

BUILD = """
import gc, sys
from pathlib import Path
from modelinv.support import lifetime
if sys.argv[3] == "one-shot":
    lifetime.declare_one_shot()
from modelinv.api import check
from modelinv.checks.engine import Options, load_inventory
from modelinv.site import build_site
catalog = load_inventory(sys.argv[1], Options(jobs=1))
built = build_site(catalog, check(catalog), Path(sys.argv[2]), history=False, jobs=2)
assert built.models > {minimum}, built.models
print(gc.get_freeze_count())
"""


def _catalog(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(BASE, root)
    model = (root / "models" / "merchant-embedder.yaml").read_text()
    for i in range(PARALLEL_MIN_PAGES + 10):
        (root / "models" / f"m{i}.yaml").write_text(model.replace("merchant-embedder", f"m{i}"))
    return root


def _frozen_after_build(tmp_path: Path, mode: str) -> int:
    script = BUILD.replace("{minimum}", str(PARALLEL_MIN_PAGES))
    root = tmp_path / "catalog" if (tmp_path / "catalog").is_dir() else _catalog(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", script, str(root), str(tmp_path / f"site-{mode}"), mode],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip().splitlines()[-1])


def test_a_one_shot_process_keeps_its_catalog_frozen(tmp_path: Path) -> None:
    assert _frozen_after_build(tmp_path, "one-shot") > 0
    assert _frozen_after_build(tmp_path, "long-lived") == 0
