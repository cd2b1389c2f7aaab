"""Graph helpers over reference strings."""

from __future__ import annotations


def cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """Loops that together cover every node caught in a cycle, each starting at its least node.

    For each such node not yet shown in a loop, in sorted order, the shortest loop through it.

    Tarjan's algorithm, iterative so a long dependency chain cannot exhaust the stack; at
    most one loop per node, so a dense tangle cannot explode the output.
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
    loops: list[list[str]] = []
    for component in components:
        members, covered = sorted(component), set[str]()
        for node in members:
            if node in covered:
                continue  # already shown in a loop; also keeps a long ring linear
            loop = _loop(node, set(members), edges)
            covered.update(loop)
            least = loop.index(min(loop))
            loops.append(loop[least:] + loop[:least])
    return sorted(loops)


def _loop(start: str, allowed: set[str], edges: dict[str, list[str]]) -> list[str]:
    """The shortest loop from `start` back to itself within `allowed` (breadth-first)."""
    parents: dict[str, str] = {}
    frontier, seen = [start], {start}
    while frontier:
        following = []
        for node in frontier:
            for target in edges.get(node, ()):
                if target == start:
                    chain = [node]
                    while chain[-1] != start:
                        chain.append(parents[chain[-1]])
                    return chain[::-1]
                if target in allowed and target not in seen:
                    seen.add(target)
                    parents[target] = node
                    following.append(target)
        frontier = following
    return [start]
