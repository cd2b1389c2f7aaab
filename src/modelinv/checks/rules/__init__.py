"""Rules: one module per rule, listed explicitly in :mod:`modelinv.checks.rules.registry`."""
