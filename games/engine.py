"""Be the scheduler: a step engine for tiny Python threading programs. Plain Python, no Django.

A level's program is data: shared variables and primitives, and two or three threads of short
Python source. The source is parsed with `ast` and compiled to a tiny instruction set (`Op`):

    assign   target = expr            (one atomic step; `x += 1` on a shared x becomes three)
    branch   if not expr: goto dest   (the test of an `if` or `while`)
    jump     goto dest                (free: never a step of its own)
    call     obj.method(args)         (Lock, RLock, Condition, Event, Semaphore, Barrier, Queue,
                                       thread join; may block, may raise)
    assert   assert expr
    critical critical_section()       (two threads standing on one at once = the race is won)
    noop     pass

The player is the scheduler: a move steps one thread by one statement, or *expands* a thread's
current statement when it is made of several ops (`count += 1` -> `tmp = count`,
`tmp = tmp + 1`, `count = tmp`) so that each later step runs one op. The player wins by making
the program misbehave (see VICTORIES). `search()` explores every interleaving (op by op, with
states hashed) so the tests can prove each level winnable and its fixed program safe.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

# Ways a program misbehaves: each is a victory for the player.
CRITICAL = "critical_section"
ASSERTION = "assertion"
ERROR = "error"
DEADLOCK = "deadlock"
EXIT_CHECK = "exit_check"
VICTORIES = {
    CRITICAL: "Two threads in the critical section at once",
    ASSERTION: "A failed assert",
    ERROR: "The program raised an exception",
    DEADLOCK: "A thread waits forever (deadlock or lost wakeup)",
    EXIT_CHECK: "The program ended with a wrong result (lost update or lost work)",
}
FINISHED = "finished"  # the program ended correctly: not a victory

# Constructors a level may declare in `shared`, and what each call takes.
PRIMITIVES = ("Lock", "RLock", "Condition", "Event", "Semaphore", "BoundedSemaphore", "Barrier",
              "Queue")  # fmt: skip
ACQUIRABLE = {"Lock", "RLock", "Condition", "Semaphore", "BoundedSemaphore"}
METHODS = {
    "Lock": {"acquire", "release"},
    "RLock": {"acquire", "release"},
    "Condition": {"acquire", "release", "wait", "notify", "notify_all"},
    "Event": {"set", "clear", "wait"},
    "Semaphore": {"acquire", "release"},
    "BoundedSemaphore": {"acquire", "release"},
    "Barrier": {"wait"},
    "Queue": {"put", "get", "task_done", "join"},
    "Thread": {"join"},
}
# Queries that never block or change anything, usable inside expressions.
QUERIES = {
    "Lock": {"locked"},
    "RLock": set(),
    "Condition": set(),
    "Event": {"is_set"},
    "Semaphore": set(),
    "BoundedSemaphore": set(),
    "Barrier": set(),
    "Queue": {"empty", "full", "qsize"},
    "Thread": {"is_alive"},
}
MAX_THREADS = 3
MAX_STATES = 200_000  # a search that explores more than this is a level design error


class LevelError(ValueError):
    """The program is not one this engine can run; the message says where and why."""


class IllegalMove(ValueError):
    """A move the current state does not allow (a blocked or finished thread, a game over)."""


@dataclass(frozen=True)
class Op:
    kind: str
    line: int  # 0-based index into the thread's source lines
    text: str  # how the op reads on the board
    unit: int  # ops of one statement share a unit; a unit of several ops can be expanded
    target: str | None = None
    expr: ast.expr | None = None
    obj: str | None = None
    method: str | None = None
    args: tuple[ast.expr, ...] = ()
    dest: int | None = None


@dataclass(frozen=True)
class ThreadCode:
    name: str
    source: str
    daemon: bool
    ops: tuple[Op, ...]

    @property
    def lines(self) -> list[str]:
        return self.source.rstrip("\n").split("\n")


@dataclass(frozen=True)
class Program:
    shared: dict[str, Any]  # plain values (ints, bools, strings, None)
    primitives: dict[str, dict[str, Any]]  # name -> initial state, with a "type"
    threads: tuple[ThreadCode, ...]
    at_exit: ast.expr | None
    at_exit_source: str

    def start(self) -> State:
        return State(
            program=self,
            threads=[ThreadState() for _ in self.threads],
            vars=dict(self.shared),
            prims=_copy_prims(self.primitives),
        )

    def thread_index(self, name: str) -> int:
        return [t.name for t in self.threads].index(name)


@dataclass
class ThreadState:
    pc: int = 0
    locals: dict[str, Any] = field(default_factory=dict)
    expanded: bool = False  # the player opened the current multi-op statement


@dataclass(frozen=True)
class Outcome:
    kind: str  # one of VICTORIES, or FINISHED
    message: str

    @property
    def is_victory(self) -> bool:
        return self.kind != FINISHED


class _Raise(Exception):
    """An exception raised inside the simulated program (not by the engine)."""


# --- Reading a level's program ------------------------------------------------------------------


def parse_program(data: Any) -> Program:
    """Build a Program from its data form ({shared, threads, at_exit}); LevelError if invalid."""
    if not isinstance(data, dict):
        raise LevelError("the program must be a mapping with 'shared' and 'threads'")
    unknown = set(data) - {"shared", "threads", "at_exit"}
    if unknown:
        raise LevelError(f"unknown program keys: {', '.join(sorted(unknown))}")
    threads_data = data.get("threads")
    if not isinstance(threads_data, list) or not 2 <= len(threads_data) <= MAX_THREADS:
        raise LevelError(f"a program needs 2 to {MAX_THREADS} threads")
    thread_names = []
    for item in threads_data:
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name.isidentifier() or name in thread_names:
            raise LevelError(f"each thread needs a unique identifier as its name, not {name!r}")
        thread_names.append(name)

    shared: dict[str, Any] = {}
    primitives: dict[str, dict[str, Any]] = {}
    for name, value in (data.get("shared") or {}).items():
        if not str(name).isidentifier() or name in thread_names:
            raise LevelError(f"shared name {name!r} is not an identifier or is a thread's name")
        _declare(name, value, shared, primitives)
    kinds = {name: prim["type"] for name, prim in primitives.items()}
    kinds.update(dict.fromkeys(thread_names, "Thread"))

    threads = []
    for item in threads_data:
        unknown = set(item) - {"name", "code", "daemon"}
        if unknown:
            raise LevelError(f"thread {item['name']}: unknown keys {', '.join(sorted(unknown))}")
        source = item.get("code")
        if not isinstance(source, str) or not source.strip():
            raise LevelError(f"thread {item['name']}: no code")
        ops = _Compiler(item["name"], set(shared), kinds).compile(source)
        threads.append(ThreadCode(item["name"], source, bool(item.get("daemon", False)), ops))

    if all(thread.daemon for thread in threads):
        raise LevelError("at least one thread must not be a daemon (the program would end at once)")
    at_exit_source = str(data.get("at_exit") or "").strip()
    at_exit = None
    if at_exit_source:
        at_exit = _parse_expr(at_exit_source, "at_exit")
        _check_expr(at_exit, set(shared), set(), kinds, "at_exit")
    return Program(shared, primitives, tuple(threads), at_exit, at_exit_source)


def _declare(name: str, value: Any, shared: dict, primitives: dict) -> None:
    """A shared value is a plain value or a constructor call as text: 'Lock()', 'Queue(1)'."""
    if not isinstance(value, str) or "(" not in value:
        if not isinstance(value, int | bool | str | type(None)):
            raise LevelError(f"shared {name}: only ints, bools, strings and None")
        shared[name] = value
        return
    call = _parse_expr(value, f"shared {name}")
    if not isinstance(call, ast.Call):
        raise LevelError(f"shared {name}: {value!r} is not a constructor call")
    kind = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if kind not in PRIMITIVES:
        raise LevelError(f"shared {name}: {kind!r} is not one of {', '.join(PRIMITIVES)}")
    args = list(call.args)
    args += [k.value for k in call.keywords]
    if kind in ("Semaphore", "BoundedSemaphore"):
        initial = _int_arg(args, 1, name)
        primitives[name] = {"type": kind, "value": initial, "initial": initial}
    elif kind == "Barrier":
        primitives[name] = {"type": kind, "parties": _int_arg(args, None, name), "count": 0,
                            "generation": 0}  # fmt: skip
    elif kind == "Queue":
        primitives[name] = {"type": kind, "maxsize": _int_arg(args, 0, name), "items": [],
                            "unfinished": 0}  # fmt: skip
    elif kind == "Condition":
        if args and not (isinstance(args[0], ast.Name) and args[0].id in primitives):
            raise LevelError(f"shared {name}: Condition takes a lock declared above it")
        lock = args[0].id if args else f"{name}._lock"
        if not args:  # like Python: a Condition without a lock makes its own RLock
            primitives[lock] = {"type": "RLock", "owner": None, "count": 0, "hidden": True}
        elif primitives[lock]["type"] not in ("Lock", "RLock"):
            raise LevelError(f"shared {name}: Condition takes a Lock or an RLock")
        primitives[name] = {"type": kind, "lock": lock, "waiters": []}
    elif kind == "Event":
        primitives[name] = {"type": kind, "flag": False}
    else:
        primitives[name] = {"type": kind, "owner": None, "count": 0}


def _int_arg(args: list[ast.expr], default: int | None, name: str) -> int:
    if not args:
        if default is None:
            raise LevelError(f"shared {name}: needs a number")
        return default
    if not isinstance(args[0], ast.Constant) or type(args[0].value) is not int:
        raise LevelError(f"shared {name}: the argument must be a whole number")
    return args[0].value


def _parse_expr(source: str, where: str) -> ast.expr:
    try:
        return ast.parse(source, mode="eval").body
    except SyntaxError as error:
        raise LevelError(f"{where}: {error.msg}") from None


ALLOWED_EXPR = (ast.Constant, ast.Name, ast.BinOp, ast.Compare, ast.BoolOp, ast.UnaryOp,
                ast.Load, ast.Add, ast.Sub, ast.Mult, ast.Mod, ast.FloorDiv, ast.Eq, ast.NotEq,
                ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot, ast.And, ast.Or, ast.Not,
                ast.USub)  # fmt: skip


def _check_expr(node: ast.expr, shared: set, local: set, kinds: dict, where: str) -> None:
    """Only arithmetic, comparisons and non-blocking queries (`ev.is_set()`, `q.empty()`)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            _query_call(sub, kinds, where)
        elif isinstance(sub, ast.Attribute):
            continue  # checked with its call
        elif not isinstance(sub, ALLOWED_EXPR):
            raise LevelError(f"{where}: {type(sub).__name__} is not supported")
        elif isinstance(sub, ast.Name) and sub.id not in shared | local | set(kinds):
            raise LevelError(f"{where}: unknown name {sub.id!r}")


