"""How counts of days are worded in findings, reports and pages: one wording everywhere."""

from __future__ import annotations


def days_text(days: int) -> str:
    """`1 day`, `2 days` (of a count or of a distance in time, sign dropped)."""
    return "1 day" if abs(days) == 1 else f"{abs(days)} days"
