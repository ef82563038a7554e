"""Lock acquisition order, to report inversions (A then B here, B then A there) that did not
deadlock in this run but can in another."""

from __future__ import annotations

from . import names
from .runtime import ThreadState, site_text, user_site


class _Edge:
    __slots__ = ("first", "then", "thread", "first_at", "then_at", "gates")

    def __init__(self, first, then, thread, first_at, then_at, gates) -> None:
        self.first = first
        self.then = then
        self.thread = thread
        self.first_at = first_at
        self.then_at = then_at
        # Other locks held at the time: a lock held around both orders ("gate") rules out the
        # deadlock, so such pairs are not reported.
        self.gates = gates


def _site(frame, line):
    if frame is None:
        return None
    site = user_site(frame)
    if site and site[0] == frame.f_code.co_filename:
        return site[0], line
    return site


class LockOrder:
    """Edges A -> B, one for each first time a thread took B (waiting without a timeout) while
    holding A, in one run."""

    def __init__(self) -> None:
        self.edges: dict[tuple[int, int], _Edge] = {}

    def note(self, st: ThreadState, held: list[tuple], lock, frame) -> None:
        for first, first_frame, first_line in held:
            if first is lock:
                continue
            key = (first._serial, lock._serial)
            if key in self.edges:
                continue
            gates = frozenset(other._serial for other, _, _ in held if other is not first)
            self.edges[key] = _Edge(
                first,
                lock,
                st.name,
                _site(first_frame, first_line),
                _site(frame, frame.f_lineno),
                gates,
            )

    def inversions(self) -> list[dict]:
        """Cycles in the order graph (up to four locks), as reports."""
        out_edges: dict[int, list[_Edge]] = {}
        for edge in self.edges.values():
            if edge.first._signal or edge.then._signal:
                continue  # a signal, not a mutex: it orders nothing
            out_edges.setdefault(edge.first._serial, []).append(edge)
        reports = []
        seen: set[frozenset] = set()

        def walk(start: int, node: int, path: list[_Edge]) -> None:
            for edge in out_edges.get(node, ()):
                target = edge.then._serial
                if target == start:
                    cycle = [*path, edge]
                    key = frozenset((e.first._serial, e.then._serial) for e in cycle)
                    if key not in seen and not frozenset.intersection(*(e.gates for e in cycle)):
                        seen.add(key)
                        reports.append(_report(cycle))
                elif (
                    len(path) < 3
                    and target > start
                    and all(e.first._serial != target for e in path)
                ):
                    walk(start, target, [*path, edge])

        for start in sorted(out_edges):
            walk(start, start, [])
        return reports


def _report(cycle: list[_Edge]) -> dict:
    steps = [
        {
            "thread": edge.thread,
            "holds": names.label(edge.first),
            "held_at": site_text(edge.first_at),
            "takes": names.label(edge.then),
            "at": site_text(edge.then_at),
        }
        for edge in cycle
    ]
    parts = [
        f"{edge.thread} took {names.label(edge.first, origin=False)} at"
        f" {site_text(edge.first_at)} and then {names.label(edge.then, origin=False)} at"
        f" {site_text(edge.then_at)}"
        for edge in cycle
    ]
    summary = (
        "Lock order inversion: "
        + "; ".join(parts)
        + names.origins(e.first for e in cycle)
        + ". Taken in opposite orders, these locks can deadlock when the threads run at the"
        " same time: take them in one fixed order everywhere."
    )
    return {
        "locks": [names.label(edge.first) for edge in cycle],
        "steps": steps,
        "summary": summary,
        # Same code, same places: one report however many runs saw it.
        "key": sorted((s["held_at"], s["at"]) for s in steps),
    }
