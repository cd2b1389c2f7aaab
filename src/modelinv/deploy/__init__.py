"""The deployment gate: which model a manifest serves and whether it may be deployed there
today. May import `checks` and everything below."""
