"""The discovery sources, by the name of the option that turns each on: a new source is a
module implementing `Source` plus one line here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from modelinv.discovery.kubernetes import KubernetesSource
from modelinv.discovery.mlflow import MlflowSource
from modelinv.discovery.prometheus import PrometheusSource
from modelinv.discovery.source import Source
from modelinv.governance.policy import Policy


@dataclass(frozen=True, slots=True)
class Settings:
    """What a source may need besides its own option values."""

    policy: Policy
    environ: Mapping[str, str]
    today: dt.date


Factory = Callable[[Sequence[str], Settings], Source]

SOURCES: dict[str, Factory] = {
    "kubernetes": lambda values, _: KubernetesSource(values),
    "mlflow": lambda values, settings: MlflowSource(values[0], settings.environ),
    "prometheus": lambda values, settings: PrometheusSource(
        values[0], settings.policy.spec.prometheus, settings.today
    ),
}


def build(chosen: Mapping[str, Sequence[str]], settings: Settings) -> list[Source]:
    """The sources turned on (a name with at least one value), in registry order."""
    return [
        factory(chosen[name], settings) for name, factory in SOURCES.items() if chosen.get(name)
    ]
