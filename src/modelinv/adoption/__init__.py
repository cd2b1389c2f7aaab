"""Setting modelinv up in an organisation's own repository.

`scaffold` plans the files `modelinv init` writes (from the templates shipped as package
data) and `pin` finds which modelinv commit they pin. May import the model, the loader, the
policy, the schemas and CODEOWNERS rendering; never the CLI.
"""
