"""The step engine, Django-free: its semantics by unit tests, and every shipped level proved
by exhaustive search (winnable as intended; its fixed program breaks under no schedule)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from games import engine

LEVELS_FILE = Path(__file__).resolve().parents[2] / "content" / "games" / "be-the-scheduler.yaml"
LEVELS = yaml.safe_load(LEVELS_FILE.read_text())["levels"]


def program(threads: dict[str, str], shared: dict | None = None, **extra) -> engine.Program:
    return engine.parse_program(
        {
            "shared": shared or {},
            "threads": [{"name": n, "code": c} for n, c in threads.items()],
            **extra,
        }
    )


def play(prog: engine.Program, moves: str) -> engine.State:
    state, _ = engine.replay(prog, engine.decode_moves(moves))
    return state


# --- Statements and steps ---------------------------------------------------------------------


def test_an_increment_of_a_shared_variable_expands_into_read_add_write():
    prog = program({"A": "count += 1", "B": "pass"}, {"count": 0})
    state, said = prog.start().apply(("expand", 0))
    assert [op.text for op in state.unit_ops(0)] == ["tmp = count", "tmp = tmp + 1", "count = tmp"]
    assert "expanded" in said
    state, said = state.apply(("step", 0))
    assert state.threads[0].locals == {"tmp": 0} and state.vars["count"] == 0
    assert "tmp = count (tmp is 0)" in said


def test_an_unexpanded_increment_runs_as_one_step():
    state = play(program({"A": "count += 1", "B": "pass"}, {"count": 0}), "1")
    assert state.vars["count"] == 1 and state.finished(0)


def test_interleaved_increments_lose_an_update_and_win_by_the_exit_check():
    prog = program({"A": "count += 1", "B": "count += 1"}, {"count": 0}, at_exit="count == 2")
    assert play(prog, "1 2").outcome.kind == engine.FINISHED
    lost = play(prog, "x1 1 2 1 1")
    assert lost.vars["count"] == 1
    assert lost.outcome.kind == engine.EXIT_CHECK and "count is 1" in lost.outcome.message


def test_a_thread_cannot_step_while_another_holds_the_lock():
    prog = program({"A": "with lock:\n    x = 1", "B": "with lock:\n    x = 2"}, {"lock": "Lock()"})
    state = play(prog, "1")
    assert state.blocked_reason(1) == "waiting for lock, held by A"
    with pytest.raises(engine.IllegalMove):
        state.apply(("step", 1))
    assert play(prog, "1 1 1 2 2 2").outcome.kind == engine.FINISHED


def test_two_threads_standing_on_critical_sections_win():
    prog = program({"A": "critical_section()", "B": "critical_section()"})
    assert prog.start().outcome is None  # judged after a move, not at the start
    state = play(prog, "1")
    assert state.outcome is None  # A left its critical section before B arrived
    both = program({"A": "pass\ncritical_section()", "B": "pass\ncritical_section()"})
    assert play(both, "1 2").outcome.kind == engine.CRITICAL


def test_a_plain_lock_taken_twice_by_its_owner_deadlocks_and_an_rlock_does_not():
    code = "with lock:\n    with lock:\n        x = 1"
    plain = program({"A": code, "B": "pass"}, {"lock": "Lock()"})
    stuck = play(plain, "2 1")
    assert stuck.outcome.kind == engine.DEADLOCK
    assert "held by itself" in stuck.outcome.message
    rlock = program({"A": code, "B": "pass"}, {"lock": "RLock()"})
    assert play(rlock, "2 1 1 1 1 1").outcome.kind == engine.FINISHED


def test_releasing_an_rlock_held_by_another_thread_raises():
    prog = program({"A": "lock.acquire()\nx = 1", "B": "lock.release()"}, {"lock": "RLock()"})
    state = play(prog, "1 2")
    assert state.outcome.kind == engine.ERROR and "RuntimeError" in state.outcome.message


def test_condition_wait_releases_the_lock_and_notify_moves_the_waiter_to_reacquire():
    prog = program(
        {"W": "with cond:\n    cond.wait()", "N": "with cond:\n    cond.notify()"},
        {"cond": "Condition()"},
    )
    state = play(prog, "1 1")
    assert state.prims["cond"]["waiters"] == ["W"]
    assert state.prims["cond._lock"]["owner"] is None
    assert state.blocked_reason(0) == "waiting on cond until notified"
    state = play(prog, "1 1 2 2")
    assert state.prims["cond"]["waiters"] == []
    assert state.blocked_reason(0) == "waiting for cond's lock, held by N"
    assert play(prog, "1 1 2 2 2 1 1").outcome.kind == engine.FINISHED


def test_a_notify_before_the_wait_is_lost():
    prog = program(
        {"W": "with cond:\n    cond.wait()", "N": "with cond:\n    cond.notify()"},
        {"cond": "Condition()"},
    )
    state = play(prog, "2 2 2 1 1")
    assert state.outcome.kind == engine.DEADLOCK
    assert "W is waiting on cond until notified" in state.outcome.message


def test_notify_without_holding_the_lock_raises():
    prog = program({"A": "cond.notify()", "B": "pass"}, {"cond": "Condition()"})
    assert play(prog, "1").outcome.kind == engine.ERROR


def test_event_wait_blocks_until_set():
    prog = program({"A": "ev.wait()", "B": "ev.set()"}, {"ev": "Event()"})
    assert not prog.start().can_step(0)
    assert play(prog, "2 1").outcome.kind == engine.FINISHED


def test_a_semaphore_counts_permits_and_a_bounded_one_refuses_an_extra_release():
    prog = program({"A": "s.acquire()\ns.acquire()", "B": "s.release()"}, {"s": "Semaphore(1)"})
    state = play(prog, "1")
    assert state.prims["s"]["value"] == 0 and not state.can_step(0)
    assert play(prog, "1 2 1").outcome.kind == engine.FINISHED
    bounded = program({"A": "s.release()", "B": "pass"}, {"s": "BoundedSemaphore(1)"})
    assert "ValueError" in play(bounded, "1").outcome.message


def test_a_barrier_lets_threads_go_only_when_all_parties_arrived():
    prog = program({"A": "b.wait()\nx = 1", "B": "b.wait()"}, {"b": "Barrier(2)"})
    state = play(prog, "1")
    assert state.blocked_reason(0) == "waiting at b (1 of 2 arrived)"
    assert play(prog, "1 2 1 2 1").outcome.kind == engine.FINISHED
    short = program({"A": "b.wait()", "B": "pass"}, {"b": "Barrier(3)"})
    assert play(short, "2 1").outcome.kind == engine.DEADLOCK


def test_a_queue_blocks_get_when_empty_and_put_when_full():
    prog = program(
        {"P": "q.put(1)\nq.put(2)", "C": "item = q.get()\nitem = q.get()"},
        {"q": "Queue(maxsize=1)"},
    )
    state = play(prog, "1")
    assert state.prims["q"]["items"] == [1]
    assert state.blocked_reason(0) == "waiting: q is full"
    state = play(prog, "1 2")
    assert state.threads[1].locals == {"item": 1}
    assert state.blocked_reason(1) == "waiting: q is empty"


def test_join_waits_for_the_thread_to_finish():
    prog = program({"main": "worker.join()\nassert done", "worker": "done = True"}, {"done": False})
    assert play(prog, "").blocked_reason(0) == "waiting for thread worker to finish"
    assert play(prog, "2 1 1").outcome.kind == engine.FINISHED


def test_the_program_ends_with_its_last_non_daemon_thread_and_stops_daemons():
    prog = engine.parse_program(
        {
            "shared": {"saved": 0},
            "threads": [
                {"name": "main", "code": "pass"},
                {"name": "worker", "code": "saved = 1", "daemon": True},
            ],
            "at_exit": "saved == 1",
        }
    )
    state = play(prog, "1")
    assert state.outcome.kind == engine.EXIT_CHECK
    assert state.killed == ("worker",)
    assert "Daemon thread worker was stopped" in state.outcome.message
    assert play(prog, "2 1").outcome.kind == engine.FINISHED


def test_if_and_while_branch_and_loop():
    prog = program(
        {"A": "while n < 3:\n    n += 1\nif n == 3:\n    ok = True\nelse:\n    ok = False",
         "B": "pass"},
        {"n": 0, "ok": None},
    )  # fmt: skip
    state = play(prog, "1 1 1 1 1 1 1 1 1")  # 4 tests, 3 increments, the if, the assign
    assert state.vars == {"n": 3, "ok": True} and state.finished(0)


def test_moves_round_trip_as_text_and_refuse_nonsense():
    moves = [("step", 0), ("expand", 1), ("step", 1)]
    assert engine.encode_moves(moves) == "1 x2 2"
    assert engine.decode_moves("1 x2 2") == moves
    for bad in ["4", "x", "a", "0", "x0"]:
        with pytest.raises(engine.IllegalMove):
            engine.decode_moves(bad)


def test_a_move_after_the_game_ended_is_illegal():
    prog = program({"A": "assert False", "B": "pass"})
    state = play(prog, "1")
    assert state.outcome.kind == engine.ASSERTION
    with pytest.raises(engine.IllegalMove):
        state.apply(("step", 1))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"threads": [{"name": "A", "code": "x = 1"}]}, "2 to 3 threads"),
        ({"threads": [{"name": "A", "code": "pass"}, {"name": "A", "code": "pass"}]}, "unique"),
        ({"threads": [{"name": "A", "code": "y = z"}, {"name": "B", "code": "pass"}]},
         "unknown name 'z'"),
        ({"threads": [{"name": "A", "code": "import os"}, {"name": "B", "code": "pass"}]},
         "Import is not supported"),
        ({"threads": [{"name": "A", "code": "if x:\n  pass"}, {"name": "B", "code": "pass"}],
          "shared": {"x": "Thread()"}}, "not one of"),
        ({"threads": [{"name": "A", "code": "lock.wait()"}, {"name": "B", "code": "pass"}],
          "shared": {"lock": "Lock()"}}, "lock.wait() is not supported"),
        ({"threads": [{"name": "A", "code": "x = (\n"}, {"name": "B", "code": "pass"}]},
         "line"),
        ({"threads": [{"name": "A", "code": "open('f')"}, {"name": "B", "code": "pass"}]},
         "only obj.method()"),
        ({"threads": [{"name": "A", "code": "pass", "daemon": True},
                      {"name": "B", "code": "pass", "daemon": True}]}, "must not be a daemon"),
    ],
)  # fmt: skip
def test_programs_the_engine_cannot_run_are_refused_with_a_reason(data, problem):
    with pytest.raises(engine.LevelError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        engine.parse_program(data)


# --- Every shipped level, by exhaustive search ------------------------------------------------


def test_there_are_at_least_twelve_levels_across_every_primitive():
    assert len(LEVELS) >= 12
    primitives = {level["primitive"] for level in LEVELS}
    assert {"Lock", "RLock", "Condition", "Event", "Semaphore", "Barrier", "Queue", "join",
            "daemon threads"} <= primitives  # fmt: skip
    assert len({level["slug"] for level in LEVELS}) == len(LEVELS)


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: level["slug"])
def test_the_level_is_winnable_as_intended_and_its_fix_is_safe_under_every_schedule(level):
    started = time.monotonic()
    buggy = engine.search(engine.parse_program(level["program"]))
    assert level["goal"] in buggy.wins, f"no schedule reaches {level['goal']}"
    # The winning moves the search found really win when replayed as a player would play them.
    state, _ = engine.replay(engine.parse_program(level["program"]), buggy.wins[level["goal"]])
    assert state.outcome.kind == level["goal"]

    fixed = engine.search(engine.parse_program(level["fixed_program"]))
    assert fixed.wins == {}, f"the fix still breaks: {fixed.wins}"
    assert fixed.states > 1
    assert time.monotonic() - started < 2


def test_the_search_finds_every_way_to_break_a_program_not_just_one():
    prog = program(
        {"A": "pass\ncritical_section()\nassert n == 0", "B": "pass\ncritical_section()\nn = 1"},
        {"n": 0},
    )
    assert set(engine.search(prog).wins) == {engine.CRITICAL, engine.ASSERTION}
