"""Usage data: requests per model per day, exported from monitoring (never kept in git).

The format (docs/reports.md) is CSV with the header `model,date,requests`, or JSON lines
with the same keys: `model` is an id or a `model:` reference, `date` is `YYYY-MM-DD`,
`requests` a non-negative integer of at most MAX_REQUESTS (2^63-1, a signed 64-bit
integer), one row per model per day, dated from MIN_DATE (1970-01-01) on.

What the data says about a model:

- a model without a single row is *unknown*, never "zero traffic";
- from a model's first row on, a day without a row counts as zero requests (exports that
  group by day leave zero days out);
- rows dated after "today" are ignored, so `--today` in the past sees the past.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import functools
import io
import json
import re
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from modelinv.model.refs import ID_MAX_LENGTH, ID_PATTERN
from modelinv.support.bounded_read import ReadRefused, read_regular

COLUMNS = ("model", "date", "requests")
# A row is ~40 bytes: 256 MiB is ~6 million rows (10,000 models for almost two years).
MAX_USAGE_BYTES = 256 * 1024 * 1024
MAX_PROBLEMS = 20  # more bad rows than this: the rest are counted, not listed
# The most requests a model may have on one day: what a signed 64-bit integer holds, the
# count column of any monitoring export (and far from 4,300 digits, Python's limit for
# turning an int into text: sums of 90 such days are still short).
MAX_REQUESTS = 2**63 - 1
# `--usage prometheus:URL`: a live Prometheus instead of a file (`discovery/prometheus.py`).
PROMETHEUS_PREFIX = "prometheus:"
_MAX_DIGITS = len(str(MAX_REQUESTS))
# The first day usage data may have: monitoring data is never older than the Unix epoch,
# and windows reaching back from it stay far from the first day a date can hold.
MIN_DATE = dt.date(1970, 1, 1)

_ID = re.compile(ID_PATTERN)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_COUNT = re.compile(r"[0-9]+")
_JSON_LINES = re.compile(r"\s*\{")  # the text's first character (spaces aside), not a copy


class UsageError(Exception):
    """Usage data that cannot be used; every problem is one line `file:line: message`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class Traffic:
    """A model's requests over a window of days, as far as the usage data knows them."""

    start: dt.date
    end: dt.date
    requests: int | None  # None: unknown (no usage data for this model in the window)
    days_known: int  # days of the window the data covers for this model
    last_traffic: dt.date | None  # the last day with requests, up to `end`

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def complete(self) -> bool:
        return self.days_known == self.days

    @property
    def zero(self) -> bool:
        """No request on any day of the window, and the data covers all of it."""
        return self.requests == 0 and self.complete


class Usage:
    """Requests per model (id) per day, from one file."""

    def __init__(self, source: str | None, daily: Mapping[str, Mapping[dt.date, int]]) -> None:
        self.source = source  # the file as given, None when no usage data was given
        self.daily = daily
        self._days = sorted({day for rows in daily.values() for day in rows})
        self._series: dict[str, tuple[list[dt.date], list[int]]] = {}  # see `_sorted`
        # (days, today, offset) -> the window's traffic for a model without data
        self._unknown: dict[tuple[int, dt.date, int], Traffic] = {}

    @classmethod
    def none(cls) -> Usage:
        """No usage data at all: every model's traffic is unknown."""
        return cls(None, {})

    def span(self, today: dt.date) -> tuple[dt.date, dt.date] | None:
        """The first and last day of data up to `today`, None when there is none."""
        cut = bisect.bisect_right(self._days, today)
        return (self._days[0], self._days[cut - 1]) if cut else None

    def end(self, today: dt.date) -> dt.date:
        """The last day windows end on: the last day of data up to `today` (or `today`)."""
        span = self.span(today)
        return span[1] if span else today

    def traffic(self, model: str, days: int, today: dt.date, *, offset: int = 0) -> Traffic:
        """Requests of `model` in the `days` days ending on the last day of data up to
        `today` (`offset` more days earlier, for the window before that)."""
        if model not in self.daily:  # every model, without usage data: one answer a window
            window = (days, today, offset)
            found = self._unknown.get(window)
            if found is None:
                found = self._unknown[window] = self._traffic(model, days, today, offset)
            return found
        return self._traffic(model, days, today, offset)

    def _traffic(self, model: str, days: int, today: dt.date, offset: int) -> Traffic:
        end = _days_before(self.end(today), offset)
        start = _days_before(end, days - 1)
        dates, counts = self._sorted(model)
        upto = bisect.bisect_right(dates, today)  # rows after today are ignored
        if not upto or dates[0] > end:
            return Traffic(start, end, None, 0, None)
        known_from = max(start, dates[0])
        first = bisect.bisect_left(dates, known_from, 0, upto)
        stop = bisect.bisect_right(dates, end, 0, upto)
        last = next((dates[i] for i in range(stop - 1, -1, -1) if counts[i] > 0), None)
        days_known = (end - known_from).days + 1
        return Traffic(start, end, sum(counts[first:stop]), days_known, last)

    def _sorted(self, model: str) -> tuple[list[dt.date], list[int]]:
        """A model's days in order and their requests, made once: the reports ask for
        every model's traffic over several windows (a build at 10,000 models: ~20,000
        windows, each a filter of its 90 rows before)."""
        found = self._series.get(model)
        if found is None:
            rows = self.daily.get(model, {})
            dates = sorted(rows)
            found = self._series[model] = (dates, [rows[day] for day in dates])
        return found

    def unregistered(self, known: set[str]) -> list[str]:
        """Models with usage data that the catalog does not list (shadow models?)."""
        return sorted(set(self.daily) - known)


