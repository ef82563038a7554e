"""Cigarette smokers, lists as the table: agente() places a bounded number of random pairs
(agentePone rounds), three smoker functions watch the lists. Smoking time is shortened; the
smokers' loops never end by design, so they run as daemon threads. Every placed pair must be
smoked exactly once by the smoker owning the third ingredient, with no ingredients left over
and no exception in any thread.
"""
import threading
import time
import types

import solution

SMOKER_OF = {"fumador1": "papel", "fumador2": "fosforo", "fumador3": "tabaco"}


def test_each_placed_pair_is_smoked_by_the_right_smoker():
    placed = []
    smokes = []
    lock = threading.Lock()
    errors = []

    def recording_print(*args, **kwargs):
        text = " ".join(str(a) for a in args)
        with lock:
            smokes.append(text.split(" ")[0])

    real_sleep = time.sleep
    real_choice = solution.random.choice

    def recording_choice(seq):
        c = real_choice(seq)
        placed.append(c)
        return c

    solution.print = recording_print
    solution.time = types.SimpleNamespace(sleep=lambda s: real_sleep(0.001))
    solution.random = types.SimpleNamespace(choice=recording_choice)
    solution.agentePone = 4
    del solution.listaPapel[:], solution.listaTabaco[:], solution.listaFosforo[:]

    def run(fn):
        try:
            fn()
        except BaseException as e:
            errors.append(repr(e))

    agent = threading.Thread(target=run, args=(solution.agente,), daemon=True)
    smokers = [threading.Thread(target=run, args=(f,), daemon=True)
               for f in (solution.fumadorConPapel, solution.fumadorConFosforos, solution.fumadorConTabaco)]
    try:
        for t in smokers:
            t.start()
        agent.start()
        agent.join(timeout=3)
        deadline = time.time() + 0.5
        while len(smokes) < 4 and time.time() < deadline and not errors:
            real_sleep(0.001)
        real_sleep(0.01)
    finally:
        del solution.print
        solution.time = time
        solution.random = __import__("random")
    assert not errors, errors
    assert not agent.is_alive(), "agent did not finish"
    # caso 0: papel+tabaco -> smoker with fosforo; 1: papel+fosforo -> tabaco; 2: fosforo+tabaco -> papel
    want = sorted({0: "fosforo", 1: "tabaco", 2: "papel"}[c] for c in placed)
    got = sorted(SMOKER_OF.get(s, s) for s in smokes)
    assert got == want, f"pairs placed for {want}, smoked by {got}"
    assert not (solution.listaPapel or solution.listaTabaco or solution.listaFosforo), "ingredients left on the table"
