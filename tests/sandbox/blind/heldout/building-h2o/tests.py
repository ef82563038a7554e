# Tests for LeetCode 1117 "Building H2O", shared by every case in this folder.
# One thread per atom calls H2O.hydrogen(releaseHydrogen) or H2O.oxygen(releaseOxygen)
# on a shared H2O(). Every atom must be released, and the release sequence, cut into
# consecutive groups of three, must give groups of exactly two H and one O.
import threading

import pytest

import solution

H2O = getattr(solution, "H2O")

JOIN_TIMEOUT = 3.0


def _construct():
    box = {}

    def build():
        box["obj"] = H2O()

    t = threading.Thread(target=build, daemon=True)
    t.start()
    t.join(JOIN_TIMEOUT)
    assert not t.is_alive(), "H2O() did not return"
    assert "obj" in box, "H2O() raised"
    return box["obj"]


def _run(water):
    h2o = _construct()
    released = []
    errors = []

    def releaseHydrogen():
        released.append("H")

    def releaseOxygen():
        released.append("O")

    def atom(kind):
        try:
            if kind == "H":
                h2o.hydrogen(releaseHydrogen)
            else:
                h2o.oxygen(releaseOxygen)
        except BaseException as e:  # record exceptions raised in a worker
            errors.append((kind, repr(e)))

    threads = [threading.Thread(target=atom, args=(c,), daemon=True) for c in water]
    for t in threads:
        t.start()
    for t in threads:
        t.join(JOIN_TIMEOUT)
    stuck = sum(1 for t in threads if t.is_alive())
    assert stuck == 0, "%d atom threads did not finish (released %r)" % (stuck, "".join(released))
    assert not errors, "exceptions in atom threads: %r" % errors
    return "".join(released)


def _check(water, out):
    assert len(out) == len(water), (water, out)
    assert out.count("H") == water.count("H"), (water, out)
    assert out.count("O") == water.count("O"), (water, out)
    for k in range(0, len(out), 3):
        group = out[k:k + 3]
        assert sorted(group) == ["H", "H", "O"], "bad molecule %r in %r" % (group, out)


@pytest.mark.parametrize("water", ["HOH", "OHH", "HHO"])
def test_one_molecule(water):
    _check(water, _run(water))


@pytest.mark.parametrize("water", ["OOHHHH", "HHHHOO", "HOHHOH", "HHOOHH"])
def test_two_molecules(water):
    for _ in range(3):
        _check(water, _run(water))


def test_two_molecules_repeated_many_rounds():
    for _ in range(10):
        _check("HHHHOO", _run("HHHHOO"))
        _check("OHHOHH", _run("OHHOHH"))
