"""Sleeping barber: one barber (or the solution's fixed number of barbers),
a waiting room with a few chairs, customers who leave when it is full.

Invariants checked:
  * every customer thread finishes;
  * every customer is accounted for exactly once: either gets a haircut or
    balks (leaves because the shop is full);
  * no barber cuts two customers at once (at most <number of barbers>
    haircuts in progress at the same moment);
  * if the solution offers a way to close the shop, the barber threads end.

Published solutions differ in API; the adapters below find the right names.
Their long sleeps are shortened, their print() calls are recorded.
"""
import importlib
import inspect
import queue as _queue
import re
import threading
import time as _time

import solution

_real_sleep = _time.sleep


class _TimeShim:
    def sleep(self, s):
        _real_sleep(min(max(s, 0), 0.001))

    def __getattr__(self, name):
        return getattr(_time, name)


class _Log:
    def __init__(self, on_line=None):
        self.lock = threading.Lock()
        self.lines = []
        self.on_line = on_line

    def __call__(self, *args, **kwargs):
        msg = " ".join(str(a) for a in args)
        with self.lock:
            self.lines.append(msg)
        if self.on_line:
            self.on_line(msg)


class _Shop:
    """Records haircuts and balks, and how many haircuts overlap."""

    def __init__(self):
        self.lock = threading.Lock()
        self.cutting = 0
        self.max_cutting = 0
        self.cuts = []
        self.balks = []

    def cut_start(self, who=None):
        with self.lock:
            self.cutting += 1
            self.max_cutting = max(self.max_cutting, self.cutting)
            self.cuts.append(who)

    def cut_end(self):
        with self.lock:
            self.cutting -= 1

    def cut(self, who=None):
        self.cut_start(who)
        _real_sleep(0.001)
        self.cut_end()

    def balk(self, who=None):
        with self.lock:
            self.balks.append(who)

    def accounted(self):
        with self.lock:
            return len(self.cuts) + len(self.balks)


_thread_errors = []


def _record_error(args):
    _thread_errors.append(args.exc_type)


def _fresh():
    del _thread_errors[:]
    threading.excepthook = _record_error
    mod = importlib.reload(solution)
    if getattr(mod, "time", None) is _time:
        mod.time = _TimeShim()
    if getattr(mod, "sleep", None) is _time.sleep:
        mod.sleep = _TimeShim().sleep
    return mod


def _params(fn):
    return list(inspect.signature(fn).parameters)


def _int_in(msg):
    m = re.search(r"(-?\d+)", msg)
    return int(m.group(1)) if m else None


class _Run:
    def __init__(self, shop, customers, barbers, barber_count=1, close=None,
                 ids=True):
        self.shop = shop
        self.customers = customers
        self.barbers = barbers
        self.barber_count = barber_count
        self.close = close
        self.ids = ids


