"""An MLflow Model Registry as a discovery source, over its REST API (2.0).

Registered models with their tags and aliases (`champion`, ...) come from one paginated
list, every version with its legacy stage from another: two list calls per page, never a
call per model. Credentials come from MLflow's own environment variables:
`MLFLOW_TRACKING_TOKEN` (a bearer token) or `MLFLOW_TRACKING_USERNAME` and
`MLFLOW_TRACKING_PASSWORD` (basic auth).
"""

from __future__ import annotations

import base64
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from modelinv.discovery.http import check_base_url, request_json
from modelinv.discovery.observation import Observation, SourceError, owner_ref
from modelinv.model.refs import id_from_name

NAME = "mlflow"
WHAT = "MLflow"
PAGE_SIZE = 1000
MAX_PAGES = 10_000
MODEL_TAG = "modelinv.io/model"
OWNER_TAGS = ("modelinv.io/owner", "owner", "team")
PRODUCTION_ALIASES = ("champion", "production", "prod")
STAGING_ALIASES = ("challenger", "staging")
# MLflow numbers a registered model's versions 1, 2, ... (an int64 on the server).
MAX_VERSION_DIGITS = 19
_VERSION = re.compile(rf"0|[1-9][0-9]{{0,{MAX_VERSION_DIGITS - 1}}}")


