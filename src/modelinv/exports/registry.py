"""The explicit list of export formats: adding one means adding its module here."""

from __future__ import annotations

from modelinv.exports.backstage import BackstageExporter
from modelinv.exports.base import Exporter
from modelinv.exports.csv_table import CsvExporter
from modelinv.exports.cyclonedx import CycloneDxExporter
from modelinv.exports.kubeflow_hub import KubeflowHubExporter
from modelinv.exports.spdx import SpdxExporter
from modelinv.exports.sqlite_db import SqliteExporter

EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        CycloneDxExporter(),
        SpdxExporter(),
        BackstageExporter(),
        KubeflowHubExporter(),
        SqliteExporter(),
        CsvExporter(),
    )
}