def _query_call(call: ast.Call, kinds: dict, where: str) -> tuple[str, str]:
    func = call.func
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
        raise LevelError(f"{where}: only calls like obj.method() are supported")
    obj, method = func.value.id, func.attr
    if obj not in kinds or method not in QUERIES[kinds[obj]] or call.args:
        raise LevelError(f"{where}: {obj}.{method}() cannot be used in an expression")
    return obj, method


class _Compiler:
    """Compiles one thread's source to ops. Every op remembers its source line."""

    def __init__(self, thread: str, shared: set[str], kinds: dict[str, str]) -> None:
        self.thread, self.shared, self.kinds = thread, shared, kinds
        self.ops: list[Op] = []
        self.units = 0
        self.locals: set[str] = set()

    def compile(self, source: str) -> tuple[Op, ...]:
        try:
            tree = ast.parse(source)
        except SyntaxError as error:
            raise LevelError(f"thread {self.thread} line {error.lineno}: {error.msg}") from None
        # Locals are every name the thread assigns that is not shared (plus tmp for expansions).
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                if node.id in self.kinds:
                    raise LevelError(f"thread {self.thread}: cannot assign to {node.id}")
                if node.id not in self.shared:
                    self.locals.add(node.id)
        self.block(tree.body)
        if not self.ops:
            raise LevelError(f"thread {self.thread}: no statements")
        # A jump to the end of the code (past the last op) is fine: the thread finishes.
        return tuple(self.ops)

    def emit(self, kind: str, node: ast.AST, text: str, *, new_unit: bool = True, **kw) -> Op:
        if new_unit:
            self.units += 1
        op = Op(kind, node.lineno - 1, text, self.units, **kw)
        self.ops.append(op)
        return op

    def patch(self, index: int, dest: int) -> None:
        old = self.ops[index]
        self.ops[index] = Op(old.kind, old.line, old.text, old.unit, old.target, old.expr,
                             old.obj, old.method, old.args, dest)  # fmt: skip

    def where(self, node: ast.AST) -> str:
        return f"thread {self.thread} line {node.lineno}"

    def expr(self, node: ast.expr) -> ast.expr:
        _check_expr(node, self.shared, self.locals, self.kinds, self.where(node))
        return node

    def block(self, body: list[ast.stmt]) -> None:
        for node in body:
            self.statement(node)

    def statement(self, node: ast.stmt) -> None:
        text = ast.unparse(node).split("\n")[0]
        if isinstance(node, ast.Pass):
            self.emit("noop", node, "pass")
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            self.call(node, node.value, target=None)
        elif isinstance(node, ast.Assign):
            if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
                raise LevelError(f"{self.where(node)}: assign to one plain name")
            target = node.targets[0].id
            if isinstance(node.value, ast.Call):
                self.call(node, node.value, target=target)
            else:
                self.emit("assign", node, text, target=target, expr=self.expr(node.value))
        elif isinstance(node, ast.AugAssign):
            self.augassign(node)
        elif isinstance(node, ast.Assert):
            self.emit("assert", node, text, expr=self.expr(node.test))
        elif isinstance(node, ast.If):
            branch = len(self.ops)
            self.emit("branch", node, f"if {ast.unparse(node.test)}:", expr=self.expr(node.test))
            self.block(node.body)
            if node.orelse:
                skip = len(self.ops)
                self.emit("jump", node, "", new_unit=False)
                self.patch(branch, len(self.ops))
                self.block(node.orelse)
                self.patch(skip, len(self.ops))
            else:
                self.patch(branch, len(self.ops))
        elif isinstance(node, ast.While):
            if node.orelse:
                raise LevelError(f"{self.where(node)}: while ... else is not supported")
            top = len(self.ops)
            forever = isinstance(node.test, ast.Constant) and node.test.value is True
            if not forever:
                test = self.expr(node.test)
                self.emit("branch", node, f"while {ast.unparse(node.test)}:", expr=test)
            self.block(node.body)
            self.emit("jump", node, "", new_unit=False, dest=top)
            if not forever:
                self.patch(top, len(self.ops))
        elif isinstance(node, ast.With):
            self.with_(node)
        else:
            raise LevelError(f"{self.where(node)}: {type(node).__name__} is not supported")

    def augassign(self, node: ast.AugAssign) -> None:
        """`x += e` on a shared x is three ops (read, compute, write back): not atomic."""
        if not isinstance(node.target, ast.Name):
            raise LevelError(f"{self.where(node)}: augmented assignment to a plain name only")
        name = node.target.id
        combined = ast.BinOp(ast.Name(name, ast.Load()), node.op, node.value)
        ast.copy_location(combined, node)
        ast.fix_missing_locations(combined)
        if name not in self.shared:
            self.emit("assign", node, ast.unparse(node), target=name, expr=self.expr(combined))
            return
        self.locals.add("tmp")
        tmp = ast.Name("tmp", ast.Load())
        compute = ast.BinOp(tmp, node.op, node.value)
        for part in (tmp, compute):
            ast.copy_location(part, node)
            ast.fix_missing_locations(part)
        self.emit("assign", node, f"tmp = {name}", target="tmp",
                  expr=self.expr(ast.Name(name, ast.Load(), lineno=node.lineno)))  # fmt: skip
        self.emit("assign", node, f"tmp = {ast.unparse(compute)}", new_unit=False, target="tmp",
                  expr=self.expr(compute))  # fmt: skip
        self.emit("assign", node, f"{name} = tmp", new_unit=False, target=name, expr=tmp)

    def call(self, node: ast.stmt, call: ast.Call, *, target: str | None) -> None:
        text = ast.unparse(node)
        func = call.func
        if isinstance(func, ast.Name) and func.id == "critical_section" and target is None:
            self.emit("critical", node, text)
            return
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
            raise LevelError(f"{self.where(node)}: only obj.method() and critical_section()")
        obj, method = func.value.id, func.attr
        kind = self.kinds.get(obj)
        if kind is None or method not in METHODS[kind] | QUERIES[kind]:
            raise LevelError(f"{self.where(node)}: {obj}.{method}() is not supported")
        if call.keywords:
            raise LevelError(f"{self.where(node)}: keyword arguments are not supported")
        args = tuple(self.expr(a) for a in call.args)
        if method in QUERIES[kind]:
            self.emit("assign", node, text, target=target, expr=self.expr(call))
            return
        if kind == "Queue" and method == "put" and len(args) != 1:
            raise LevelError(f"{self.where(node)}: put() takes one item")
        if not (kind == "Queue" and method == "put") and args:
            raise LevelError(f"{self.where(node)}: {method}() takes no arguments here")
        self.emit("call", node, text, target=target, obj=obj, method=method, args=args)
        # Waiting is two steps: release and sleep, then (once woken) take the lock back, or
        # (at a barrier) arrive, then leave once everyone has arrived.
        if kind == "Condition" and method == "wait":
            self.emit("call", node, f"{text}  # woken: take {obj}'s lock back", obj=obj,
                      method="reacquire")  # fmt: skip
        if kind == "Barrier":
            self.emit("call", node, f"{text}  # leave once all have arrived", obj=obj,
                      method="leave")  # fmt: skip

    def with_(self, node: ast.With) -> None:
        if len(node.items) != 1 or node.items[0].optional_vars is not None:
            raise LevelError(f"{self.where(node)}: use `with lock:` with one object")
        ctx = node.items[0].context_expr
        if not isinstance(ctx, ast.Name) or self.kinds.get(ctx.id) not in ACQUIRABLE:
            raise LevelError(f"{self.where(node)}: `with` takes a lock, condition or semaphore")
        name = ctx.id
        self.emit("call", node, f"with {name}:  # {name}.acquire()", obj=name, method="acquire")
        self.block(node.body)
        self.emit("call", node, f"with {name}:  # leaving: {name}.release()", obj=name,
                  method="release")  # fmt: skip


