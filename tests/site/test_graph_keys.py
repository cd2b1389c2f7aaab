"""`GraphKeys`: a model page is kept on its local digest only when its dependency section
is the same (equal keys, equal graphs), so a rebuild after reference edits keeps the pages
they do not reach without drawing their graphs, and gives the site a fresh build gives."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from site_support import build

from modelinv.checks.engine import Options, load_inventory
from modelinv.inventory.inventory import Inventory
from modelinv.site import builder, graph, model_pages
from modelinv.site.builder import ref_hrefs
from modelinv.site.graph import DOWNSTREAM, UPSTREAM, GraphKey, GraphKeys, Reach, dependency_graph
from modelinv.site.model_pages import Plain, graph_key
from modelinv.site.output import MANIFEST

TODAY = dt.date(2026, 11, 26)
TEAM = """apiVersion: modelinv/v1
kind: Team
metadata: {{name: {name}, title: Team {name}}}
spec:
  members: [{{name: Sofia Becker, email: {email}, role: Tech Lead}}]
"""
MODEL = """apiVersion: modelinv/v1
kind: Model
metadata: {{name: {name}, title: {title}}}
spec:
  lifecycle: development
  owner: team:{owner}
  maintainer: {{name: Sofia Becker, email: sofia.becker@example.com}}
  upstream: [{upstream}]
  consumers: [{consumers}]