def load_usage(path: Path, display: str | None = None) -> Usage:
    """Read a usage file (CSV, or JSON lines when its first character is `{`)."""
    shown = display or str(path)
    try:
        raw = read_regular(path, MAX_USAGE_BYTES, follow_symlinks=True)
    except ReadRefused as exc:
        raise UsageError([f"{shown}: cannot read usage data: {exc.reason}"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UsageError([f"{shown}:{line}: not UTF-8 text; export the file as UTF-8"]) from None
    if _JSON_LINES.match(text):
        return parse_usage(text, shown)
    del text  # CSV is decoded again as it is read (see `_Rows.read_csv`)
    parser = _Rows(shown)
    parser.read_csv(io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline=""))
    return parser.result()


def parse_usage(text: str, display: str) -> Usage:
    parser = _Rows(display)
    if _JSON_LINES.match(text):
        parser.read_json_lines(text)
    else:
        parser.read_csv(io.StringIO(text, newline=""))
    return parser.result()


class _Rows:
    """Collects rows and every problem with them (up to MAX_PROBLEMS are listed)."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.daily: dict[str, dict[dt.date, int]] = {}
        # Each model's rows' line numbers, in the order of its days in `daily` (only ever
        # read to name the first row of a duplicate): 4 bytes a row, where a dict of
        # (model, day) -> line took ~120 (10,000 models, 90 days: ~90 MB).
        self.lines: dict[str, array[int]] = {}
        self.problems: list[str] = []
        self.more = 0

    def problem(self, line: int, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{self.display}:{line}: {message}")
        else:
            self.more += 1

    def result(self) -> Usage:
        if self.problems:
            more = [f"{self.display}: ... and {self.more} more problems"] if self.more else []
            raise UsageError(self.problems + more)
        return Usage(self.display, self.daily)

    def read_csv(self, lines: Iterable[str]) -> None:
        """The rows of CSV text, read from `lines` as they come (a file, never the whole
        text held twice: a StringIO of it would hold four bytes a character)."""
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                self.problem(1, "empty file; the first line must be the header model,date,requests")
                return
            order = self._header(header)
            if order is None:
                return
            at_model, at_date, at_requests = order
            # A good row of a model and day not seen yet is stored here; every other row
            # goes through `add`, which names its problems. Each distinct model and day
            # text is checked once (10,000 models, 90 days: 724,000 rows in 0.5 s, 1.1 s
            # through `add` alone).
            names: dict[str, str | None] = {}
            days: dict[str, dt.date | None] = {}
            for fields in reader:
                if len(fields) == len(COLUMNS):
                    model, day = fields[at_model].strip(), fields[at_date].strip()
                    requests = fields[at_requests].strip()
                    if model not in names:
                        names[model] = _model_id(model)
                    if day not in days:
                        days[day] = _date(day)
                    name, date = names[model], days[day]
                    rows = self.daily.get(name or "")
                    if (
                        name is not None
                        and rows is not None
                        and date is not None
                        and date not in rows
                        and requests.isascii()
                        and requests.isdigit()
                        and len(requests) < _MAX_DIGITS
                    ):
                        rows[date] = int(requests)
                        self.lines[name].append(reader.line_num)
                        continue
                    count = _count(requests)
                    self.add(reader.line_num, model, day, count)
                elif fields and fields != [""]:
                    self.problem(
                        reader.line_num,
                        f"expected {len(COLUMNS)} fields (model,date,requests), got {len(fields)}",
                    )
        except csv.Error as exc:
            self.problem(reader.line_num, f"not valid CSV: {exc}")

    def _header(self, header: list[str]) -> list[int] | None:
        names = [name.strip().lower() for name in header]
        if sorted(names) != sorted(COLUMNS):
            got = ",".join(header)[:80]
            twice = next((n for i, n in enumerate(names) if n in names[:i]), None)
            again = f": column '{twice[:40]}' appears twice" if twice is not None else ""
            self.problem(1, f"the header must be model,date,requests (got '{got}'{again})")
            return None
        return [names.index(column) for column in COLUMNS]

    def read_json_lines(self, text: str) -> None:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if isinstance(row, dict) and line.count(":") > len(row):
                    # Maybe a key written twice, which json.loads keeps the last of: every
                    # key has its colon, so a line with no more colons than keys has none.
                    # (Checking every line doubles the parse time.)
                    json.loads(line, object_pairs_hook=_object)
            except json.JSONDecodeError as exc:
                self.problem(number, f"not a JSON object: {exc.msg} (one object per line)")
                continue
            except _DuplicateKey as exc:  # json.loads would keep the last one silently
                twice = f"key '{exc.key[:40]}' appears twice in the object"
                self.problem(number, f"{twice} (write each key once)")
                continue
            except ValueError:  # an integer over Python's 4,300-digit limit
                self.problem(number, _too_many("(over 4,300 digits)"))
                continue
            except RecursionError:
                self.problem(number, "nested too deeply (one flat object per line)")
                continue
            if not isinstance(row, dict) or set(row) != set(COLUMNS):
                keys = ", ".join(sorted(row)) if isinstance(row, dict) else type(row).__name__
                self.problem(
                    number,
                    f"expected an object with the keys model, date, requests (got {keys})",
                )
                continue
            model, day, requests = row["model"], row["date"], row["requests"]
            if type(requests) is int and 0 <= requests <= MAX_REQUESTS:
                count: int | str = requests
            elif type(requests) is int and requests > MAX_REQUESTS:
                count = _too_many(_shown(str(requests)))
            else:
                count = _not_a_count(json.dumps(requests)[:40])
            self.add(
                number,
                model if isinstance(model, str) else None,
                day if isinstance(day, str) else json.dumps(day),
                count,
            )

    def add(self, line: int, model: str | None, day: str, count: int | str) -> None:
        """One row; `model` None when it is not text, `count` the problem when it is not
        a non-negative integer up to MAX_REQUESTS."""
        name = _model_id(model) if model is not None else None
        if name is None:
            shown = f"'{model[:80]}'" if model is not None else "(not text)"
            self.problem(
                line,
                f"model {shown} is not a model id (write the id, e.g. fraud-detector, "
                "or a model: reference)",
            )
        date = _date(day)
        if date is None:
            self.problem(line, f"date '{day[:40]}' is not a date YYYY-MM-DD")
        elif date < MIN_DATE:
            self.problem(line, f"date {date} is before {MIN_DATE} (no usage data is that old)")
            date = None
        if isinstance(count, str):
            self.problem(line, count)
        if name is None or date is None or isinstance(count, str):
            return
        rows = self.daily.setdefault(name, {})
        lines = self.lines.setdefault(name, array("I"))
        if date in rows:
            first = lines[list(rows).index(date)]
            self.problem(
                line,
                f"a second row for {name} on {date} (the first is on line {first}); "
                "write one row per model per day (sum the requests)",
            )
            return
        rows[date] = count
        lines.append(line)


class _DuplicateKey(Exception):
    """A JSON object with a key written twice."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object's pairs as a dict; `_DuplicateKey` when a key comes twice."""
    row = dict(pairs)
    if len(row) != len(pairs):
        keys = [key for key, _ in pairs]
        raise _DuplicateKey(next(key for i, key in enumerate(keys) if key in keys[:i]))
    return row


def _count(text: str) -> int | str:
    """A CSV requests field as a count, or the problem with it."""
    if not _COUNT.fullmatch(text):
        return _not_a_count(f"'{text[:40]}'")
    digits = text.lstrip("0") or "0"  # int() refuses over 4,300 characters, zeros too
    if len(digits) <= _MAX_DIGITS and int(digits) <= MAX_REQUESTS:
        return int(digits)
    return _too_many(_shown(text))


def _shown(digits: str) -> str:
    return digits if len(digits) <= 40 else f"{digits[:20]}... ({len(digits)} digits)"


def _not_a_count(shown: str) -> str:
    return (
        f"requests {shown} is not a non-negative integer "
        "(write a whole number of requests, e.g. 1250)"
    )


def _too_many(shown: str) -> str:
    return (
        f"requests {shown} is over {MAX_REQUESTS}, the most one model may have in a day "
        "(a signed 64-bit integer); check the export"
    )


def _days_before(day: dt.date, days: int) -> dt.date:
    """`day` minus `days` days, or the first day a date holds when that is earlier (a
    window reaching back past it has no data there: usage data starts at MIN_DATE)."""
    return dt.date.fromordinal(max(1, day.toordinal() - days))


@functools.lru_cache(maxsize=65536)  # the same ids and days recur on every row
def _model_id(text: str) -> str | None:
    name = text.removeprefix("model:")
    return name if _ID.fullmatch(name) and len(name) <= ID_MAX_LENGTH else None


@functools.lru_cache(maxsize=65536)
def _date(text: str) -> dt.date | None:
    if not _DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
