"""The output folder: built fresh and moved into place, symlinks refused, only signed,
unchanged, regular pages reused by an incremental build."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from site_support import EXAMPLE_CATALOG, build

from modelinv.checks.engine import Options, load_inventory
from modelinv.cli.main import main
from modelinv.site import builder, model_pages
from modelinv.site.builder import CSP, ref_hrefs
from modelinv.site.graph import Graph, Linked, Node, dependency_graph
from modelinv.site.model_pages import digest_of, graph_key
from modelinv.site.output import MANIFEST, OutputError

TODAY = dt.date(2026, 11, 26)
ARGS = ["--today", "2026-11-26"]


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def test_existing_output_is_replaced_never_published_or_written_through(
    tmp_path: Path,
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "site"
    out.mkdir()
    (out / "evil.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (out / "leak.txt").symlink_to(secret)
    (out / "models").symlink_to(elsewhere, target_is_directory=True)
    build(EXAMPLE_CATALOG, out, TODAY, history=False)
    assert not (out / "evil.html").exists()
    assert not (out / "leak.txt").exists() and not (out / "leak.txt").is_symlink()
    assert not (out / "models").is_symlink() and (out / "models" / "fraud-detector.html").is_file()
    assert list(elsewhere.iterdir()) == []  # nothing written through the planted link
    assert secret.read_text(encoding="utf-8") == "root:x:0:0\n"
    for page in out.rglob("*.html"):
        assert not page.is_symlink()
        assert f'content="{CSP}"' in page.read_text(encoding="utf-8")
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")]
    assert leftovers == []  # the staging and the old folder are gone


def test_symlinked_output_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "keep.txt").write_text("mine", encoding="utf-8")
    link = tmp_path / "site"
    link.symlink_to(real, target_is_directory=True)
    assert main(["build", str(EXAMPLE_CATALOG), "--out", str(link), *ARGS]) == 2
    err = capsys.readouterr().err
    assert "symbolic link" in err and "Traceback" not in err
    assert files(real) == {"keep.txt"}  # untouched
    with pytest.raises(OutputError):
        build(EXAMPLE_CATALOG, link, TODAY, history=False)


def test_output_through_a_symlinked_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "public").symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.chdir(repo)
    assert main(["build", str(EXAMPLE_CATALOG), "--out", "public/site", *ARGS]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


def test_output_holding_the_catalog_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = tmp_path / "repo" / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    assert main(["build", str(catalog), "--out", str(tmp_path / "repo"), *ARGS]) == 2
    assert "replaces this folder" in capsys.readouterr().err
    assert (catalog / "models" / "fraud-detector.yaml").is_file()
    file_out = tmp_path / "a-file"
    file_out.write_text("x", encoding="utf-8")
    assert main(["build", str(catalog), "--out", str(file_out), *ARGS]) == 2


def test_output_inside_the_catalog_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A site inside the catalog folder: its exports (YAML) would be read as catalog files
    that fail validation."""
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    assert main(["build", str(catalog), "--out", str(catalog / "site"), *ARGS]) == 2
    assert "inside the catalog folder" in capsys.readouterr().err
    assert not (catalog / "site").exists()


