"""Discovery: what runs or is registered out there, compared with what the catalog says.

Each source (Kubernetes manifests, an MLflow Model Registry, Prometheus traffic) is one
module behind the `Source` protocol (source.py) and one line in the registry
(registry.py): a new source is one file. Sources produce `Observation`s with evidence
(manifest file:line, MLflow model URL, Prometheus series); `compare` turns observations and
the catalog into shadow / orphan / drift results, purely. Nothing here prints or picks exit
codes; scaffolds for shadow models go through `modelinv.edit`.

May import: findings, support, model, loader, governance, inventory, checks, deploy
(the manifest reader it shares with the gate), edit, reports.usage, reports.markdown
(the one Markdown escaper).
"""
