"""`modelinv search` on hard queries and on databases it did not write, through the real CLI."""

from __future__ import annotations

import shutil
import sqlite3
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


def _other_databases(folder: Path, exported: Path) -> dict[str, Path]:
    """Files `--db` may be given that `modelinv export sqlite` did not write (as it is now)."""
    made: dict[str, Path] = {}
    made["not-a-database"] = folder / "notes.sqlite"
    made["not-a-database"].write_text("a text file\n")
    made["truncated"] = folder / "truncated.sqlite"
    made["truncated"].write_bytes(exported.read_bytes()[:5000])
    made["empty"] = folder / "empty.sqlite"
    made["empty"].write_bytes(b"")
    made["another-program"] = folder / "other.sqlite"
    with sqlite3.connect(made["another-program"]) as db:
        db.execute("CREATE TABLE entities (ref TEXT)")
    made["other-fts-table"] = folder / "fts.sqlite"
    with sqlite3.connect(made["other-fts-table"]) as db:
        db.execute("CREATE VIRTUAL TABLE search USING fts5(ref, name)")
    made["other-format"] = folder / "newer.sqlite"
    shutil.copyfile(exported, made["other-format"])
    with sqlite3.connect(made["other-format"]) as db:
        db.execute("UPDATE meta SET value = '2' WHERE key = 'format'")
    return made


@pytest.mark.parametrize(
    "kind",
    ["not-a-database", "truncated", "empty", "another-program", "other-fts-table", "other-format"],
)
def test_a_database_export_did_not_write_is_named_with_what_to_do(
    database: Path, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said 'file is not a database' or 'no such table: search', naming neither the file
    nor how to get one that works; a database of another format was searched as if it fit."""
    db = _other_databases(tmp_path, database)[kind]
    code, refs, err = _search(capsys, db, "fraud")
    assert (code, refs) == (2, [])
    assert err.startswith(f"modelinv: {db}: ")
    assert err.rstrip().endswith(f"rebuild it with 'modelinv export sqlite --out {db}'")
    assert len(err.splitlines()) == 1


def test_a_database_in_a_read_only_folder_is_searched(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "inventory.sqlite"
    shutil.copyfile(database, db)
    folder.chmod(0o555)
    try:
        code, refs, _ = _search(capsys, db, "fraud")
    finally:
        folder.chmod(0o755)
    assert code == 0 and "model:fraud-detector" in refs
    assert sorted(p.name for p in folder.iterdir()) == ["inventory.sqlite"]


def test_db_naming_a_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["search", "--db", str(tmp_path), "fraud"])
    assert code == 2
    assert "is a directory" in capsys.readouterr().err


def test_a_database_damaged_past_its_first_pages_is_named_with_what_to_do(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The tables are listed, but the search index's own pages are unreadable."""
    data = bytearray(database.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    with sqlite3.connect(database) as db:
        pages = [p for (p,) in db.execute("SELECT rootpage FROM sqlite_master WHERE rootpage > 0")]
        (index,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'search_data'")
    assert index[0] in pages
    data[(index[0] - 1) * size : index[0] * size] = b"\xff" * size
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(bytes(data))
    code, refs, err = _search(capsys, damaged, "fraud")
    assert (code, refs) == (2, [])
    assert err.startswith(f"modelinv: {damaged}: cannot search the database (")
    assert err.rstrip().endswith(f"rebuild it with 'modelinv export sqlite --out {damaged}'")


def _words_of(text: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in text.lower()).split()


@pytest.mark.parametrize("word", ["fraud", "credit", "merchant", "churn", "search", "card"])
def test_a_hit_in_the_id_ranks_above_one_in_the_title_above_the_rest(
    database: Path, word: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """As docs/exports.md says. BM25 saturates on frequency and favours short entries, so
    `credit` ranked model:credit-scorer under team:risk-platform ("Credit Risk Platform")
    and consumer:loan-decisioning-api, neither of whose ids says credit."""
    capsys.readouterr()
    assert main(["search", "--db", str(database), "--limit", "100", word]) == 0
    refs = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    with sqlite3.connect(database) as db:
        entries = dict(db.execute("SELECT ref, name || ' ' || title FROM search"))

    def tier(ref: str) -> int:
        name, _, title = entries[ref].partition(" ")
        if any(w.startswith(word) for w in _words_of(name)):
            return 0
        return 1 if any(w.startswith(word) for w in _words_of(title)) else 2

    tiers = [tier(ref) for ref in refs]
    assert tiers == sorted(tiers), list(zip(refs, tiers, strict=True))
    assert 0 in tiers