def auth_headers(environ: Mapping[str, str]) -> dict[str, str]:
    token = environ.get("MLFLOW_TRACKING_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}
    user, password = (
        environ.get("MLFLOW_TRACKING_USERNAME"),
        environ.get("MLFLOW_TRACKING_PASSWORD"),
    )
    if user and password is not None:
        pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return {"Authorization": f"Basic {pair}"}
    return {}


@dataclass(frozen=True, slots=True)
class Version:
    version: str
    stage: str  # None, Staging, Production, Archived
    status: str
    source: str | None


@dataclass(frozen=True, slots=True)
class RegisteredModel:
    name: str
    tags: tuple[tuple[str, str], ...]
    aliases: tuple[tuple[str, str], ...]  # (alias, version)
    versions: tuple[Version, ...]
    url: str

    def tag(self, key: str) -> str | None:
        return next((v for k, v in self.tags if k == key), None)


@dataclass(slots=True)
class MlflowClient:
    """The few registry calls modelinv makes."""

    base: str
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def connect(cls, uri: str, environ: Mapping[str, str]) -> MlflowClient:
        return cls(check_base_url(uri, WHAT), auth_headers(environ))

    def _pages(self, endpoint: str, key: str) -> Iterator[dict[str, Any]]:
        token: str | None = None
        asked: set[str] = set()  # a server whose paging loops is told apart at once
        for _ in range(MAX_PAGES):
            query = {"max_results": str(PAGE_SIZE)}
            if token:
                query["page_token"] = token
            url = f"{self.base}/api/2.0/mlflow/{endpoint}?{urllib.parse.urlencode(query)}"
            page = request_json(url, WHAT, self.headers)
            if not isinstance(page, dict):
                raise SourceError(f"{WHAT} at {self.base}: {endpoint} did not answer an object")
            items = page.get(key, [])
            if not isinstance(items, list):
                raise SourceError(f"{WHAT} at {self.base}: '{key}' is not a list")
            yield from (item for item in items if isinstance(item, dict))
            token = page.get("next_page_token") or None
            if token is None:
                return
            if not isinstance(token, str) or token in asked:
                raise SourceError(
                    f"{WHAT} at {self.base}: {endpoint} answered a page token it had "
                    "answered before (or one that is not text): its paging loops"
                )
            asked.add(token)
        raise SourceError(f"{WHAT} at {self.base}: more than {MAX_PAGES} pages of {key}")

    def registered_models(self) -> list[RegisteredModel]:
        versions: dict[str, list[Version]] = defaultdict(list)
        for item in self._pages("model-versions/search", "model_versions"):
            versions[str(item.get("name"))].append(
                Version(
                    str(item.get("version", "")),
                    str(item.get("current_stage") or "None"),
                    str(item.get("status") or ""),
                    item.get("source") if isinstance(item.get("source"), str) else None,
                )
            )
        models = []
        for item in self._pages("registered-models/search", "registered_models"):
            name = str(item.get("name", ""))
            for version in versions.get(name, []):
                if not _VERSION.fullmatch(version.version):
                    raise SourceError(
                        f"{WHAT} at {self.base}: registered model '{name[:80]}' has a version "
                        f"'{version.version[:40]}' that is not a whole number of at most "
                        f"{MAX_VERSION_DIGITS} digits (model-versions/search)"
                    )
            models.append(
                RegisteredModel(
                    name,
                    _pairs(item.get("tags"), "key", "value"),
                    _pairs(item.get("aliases"), "alias", "version"),
                    tuple(sorted(versions.get(name, []), key=_version_order)),
                    self.model_url(name),
                )
            )
        return sorted(models, key=lambda m: m.name)

    def model_url(self, name: str) -> str:
        # (a name may hold a lone surrogate, from a JSON escape: quoted, never a crash)
        quoted = urllib.parse.quote(name, safe="", errors="backslashreplace")
        return f"{self.base}/#/models/{quoted}"

    def set_tag(self, name: str, key: str, value: str) -> None:
        url = f"{self.base}/api/2.0/mlflow/registered-models/set-tag"
        request_json(url, WHAT, self.headers, {"name": name, "key": key, "value": value}, "POST")


def _pairs(raw: Any, key: str, value: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(
        sorted((str(p[key]), str(p[value])) for p in raw if isinstance(p, dict) and key in p)
    )


def _version_order(version: Version) -> tuple[int, str]:
    """Numeric order of versions checked against `_VERSION` (no leading zeros but `0`)."""
    return (len(version.version), version.version)


def observed_stage(model: RegisteredModel) -> str:
    """The lifecycle the registry implies: production when a champion/production alias or
    a Production stage exists, staging likewise, archived when every version is archived."""
    aliases = {alias for alias, _ in model.aliases}
    stages = {v.stage for v in model.versions}
    if aliases & set(PRODUCTION_ALIASES) or "Production" in stages:
        return "production"
    if aliases & set(STAGING_ALIASES) or "Staging" in stages:
        return "staging"
    if stages == {"Archived"}:
        return "archived"
    return "development"


def serving_version(model: RegisteredModel) -> str | None:
    """The champion (or production) alias's version, else the newest Production version."""
    for alias in PRODUCTION_ALIASES:
        found = next((v for a, v in model.aliases if a == alias), None)
        if found is not None:
            return found
    production = [v.version for v in model.versions if v.stage == "Production"]
    return production[-1] if production else None


def observation(model: RegisteredModel) -> Observation:
    owner = next((model.tag(k) for k in OWNER_TAGS if model.tag(k)), None)
    newest = model.versions[-1] if model.versions else None
    return Observation(
        source=NAME,
        model=model.tag(MODEL_TAG) or id_from_name(model.name),
        name=model.name,
        kind="RegisteredModel",
        evidence=model.url,
        platform=NAME,
        resource=f"{NAME}:{model.name}",
        storage_uri=newest.source if newest else None,
        version=serving_version(model),
        stage=observed_stage(model),
        owner=owner_ref(owner),
        aliases=model.aliases,
        tags=model.tags,
    )


@dataclass(slots=True)
class MlflowSource:
    uri: str
    environ: Mapping[str, str]
    name: str = NAME

    def covers(self, platform: str) -> bool:
        return platform.lower() == NAME

    def observe(self) -> Iterator[Observation]:
        client = MlflowClient.connect(self.uri, self.environ)
        for model in client.registered_models():
            yield observation(model)
