"""The twelve attribute groups a model must carry before it leaves development, shared by
rule CMP001, the lifecycle readiness checks and the edit commands."""

from __future__ import annotations

from modelinv.model import Model

# YAML key -> may an explicit empty list stand for "none"?
GROUPS = {
    "deployments": False,
    "trainingData": False,
    "metrics": False,
    "upstream": True,
    "consumers": True,
    "compliance": False,
    "cost": False,
    "retraining": False,
    "limitations": False,
}


def missing_groups(model: Model) -> list[str]:
    spec = model.spec.model_dump(by_alias=True)
    missing = []
    for key, empty_ok in GROUPS.items():
        value = spec.get(key)
        if value is None or (value == [] and not empty_ok):
            missing.append(key)
    return missing