"""
TRAINED = """  trainingData:
{sources}
"""
DATA = """apiVersion: modelinv/v1
kind: DataAsset
metadata: {{name: {name}, title: {title}}}
spec: {{type: dataset, owner: team:graph-team, status: active, location: "s3://bucket/{name}/"}}
"""
CONSUMER = """apiVersion: modelinv/v1
kind: Consumer
metadata: {{name: {name}, title: {title}}}
spec: {{type: application, owner: team:graph-team}}
"""


@dataclass
class Catalog:
    """A catalog of models that depend on models and data assets, are trained on data
    assets and feed consumers, written from this state; `edit` changes a few references
    (or the entities they name) and rewrites only the files it touched."""

    root: Path
    rng: random.Random
    models: dict[str, tuple[set[str], set[str], set[str]]] = field(default_factory=dict)
    assets: set[str] = field(default_factory=set)
    consumers: set[str] = field(default_factory=set)
    broken: set[str] = field(default_factory=set)  # models whose file fails validation
    side: set[str] = field(default_factory=set)  # models the side team owns
    side_broken: bool = False  # whether the side team's file fails validation
    made: int = 0

    def write_all(self, models: int, assets: int, consumers: int) -> None:
        for folder in ("models", "teams", "data", "consumers"):
            (self.root / folder).mkdir(parents=True)
        self.write_team("graph-team")
        self.write_team("side-team")
        for number in range(assets):
            self.add_asset(f"asset-{number}")
        for number in range(consumers):
            self.add_consumer(f"user-{number}")
        names = [self.new_name() for _ in range(models)]
        for name in names:
            self.models[name] = (set(), set(), set())
        for name in names:
            self.models[name] = self.random_refs(name)
            self.write_model(name)

    def write_team(self, name: str) -> None:
        broken = name == "side-team" and self.side_broken
        email = "not an address" if broken else "sofia.becker@example.com"
        text = TEAM.format(name=name, email=email)
        (self.root / "teams" / f"{name}.yaml").write_text(text, encoding="utf-8")

    def new_name(self) -> str:
        self.made += 1
        return f"m-{self.made:03d}"

    def random_refs(self, name: str) -> tuple[set[str], set[str], set[str]]:
        rng, names = self.rng, sorted(self.models)
        if rng.random() < 0.15:
            self.side.add(name)
        upstream = {f"model:{rng.choice(names)}" for _ in range(rng.randint(0, 3))}
        upstream |= {f"dataset:{rng.choice(sorted(self.assets))}" for _ in range(rng.randint(0, 1))}
        if rng.random() < 0.1:
            upstream.add("model:not-in-the-catalog")  # a dangling ref: listed, not linked
        trained = {f"dataset:{rng.choice(sorted(self.assets))}" for _ in range(rng.randint(0, 2))}
        users = {f"consumer:{rng.choice(sorted(self.consumers))}" for _ in range(rng.randint(0, 2))}
        return upstream, trained, users

    def write_model(self, name: str) -> None:
        upstream, trained, users = self.models[name]
        # A broken file keeps its id and references but loses its page and its link.
        lifecycle = "retiring" if name in self.broken else "development"
        text = MODEL.replace("development", lifecycle).format(
            name=name,
            title=f"Model {name}",
            owner="side-team" if name in self.side else "graph-team",
            upstream=", ".join(sorted(upstream)),
            consumers=", ".join(sorted(users)),
        )
        if trained:
            sources = "\n".join(
                f"    - {{source: {ref}, from: 2025-01-01, to: 2025-06-30}}"
                for ref in sorted(trained)
            )
            text += TRAINED.format(sources=sources)
        (self.root / "models" / f"{name}.yaml").write_text(text, encoding="utf-8")

    def add_asset(self, name: str) -> None:
        self.assets.add(name)
        text = DATA.format(name=name, title=f"Asset {name}")
        (self.root / "data" / f"{name}.yaml").write_text(text, encoding="utf-8")

    def add_consumer(self, name: str) -> None:
        self.consumers.add(name)
        text = CONSUMER.format(name=name, title=f"Consumer {name}")
        (self.root / "consumers" / f"{name}.yaml").write_text(text, encoding="utf-8")

    def edit(self) -> str:
        """One random change of the catalog's references or of what they name."""
        rng = self.rng
        choices = ("refs", "refs", "refs", "add", "delete", "break", "team", "asset", "consumer")
        choice = rng.choice(choices)
        if choice == "refs":  # new dependencies, training data and consumers for one model
            name = rng.choice(sorted(self.models))
            self.models[name] = self.random_refs(name)
            self.write_model(name)
        elif choice == "add":  # a new model (a new link) that others may come to depend on
            name = self.new_name()
            self.models[name] = self.random_refs(name)
            self.write_model(name)
        elif choice == "delete":  # its link goes; the refs to it dangle
            name = rng.choice(sorted(self.models))
            del self.models[name]
            self.broken.discard(name)
            (self.root / "models" / f"{name}.yaml").unlink()
        elif choice == "break":  # fails validation, or is mended
            name = rng.choice(sorted(self.models))
            self.broken ^= {name}
            self.write_model(name)
        elif choice == "team":  # the side team's link goes (or comes back): its models'
            name = "side-team"  # owner links change, and nothing else
            self.side_broken = not self.side_broken
            self.write_team(name)
        elif choice == "asset":  # a data asset named by the models, or not, goes
            name = rng.choice(sorted(self.assets))
            self.assets.discard(name)
            (self.root / "data" / f"{name}.yaml").unlink()
            self.add_asset(f"{name}-new")
        else:
            name = rng.choice(sorted(self.consumers))
            self.consumers.discard(name)
            (self.root / "consumers" / f"{name}.yaml").unlink()
            self.add_consumer(f"{name}-new")
        return f"{choice} {name}"


def keys_and_graphs(
    catalog: Inventory,
) -> dict[str, tuple[GraphKey, tuple[Plain, ...]]]:
    """Each model's graph key and graph (as `graph_key`); the key found both ways."""
    hrefs = ref_hrefs(catalog)
    up, down = Reach(catalog, UPSTREAM), Reach(catalog, DOWNSTREAM)
    keys = GraphKeys(catalog, hrefs, up, down)
    found = {}
    for entry in catalog.entries:
        if entry.kind != "Model" or entry.ref is None or not entry.valid:
            continue
        read: list[str] = []
        graph = dependency_graph(catalog, entry.ref, hrefs, up, down, read)
        key = keys.key(entry.ref)
        assert keys.of_graph(entry.ref, graph, read) == key, entry.ref
        found[entry.ref] = (key, graph_key(graph))
    return found


