"""The samples in docs/exports.md, made from the example catalog (`test_docs_samples.py`
fails when the document and the exports disagree; `python tests/exports/doc_samples.py`
rewrites the samples in place)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import yaml
from export_support import example

from modelinv.exports.base import rendered
from modelinv.exports.kubeflow_hub import CATALOG_FILE, SOURCES_FILE
from modelinv.exports.registry import EXPORTERS
from modelinv.exports.search import search
from modelinv.exports.yamltext import dump_documents

DOC = Path(__file__).resolve().parents[2] / "docs" / "exports.md"
MARKER = re.compile(r"<!-- sample:([a-z-]+) -->\n```[a-z]*\n(.*?)```\n", re.S)
MODEL = "fraud-detector"


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def samples() -> dict[str, str]:
    inventory, options = example()

    def render(name: str) -> dict[str, bytes]:
        return rendered(EXPORTERS[name], inventory, options)

    bom = json.loads(render("cyclonedx")["inventory.cdx.json"])
    spdx = json.loads(render("spdx")["inventory.spdx.json"])
    backstage = list(yaml.safe_load_all(render("backstage")["catalog-info.yaml"]))
    hub = render("kubeflow-hub")
    catalog = yaml.safe_load(hub[CATALOG_FILE])
    db = sqlite3.connect(":memory:")
    db.deserialize(render("sqlite")["inventory.sqlite"])
    hits = search(db, "team:payments-ml stage:production fraud")
    rows = render("csv")["models.csv"].decode().splitlines()
    picked = [
        d
        for d in backstage
        if d["metadata"]["name"] in (MODEL, f"{MODEL}-production", "payments-ml")
    ]
    return {
        "cyclonedx": _json(next(c for c in bom["components"] if c["bom-ref"] == f"model:{MODEL}")),
        "spdx": _json(
            next(e for e in spdx["@graph"] if e.get("spdxId") == f"urn:modelinv:model:{MODEL}")
        ),
        "backstage": dump_documents(picked).decode(),
        "kubeflow-hub-sources": hub[SOURCES_FILE].decode(),
        "kubeflow-hub": dump_documents(
            [
                {
                    "source": catalog["source"],
                    "models": [m for m in catalog["models"] if m["externalId"] == f"model:{MODEL}"],
                }
            ]
        ).decode(),
        "search": "".join(f"{h.ref:<40} {h.title} ({h.stage}, {h.owner})\n" for h in hits),
        "csv": "\n".join([rows[0], next(r for r in rows if r.startswith(f"{MODEL},"))]) + "\n",
    }


def rewrite() -> None:
    made = samples()
    text = DOC.read_text()

    def replace(match: re.Match[str]) -> str:
        fence = match.group(0).split("\n", 2)[1]
        return f"<!-- sample:{match.group(1)} -->\n{fence}\n{made[match.group(1)]}```\n"

    DOC.write_text(MARKER.sub(replace, text))


if __name__ == "__main__":
    rewrite()
