"""Exports: the loaded inventory written in the formats other tools read (CycloneDX ML-BOM,
SPDX 3 AI, Backstage entities, a Kubeflow Hub model catalog, SQLite, CSV).

One module per format behind `base.Exporter`, listed in `registry.EXPORTERS`. Exporters
are pure (inventory in, bytes out, same inventory, same bytes); only `cli/` writes files.
They may import the model, the inventory, findings and reports, never `cli/`.
"""
