"""Rules: one module per rule, listed explicitly in :mod:`modelinv.rules.registry`."""
