"""Which modelinv an inventory repository pins: a forge repository and a commit.

A workflow's `uses: OWNER/modelinv@REF` and pre-commit's `rev: REF` must name something that
exists. pip records where a package came from (`direct_url.json`, PEP 610): installed from a
git URL, that is the exact commit. Anything else (a wheel, an editable checkout) does not say
which public commit it is, and the caller must name one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import urlsplit

UPSTREAM = "modelinv/modelinv"
COMMIT = re.compile(r"^[0-9a-f]{40}$")
REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")


@dataclass(frozen=True, slots=True)
class Pin:
    repo: str  # OWNER/NAME on GitHub
    ref: str  # a commit SHA (or a tag, which the caller vouches for)

    @property
    def is_commit(self) -> bool:
        return bool(COMMIT.fullmatch(self.ref))


def _github_repo(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.hostname != "github.com":
        return None
    path = parts.path.strip("/").removesuffix(".git")
    return path if REPO.fullmatch(path) else None


def pin_from_direct_url(text: str) -> Pin | None:
    """The pin a PEP 610 `direct_url.json` records: only a git install names a commit."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    vcs = data.get("vcs_info")
    url = data.get("url")
    if not isinstance(vcs, dict) or vcs.get("vcs") != "git" or not isinstance(url, str):
        return None
    commit = vcs.get("commit_id")
    if not isinstance(commit, str) or not COMMIT.fullmatch(commit):
        return None
    return Pin(_github_repo(url) or UPSTREAM, commit)


def installed_pin() -> Pin | None:
    """The commit this modelinv was installed from, when pip knows it."""
    try:
        text = metadata.distribution("modelinv").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    return pin_from_direct_url(text) if text else None
