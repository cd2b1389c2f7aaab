"""Setting modelinv up in an organisation's own repository.

`scaffold` plans the files `modelinv init` writes (from the templates shipped as package
data) and `pin` finds which modelinv commit they pin. A feature: may import `support/`,
`governance/`, `checks/` (to load the scaffolded catalog) and `generated/` (schemas,
CODEOWNERS); never `cli/`.
"""
