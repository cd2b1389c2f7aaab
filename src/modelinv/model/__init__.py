"""The entity model: pydantic classes are the source of truth for the format and schemas."""

from modelinv.model.base import API_VERSION, Entity, Metadata
from modelinv.model.consumer import Consumer
from modelinv.model.data_asset import DataAsset
from modelinv.model.kinds import KINDS, Kind
from modelinv.model.ml_model import Model
from modelinv.model.refs import Ref, parse_ref
from modelinv.model.team import Team

__all__ = [
    "API_VERSION",
    "KINDS",
    "Consumer",
    "DataAsset",
    "Entity",
    "Kind",
    "Metadata",
    "Model",
    "Ref",
    "Team",
    "parse_ref",
]
