"""Graph helpers: strongly connected components and the loops of a reference graph."""

from __future__ import annotations


def cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """Loops that together cover every node caught in a cycle, each starting at its least node.

    For each such node not yet shown in a loop, in sorted order, the shortest loop through it
    (at most one loop per node, so a dense tangle cannot explode the output).
    """
    nodes = sorted(edges)
    position = {node: number for number, node in enumerate(nodes)}
    succ = [[position[t] for t in edges.get(node, ()) if t in position] for node in nodes]
    components, _ = strongly_connected(succ)
    loops: list[list[str]] = []
    for component in components:
        if len(component) < 2:
            continue
        members, covered = sorted(nodes[number] for number in component), set[str]()
        for node in members:
            if node in covered:
                continue  # already shown in a loop; also keeps a long ring linear
            loop = _loop(node, set(members), edges)
            covered.update(loop)
            least = loop.index(min(loop))
            loops.append(loop[least:] + loop[:least])
    return sorted(loops)


def strongly_connected(succ: list[list[int]]) -> tuple[list[list[int]], list[int]]:
    """Tarjan's strongly connected components, iteratively (a chain of 10,000 models would
    overflow the recursion limit): the components sinks first, and each node's component."""
    size = len(succ)
    index, low = [-1] * size, [0] * size
    on_stack = [False] * size
    stack: list[int] = []
    component = [-1] * size
    components: list[list[int]] = []
    counter = 0
    for start in range(size):
        if index[start] != -1:
            continue
        work = [(start, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            if child < len(succ[node]):
                work.append((node, child + 1))
                target = succ[node][child]
                if index[target] == -1:
                    work.append((target, 0))
                continue
            for target in succ[node]:
                if on_stack[target]:
                    low[node] = min(low[node], low[target])
            if low[node] == index[node]:
                members = []
                while True:
                    top = stack.pop()
                    on_stack[top] = False
                    component[top] = len(components)
                    members.append(top)
                    if top == node:
                        break
                components.append(members)
    return components, component


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