# --- Running it ---------------------------------------------------------------------------------


def _copy_prims(prims: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        name: {k: list(v) if isinstance(v, list) else v for k, v in prim.items()}
        for name, prim in prims.items()
    }


_BINOPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
           ast.Mult: lambda a, b: a * b, ast.Mod: lambda a, b: a % b,
           ast.FloorDiv: lambda a, b: a // b}  # fmt: skip
_COMPARE = {ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
            ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b,
            ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b,
            ast.Is: lambda a, b: a is b, ast.IsNot: lambda a, b: a is not b}  # fmt: skip


@dataclass
class State:
    """One moment of a game. Moves return a new State; a State is never changed after a move."""

    program: Program
    threads: list[ThreadState]
    vars: dict[str, Any]
    prims: dict[str, dict[str, Any]]
    outcome: Outcome | None = None
    killed: tuple[str, ...] = ()  # daemon threads stopped when the program ended

    # -- reading --

    def op(self, index: int) -> Op | None:
        ops = self.program.threads[index].ops
        pc = self.threads[index].pc
        return ops[pc] if pc < len(ops) else None

    def finished(self, index: int) -> bool:
        return self.threads[index].pc >= len(self.program.threads[index].ops)

    def can_step(self, index: int) -> bool:
        return self.outcome is None and self.blocked_reason(index) is None

    def can_expand(self, index: int) -> bool:
        op = self.op(index)
        return (
            self.outcome is None
            and op is not None
            and not self.threads[index].expanded
            and len(self.unit_ops(index)) > 1
        )

    def unit_ops(self, index: int) -> list[Op]:
        """The ops of the statement the thread stands on (several for `x += 1`)."""
        op = self.op(index)
        if op is None:
            return []
        return [o for o in self.program.threads[index].ops if o.unit == op.unit]

    def blocked_reason(self, index: int) -> str | None:
        """Why the thread cannot take a step now, or None if it can."""
        op = self.op(index)
        if op is None:
            return "killed" if self.program.threads[index].name in self.killed else "finished"
        if op.kind != "call":
            return None
        name = self.program.threads[index].name
        if op.method in ("acquire", "reacquire"):
            prim = self.prims[op.obj]
            if op.method == "reacquire" and name in prim["waiters"]:
                return f"waiting on {op.obj} until notified"
            lock_name = prim["lock"] if prim["type"] == "Condition" else op.obj
            lock = self.prims[lock_name]
            if lock["type"] in ("Semaphore", "BoundedSemaphore"):
                return None if lock["value"] > 0 else f"waiting: {op.obj} is at 0"
            if lock["owner"] is None or (lock["type"] == "RLock" and lock["owner"] == name):
                return None
            holder = "itself" if lock["owner"] == name else lock["owner"]
            return f"waiting for {_lock_label(lock_name)}, held by {holder}"
        prim = self.prims.get(op.obj)
        kind = prim["type"] if prim else "Thread"
        if kind == "Event" and op.method == "wait" and not prim["flag"]:
            return f"waiting until {op.obj} is set"
        if kind == "Barrier" and op.method == "leave":
            arrived = self.threads[index].locals[f"_{op.obj}_generation"]
            if arrived == prim["generation"]:
                return f"waiting at {op.obj} ({prim['count']} of {prim['parties']} arrived)"
        if kind == "Queue":
            if op.method == "get" and not prim["items"]:
                return f"waiting: {op.obj} is empty"
            if op.method == "put" and 0 < prim["maxsize"] <= len(prim["items"]):
                return f"waiting: {op.obj} is full"
            if op.method == "join" and prim["unfinished"]:
                return f"waiting until every item of {op.obj} is marked done"
        if kind == "Thread" and op.method == "join":
            other = self.program.thread_index(op.obj)
            if not self.finished(other):
                return f"waiting for thread {op.obj} to finish"
        return None

    def key(self) -> tuple:
        """Everything that decides the future, hashable (for the exhaustive search)."""
        return (
            tuple((t.pc, tuple(sorted(t.locals.items()))) for t in self.threads),
            tuple(sorted(self.vars.items())),
            tuple(
                (name, tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in p.items()))
                for name, p in sorted(self.prims.items())
            ),
        )

    # -- moving --

    def moves(self) -> list[tuple[str, int]]:
        found = []
        for index in range(len(self.threads)):
            if self.can_step(index):
                found.append(("step", index))
            if self.can_expand(index):
                found.append(("expand", index))
        return found

    def apply(self, move: tuple[str, int]) -> tuple[State, str]:
        """The state after `move`, and a sentence saying what happened."""
        action, index = move
        if not 0 <= index < len(self.threads):
            raise IllegalMove(f"there is no thread {index + 1}")
        name = self.program.threads[index].name
        new = self._copy()
        if action == "expand":
            if not self.can_expand(index):
                raise IllegalMove(f"{name}'s statement cannot be expanded")
            new.threads[index].expanded = True
            parts = ", ".join(op.text for op in self.unit_ops(index))
            return new, f"{name}'s statement expanded into {parts}"
        if action != "step" or not self.can_step(index):
            raise IllegalMove(f"{name} cannot move: {self.blocked_reason(index) or 'game over'}")
        thread = new.threads[index]
        unit = self.op(index).unit
        said = []
        while True:
            op = new.op(index)
            said.append(new._execute(index, op))
            new._follow_jumps(index)
            if new.outcome is not None:
                break
            after = new.op(index)
            if thread.expanded or after is None or after.unit != unit or new.blocked_reason(index):
                break
        if new.op(index) is None or new.op(index).unit != unit:
            thread.expanded = False
        new._judge()
        message = f"{name}: " + "; ".join(s for s in said if s)
        if new.outcome is not None:
            message += f". {new.outcome.message}"
        return new, message

    def _copy(self) -> State:
        return State(
            program=self.program,
            threads=[ThreadState(t.pc, dict(t.locals), t.expanded) for t in self.threads],
            vars=dict(self.vars),
            prims=_copy_prims(self.prims),
            outcome=self.outcome,
            killed=self.killed,
        )

    def _follow_jumps(self, index: int) -> None:
        op = self.op(index)
        while op is not None and op.kind == "jump":
            self.threads[index].pc = op.dest
            op = self.op(index)

    def _execute(self, index: int, op: Op) -> str:
        thread = self.threads[index]
        name = self.program.threads[index].name
        thread.pc += 1
        try:
            if op.kind == "assign":
                value = self._eval(op.expr, thread)
                self._store(thread, op.target, value)
                return f"{op.text} ({op.target} is {value!r})" if op.target == "tmp" else op.text
            if op.kind == "branch":
                if self._eval(op.expr, thread):
                    return f"{op.text} true"
                thread.pc = op.dest
                return f"{op.text} false"
            if op.kind == "assert":
                if not self._eval(op.expr, thread):
                    raise _Raise(f"AssertionError in {name}: {op.text}")
                return f"{op.text} holds"
            if op.kind == "call":
                return self._call(index, op)
            return op.text  # critical, noop
        except _Raise as error:
            kind = ASSERTION if str(error).startswith("AssertionError") else ERROR
            self.outcome = Outcome(kind, str(error))
            return ""

    def _store(self, thread: ThreadState, target: str | None, value: Any) -> None:
        if target is None:
            return
        if target in self.vars:
            self.vars[target] = value
        else:
            thread.locals[target] = value

    def _eval(self, node: ast.expr, thread: ThreadState) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in thread.locals:
                return thread.locals[node.id]
            if node.id in self.vars:
                return self.vars[node.id]
            raise _Raise(f"NameError: {node.id} is not set yet")
        if isinstance(node, ast.BinOp):
            left, right = self._eval(node.left, thread), self._eval(node.right, thread)
            try:
                return _BINOPS[type(node.op)](left, right)
            except (TypeError, ZeroDivisionError) as error:
                raise _Raise(f"{type(error).__name__}: {error}") from None
        if isinstance(node, ast.UnaryOp):
            value = self._eval(node.operand, thread)
            return (not value) if isinstance(node.op, ast.Not) else -value
        if isinstance(node, ast.BoolOp):
            value = None
            for sub in node.values:
                value = self._eval(sub, thread)
                if isinstance(node.op, ast.And) != bool(value):
                    return value
            return value
        if isinstance(node, ast.Compare):
            left = self._eval(node.left, thread)
            for cmp, right_node in zip(node.ops, node.comparators, strict=True):
                right = self._eval(right_node, thread)
                try:
                    if not _COMPARE[type(cmp)](left, right):
                        return False
                except TypeError as error:
                    raise _Raise(f"TypeError: {error}") from None
                left = right
            return True
        if isinstance(node, ast.Call):  # a query, checked at compile time
            obj, method = node.func.value.id, node.func.attr
            if obj not in self.prims:
                return not self.finished(self.program.thread_index(obj))  # is_alive()
            prim = self.prims[obj]
            return {
                "locked": lambda: prim.get("owner") is not None,
                "is_set": lambda: prim.get("flag"),
                "empty": lambda: not prim.get("items"),
                "full": lambda: 0 < prim["maxsize"] <= len(prim["items"]),
                "qsize": lambda: len(prim["items"]),
            }[method]()
        raise _Raise(f"cannot evaluate {ast.unparse(node)}")

    def _call(self, index: int, op: Op) -> str:
        """Run one primitive operation (its blocking was checked by blocked_reason)."""
        thread = self.threads[index]
        name = self.program.threads[index].name
        obj, method = op.obj, op.method
        prim = self.prims.get(obj)
        kind = prim["type"] if prim else "Thread"
        if kind == "Condition" and method in ("acquire", "release"):
            return self._lock_op(name, prim["lock"], method, shown=obj)
        if kind in ("Lock", "RLock", "Semaphore", "BoundedSemaphore"):
            return self._lock_op(name, obj, method, shown=obj)
        if kind == "Condition":
            lock = self.prims[prim["lock"]]
            if method == "reacquire":
                lock["owner"] = name
                lock["count"] = thread.locals.pop(f"_{obj}_count", 1)
                return f"woke up and took {obj}'s lock back"
            if lock["owner"] != name:
                raise _Raise(f"RuntimeError in {name}: cannot {method} on un-acquired lock")
            if method == "wait":
                thread.locals[f"_{obj}_count"] = lock["count"]
                lock["owner"], lock["count"] = None, 0
                prim["waiters"].append(name)
                return f"released {obj}'s lock and sleeps until notified"
            woken = prim["waiters"] if method == "notify_all" else prim["waiters"][:1]
            prim["waiters"] = prim["waiters"][len(woken) :]
            return f"{op.text}: woke {', '.join(woken) or 'nobody (no thread was waiting)'}"
        if kind == "Event":
            if method == "wait":
                return f"{obj} is set: went on"
            prim["flag"] = method == "set"
            return op.text
        if kind == "Barrier":
            if method == "leave":
                thread.locals.pop(f"_{obj}_generation")
                return f"passed {obj}"
            thread.locals[f"_{obj}_generation"] = prim["generation"]
            prim["count"] += 1
            if prim["count"] == prim["parties"]:
                prim["count"], prim["generation"] = 0, prim["generation"] + 1
                return f"arrived at {obj}, the last of {prim['parties']}: all may go"
            return f"arrived at {obj} ({prim['count']} of {prim['parties']})"
        if kind == "Queue":
            if method == "put":
                item = self._eval(op.args[0], thread)
                prim["items"].append(item)
                prim["unfinished"] += 1
                return f"put {item!r} into {obj}"
            if method == "get":
                item = prim["items"].pop(0)
                self._store(thread, op.target, item)
                return f"got {item!r} from {obj}"
            if method == "task_done":
                if prim["unfinished"] == 0:
                    raise _Raise(f"ValueError in {name}: task_done() called too many times")
                prim["unfinished"] -= 1
                return op.text
            return f"every item of {obj} is done: went on"
        # Thread join
        if obj == name:
            raise _Raise(f"RuntimeError in {name}: cannot join current thread")
        return f"{obj} has finished: went on"

    def _lock_op(self, name: str, lock_name: str, method: str, *, shown: str) -> str:
        lock = self.prims[lock_name]
        if lock["type"] in ("Semaphore", "BoundedSemaphore"):
            if method == "acquire":
                lock["value"] -= 1
                return f"acquired {shown} (now {lock['value']})"
            if lock["type"] == "BoundedSemaphore" and lock["value"] >= lock["initial"]:
                raise _Raise(f"ValueError in {name}: Semaphore released too many times")
            lock["value"] += 1
            return f"released {shown} (now {lock['value']})"
        if method == "acquire":
            lock["owner"] = name
            lock["count"] += 1
            return f"acquired {shown}"
        if lock["owner"] is None:
            raise _Raise(f"RuntimeError in {name}: release unlocked lock")
        if lock["type"] == "RLock" and lock["owner"] != name:
            raise _Raise(f"RuntimeError in {name}: cannot release un-acquired lock")
        lock["count"] -= 1
        if lock["type"] == "Lock" or lock["count"] == 0:
            lock["owner"], lock["count"] = None, 0
            return f"released {shown}"
        return f"released {shown} once ({lock['count']} more to go)"

    def _judge(self) -> None:
        """After a move: did the program misbehave, end, or get stuck?"""
        if self.outcome is not None:
            return
        critical = [
            self.program.threads[i].name
            for i in range(len(self.threads))
            if (op := self.op(i)) is not None and op.kind == "critical"
        ]
        if len(critical) >= 2:
            self.outcome = Outcome(
                CRITICAL, f"{' and '.join(critical)} are both in the critical section!"
            )
            return
        program = self.program
        alive = [i for i in range(len(self.threads)) if not self.finished(i)]
        if all(program.threads[i].daemon for i in alive):
            # Every non-daemon thread has finished: Python exits and daemon threads just stop.
            self.killed = tuple(program.threads[i].name for i in alive)
            for i in alive:
                self.threads[i].pc = len(program.threads[i].ops)
            stopped = f" Daemon thread {', '.join(self.killed)} was stopped." if alive else ""
            if program.at_exit is not None:
                ok = self._eval(program.at_exit, ThreadState())
                if not ok:
                    self.outcome = Outcome(
                        EXIT_CHECK,
                        f"The program ended with {program.at_exit_source} false:{stopped} "
                        f"{self._describe_vars(program.at_exit)}",
                    )
                    return
            self.outcome = Outcome(FINISHED, f"The program finished correctly.{stopped}")
            return
        if not any(self.blocked_reason(i) is None for i in alive):
            reasons = "; ".join(
                f"{program.threads[i].name} is {self.blocked_reason(i)}" for i in alive
            )
            self.outcome = Outcome(DEADLOCK, f"No thread can ever move again: {reasons}.")

    def _describe_vars(self, node: ast.expr) -> str:
        names = sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name)} & set(self.vars))
        return ", ".join(f"{n} is {self.vars[n]!r}" for n in names) + "."


