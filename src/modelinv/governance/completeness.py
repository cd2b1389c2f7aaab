"""The twelve attribute groups a model must carry before it leaves development, shared by
rule CMP001, the lifecycle readiness checks and the edit commands."""

from __future__ import annotations

from modelinv.model import Model
from modelinv.model.ml_model import ModelSpec

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
    spec = model.spec
    missing = []
    for key, empty_ok in GROUPS.items():
        # The attribute itself, not a dump of the spec: this runs for every governed model.
        value = getattr(spec, _ATTRIBUTES[key])
        if value is None or (value == [] and not empty_ok):
            missing.append(key)
    return missing


# YAML key -> the spec's attribute holding it.
_ATTRIBUTES = {(field.alias or name): name for name, field in ModelSpec.model_fields.items()}
