"""The picture of a failing schedule: a few events per thread, in the order they happened.

Built from what a RaceWatch recorded while replaying the failing schedule (replays are exact), or,
for a deadlock seen in a plain run, from the deadlock report itself (who holds what, who waits
for what). The report's swim lanes show at most MAX_SHOWN events: the ones that explain the bug
(the racing reads and writes, the lock operations and signals around them, the failing step),
with the conflicting ones marked.
"""

from __future__ import annotations

MAX_SHOWN = 14
# Events that say something about ordering between threads; reads and writes count only for
# the attribute that raced.
SYNC_KINDS = {
    "acquire",
    "release",
    "blocked",
    "wait",
    "woke",
    "notify",
    "set",
    "clear",
    "start",
    "join",
}


def _public(event: dict, *, conflict: bool = False) -> dict:
    return {
        "thread": event["thread"],
        "file": event["file"],
        "line": event["line"],
        "code": event["code"],
        "kind": event["kind"],
        "text": event["text"],
        "conflict": conflict,
    }


def _without_repeats(indexed: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """A loop makes the same step many times: keep one of each run of identical steps."""
    out: list[tuple[int, dict]] = []
    for i, event in indexed:
        if out:
            last = out[-1][1]
            same = (last["thread"], last["kind"], last["line"], last["text"])
            if same == (event["thread"], event["kind"], event["line"], event["text"]):
                continue
        out.append((i, event))
    return out


def _trim(indexed: list[tuple[int, dict]], keep: set[int]) -> list[tuple[int, dict]]:
    """At most MAX_SHOWN events: every conflicting one, its neighbours, then the latest."""
    if len(indexed) <= MAX_SHOWN:
        return indexed
    positions = {i: n for n, (i, _) in enumerate(indexed)}
    chosen: set[int] = set()
    for i in keep:
        n = positions.get(i)
        if n is not None:
            chosen.update(m for m in (n - 1, n, n + 1) if 0 <= m < len(indexed))
    n = len(indexed) - 1
    while len(chosen) < MAX_SHOWN and n >= 0:
        chosen.add(n)
        n -= 1
    return [indexed[n] for n in sorted(chosen)[-MAX_SHOWN:]]


def _final_event(outcome: dict) -> dict | None:
    """The step where the test failed: the assert, the exception, the hang."""
    at = outcome.get("at")
    if not at:
        return None
    kind = outcome.get("outcome")
    errors = outcome.get("thread_errors") or []
    thread = errors[0]["thread"] if errors else "MainThread"
    if kind == "failed":
        text = "the assertion fails"
    elif kind == "error":
        text = f"raises {errors[0]['type']}" if errors else "raises an exception"
    else:
        return None
    return {
        "thread": thread,
        "file": at.get("file"),
        "line": at.get("line"),
        "code": at.get("code", ""),
        "kind": "assert" if kind == "failed" else "error",
        "text": text,
        # The step where the test fails is where it shows, not a conflict between threads.
        "conflict": False,
    }


def from_watch(events: list[dict], found: dict | None, outcome: dict) -> dict | None:
    """The timeline of a replayed failing schedule."""
    key = found["key"] if found else None
    indexed = [
        (i, e)
        for i, e in enumerate(events)
        if e["kind"] in SYNC_KINDS or (key is not None and e["key"] == key)
    ]
    conflicts: set[int] = set()
    start, end = 0, len(events)
    if found is not None:
        loser, other = found["thread"], found["overwritten_by"]
        # The two threads of the race tell the story; the others only crowd the picture.
        indexed = [(i, e) for i, e in indexed if e["thread"] in (loser, other)]
        # The read the loser based its write on, the other's write, the loser's write.
        conflicts = {i for i in found.get("events") or () if i is not None}
        if conflicts:
            start, end = min(conflicts), max(conflicts) + 1
    before = [i for i, _ in indexed if i < start][-2:]  # what led up to the race
    indexed = [(i, e) for i, e in indexed if (start <= i < end) or i in before]
    indexed = _without_repeats(indexed)
    final = _final_event(outcome)
    if outcome.get("outcome") == "deadlock":
        # The last wait of each stuck thread is where it stopped for good.
        last_wait: dict[str, int] = {}
        for i, e in indexed:
            if e["kind"] in ("blocked", "wait"):  # not the test's join: it only waits too
                last_wait[e["thread"]] = i
        conflicts |= set(last_wait.values())
    indexed = _trim(indexed, conflicts)
    shown = [_public(e, conflict=i in conflicts) for i, e in indexed]
    if final is not None:
        shown.append(final)
    if not shown:
        return None
    started = [e["text"].removeprefix("starts ") for e in events if e["kind"] == "start"]
    return {"threads": _lanes(shown, started), "events": shown}


def from_deadlock(deadlock: dict) -> dict | None:
    """A deadlock seen in a plain run: each thread takes what it holds, then waits."""
    events = []
    for thread in deadlock.get("threads", []):
        for held in thread.get("holds", []):
            file, _, line = held.get("since", "").rpartition(":")
            if not line.isdigit():
                continue
            events.append(
                {
                    "thread": thread["thread"],
                    "file": file,
                    "line": int(line),
                    "code": "",
                    "kind": "acquire",
                    "text": f"takes {held['lock'].split(' (created')[0]}",
                    "conflict": False,
                }
            )
    for thread in deadlock.get("threads", []):
        at = thread.get("at") or {}
        if not at:
            continue
        events.append(
            {
                "thread": thread["thread"],
                "file": at.get("file"),
                "line": at.get("line"),
                "code": at.get("code", ""),
                "kind": "blocked",
                "text": f"waits {thread['waits'].split(' (created')[0]}",
                "conflict": True,
            }
        )
    if not events:
        return None
    return {"threads": _lanes(events), "events": events[-MAX_SHOWN:]}


def _lanes(events: list[dict], started: list[str] | None = None) -> list[str]:
    """One lane per thread, in the order the threads started (the test's own thread first, as
    the code reads); threads of unknown start (a replay without its starts) after them."""
    lanes = list(dict.fromkeys(e["thread"] for e in events))
    order = ["MainThread", *(started or ())]
    return sorted(lanes, key=lambda name: order.index(name) if name in order else len(order))