@pytest.mark.parametrize("seed", range(6))
def test_equal_keys_give_equal_graphs(tmp_path: Path, seed: int) -> None:
    """Across random edits of the references, a page whose key stayed the same has the
    same graph; the edits change some keys and leave others (the test is not vacuous)."""
    state = Catalog(tmp_path / "catalog", random.Random(seed))
    state.write_all(models=70, assets=6, consumers=5)
    before = keys_and_graphs(load_inventory(state.root, Options(today=TODAY)))
    same = changed = 0
    for _ in range(8):
        edits = [state.edit() for _ in range(state.rng.randint(1, 2))]
        after = keys_and_graphs(load_inventory(state.root, Options(today=TODAY)))
        for ref in before.keys() & after.keys():
            (old_key, old_graph), (new_key, new_graph) = before[ref], after[ref]
            if old_key == new_key:
                assert old_graph == new_graph, (seed, edits, ref)
                same += 1
            else:
                changed += 1
        before = after
    assert same and changed


@pytest.mark.parametrize("seed", range(2))
def test_a_rebuild_after_reference_edits_is_the_fresh_site(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every quick digest misses after a reference edit; the pages the edit does not reach
    are kept without drawing their graphs, and the site equals a fresh build's."""
    state = Catalog(tmp_path / "catalog", random.Random(100 + seed))
    state.write_all(models=60, assets=5, consumers=4)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(state.root, out, TODAY, history=False, cache_dir=cache)
    drawn: list[str] = []
    real = dependency_graph  # the function model_pages calls

    def counting(catalog: Inventory, ref: str, *args: object) -> object:
        drawn.append(ref)
        return real(catalog, ref, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(model_pages, "dependency_graph", counting)
    for round_ in range(3):
        edit = state.edit()
        drawn.clear()
        again = build(state.root, out, TODAY, history=False, cache_dir=cache)
        graphs = len(drawn)
        fresh = tmp_path / f"fresh-{round_}"
        build(state.root, fresh, TODAY, history=False)
        written = {p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file()}
        assert written - {MANIFEST} == {
            p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
        } - {MANIFEST}
        for name in written - {MANIFEST}:
            assert (out / name).read_bytes() == (fresh / name).read_bytes(), (edit, name)
        pages = len(list((out / "models").glob("*.html")))
        # a graph drawn only for the pages the edit may reach (or new ones)
        assert graphs < pages and again.reused, (edit, graphs, pages)


def test_the_reach_counts_are_worked_out_once_when_the_topology_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page's local digest needs its counts after a reference edit: the building
    process works them out once for all the spans (each process made its own); a rebuild
    after no reference edit keeps its pages on their quick digests, without them."""
    state = Catalog(tmp_path / "catalog", random.Random(7))
    state.write_all(models=30, assets=3, consumers=2)
    out, cache = tmp_path / "site", tmp_path / "cache"
    passes: list[int] = []
    real = model_pages.page_counts  # what builder calls

    def counting(job: model_pages.ModelJob) -> dict[str, tuple[int, int]]:
        passes.append(len(job.entries))
        return real(job)

    monkeypatch.setattr(builder, "page_counts", counting)
    build(state.root, out, TODAY, history=False, cache_dir=cache)
    assert len(passes) == 1  # a first build
    build(state.root, out, TODAY, history=False, cache_dir=cache)
    assert len(passes) == 1  # nothing changed
    name = sorted(state.models)[0]
    path = state.root / "models" / f"{name}.yaml"
    path.write_text(path.read_text("utf-8").replace("title: Model", "title: Retitled"), "utf-8")
    build(state.root, out, TODAY, history=False, cache_dir=cache)
    assert len(passes) == 1  # no reference changed
    state.models[name] = (state.models[name][0] | {"dataset:asset-0"}, *state.models[name][1:])
    state.write_model(name)
    build(state.root, out, TODAY, history=False, cache_dir=cache)
    assert len(passes) == 2  # the topology changed


@pytest.mark.parametrize("seed", range(4))
def test_a_ref_walked_alone_counts_what_the_whole_pass_counts(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Reach.count` walks from one ref while its walks stay cheap, and answers what one
    pass over the whole catalog does for every ref (cycles and self-references included);
    past its budget it makes that pass once and answers from it."""
    state = Catalog(tmp_path / "catalog", random.Random(300 + seed))
    state.write_all(models=50, assets=4, consumers=3)
    catalog = load_inventory(state.root, Options(today=TODAY))
    passes: list[int] = []
    real = graph._reach_counts

    def counting(table: dict[str, list[str]]) -> dict[str, int]:
        passes.append(len(table))
        return real(table)

    monkeypatch.setattr(graph, "_reach_counts", counting)
    for relations in (UPSTREAM, DOWNSTREAM):
        whole = Reach(catalog, relations).counts()
        refs = sorted({entry.ref for entry in catalog.entries if entry.ref})
        refs += ["model:not-in-the-catalog"]
        walked = Reach(catalog, relations)
        monkeypatch.setattr(walked, "WALK_BUDGET", 10**6)  # every ref walked: no pass
        passes.clear()
        assert {ref: walked.count(ref) for ref in refs} == {ref: whole.get(ref, 0) for ref in refs}
        assert passes == []  # every count walked
        assert any(whole.values())  # the catalog has references to count
        cheap = Reach(catalog, relations)
        monkeypatch.setattr(cheap, "WALK_BUDGET", 0)
        assert {ref: cheap.count(ref) for ref in refs} == {ref: whole.get(ref, 0) for ref in refs}
        assert len(passes) == 1  # the walks gave up: one pass answered every ref


def test_a_rebuild_after_a_title_edit_draws_one_graph_without_a_whole_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no reference changed, the one page whose title changed misses its quick
    digest: its graph is drawn, its own count walked (no pass over the whole catalog) and
    no local key is worked out (the page's own inputs, which the key holds, changed)."""
    state = Catalog(tmp_path / "catalog", random.Random(11))
    state.write_all(models=40, assets=3, consumers=2)
    # A model with a long list: its page shows a count beside the nearest refs.
    hub = sorted(state.models)[0]
    state.models[hub] = (
        {f"model:{name}" for name in sorted(state.models)[1:]},
        *state.models[hub][1:],
    )
    state.write_model(hub)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(state.root, out, TODAY, history=False, cache_dir=cache)
    drawn: list[str] = []
    passes: list[int] = []
    keys: list[str] = []
    real_graph, real_counts, real_key = dependency_graph, graph._reach_counts, GraphKeys.key

    def drawing(catalog: Inventory, ref: str, *args: object) -> object:
        drawn.append(ref)
        return real_graph(catalog, ref, *args)  # type: ignore[arg-type]

    def counting(table: dict[str, list[str]]) -> dict[str, int]:
        passes.append(len(table))
        return real_counts(table)

    def keying(self: GraphKeys, ref: str) -> GraphKey:
        keys.append(ref)
        return real_key(self, ref)

    monkeypatch.setattr(model_pages, "dependency_graph", drawing)
    monkeypatch.setattr(graph, "_reach_counts", counting)
    monkeypatch.setattr(GraphKeys, "key", keying)
    path = state.root / "models" / f"{hub}.yaml"
    path.write_text(path.read_text("utf-8").replace("title: Model", "title: Retitled"), "utf-8")
    again = build(state.root, out, TODAY, history=False, cache_dir=cache)
    assert (drawn, passes, keys) == ([f"model:{hub}"], [], [])
    assert "Retitled" in (out / "models" / f"{hub}.html").read_text("utf-8")
    fresh = tmp_path / "fresh"
    build(state.root, fresh, TODAY, history=False)
    for page in (fresh / "models").glob("*.html"):
        assert (out / "models" / page.name).read_bytes() == page.read_bytes(), page.name
    assert again.reused