def _start(n, gap):
    """Open the shop, send n customers (gap seconds apart); return a _Run."""
    mod = _fresh()
    shop = _Shop()
    customers = []

    def go(t):
        t.daemon = True
        customers.append(t)
        t.start()
        if gap:
            _real_sleep(gap)

    if hasattr(mod, "customerThread") and hasattr(mod, "barberThread"):
        # Little Book of Semaphores style, semaphores passed as arguments.
        mod.print = _Log()
        mod.getHairCut = lambda i: shop.cut(i)
        mod.balk = lambda i: shop.balk(i)
        if hasattr(mod, "cutHair"):
            mod.cutHair = lambda: _real_sleep(0.001)
        cparams = _params(mod.customerThread)
        if "mutex" in cparams:
            mutex = threading.Lock()
            c, b, cd, bd = (threading.Semaphore(0) for _ in range(4))
            barber = threading.Thread(target=mod.barberThread, args=(c, b, cd, bd), daemon=True)
            barber.start()
            for i in range(n):
                go(threading.Thread(target=mod.customerThread, args=(i, mutex, c, b, cd, bd)))
        elif "barberChair" in cparams:
            room = _queue.Queue(mod.MAX_CUSTOMERS - 1)
            chair = threading.Lock()
            c, b, cd, bd = (threading.Semaphore(0) for _ in range(4))
            barber = threading.Thread(target=mod.barberThread, args=(c, b, cd, bd), daemon=True)
            barber.start()
            for i in range(n):
                go(threading.Thread(target=mod.customerThread, args=(i, room, chair, c, b, cd, bd)))
        else:
            q = _queue.Queue(mod.MAX_CUSTOMERS - 1)
            b, bd = threading.Semaphore(0), threading.Semaphore(0)
            barber = threading.Thread(target=mod.barberThread, args=(q, b, bd), daemon=True)
            barber.start()
            for i in range(n):
                go(threading.Thread(target=mod.customerThread, args=(i, q, b, bd)))
        return _Run(shop, customers, [barber])

    if hasattr(mod, "BarberShop") and hasattr(mod.BarberShop, "customer_walks_in"):
        def on_line(msg):
            if "cutting hair" in msg:
                shop.cut_start()
                shop.cut_end()
            elif "walks out" in msg:
                shop.balk()
        mod.print = _Log(on_line)
        bs = mod.BarberShop()
        barber = threading.Thread(target=bs.barber, daemon=True)
        barber.start()
        for _ in range(n):
            go(threading.Thread(target=bs.customer_walks_in))
        return _Run(shop, customers, [barber], ids=False)

    if hasattr(mod, "Barberia"):
        def on_line(msg):
            if "se esta cortando el pelo" in msg and "cliente" in msg.lower() and "barbero" not in msg:
                shop.cut(_int_in(msg))
            elif "se fue porque" in msg:
                shop.balk(_int_in(msg))
        mod.print = _Log(on_line)
        shopobj = mod.Barberia(3)
        barber = mod.Barbero(shopobj)
        barber.daemon = True
        barber.start()
        for i in range(n):
            go(mod.Cliente(i, shopobj))
        return _Run(shop, customers, [barber])

    if hasattr(mod, "shop_closed") and hasattr(mod, "Customer"):
        def on_line(msg):
            if "getting a trim" in msg:
                shop.cut_start()
            elif "Finished trim" in msg:
                shop.cut_end()
        mod.print = _Log(on_line)
        barber = mod.Barber()
        barber.daemon = True
        barber.start()
        for _ in range(n):
            c = mod.Customer()
            mod.ALL_CUSTOMERS.append(c)
            go(c)

        def close():
            mod.shop_closed.set()
        return _Run(shop, customers, [barber], close=close, ids=False)

    if hasattr(mod, "CUSTOMERS_SEATS") and hasattr(mod, "Barber"):
        def on_line(msg):
            if "haircut started" in msg:
                shop.cut_start()
            elif "Haircut finished" in msg:
                shop.cut_end()
            elif "customer has left" in msg:
                shop.balk()
        mod.print = _Log(on_line)
        mod.Earnings = 0
        mod.SHOP_OPEN = True
        q = _queue.Queue(mod.CUSTOMERS_SEATS)
        barbers = []
        for _ in range(mod.BARBERS):
            b = mod.Barber(q)
            b.daemon = True
            b.start()
            barbers.append(b)
        for _ in range(n):
            c = mod.Customer(q)
            q.put(c)
            go(c)

        def close():
            mod.SHOP_OPEN = False
        return _Run(shop, customers, barbers, barber_count=mod.BARBERS,
                    close=close, ids=False)

    if hasattr(mod, "barber") and hasattr(mod, "customer") and hasattr(mod, "waiting"):
        def on_line(msg):
            if msg.startswith("Barber cutting hair"):
                shop.cut_start(_int_in(msg))
            elif msg.startswith("Barber finished"):
                shop.cut_end()
            elif "left" in msg and "no seat" in msg:
                shop.balk(_int_in(msg))
        mod.print = _Log(on_line)
        barber = threading.Thread(target=mod.barber, daemon=True)
        barber.start()
        for i in range(n):
            go(threading.Thread(target=mod.customer, args=(i,)))
        return _Run(shop, customers, [barber])

    raise AssertionError("no known sleeping-barber API in solution")


def _check(run, n):
    for t in run.customers:
        t.join(timeout=3)
    assert all(not t.is_alive() for t in run.customers), "a customer never finished"
    assert not _thread_errors, "exception in a thread: %r" % _thread_errors
    deadline = _time.time() + 2
    while run.shop.accounted() < n and _time.time() < deadline:
        _real_sleep(0.005)
    shop = run.shop
    assert shop.accounted() == n, (
        "customers served or turned away: %d of %d" % (shop.accounted(), n))
    if run.ids:
        seen = sorted(shop.cuts + shop.balks)
        assert seen == list(range(n)), "each customer exactly once, got %r" % seen
    assert len(shop.cuts) >= 1, "nobody got a haircut"
    assert shop.max_cutting <= run.barber_count, (
        "%d haircuts at the same time" % shop.max_cutting)
    if run.close is not None:
        run.close()
        for b in run.barbers:
            b.join(timeout=3)
        assert all(not b.is_alive() for b in run.barbers), "barber never went home"
    assert not _thread_errors, "exception in a thread: %r" % _thread_errors


def test_customers_arrive_one_by_one():
    run = _start(5, 0.004)
    _check(run, 5)


def test_rush_of_customers():
    run = _start(8, 0)
    _check(run, 8)
