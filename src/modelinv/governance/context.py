"""What rules may know beyond the files: the policy and the date they judge against."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from modelinv.governance.org_rules import OrgRule
from modelinv.governance.policy import DEFAULT, Policy


@dataclass(frozen=True, slots=True)
class Context:
    policy: Policy = DEFAULT
    # "Today" for every time-based rule: the clock, or --today for reproducible runs.
    today: dt.date = dt.date(1970, 1, 1)
    org_rules: tuple[OrgRule, ...] = ()  # catalog/rules/*.schema.json

    @property
    def org_codes(self) -> frozenset[str]:
        return frozenset(rule.code for rule in self.org_rules)

    def days_since(self, day: dt.date) -> int:
        return (self.today - day).days


@dataclass(frozen=True, slots=True)
class FileContext:
    rel: str  # POSIX path under the catalog root
    context: Context
    # Rule codes a waiver may name: known to the rule registry, which sits above the rules and
    # hands them down here (a rule importing the registry would import itself).
    waivable: frozenset[str] = frozenset()

    @property
    def policy(self) -> Policy:
        return self.context.policy

    @property
    def today(self) -> dt.date:
        return self.context.today
