"""The page fragments' fast paths give what the general rules give: HTML escaping exactly
as MarkupSafe's (the templates' autoescape), and link checking exactly as `urlsplit`'s."""

from __future__ import annotations

import datetime as dt
import random
from urllib.parse import urlsplit

import markupsafe
import pytest
from markupsafe import Markup

from modelinv.site import fragments
from modelinv.site.graph import Linked
from modelinv.site.safety import _SPACE_OR_CONTROL, safe_url

# Characters that matter to either rule, and some that do not.
_ALPHABET = "&<>\"'ab /?#[]@:.%-_\t\n\x00\u00e9\uff0e\u202e\u2028\U0001f600"


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 16))) for _ in range(count)]


@pytest.mark.parametrize("escape_text", [fragments._fast_escape_text, fragments._escape_text])
def test_escaping_a_text_is_markupsafes(escape_text: object) -> None:
    assert callable(escape_text)
    for text in [*_random_texts(5_000, 1), "", "&amp;", "<script>'x'</script>"]:
        assert escape_text(text) == str(markupsafe.escape(text)), repr(text)


def test_escape_takes_any_value_as_the_templates_do() -> None:
    values: list[object] = [
        "a<b",
        Markup("<b>kept</b>"),
        3,
        2.5,
        None,
        dt.date(2026, 11, 30),
        'it\'s "quoted" & <tagged>',
    ]
    for value in values:
        assert fragments.escape(value) == str(markupsafe.escape(value)), repr(value)
        assert type(fragments.escape(value)) is str


def _by_urlsplit(text: str | None) -> str | None:
    """The rule `safe_url` keeps: an absolute http(s) URL with a host."""
    if not text or _SPACE_OR_CONTROL.search(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme in ("http", "https") and parts.netloc else None


def test_safe_url_agrees_with_urlsplit() -> None:
    rng = random.Random(2)
    starts = ["http://", "https://", "HTTP://", "Https://", "http:/", "https:", "ftp://", ""]
    texts = [rng.choice(starts) + text for text in _random_texts(20_000, 3)]
    texts += [
        "http://",
        "https://?q",
        "https://#f",
        "http:///path",
        "https://[::1]/x",
        "https://[::1/x",
        "https://a]b/",
        "https://host:99999/",
        "https://user:pw@host/",
        "http://\u00e9xample.com/",
        "https://example.com/\u00e9",
        "https://ex\uff0eample.com/",
    ]
    for text in texts:
        assert safe_url(text) == _by_urlsplit(text), repr(text)


class _Page:
    def __init__(self) -> None:
        self.root = "../"
        self.hrefs: dict[str, str] = {}


def _linked(items: list[tuple[str, int]], more: int, direct: int, drawn: set[str]) -> str:
    listed = [Linked(ref, f"models/{ref[6:]}.html", steps) for ref, steps in items]
    return str(fragments.linked(_Page(), "Upstream", listed, more, direct, drawn))


def test_a_dependency_side_lists_only_what_the_graph_leaves_out() -> None:
    assert _linked([], 0, 0, set()) == "Upstream: none."
    one = _linked([("model:a", 1)], 0, 1, {"model:a"})
    assert one == "Upstream: 1 ref (1 direct), all drawn below."
    drawn = {"model:a", "model:b"}
    some = _linked([("model:a", 1), ("model:b", 1), ("model:c<", 2)], 0, 2, drawn)
    assert some == (
        'Upstream: 3 refs (2 direct); not drawn below: <a href="../models/c&lt;.html">'
        "model:c&lt;</a> <small>(2 steps)</small>."
    )
    # every listed ref drawn, more beyond the list: only the count is left to say
    counted = _linked([("model:a", 1), ("model:b", 2)], 1_234, 1, drawn)
    assert counted == "Upstream: 1,236 refs (1 direct); not drawn below: 1,234 more."
    both = _linked([("model:a", 1), ("model:d", 3)], 7, 1, drawn)
    assert both.endswith("model:d</a> <small>(3 steps)</small> and 7 more.")
