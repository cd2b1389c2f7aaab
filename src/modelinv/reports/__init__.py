"""Reports: pure functions from a catalog (plus usage data and today's date) to typed rows,
rendered as Markdown (a pull-request comment, a CI job summary) or versioned JSON.

| report | module | what it lists |
| --- | --- | --- |
| retirement | `retirement.py` | retirement candidates by criterion, with evidence; checklists |
| review | `review.py` | production models due for their periodic review |
| health | `health.py` | inventory-wide figures: documentation, targets, age, stage, cost |
| index | `index.py` | every entity with its relations and derived fields (JSON only) |
"""
