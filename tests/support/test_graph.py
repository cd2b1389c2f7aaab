"""Cycle finding over dependency edges."""

from __future__ import annotations

from modelinv.support.graph import cycles


def test_no_cycle_in_a_diamond() -> None:
    assert cycles({"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []}) == []


def test_two_and_three_cycles() -> None:
    edges = {"a": ["b"], "b": ["a"], "c": ["d"], "d": ["e"], "e": ["c"], "f": ["c"]}
    assert cycles(edges) == [["a", "b"], ["c", "d", "e"]]


def test_loops_sharing_a_node_are_reported_separately() -> None:
    edges = {
        "ranker": ["retriever"],
        "reranker": ["retriever"],
        "retriever": ["ranker", "reranker"],
    }
    assert cycles(edges) == [["ranker", "retriever"], ["reranker", "retriever"]]


def test_long_chain_does_not_recurse() -> None:
    count = 20_000
    edges = {f"n{i:05}": [f"n{i + 1:05}"] for i in range(count)}
    edges[f"n{count:05}"] = ["n00000"]
    (loop,) = cycles(edges)
    assert len(loop) == count + 1
    assert loop[0] == "n00000"


def test_edges_to_unknown_nodes_are_ignored() -> None:
    assert cycles({"a": ["zzz"]}) == []
