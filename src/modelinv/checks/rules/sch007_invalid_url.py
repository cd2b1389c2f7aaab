"""A URL is not an http(s) URL.

**What it does.** Reports links, endpoints and documentation URLs whose scheme is not
`http` or `https`, that have no host, or that contain spaces.

**Why it matters.** These URLs are rendered as links on the inventory site; a
`javascript:` or `file:` URL there is an attack or a dead link.

**Failing example.**

```yaml
metadata:
  links: [{title: Runbook, url: "javascript:alert(1)"}]
```

**Use instead.**

```yaml
metadata:
  links: [{title: Runbook, url: "https://wiki.example.com/fraud"}]
```
"""

from modelinv.checks.rules.base import Stage, rule

RULE = rule("SCH007", "invalid-url", Stage.SCHEMA, __doc__)
