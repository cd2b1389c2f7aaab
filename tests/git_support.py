"""One real, temporary git repository for the tests that need history (see conftest.py).

Every git process it starts ignores the user's and the system's git configuration and any
GIT_* variable inherited from the caller (a hook, a CI step), so commits are the same
everywhere. The `hermetic_git` fixture in conftest.py does the same for the git processes
modelinv itself starts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

# The rule cases' base catalog: small, clean, with every kind of entity.
BASE_CATALOG = Path(__file__).resolve().parent / "checks" / "rules" / "base"
AUTHOR = "Ana Lima"
HERMETIC = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def hermetic_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment without GIT_* variables, with git configuration files ignored."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    return {**env, **HERMETIC, **(extra or {})}


def email_of(name: str) -> str:
    """`Ben Okafor` -> `ben.okafor@example.com`."""
    return name.lower().replace(" ", ".") + "@example.com"


def identity(name: str) -> dict[str, str]:
    """The environment that makes `name` both author and committer."""
    email = email_of(name)
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old`, which must be in the file, by `new`."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


class GitRepo:
    """A git repository at `path` whose catalog folder is `path / catalog`.

    `GitRepo(path)` works on an existing repository; `GitRepo.init` makes a new one.
    """

    def __init__(
        self, path: Path, catalog: str = "catalog", env: Mapping[str, str] | None = None
    ) -> None:
        self.path = path
        self.catalog = path / catalog
        # The identity is in the environment too, so commits work in a repository that
        # GitRepo.init did not make.
        self.env = hermetic_env({**identity(AUTHOR), **(env or {})})

    @classmethod
    def init(
        cls,
        path: Path,
        *,
        catalog_from: Path | None = BASE_CATALOG,
        catalog: str = "catalog",
        env: Mapping[str, str] | None = None,
    ) -> GitRepo:
        """A new repository (branch `main`, author Ana Lima) holding a copy of `catalog_from`
        as `catalog`, nothing committed yet. `env` is added to every git call's environment."""
        path.mkdir(parents=True, exist_ok=True)
        repo = cls(path, catalog, env)
        repo.git("init", "-q", "-b", "main")
        repo.git("config", "user.name", AUTHOR)
        repo.git("config", "user.email", email_of(AUTHOR))
        repo.git("config", "commit.gpgsign", "false")
        if catalog_from is not None:
            shutil.copytree(catalog_from, repo.catalog, symlinks=True)
        return repo

    def run(
        self, *args: str, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run git; the caller judges the exit status. Output is decoded as is: no newline
        translation, and bytes that are not UTF-8 (file names may be anything) come back
        as surrogates."""
        done = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env={**self.env, **(env or {})},
            capture_output=True,
            check=False,
        )
        out, err = (raw.decode("utf-8", "surrogateescape") for raw in (done.stdout, done.stderr))
        return subprocess.CompletedProcess(done.args, done.returncode, out, err)

    def git(self, *args: str, env: Mapping[str, str] | None = None) -> str:
        """Run git, fail the test with git's message if it fails, return its output."""
        done = self.run(*args, env=env)
        assert done.returncode == 0, f"git {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
        return done.stdout

    def commit(self, message: str, *, when: str | None = None, author: str | None = None) -> str:
        """Commit everything; `when` (ISO 8601) dates both author and committer, `author`
        (a name) is both. Returns the new commit's id."""
        env = identity(author) if author is not None else {}
        if when is not None:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, env=env)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace `old` by `new` in the catalog file `rel`."""
        edit(self.catalog / rel, old, new)

    def resolve_conflict(self, rel: str, resolved: str) -> None:
        """Replace the conflict a merge left in the catalog file `rel` (the lines from
        `<<<<<<<` to `>>>>>>>`) by the line `resolved`."""
        path = self.catalog / rel
        text = path.read_text(encoding="utf-8")
        start, end = text.index("<<<<<<<"), text.index(">>>>>>>")
        end = text.index("\n", end) + 1
        path.write_text(text[:start] + resolved + "\n" + text[end:], encoding="utf-8")
