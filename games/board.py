"""What the board shows: a game's state turned into columns, lines and a shared-state panel.

The game itself lives in the move history (the form's hidden `moves` field): every request
replays it through the engine, applies the player's action and presents the result."""

from __future__ import annotations

from dataclasses import dataclass, field

from games import engine

ACTIONS = ("step", "expand")


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    current: bool
    parts: list[tuple[str, bool]] = field(default_factory=list)  # an expanded statement's ops


@dataclass(frozen=True)
class Column:
    number: int  # 1-based: the key that steps it
    name: str
    daemon: bool
    lines: list[Line]
    status: str  # "Next: …", "Blocked: …", "Finished"
    can_step: bool
    can_expand: bool
    locals: list[tuple[str, object]]

    @property
    def step_id(self) -> str:
        return f"step-{self.number}"


@dataclass(frozen=True)
class Board:
    columns: list[Column]
    variables: list[tuple[str, object]]
    primitives: list[tuple[str, str, str]]  # name, type, what it holds
    outcome: engine.Outcome | None
    moves: str  # the history, for the hidden field
    move_count: int
    news: str  # what the last action did, for the live region
    focus: str  # id of the control to focus after this action


def play(program: engine.Program, *, history: str, action: str) -> tuple[Board, bool]:
    """Replay `history`, apply `action` ("step-2", "expand-1", "undo", "reset", or "" to just
    show) and return the board and whether this action won the game."""
    try:
        moves = engine.decode_moves(history)
        state, said = engine.replay(program, moves)
    except engine.IllegalMove:
        # A tampered or stale history (the level was edited since): start over, and say so.
        return present(program, [], "That game could not be replayed, so it starts over."), False
    focus = ""
    if action == "reset":
        return present(program, [], "The board is reset.", focus="step-1"), False
    if action == "undo":
        if not moves:
            return present(program, [], "Nothing to undo.", focus="step-1"), False
        return present(program, moves[:-1], "Undid the last move.", focus="undo"), False
    verb, _, number = action.partition("-")
    if verb not in ACTIONS or not number.isdigit():
        return present(program, moves, said[-1] if said else ""), False
    move = (verb, int(number) - 1)
    try:
        after, message = state.apply(move)
    except engine.IllegalMove as error:
        return present(program, moves, f"Not allowed: {error}."), False
    focus = f"step-{number}"
    won = after.outcome is not None and after.outcome.is_victory
    return present(program, [*moves, move], message, focus=focus, state=after), won


def present(
    program: engine.Program,
    moves: list[tuple[str, int]],
    news: str,
    *,
    focus: str = "",
    state: engine.State | None = None,
) -> Board:
    if state is None:
        state, _ = engine.replay(program, moves)
    columns = [_column(state, i) for i in range(len(program.threads))]
    # Only after the player acted (not on a fresh page): keep their place, or move to the
    # outcome, or to the first thread that can still move.
    if focus and state.outcome is not None:
        focus = "outcome"
    elif focus and not _enabled(columns, focus):
        focus = next((c.step_id for c in columns if c.can_step), "")
    return Board(
        columns=columns,
        variables=sorted(state.vars.items()),
        primitives=[
            _primitive(state, name)
            for name in sorted(state.prims)
            if not state.prims[name].get("hidden")
        ],  # fmt: skip
        outcome=state.outcome,
        moves=engine.encode_moves(moves),
        move_count=len(moves),
        news=news,
        focus=focus,
    )


def _enabled(columns: list[Column], focus: str) -> bool:
    if focus == "undo":
        return True
    verb, _, number = focus.partition("-")
    column = next((c for c in columns if str(c.number) == number), None)
    return column is not None and (column.can_step if verb == "step" else column.can_expand)


def _column(state: engine.State, index: int) -> Column:
    code = state.program.threads[index]
    op = state.op(index)
    expanded = state.threads[index].expanded
    unit = state.unit_ops(index) if expanded else []
    lines = []
    for number, text in enumerate(code.lines):
        current = op is not None and op.line == number
        parts = [(o.text, o is op) for o in unit] if current else []
        lines.append(Line(number + 1, text, current, parts))
    reason = state.blocked_reason(index)
    if op is None:
        status = "Stopped (daemon thread, program ended)" if reason == "killed" else "Finished"
    elif reason and state.outcome is None:
        status = f"Blocked: {reason}"
    else:
        status = f"Next: {op.text}"
    return Column(
        number=index + 1,
        name=code.name,
        daemon=code.daemon,
        lines=lines,
        status=status,
        can_step=state.can_step(index),
        can_expand=state.can_expand(index),
        locals=sorted(
            (k, v) for k, v in state.threads[index].locals.items() if not k.startswith("_")
        ),  # fmt: skip
    )


def _primitive(state: engine.State, name: str) -> tuple[str, str, str]:
    prim = state.prims[name]
    kind = prim["type"]
    if kind in ("Lock", "RLock"):
        owner = prim["owner"]
        held = f"held by {owner}" if owner else "free"
        if owner and kind == "RLock" and prim["count"] > 1:
            held += f" ({prim['count']} times)"
        return name, kind, held
    if kind == "Condition":
        lock = state.prims[prim["lock"]]
        held = f"lock held by {lock['owner']}" if lock["owner"] else "lock free"
        waiting = ", ".join(prim["waiters"]) or "nobody"
        return name, kind, f"{held}; waiting: {waiting}"
    if kind == "Event":
        return name, kind, "set" if prim["flag"] else "not set"
    if kind in ("Semaphore", "BoundedSemaphore"):
        return name, kind, f"{prim['value']} permit{'s' if prim['value'] != 1 else ''} left"
    if kind == "Barrier":
        return name, kind, f"{prim['count']} of {prim['parties']} arrived"
    items = ", ".join(repr(i) for i in prim["items"]) or "empty"
    size = f" (maxsize {prim['maxsize']})" if prim["maxsize"] else ""
    return name, kind, f"[{items}]{size}; {prim['unfinished']} not done"
