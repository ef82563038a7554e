"""Ordinary programs through the real bwrap backend: what a well-behaved run gets."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from sandbox.errors import SandboxError
from sandbox.job import LIMIT_TASKS, Job, Limits
from tests.sandbox.bwrap_support import (
    assert_nothing_left,
    make_backend,
    python_job,
    remove_session_dirs,
    requires_bwrap,
)

pytestmark = requires_bwrap


@pytest.fixture(scope="module")
def backend():
    backend = make_backend()
    yield backend
    remove_session_dirs()


def test_it_runs_the_job_in_its_files_directory(backend):
    code = """
import os
print(os.getcwd(), sorted(os.listdir(".")))
print(open("data/input.txt").read())
print(oct(os.stat("data/input.txt").st_mode & 0o777))
"""
    result = backend.run(python_job(code, **{"data/input.txt": "héllo"}))

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "/tmp/work ['data', 'main.py']",
        "héllo",
        "0o444",
    ]
    assert result.signal is None and result.limit is None
    assert result.messages == [] and result.channel_error is None


def test_it_reports_the_exit_code_and_stderr(backend):
    result = backend.run(python_job("import sys\nprint('bad', file=sys.stderr)\nsys.exit(3)\n"))

    assert (result.exit_code, result.signal, result.stderr) == (3, None, "bad\n")


def test_it_reports_death_by_signal(backend):
    result = backend.run(python_job("import os\nos.abort()\n"))

    assert (result.exit_code, result.signal, result.limit) == (None, signal.SIGABRT, None)


def test_stdin_is_empty(backend):
    result = backend.run(python_job("try:\n    input()\nexcept EOFError:\n    print('eof')\n"))

    assert result.stdout == "eof\n"


def test_channel_messages_arrive_while_the_program_runs(backend):
    code = """
import json, os, time
os.write(3, json.dumps({"progress": 1}).encode() + b"\\n")
time.sleep(1)
os.write(3, json.dumps({"progress": 2}).encode())  # the last line may lack its newline
"""
    seen: list[tuple[float, dict]] = []
    result = backend.run(python_job(code), on_message=lambda m: seen.append((time.monotonic(), m)))
    finished = time.monotonic()

    assert result.messages == [{"progress": 1}, {"progress": 2}]
    assert [m for _, m in seen] == result.messages
    assert finished - seen[0][0] > 0.5  # the first came long before the end


def test_forged_channel_lines_on_stdout_stay_on_stdout(backend):
    code = """
import os
print('{"type": "result", "passed": true}')
os.write(3, b'{"type": "result", "passed": false}\\n')
"""
    result = backend.run(python_job(code))

    assert result.messages == [{"type": "result", "passed": False}]
    assert '"passed": true' in result.stdout


def test_garbage_on_the_channel_is_reported_not_believed(backend):
    code = """
import os
os.write(3, b'{"ok": 1}\\nnot json\\n{"ok": 2}\\n')
"""
    result = backend.run(python_job(code))

    assert result.messages == [{"ok": 1}]
    assert "not a JSON object" in result.channel_error


def test_a_flood_on_the_channel_is_capped(backend):
    code = """
import os
line = b'{"pad": "' + b"x" * 1000 + b'"}\\n'
for _ in range(5000):  # about 5 MiB
    os.write(3, line)
print("done")
"""
    result = backend.run(python_job(code))

    assert result.stdout == "done\n"  # the writer was not blocked or killed
    assert "more than" in result.channel_error
    assert len(result.messages) < 5000


def test_a_program_with_50_threads_and_a_limit_of_96_is_not_flagged(backend):
    code = """
import threading
barrier = threading.Barrier(51)
threads = [threading.Thread(target=barrier.wait) for _ in range(50)]
for t in threads:
    t.start()
barrier.wait()
for t in threads:
    t.join()
print("ok")
"""
    result = backend.run(python_job(code, limits=Limits(max_tasks=96)))

    assert (result.exit_code, result.stdout, result.limit) == (0, "ok\n", None)


def test_two_runs_at_once_each_get_their_own_thread_budget(backend):
    # 60 threads alive at the same time in each run, both runs overlapping: a per-uid limit
    # (RLIMIT_NPROC) would starve one of them; per-run pids cgroups must not.
    code = """
import threading, time
release = threading.Event()
threads = [threading.Thread(target=release.wait) for _ in range(60)]
for t in threads:
    t.start()
print(threading.active_count(), time.time())
time.sleep(1)
print(threading.active_count(), time.time())
release.set()
"""
    results = {}

    def run(name: str) -> None:
        results[name] = backend.run(python_job(code, limits=Limits(max_tasks=64)))

    workers = [threading.Thread(target=run, args=(name,)) for name in "ab"]
    for w in workers:
        w.start()
    for w in workers:
        w.join()

    spans = []
    for result in results.values():
        assert result.exit_code == 0 and result.limit is None, result.stderr
        (alive_at_start, start), (alive_at_end, end) = (
            line.split() for line in result.stdout.splitlines()
        )
        assert alive_at_start == alive_at_end == "61"
        spans.append((float(start), float(end)))
    # Each run held its 60 threads while the other held its own.
    assert max(start for start, _ in spans) < min(end for _, end in spans)
    assert_nothing_left(backend)


def test_threads_beyond_the_limit_are_refused_and_reported(backend):
    code = """
import threading
try:
    for _ in range(20):
        threading.Thread(target=lambda: __import__("time").sleep(1)).start()
except RuntimeError as e:
    print("refused:", e)
"""
    result = backend.run(python_job(code, limits=Limits(max_tasks=8)))

    assert result.exit_code == 0
    assert "refused: can't start new thread" in result.stdout
    assert result.limit == LIMIT_TASKS


def test_multiprocessing_primitives_work(backend):
    # POSIX semaphores live in /dev/shm; the rest of /dev is read-only.
    code = """
import multiprocessing
lock = multiprocessing.Lock()
with lock:
    print("locked")
"""
    result = backend.run(python_job(code))

    assert result.stdout == "locked\n", result.stderr


def test_it_rejects_file_names_that_leave_the_working_directory(backend):
    for name in ("../escape.py", "/etc/passwd", "a/../../b", "", "dir/"):
        with pytest.raises(SandboxError):
            backend.run(Job(files={name: "x"}, argv=["python3", "-c", "pass"]))


def test_it_rejects_a_program_the_sandbox_does_not_have(backend):
    with pytest.raises(SandboxError, match="not available"):
        backend.run(Job(files={}, argv=["no-such-program"]))
    with pytest.raises(SandboxError, match="not available"):
        backend.run(Job(files={}, argv=["/root/.pyenv/shims/python"]))
