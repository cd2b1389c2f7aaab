"""Graph helpers over reference strings."""

from __future__ import annotations


def cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """One cycle per strongly connected component with a loop, each starting at its least node.

    Tarjan's algorithm, iterative so a long dependency chain cannot exhaust the stack.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = [t for t in edges.get(node, ()) if t in edges]
            if i < len(targets):
                work.append((node, i + 1))
                target = targets[i]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return [_loop(sorted(c), edges) for c in components]


def _loop(members: list[str], edges: dict[str, list[str]]) -> list[str]:
    """A simple path through the component that returns to its first (least) member."""
    allowed = set(members)
    start = members[0]
    path, seen = [start], {start}
    # Breadth-first search back to `start` gives the shortest loop through it.
    parents: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for target in edges.get(node, ()):
                if target == start:
                    chain = [node]
                    while chain[-1] != start:
                        chain.append(parents[chain[-1]])
                    return [start, *reversed(chain[:-1])]
                if target in allowed and target not in seen:
                    seen.add(target)
                    parents[target] = node
                    nxt.append(target)
        frontier = nxt
    return path