def retitle(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index("  title: ")
    end = text.index("\n", start)
    path.write_text(text[:start] + f"  title: {title}" + text[end:], encoding="utf-8")


# Pages kept whole when what they show is the previous build's (besides model and team pages)
KEPT_WHOLE = ("review.html", "health.html", "teams.html", "data.html", "consumers.html")


def test_incremental_rebuild_renders_only_changed_pages(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    out, cache = tmp_path / "site", tmp_path / "cache"
    first = build(catalog, out, TODAY, history=False, cache_dir=cache)
    assert first.reused == 0
    snapshot = {p: (out / p).read_bytes() for p in files(out) if (out / p).is_file()}
    again = build(catalog, out, TODAY, history=False, cache_dir=cache)
    pages = len(list((out / "models").glob("*.html"))) + len(list((out / "teams").glob("*.html")))
    pages += len(KEPT_WHOLE)
    assert again.reused == pages  # nothing changed: every model and team page kept, and
    assert again.rendered == 2  # the report and listing pages but the index and retirement
    assert {p: (out / p).read_bytes() for p in snapshot} == snapshot

    retitle(catalog / "models" / "product-embedder.yaml", "Product Embedder Renamed")
    changed = build(catalog, out, TODAY, history=False, cache_dir=cache)
    page = (out / "models" / "product-embedder.html").read_text(encoding="utf-8")
    assert "Product Embedder Renamed" in page
    # the page itself and its team's page (it lists the title) are rendered again; not the
    # health and listing pages (no title), nor the review page (not due for review)
    assert changed.reused == pages - 2
    fresh = tmp_path / "fresh"
    build(catalog, fresh, TODAY, history=False)
    for name in files(fresh):
        if (fresh / name).is_file() and name != MANIFEST:
            assert (out / name).read_bytes() == (fresh / name).read_bytes(), name

    (catalog / "models" / "product-embedder.yaml").unlink()
    build(catalog, out, TODAY, history=False, cache_dir=cache)
    assert not (out / "models" / "product-embedder.html").exists()


def test_pages_are_copied_where_the_file_system_has_no_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without hard links (another file system, or one that lacks them), a kept page is
    copied, and only while its bytes are the ones the manifest recorded."""
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(catalog, out, TODAY, history=False, cache_dir=cache)

    def no_link(*args: object, **kwargs: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_link)
    again = build(catalog, out, TODAY, history=False, cache_dir=cache)
    pages = len(list((out / "models").glob("*.html"))) + len(list((out / "teams").glob("*.html")))
    pages += len(KEPT_WHOLE)
    assert again.reused == pages
    fresh = tmp_path / "fresh"
    build(catalog, fresh, TODAY, history=False)
    for name in files(fresh):
        if (fresh / name).is_file() and name != MANIFEST:
            assert (out / name).read_bytes() == (fresh / name).read_bytes(), name


def test_a_changed_reference_renders_the_pages_whose_dependencies_it_changes(
    tmp_path: Path,
) -> None:
    """A reference edit changes the catalog's relations, so no page is kept on its quick
    digest: each is kept only when its dependency section and links are still the same."""
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(catalog, out, TODAY, history=False, cache_dir=cache)
    before = {p: (out / p).read_bytes() for p in files(out) if p.startswith("models/")}
    path = catalog / "models" / "capacity-forecaster.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "upstream: [dataset:serving-metrics]",
            "upstream: [dataset:serving-metrics, model:fraud-detector]",
        ),
        encoding="utf-8",
    )
    again = build(catalog, out, TODAY, history=False, cache_dir=cache)
    fresh = tmp_path / "fresh"
    build(catalog, fresh, TODAY, history=False)
    changed = set()
    for name in files(fresh):
        if (fresh / name).is_file() and name != MANIFEST:
            assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
            if name in before and before[name] != (out / name).read_bytes():
                changed.add(name)
    # The edited model and the one it now depends on show the new edge; the rest are kept.
    assert {"models/capacity-forecaster.html", "models/fraud-detector.html"} <= changed
    pages = len(before) + len(list((out / "teams").glob("*.html"))) + len(KEPT_WHOLE)
    assert 0 < again.reused <= pages - len(changed)


def test_reuse_needs_the_signed_manifest_and_a_regular_file(tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(EXAMPLE_CATALOG, out, TODAY, history=False, cache_dir=cache)
    page = out / "models" / "fraud-detector.html"
    good = page.read_bytes()

    # A planted page with a manifest entry that matches it but is not signed with our key.
    evil = b"<!DOCTYPE html><script>alert(1)</script>"
    raw = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    inputs, _, stamp, quick, local = raw["manifest"]["pages"]["models/fraud-detector.html"]
    raw["manifest"]["pages"]["models/fraud-detector.html"] = [
        inputs,
        hashlib.sha256(evil).hexdigest(),
        stamp,
        quick,
        local,
    ]
    (out / MANIFEST).write_text(json.dumps(raw), encoding="utf-8")
    page.write_bytes(evil)
    result = build(EXAMPLE_CATALOG, out, TODAY, history=False, cache_dir=cache)
    assert result.reused == 0 and page.read_bytes() == good

    # Signed by someone else's key: nothing reused either.
    other = build(EXAMPLE_CATALOG, out, TODAY, history=False, cache_dir=tmp_path / "other")
    assert other.reused == 0

    # A previous page replaced by a symlink to identical bytes is rendered, not copied.
    build(EXAMPLE_CATALOG, out, TODAY, history=False, cache_dir=cache)
    copy = tmp_path / "copy.html"
    copy.write_bytes(good)
    page.unlink()
    page.symlink_to(copy)
    result = build(EXAMPLE_CATALOG, out, TODAY, history=False, cache_dir=cache)
    assert not page.is_symlink() and page.read_bytes() == good
    pages = len(list((out / "models").glob("*.html"))) + len(list((out / "teams").glob("*.html")))
    pages += len(KEPT_WHOLE)  # the report and listing pages
    assert result.reused == pages - 1


def test_page_digest_covers_every_field_of_the_dependency_graph() -> None:
    catalog = load_inventory(EXAMPLE_CATALOG, Options(today=TODAY))
    graph = dependency_graph(catalog, "model:fraud-detector", ref_hrefs(catalog))
    key = graph_key(graph)
    assert len(key) == len(dataclasses.fields(Graph))  # a new field must join the digest
    nodes, listed = key[2], key[4]
    assert isinstance(nodes, tuple) and isinstance(listed, tuple)
    assert graph.nodes and nodes == tuple(tuple(n) for n in graph.nodes)
    assert all(isinstance(n, tuple) and len(n) == len(Node._fields) for n in nodes)
    assert graph.upstream and all(
        isinstance(i, tuple) and len(i) == len(Linked._fields) for i in listed
    )
    moved = dataclasses.replace(graph, upstream_more=graph.upstream_more + 1)
    assert graph_key(moved) != key


def test_page_digests_depend_on_values_only_and_refuse_what_is_not_plain() -> None:
    # Equal values, one text interned and one made at run time: the same digest.
    made = "".join(["model:", "fraud-detector"])
    assert made == "model:fraud-detector" and id(made) != id("model:fraud-detector")
    same = digest_of(b"{}", ("model:fraud-detector", 1, None), ("model:fraud-detector",))
    assert digest_of(b"{}", (made, 1, None), (made,)) == same
    assert digest_of(b"{}", ("model:fraud-detector", 2, None), (made,)) != same
    assert digest_of(b"{}", ("model:fraud-detector", True, None), (made,)) != same
    with pytest.raises(ValueError, match="unmarshallable"):
        digest_of(b"{}", (TODAY,))  # type: ignore[arg-type]


def test_a_kept_page_edited_in_place_is_rendered_again(tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(EXAMPLE_CATALOG, out, TODAY, history=False, cache_dir=cache)
    page = out / "models" / "fraud-detector.html"
    good = page.read_bytes()
    again = build(EXAMPLE_CATALOG, out, TODAY, history=False, cache_dir=cache)
    assert again.reused > 0 and page.read_bytes() == good
    # The same length, other bytes, written in place (same inode): its time gives it away.
    page.write_bytes(good.replace(b"<h1>", b"<h6>", 1))
    result = build(EXAMPLE_CATALOG, out, TODAY, history=False, cache_dir=cache)
    assert result.reused == again.reused - 1 and page.read_bytes() == good
    # Kept pages are the previous files themselves (hard links), not copies.
    inode = page.stat().st_ino
    build(EXAMPLE_CATALOG, out, TODAY, history=False, cache_dir=cache)
    assert page.stat().st_ino == inode and page.read_bytes() == good


def test_a_build_without_the_cache_writes_nothing_there_and_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`build --no-cache` (a CI runner that starts without a cache and discards it) reads
    every file afresh, leaves the cache folder alone and renders every page (the key that
    signs the page manifest lives there), and the site is the same as with a cache."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("MODELINV_CACHE_DIR", str(cache))
    without, with_cache = tmp_path / "without", tmp_path / "with"
    assert main(["build", str(EXAMPLE_CATALOG), "--out", str(without), "--no-cache", *ARGS]) == 0
    assert not cache.exists()
    assert main(["build", str(EXAMPLE_CATALOG), "--out", str(with_cache), *ARGS]) == 0
    assert any(cache.iterdir())  # the default build does use it
    pages = files(with_cache) - {MANIFEST}
    assert pages == files(without)
    for name in pages:
        if (with_cache / name).is_file():
            assert (with_cache / name).read_bytes() == (without / name).read_bytes(), name
    capsys.readouterr()
    assert main(["build", str(EXAMPLE_CATALOG), "--out", str(with_cache), *ARGS]) == 0
    assert "unchanged pages kept" in capsys.readouterr().out
    assert main(["build", str(EXAMPLE_CATALOG), "--out", str(with_cache), "--no-cache", *ARGS]) == 0
    assert "unchanged pages kept" not in capsys.readouterr().out


@pytest.mark.parametrize("option", ["--no-cache", "--fresh"])
def test_a_build_that_keeps_no_manifest_works_out_no_page_digest(
    tmp_path: Path, option: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a manifest (no cache folder for its key, or --fresh), the next build keeps
    nothing, so the pages' digests (~10% of a model page's CPU) are not worked out: the
    publish workflow's `build --no-cache` renders every page anyway."""
    monkeypatch.setenv("MODELINV_CACHE_DIR", str(tmp_path / "cache"))

    def refuse(*_: object) -> None:
        raise AssertionError("a page digest was worked out")

    for name in ("own_digest", "digest_of", "graph_key"):
        monkeypatch.setattr(model_pages, name, refuse)
    monkeypatch.setattr(builder, "digest", refuse)
    out = tmp_path / "site"
    assert main(["build", str(EXAMPLE_CATALOG), "--out", str(out), option, *ARGS]) == 0
    assert not (out / MANIFEST).exists()
    assert len(list((out / "models").glob("*.html"))) > 10
