"""The files `modelinv init` writes: templates shipped as package data, filled in.

Pure: `plan` returns relative path -> text and touches no file; CODEOWNERS comes from the
scaffolded catalog once it is on disk (`codeowners_text`), as `modelinv codeowners` makes it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from modelinv.adoption.pin import REPO, Pin
from modelinv.checks.engine import load_index
from modelinv.generated import schemas
from modelinv.generated.codeowners import render

CATALOG = "catalog"
CODEOWNERS = ".github/CODEOWNERS"
ORG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}$")
OWNER = re.compile(
    r"^(?:@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9._-]+)?"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$"
)

# Where each template goes. Dot-files are stored without their dot: package data globs and
# tools that collect `.github/workflows` should not mistake the templates for live files.
TEMPLATES: dict[str, str] = {
    "catalog/policy.yaml": "catalog/policy.yaml",
    "catalog/teams/example-team.yaml": "catalog/teams/example-team.yaml",
    "catalog/models/example-model.yaml": "catalog/models/example-model.yaml",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/validate.yml": "github/workflows/validate.yml",
    ".github/workflows/publish.yml": "github/workflows/publish.yml",
    ".gitignore": "gitignore",
    "README.md": "README.md",
}


@dataclass(frozen=True, slots=True)
class Settings:
    org: str
    fallback_owner: str
    pin: Pin
    version: str
    today: dt.date

    def problems(self) -> list[str]:
        found = []
        if not ORG.fullmatch(self.org):
            found.append(f"--org: not a GitHub organisation name: {self.org!r}")
        if not OWNER.fullmatch(self.fallback_owner):
            found.append(
                f"--fallback-owner: not a CODEOWNERS owner (@user, @org/team or an email "
                f"address): {self.fallback_owner!r}"
            )
        if not REPO.fullmatch(self.pin.repo):
            found.append(f"--modelinv-repo: expected OWNER/NAME on GitHub, got {self.pin.repo!r}")
        if not self.pin.ref or any(c.isspace() for c in self.pin.ref):
            found.append(f"--ref: not a git ref: {self.pin.ref!r}")
        return found


def _fill(text: str, settings: Settings) -> str:
    values = {
        "@FALLBACK_OWNER@": f'"{settings.fallback_owner}"',
        "@MODELINV_REPO@": settings.pin.repo,
        "@MODELINV_REF@": settings.pin.ref,
        "@MODELINV_VERSION@": settings.version,
        "@ORG@": settings.org,
        "@TODAY@": settings.today.isoformat(),
    }
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    left = re.search(r"@[A-Z_]+@", text)
    if left:  # a template names a placeholder nobody fills in: a bug of this module
        raise ValueError(f"template placeholder {left.group()} not filled in")
    return text


def plan(settings: Settings) -> dict[str, str]:
    """Relative path -> text of every file but CODEOWNERS."""
    root = resources.files("modelinv.adoption") / "templates"
    files = {
        target: _fill(root.joinpath(source).read_text(encoding="utf-8"), settings)
        for target, source in TEMPLATES.items()
    }
    for name, text in schemas.generate().items():
        files[f"schemas/{name}"] = text
    return files


def codeowners_text(repository: Path, fallback_owner: str) -> str:
    """CODEOWNERS for the catalog scaffolded under `repository`."""
    return render(load_index(repository / CATALOG), fallback_owner, CATALOG)
