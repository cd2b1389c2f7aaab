"""Helpers for the report tests: small catalogs built from the rule-case base catalog."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
BASE = ROOT / "tests" / "checks" / "rules" / "base"
TODAY = dt.date(2026, 11, 26)
ARGS = ["--today", "2026-11-26"]


def build_catalog(
    tmp_path: Path, overlay: Path | None = None, files: dict[str, str] | None = None
) -> Path:
    """The base catalog in tmp_path/catalog, a folder's files copied over it, then `files`
    (path relative to the catalog -> text) written."""
    target = tmp_path / "catalog"
    shutil.copytree(BASE, target, dirs_exist_ok=True)
    if overlay is not None and overlay.is_dir():
        shutil.copytree(overlay, target, dirs_exist_ok=True)
    for rel, text in (files or {}).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


def base_model(name: str = "fraud-detector") -> str:
    return (BASE / "models" / f"{name}.yaml").read_text(encoding="utf-8")