def _lock_label(name: str) -> str:
    return name.replace("._lock", "'s lock")


# --- Moves as text, replay and exhaustive search ------------------------------------------------


def encode_moves(moves: list[tuple[str, int]]) -> str:
    """'1 x2 2' = step thread 1, expand thread 2, step thread 2 (threads counted from 1)."""
    return " ".join(("x" if a == "expand" else "") + str(i + 1) for a, i in moves)


def decode_moves(text: str) -> list[tuple[str, int]]:
    moves = []
    for token in (text or "").split():
        expand = token.startswith("x")
        digits = token[1:] if expand else token
        if not digits.isdigit() or not 1 <= int(digits) <= MAX_THREADS:
            raise IllegalMove(f"not a move: {token!r}")
        moves.append(("expand" if expand else "step", int(digits) - 1))
    return moves


def replay(program: Program, moves: list[tuple[str, int]]) -> tuple[State, list[str]]:
    """Play moves from the start; IllegalMove if one is not allowed where it comes."""
    state, said = program.start(), []
    for move in moves:
        state, message = state.apply(move)
        said.append(message)
    return state, said


@dataclass(frozen=True)
class SearchResult:
    states: int
    wins: dict[str, list[tuple[str, int]]]  # victory kind -> a shortest-found move list


def search(program: Program) -> SearchResult:
    """Explore every reachable state, op by op (every statement expanded), and keep one way to
    each kind of victory. Finer steps reach everything coarser steps can, so nothing is missed.
    """
    start = program.start()
    seen = {start.key()}
    stack: list[tuple[State, list[tuple[str, int]]]] = [(start, [])]
    wins: dict[str, list[tuple[str, int]]] = {}
    while stack:
        state, path = stack.pop()
        for index in range(len(state.threads)):
            if not state.can_step(index):
                continue
            moves = [("step", index)]
            if state.can_expand(index):
                moves.insert(0, ("expand", index))
            after = state
            for move in moves:
                after, _ = after.apply(move)
            if after.outcome is not None:
                if after.outcome.is_victory and (
                    after.outcome.kind not in wins
                    or len(path) + len(moves) < len(wins[after.outcome.kind])
                ):
                    wins[after.outcome.kind] = path + moves
                continue
            key = after.key()
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_STATES:
                raise LevelError(f"more than {MAX_STATES} states: make the level smaller")
            stack.append((after, path + moves))
    return SearchResult(states=len(seen), wins=wins)
