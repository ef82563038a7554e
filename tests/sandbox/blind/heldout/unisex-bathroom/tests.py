"""Unisex bathroom (Little Book of Semaphores): never men and women in the
bathroom together, never more than three people inside, everyone finishes.

Every published solution "uses" the bathroom by calling time.sleep() while
inside; the test replaces the solution's time module so that this sleep is
short and records who is inside. The gender of each visitor is known to the
test (it started the thread). Published APIs differ; adapters below.
"""
import importlib
import threading
import time as _time

import solution

_real_sleep = _time.sleep
_thread_errors = []


def _record_error(args):
    _thread_errors.append(args.exc_type)


class _Monitor:
    def __init__(self):
        self.lock = threading.Lock()
        self.inside = {"M": 0, "F": 0}
        self.max_total = 0
        self.mixed = False
        self.visits = {"M": 0, "F": 0}
        self.gender_of = {}

    def enter(self, g):
        with self.lock:
            self.inside[g] += 1
            self.visits[g] += 1
            if self.inside["M"] and self.inside["F"]:
                self.mixed = True
            self.max_total = max(self.max_total, self.inside["M"] + self.inside["F"])

    def leave(self, g):
        with self.lock:
            self.inside[g] -= 1


class _TimeShim:
    def __init__(self, mon):
        self.mon = mon

    def sleep(self, s):
        g = self.mon.gender_of.get(threading.get_ident())
        if g is None:
            _real_sleep(min(max(s, 0), 0.001))
            return
        self.mon.enter(g)
        _real_sleep(0.002)
        self.mon.leave(g)

    def __getattr__(self, name):
        return getattr(_time, name)


def _visitor_factory(mod):
    """Return use(gender, i) that makes one bathroom visit for this thread."""
    if hasattr(mod, "LightSwitch") and hasattr(mod, "maleEmployee"):
        empty = threading.Lock()
        switch = {"M": mod.LightSwitch(), "F": mod.LightSwitch()}
        multiplex = {"M": threading.Semaphore(3), "F": threading.Semaphore(3)}

        def use(g, i):
            fn = mod.maleEmployee if g == "M" else mod.femaleEmployee
            fn(i, empty, switch[g], multiplex[g])
        return use
    if hasattr(mod, "maleEmployee"):
        multiplex = {"M": threading.Semaphore(3), "F": threading.Semaphore(3)}
        condition = threading.Condition()

        def use(g, i):
            fn = mod.maleEmployee if g == "M" else mod.femaleEmployee
            fn(i, multiplex[g], condition)
        return use
    for cname in ("UnisexBathroom", "UnisexBathroomProblem", "Bathroom"):
        cls = getattr(mod, cname, None)
        if cls is not None:
            b = cls()

            def use(g, i):
                if g == "M":
                    b.male_use_bathroom("man%d" % i)
                else:
                    b.female_use_bathroom("woman%d" % i)
            return use
    raise AssertionError("no known unisex-bathroom API in solution")


def _run(people, visits=1):
    """people: list of genders ('M'/'F'); each person visits `visits` times."""
    del _thread_errors[:]
    threading.excepthook = _record_error
    mod = importlib.reload(solution)
    mon = _Monitor()
    mod.time = _TimeShim(mon)
    mod.print = lambda *a, **k: None
    use = _visitor_factory(mod)

    def person(g, i):
        mon.gender_of[threading.get_ident()] = g
        for k in range(visits):
            use(g, i * 10 + k)

    threads = [threading.Thread(target=person, args=(g, i), daemon=True)
               for i, g in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=3)
    assert all(not t.is_alive() for t in threads), "someone never got out of the queue"
    assert not _thread_errors, "exception in a thread: %r" % _thread_errors
    assert not mon.mixed, "men and women in the bathroom at the same time"
    assert mon.max_total <= 3, "%d people in the bathroom at once" % mon.max_total
    assert mon.visits["M"] == visits * people.count("M")
    assert mon.visits["F"] == visits * people.count("F")


def test_men_and_women_alternate():
    _run(["M", "F", "M", "F", "M", "F", "M", "F"])


def test_only_men():
    _run(["M", "M", "M", "M", "M"])


def test_repeated_visits():
    _run(["F", "M", "F", "M", "F", "M"], visits=2)
