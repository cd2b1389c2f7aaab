"""Every Markdown output, rendered by GitHub's own renderer (cmark-gfm, raw HTML allowed as
the worst case): hostile titles, file names and refs render as their text, never as HTML,
a link or an image (a spoofed "All checks passed", a tracking pixel)."""

from __future__ import annotations

import random
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options as CmarkOptions
from reports_support import ARGS, base_model, build_catalog

from modelinv.cli.diff_cmd import markdown as diff_markdown
from modelinv.cli.main import main
from modelinv.gitdata.inventory_diff import FieldChange, InventoryDiff, ModelRow
from modelinv.reports.markdown import _AUTOLINK, _BREAKS, cell, code
from modelinv.support.unsafe_text import visible

PIXEL = "https://tracker.example/p.png"
HOSTILE = (
    f"<img src={PIXEL}> ![x]({PIXEL}) [All checks passed]({PIXEL}) {PIXEL} "
    "www.tracker.example <b>bold</b> &lt;i&gt; **strong** _em_ ~del~ `code` a|b \\ end"
)
# What our own Markdown uses; anything else came from the data.
ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "table", "thead", "tbody", "tr", "th", "td",
    "code", "strong", "ul", "li", "blockquote",
}  # fmt: skip


class _Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def render(markdown: str) -> _Parsed:
    rendered = cmarkgfm.github_flavored_markdown_to_html(
        markdown, options=CmarkOptions.CMARK_OPT_UNSAFE
    )
    parsed = _Parsed()
    parsed.feed(rendered)
    parsed.close()
    return parsed


def assert_inert(markdown: str, *texts: str) -> None:
    parsed = render(markdown)
    assert parsed.tags <= ALLOWED_TAGS, (parsed.tags - ALLOWED_TAGS, markdown)
    shown = "".join(parsed.text)
    for text in texts:
        assert text in shown, (text, shown)


@pytest.mark.parametrize("text", [HOSTILE, "x\n\n# heading\n<script>alert(1)</script>"])
def test_a_cell_renders_as_its_text(text: str) -> None:
    assert_inert(f"| a |\n| --- |\n| {cell(text)} |\n", " ".join(text.split()))
    assert_inert(f"- {cell(text)}\n", " ".join(text.split()))


@pytest.mark.parametrize("text", ["a``<img src=x>``b", "`<b>x</b>`", "``", "a|b <i>"])
def test_code_cannot_be_closed_from_inside(text: str) -> None:
    assert_inert(f"| a |\n| --- |\n| {code(text)} |\n", text)
    assert_inert(f"x {code(text)}\n")


def _cell_by_character(text: str) -> str:
    """`cell`'s rule one character at a time, as it was written before it used a
    translation table: the table must give the very same text."""
    text = visible(_BREAKS.sub(" ", text).strip())
    escaped = "".join(
        {"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(char)
        or (f"\\{char}" if char in "\\`*_[]!|~" else char)
        for char in text
    )
    return _AUTOLINK.sub(lambda found: "\\" + found.group(), escaped)


def test_a_cell_is_escaped_as_by_its_character_rule() -> None:
    rng = random.Random(12)
    alphabet = "\\`*_[]!|~<>&:/.wW ab\n\t\x1b\u202e\u00e9#()-+=\"'"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(3000)]
    for text in [*texts, "https://www.example.com/a_b", "", "&amp;"]:
        assert cell(text) == _cell_by_character(text), repr(text)
    # and a sample renders as its text in a table, with nothing but the table's own tags
    for text in texts[:200]:
        shown = " ".join(visible(_BREAKS.sub(" ", text).strip()).split())
        assert_inert(f"| a |\n| --- |\n| {cell(text)} |\n", shown)


def test_control_characters_are_shown_escaped() -> None:
    assert cell("a\tb\x1bc\u202ed") == "a\\\\u0009b\\\\u001bc\\\\u202ed"
    assert code("a\x1b[31mb") == "`a\\u001b[31mb`"


def test_diff_markdown_is_inert() -> None:
    name = f"<img src={PIXEL}>"
    row = ModelRow(name, f"models/{HOSTILE}.yaml", "development", f"[x]({PIXEL})")
    change = FieldChange("m", "owner", f"![x]({PIXEL})", "**All checks passed**")
    found = InventoryDiff("main", f"<b>{PIXEL}</b>", (row,), (), (), (change,))
    assert_inert(diff_markdown(found), name, HOSTILE, "**All checks passed**")


def _hostile_catalog(tmp_path: Path) -> Path:
    title = f"Fraud {HOSTILE}"
    model = (
        base_model()
        .replace("title: Card Fraud Detector", f"title: '{title}'")
        .replace("value: 0.934", "value: 0.8")
    )
    # An invalid file whose name tries to close the code span it is listed in.
    broken = "apiVersion: modelinv/v1\nkind: Model\nmetadata: {name: broken}\n"
    files = {"models/fraud-detector.yaml": model, "models/b``<img src=x>``.yaml": broken}
    return build_catalog(tmp_path, files=files)


@pytest.mark.parametrize("report", ["retirement", "review", "health"])
def test_reports_are_inert(report: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _hostile_catalog(tmp_path)
    extra = ["--within", "400"] if report == "review" else []
    assert main(["report", report, str(root), *ARGS, *extra]) == 0
    out = capsys.readouterr().out
    texts = ["b``<img src=x>``.yaml"]
    if report != "health":
        texts.append(f"Fraud {HOSTILE}")
    assert_inert(out, *texts)
