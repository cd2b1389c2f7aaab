"""The catalog in git: the catalog at a commit, the audit trail, what changed between two
versions and the transition rules run on them. May import `checks` and everything below."""
