"""`modelinv search` on hard queries and on databases it did not write, through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_support import EXAMPLE_CATALOG

from modelinv.cli.main import main


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("search") / "inventory.sqlite"
    args = ["export", "sqlite", "--catalog", str(EXAMPLE_CATALOG), "--out", str(db)]
    assert main([*args, "--today", "2026-11-26"]) == 0
    return db


def _search(
    capsys: pytest.CaptureFixture[str], db: Path, *query: str
) -> tuple[int, list[str], str]:
    capsys.readouterr()
    code = main(["search", "--db", str(db), "--", *query])
    out, err = capsys.readouterr()
    return code, [line.split()[0] for line in out.splitlines()], err


@pytest.mark.parametrize("punctuation", [".", "(", ")", "-", "+", "{", "*", "^", "'"])
def test_a_word_of_punctuation_does_not_empty_the_search(
    database: Path, punctuation: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`fraud .` found nothing at all: the `.` became an FTS5 term that matches no entry,
    and every term must match. It is no word in any entry's text either, so it is left out."""
    code, refs, _ = _search(capsys, database, "fraud")
    assert code == 0
    assert _search(capsys, database, "fraud", punctuation) == (0, refs, "")


@pytest.mark.parametrize("query", ["(", ".", '"', "-", "( )", "kind:model ("])
def test_a_query_of_punctuation_alone_is_a_usage_error(
    database: Path, query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`"` was refused ("nothing to search for"), `(` or `.` exited 1 as if nothing matched."""
    code, refs, err = _search(capsys, database, query)
    assert (code, refs) == (2, [])
    assert "nothing to search for" in err


@pytest.mark.parametrize("query", ["", " "])
def test_an_empty_query_is_a_usage_error(
    database: Path, query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty query listed the first 20 entities of the inventory, as if they had matched."""
    code, refs, err = _search(capsys, database, query)
    assert (code, refs) == (2, [])
    assert "nothing to search for: give words or filters" in err


@pytest.mark.parametrize(
    "query",
    ['"fraud"', "fraud*", "FRAUD", "Fräud", "fraud NOT", '"fraud', "NEAR(fraud)", "fraud:"],
)
def test_fts5_syntax_is_searched_as_words(
    database: Path, query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, refs, err = _search(capsys, database, query)
    assert code in (0, 1) and "Traceback" not in err
    if query in ('"fraud"', "fraud*", "FRAUD", "Fräud", '"fraud'):
        assert "model:fraud-detector" in refs
