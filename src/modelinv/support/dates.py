"""Date arithmetic that stays within the calendar a date can hold."""

from __future__ import annotations

import datetime as dt


def days_after(day: dt.date, days: int) -> dt.date:
    """`day` plus `days` days, or the last (first) day a date holds when that is further:
    a date the catalog gives near 9999-12-31 plus an interval has no later day to be."""
    ordinal = day.toordinal() + days
    return dt.date.fromordinal(min(max(ordinal, 1), dt.date.max.toordinal()))
