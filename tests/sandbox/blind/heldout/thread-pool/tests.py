"""Hand-written thread pool: submit tasks, worker threads run them, wait for
completion, shut down.

Invariants checked: every submitted task runs exactly once, results are
correct, the call that waits for completion returns, and (where the pool has
a shutdown) every worker thread ends. No exception may escape a thread.
Published APIs differ; the adapter below finds the right names.
"""
import importlib
import queue as _queue
import threading
import time as _time
from functools import partial

import solution

_real_sleep = _time.sleep
_thread_errors = []


def _record_error(args):
    _thread_errors.append(args.exc_type)


class _TimeShim:
    def sleep(self, s):
        _real_sleep(min(max(s, 0), 0.001))

    def __getattr__(self, name):
        return getattr(_time, name)


class _Ledger:
    def __init__(self):
        self.lock = threading.Lock()
        self.runs = {}

    def task(self, *a):
        x = a[0]
        if isinstance(x, tuple):  # pools that pass the argument tuple as one value
            x = x[0]
        with self.lock:
            self.runs[x] = self.runs.get(x, 0) + 1
        _real_sleep(0.0005)
        return x * x

    def count(self):
        with self.lock:
            return sum(self.runs.values())


def _poll(cond, limit=2.0):
    deadline = _time.time() + limit
    while not cond() and _time.time() < deadline:
        _real_sleep(0.002)


class _Adapter:
    """make(workers) ; submit(x) ; wait(n) -> results or None ; shutdown() ;
    threads() -> worker threads that must end after shutdown (or [])."""

    def __init__(self, mod, ledger, workers):
        self.mod = mod
        self.ledger = ledger
        self.results = None
        self.started = []
        if hasattr(mod, "ohMyThreadPool"):
            self.pool = mod.ohMyThreadPool(max_workers=workers)
            self.kind = "ohmy"
        elif hasattr(mod, "ThreadPool") and hasattr(mod.ThreadPool, "add_job"):
            self.pool = mod.ThreadPool(workers)
            self.kind = "add_job"
        elif hasattr(mod, "ThreadPool") and hasattr(mod.ThreadPool, "submit"):
            self.pool = mod.ThreadPool(max_workers=workers)
            self.kind = "ohmy"
        elif hasattr(mod, "ThreadPool") and hasattr(mod.ThreadPool, "wait_completion"):
            self.pool = mod.ThreadPool(workers)
            self.kind = "add_task"
        elif hasattr(mod, "ThreadPool") and hasattr(mod.ThreadPool, "wait_complete"):
            self.pool = mod.ThreadPool(workers)
            self.kind = "add_task1"
        elif hasattr(mod, "worker"):
            # module-level worker function reading a module-level queue `q`
            mod.q = _queue.Queue()
            self.kind = "module"
            self.pending = []
            for i in range(workers):
                t = threading.Thread(target=mod.worker, name="worker %d" % (i + 1), daemon=True)
                t.start()
                self.started.append(t)
        else:
            raise AssertionError("no known thread-pool API in solution")

    def submit(self, x):
        p, k = getattr(self, "pool", None), self.kind
        if k == "ohmy":
            p.submit(self.ledger.task, x)
        elif k == "add_job":
            p.add_job(partial(self.ledger.task, x))
        elif k == "add_task":
            p.add_task(self.ledger.task, x)
        elif k == "add_task1":
            p.add_task(self.ledger.task, x)
        else:
            self.mod.q.put(x)

    def wait(self, n):
        p, k = getattr(self, "pool", None), self.kind
        if k == "ohmy":
            return list(p.result())
        if k == "add_task":
            p.wait_completion()
            return None
        if k == "add_task1":
            p.wait_complete()
            return None
        _poll(lambda: self.ledger.count() >= n)
        return None

    def shutdown(self):
        p, k = getattr(self, "pool", None), self.kind
        if k == "add_job":
            p.stop()
        elif k == "add_task" and hasattr(p, "close"):
            p.close()

    def threads(self):
        p, k = getattr(self, "pool", None), self.kind
        if k == "add_job":
            return list(p.threads)
        if k == "add_task" and hasattr(p, "close"):
            return list(p.workers)
        if k == "module":
            return self.started
        return []


def _fresh():
    del _thread_errors[:]
    threading.excepthook = _record_error
    mod = importlib.reload(solution)
    if getattr(mod, "time", None) is _time:
        mod.time = _TimeShim()
    mod.print = lambda *a, **k: None
    return mod


def _run(workers, batches):
    mod = _fresh()
    ledger = _Ledger()
    if hasattr(mod, "worker") and not hasattr(mod, "ThreadPool"):
        # this style runs the queued argument itself (it prints it); record that
        def on_print(*a, **k):
            if len(a) >= 2 and a[0] == "running with argument":
                ledger.task(a[1])
        mod.print = on_print
    ad = _Adapter(mod, ledger, workers)
    expected = []
    total = 0
    for batch in batches:
        for x in batch:
            ad.submit(x)
        total += len(batch)
        expected += list(batch)
        res = [None]
        waiter = threading.Thread(target=lambda: res.__setitem__(0, ad.wait(total)), daemon=True)
        waiter.start()
        waiter.join(timeout=3)
        assert not waiter.is_alive(), "waiting for the submitted tasks never returned"
        if res[0] is not None:
            assert sorted(res[0]) == sorted(x * x for x in expected), "wrong results"
    _poll(lambda: ledger.count() >= total, 0.5)
    assert ledger.runs == {x: 1 for x in expected}, "tasks not run exactly once: %r" % ledger.runs
    ad.shutdown()
    for t in ad.threads():
        t.join(timeout=3)
    assert all(not t.is_alive() for t in ad.threads()), "a worker thread never ended"
    assert not _thread_errors, "exception in a thread: %r" % _thread_errors


def test_tasks_run_once():
    _run(3, [list(range(10))])


def test_more_workers_than_tasks():
    _run(5, [list(range(100, 103))])


def test_second_batch_after_waiting():
    _run(4, [list(range(200, 206)), list(range(300, 306))])
