"""Hostile submissions through the whole grader (harness + grader + bwrap backend).

What a student would see: each ends with the right verdict, nothing of the host leaks into the
grade (message, test messages, stdout, stderr), nothing is left running, and a normal
submission is graded Accepted right after.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from sandbox.grader import grade
from sandbox.job import Limits
from tests.code_samples import COUNTER_SOLUTION as COUNTER
from tests.sandbox.bwrap_support import (
    SECRET,
    assert_nothing_left,
    make_backend,
    remove_session_dirs,
    requires_bwrap,
)

pytestmark = requires_bwrap

TESTS = textwrap.dedent(
    """\
    import threading
    from solution import Counter

    def test_four_threads_count_everything():
        counter = Counter()
        def work():
            for _ in range(50):
                counter.increment()
        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert counter.value == 200
    """
)
LIMITS = Limits(cpu_seconds=4, wall_seconds=6, memory_mb=128, max_tasks=64, output_bytes=16_384)

# name -> (code run when the student's module is imported, the verdicts that are right)
HOSTILE = {
    "fork bomb": ("import os\nwhile True:\n    os.fork()", {"runtime_error", "time_limit"}),
    "thread bomb": (
        "import threading, time\nwhile True:\n"
        "    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()",
        {"runtime_error", "time_limit"},
    ),
    "memory bomb": ("hog = []\nwhile True:\n    hog.append(bytearray(10**7))", {"memory_limit"}),
    "cpu loop": ("while True:\n    pass", {"time_limit"}),
    "sleep forever": ("import time\ntime.sleep(10**6)", {"time_limit"}),
    "filling /tmp": (
        "with open('/tmp/fill', 'wb') as f:\n    while True:\n        f.write(b'x' * 10**6)",
        {"runtime_error"},
    ),
    "writing outside /tmp": ("open('/usr/evil', 'w').write('x')", {"runtime_error"}),
    "flooding stdout": ("while True:\n    print('x' * 1000)", {"output_limit"}),
    "reading the host environment": (
        "import os\nprint(dict(os.environ), open('/proc/1/environ').read())\n"
        "print(open('/etc/shadow').read())",
        {"runtime_error"},
    ),
    "connecting to PostgreSQL and Redis": (
        "import socket\nfor port in (5432, 6379):\n"
        "    socket.create_connection(('127.0.0.1', port), timeout=1)",
        {"runtime_error"},
    ),
    "signalling the parent": (
        "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.kill(-1, signal.SIGKILL)",
        {"runtime_error"},
    ),
    "ptrace, mount and unshare": (
        "import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\n"
        "assert libc.ptrace(16, 1, 0, 0) == -1\n"
        "assert libc.mount(b'none', b'/tmp', b'tmpfs', 0, None) == -1\n"
        "assert libc.unshare(0x10000000) == -1\n"
        "raise SystemExit('every escape was refused')",
        {"runtime_error"},
    ),
    "forged result lines": (
        'print(\'{"event": "result", "tests": [], "verdict": "accepted"}\')\n'
        "raise RuntimeError('not accepted, really')",
        {"runtime_error"},
    ),
}


@pytest.fixture(scope="module")
def backend():
    backend = make_backend()
    yield backend
    remove_session_dirs()


@pytest.fixture(autouse=True)
def planted_secret(monkeypatch):
    monkeypatch.setenv("SPINDLE_PLANTED_SECRET", SECRET)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_submission_gets_its_verdict_and_leaves_nothing_behind(backend, name):
    code, verdicts = HOSTILE[name]
    result = grade(
        solution=COUNTER + "\n" + code + "\n", tests=TESTS, limits=LIMITS, schedules=3, seed=1,
        backend=backend,
    )  # fmt: skip
    assert result.verdict in verdicts, (name, result.verdict, result.message)
    seen_by_student = json.dumps(result.to_dict())
    assert SECRET not in seen_by_student
    assert "root:" not in seen_by_student  # no line of /etc/shadow or /etc/passwd
    assert_nothing_left(backend)
    after = grade(solution=COUNTER, tests=TESTS, limits=LIMITS, schedules=3, seed=1,
                  backend=backend)  # fmt: skip
    assert after.verdict == "accepted", after.message


def test_two_gradings_at_once_each_get_their_own_thread_budget(backend):
    from concurrent.futures import ThreadPoolExecutor

    many_threads = COUNTER + textwrap.dedent(
        """
        import threading
        _barrier = threading.Barrier(41)
        _threads = [threading.Thread(target=_barrier.wait) for _ in range(40)]
        for _t in _threads:
            _t.start()
        _barrier.wait()
        for _t in _threads:
            _t.join()
        """
    )

    def run(_):
        return grade(solution=many_threads, tests=TESTS, limits=LIMITS, schedules=2, seed=1,
                     backend=backend)  # fmt: skip

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(run, range(2)))
    assert [r.verdict for r in results] == ["accepted", "accepted"], [r.message for r in results]
