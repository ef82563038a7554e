"""A small stand-in for pytest, so exercise tests may use what exercise tests need of it:
`pytest.raises`, `pytest.approx`, `pytest.mark.parametrize`, simple fixtures, `pytest.fail` and
`pytest.param`. Other marks are accepted and do nothing.

install() puts it in sys.modules as `pytest` before the test modules are imported; run_test()
calls one test function: it resolves the test's fixtures by parameter name and, for a
parametrized test, runs it once per case, in order, stopping at the first case that fails. That
case's exception says which case it was ("[case 3-4] ..."), keeping its type and traceback.

The runner collects tests as before (top-level `def test*`): a parametrized function is one
test, and every run of it (plainly and under each forced schedule) goes through all its cases.
Nothing here is per run: marks live on the test functions, which every run imports afresh.
This code is not traced under forced schedules (it is not the student's), and it never
swallows the harness's Abandoned (not even `pytest.raises(BaseException)` does).
"""

from __future__ import annotations

import _thread
import contextlib
import itertools
import math
import re
import sys
import types

from . import asserts, runtime
from .reports import clip, safe_repr, traceback_sites
from .runtime import Abandoned

_FIXTURE = "_spindle_fixture"  # on a fixture function: its _Fixture
_MARKS = "_spindle_marks"  # on a test function: its marks, in the order they were applied
_PARAMETRIZE = "_spindle_parametrize"  # on a test function: its parsed parametrize marks, same
_CO_GENERATOR = 0x20
_CO_COROUTINE = 0x80 | 0x100 | 0x200  # coroutine, iterable coroutine, async generator

SUPPORTED = "raises, approx, mark.parametrize, fixture, param, fail"


class Failed(AssertionError):
    """A failure the stand-in reports itself (pytest.fail, pytest.raises): the test failed, like
    a failed assert, with a message of its own."""


class UnsupportedError(Exception):
    """A pytest feature exercise tests cannot use."""


class FixtureLookupError(LookupError):
    """A test or fixture asks for a fixture that does not exist or depends on itself."""


def _failure(detail: str) -> Failed:
    """A Failed that the runner reports with just `detail`, like a rewritten assert."""
    site = runtime.user_site(sys._getframe(1))
    error = Failed(detail)
    error.spindle_assert = {
        "line": site[1] if site else None,
        "source": runtime.source_line(*site) if site else "",
        "detail": detail,
    }
    return error


def _text(exc: BaseException) -> str:
    try:
        return clip(str(exc))
    except Exception:
        return "(its message could not be shown)"


def _type_names(expected: tuple[type, ...]) -> str:
    names = [kind.__name__ for kind in expected]
    return names[0] if len(names) == 1 else "one of " + ", ".join(names)


# --- pytest.fail, pytest.skip ---------------------------------------------------------------


def fail(reason: str = "", pytrace: bool = True) -> None:
    raise _failure(str(reason) or "failed")


def _unsupported(what: str):
    def refuse(*args, **kwargs):
        raise UnsupportedError(f"pytest.{what} is not supported in exercise tests")

    refuse.__name__ = what
    return refuse


skip = _unsupported("skip")
xfail = _unsupported("xfail")
importorskip = _unsupported("importorskip")


# --- pytest.raises --------------------------------------------------------------------------


class ExceptionInfo:
    """What `with pytest.raises(...) as info:` gives: filled in when the block has raised."""

    def __init__(self) -> None:
        self.value: BaseException | None = None
        self.type: type | None = None
        self.tb = None

    @property
    def typename(self) -> str:
        return self.type.__name__ if self.type is not None else ""

    def match(self, regexp) -> bool:
        text = str(self.value)
        if not re.search(regexp, text):
            raise _failure(f"the message {clip(text)!r} does not match {regexp!r}")
        return True

    def errisinstance(self, exc) -> bool:
        return isinstance(self.value, exc)

    def __repr__(self) -> str:
        if self.type is None:
            return "<ExceptionInfo (nothing raised yet)>"
        return f"<ExceptionInfo {self.type.__name__}: {_text(self.value)}>"


class RaisesContext:
    def __init__(self, expected: tuple[type, ...], match, call: str | None) -> None:
        self.expected = expected
        self.match = match
        names = _type_names(expected)
        # What the messages say was expected: "ValueError" or "div() to raise ValueError".
        self.wanted = names if call is None else f"{call} to raise {names}"
        self.excinfo = ExceptionInfo()

    def __enter__(self) -> ExceptionInfo:
        return self.excinfo

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            raise _failure(f"expected {self.wanted}, but nothing was raised")
        if issubclass(exc_type, Abandoned):
            return False  # the harness stopping the run, never the test's business
        if not issubclass(exc_type, self.expected) or (
            issubclass(exc_type, Failed) and not any(issubclass(e, Failed) for e in self.expected)
        ):
            if not issubclass(exc_type, Exception) or issubclass(exc_type, AssertionError):
                return False  # a failed assert inside the block, KeyboardInterrupt, ...: as is
            sites = traceback_sites(tb)
            last = sites[-1] if sites else None
            at = f" at {last['file']}:{last['line']} `{last['code']}`" if last else ""
            text = _text(exc)
            raise _failure(
                f"expected {self.wanted}, but got {exc_type.__name__}"
                f"{': ' + text if text else ''}{at}"
            ) from exc
        self.excinfo.value, self.excinfo.type, self.excinfo.tb = exc, exc_type, tb
        if self.match is not None:
            text = str(exc)
            if not re.search(self.match, text):
                raise _failure(
                    f"expected {self.wanted} with a message matching {self.match!r}, but the"
                    f" {exc_type.__name__} raised says {clip(text)!r}"
                ) from exc
        return True


def raises(expected_exception, *args, match=None, **kwargs):
    """`with pytest.raises(E, match=...) as info:` or `pytest.raises(E, func, *args, **kwargs)`."""
    expected = (
        expected_exception if isinstance(expected_exception, tuple) else (expected_exception,)
    )
    if not expected or not all(
        isinstance(kind, type) and issubclass(kind, BaseException) for kind in expected
    ):
        raise TypeError(
            "pytest.raises() expects an exception type or a tuple of them, got"
            f" {safe_repr(expected_exception)}"
        )
    if not args:
        if kwargs:
            raise TypeError(f"pytest.raises() got unexpected arguments: {', '.join(kwargs)}")
        return RaisesContext(expected, match, None)
    func, *args = args
    if not callable(func):
        raise TypeError(f"pytest.raises(): {safe_repr(func)} is not callable")
    name = getattr(func, "__name__", None)
    context = RaisesContext(expected, match, f"{name}()" if isinstance(name, str) else "the call")
    with context:
        func(*args, **kwargs)
    return context.excinfo


# --- pytest.approx --------------------------------------------------------------------------


def _is_number(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float, complex)):
        return True
    # Imported only if the tests use them (and `numbers` would cost the start-up its import).
    return any(
        isinstance(value, getattr(sys.modules.get(module), name, ()))
        for module, name in (("decimal", "Decimal"), ("fractions", "Fraction"))
    )


def _decimal_or_fraction(value) -> bool:
    kind = type(value)
    return any(
        kind is getattr(sys.modules.get(module), name, None)
        for module, name in (("decimal", "Decimal"), ("fractions", "Fraction"))
    )


class _Approx:
    __hash__ = None  # type: ignore[assignment]

    def __ne__(self, actual) -> bool:
        return not self == actual

    def __bool__(self) -> bool:
        raise AssertionError("approx() is not supported in a boolean context: compare with ==")


class ApproxScalar(_Approx):
    def __init__(self, expected, rel, abs_, nan_ok: bool) -> None:
        for what, value in (("rel", rel), ("abs", abs_)):
            if value is not None and not (value >= 0):
                raise ValueError(f"approx(): {what} must be a positive number, not {value!r}")
        self.expected = expected
        self.rel = rel
        self.abs = abs_
        self.nan_ok = nan_ok

    @property
    def tolerance(self):
        absolute = 1e-12 if self.abs is None else self.abs
        if self.rel is None and self.abs is not None:
            return absolute
        rel = 1e-6 if self.rel is None else self.rel
        try:
            relative = rel * abs(self.expected)
        except TypeError:  # a Decimal does not multiply with a float
            relative = type(self.expected)(str(rel)) * abs(self.expected)
        return max(relative, absolute)

    def __eq__(self, actual) -> bool:
        expected = self.expected
        if actual == expected:
            return True
        if not (_is_number(expected) and _is_number(actual)):
            return False
        if math.isnan(abs(expected)):
            return self.nan_ok and math.isnan(abs(actual))
        if math.isinf(abs(expected)):
            return False
        return abs(expected - actual) <= self.tolerance

    def __repr__(self) -> str:
        expected = self.expected
        shown = str(expected) if _decimal_or_fraction(expected) else safe_repr(expected)
        if not _is_number(expected) or math.isinf(abs(expected)) or math.isnan(abs(expected)):
            return shown
        try:
            return f"{shown} ± {self.tolerance:.1e}"
        except (TypeError, ValueError, OverflowError):
            return f"{shown} ± ???"


class ApproxSequence(_Approx):
    def __init__(self, expected, rel, abs_, nan_ok: bool) -> None:
        self.kind = type(expected)
        self.items = [approx(item, rel=rel, abs=abs_, nan_ok=nan_ok) for item in expected]

    def __eq__(self, actual) -> bool:
        if isinstance(actual, (str, bytes, dict)):
            return False
        try:
            if len(actual) != len(self.items):
                return False
            return all(item == value for item, value in zip(self.items, actual, strict=True))
        except TypeError:
            return False

    def __repr__(self) -> str:
        shown = [repr(item) for item in self.items[:12]] + ["..."] * (len(self.items) > 12)
        body = ", ".join(shown)
        if issubclass(self.kind, tuple):
            return f"approx(({body},))" if len(self.items) == 1 else f"approx(({body}))"
        return f"approx([{body}])"


class ApproxMapping(_Approx):
    def __init__(self, expected, rel, abs_, nan_ok: bool) -> None:
        self.items = {
            key: approx(value, rel=rel, abs=abs_, nan_ok=nan_ok) for key, value in expected.items()
        }

    def __eq__(self, actual) -> bool:
        try:
            if set(actual.keys()) != set(self.items):
                return False
            return all(item == actual[key] for key, item in self.items.items())
        except (AttributeError, TypeError, KeyError):
            return False

    def __repr__(self) -> str:
        pairs = [f"{safe_repr(k)}: {v!r}" for k, v in itertools.islice(self.items.items(), 12)]
        return "approx({" + ", ".join(pairs + ["..."] * (len(self.items) > 12)) + "})"


def approx(expected, rel=None, abs=None, nan_ok: bool = False):
    """Equal to numbers within max(rel * |expected|, abs): rel 1e-6 and abs 1e-12 unless given
    (abs alone: abs only). Lists and tuples compare item by item, dicts value by value."""
    if isinstance(expected, _Approx):
        return expected
    if isinstance(expected, dict):
        return ApproxMapping(expected, rel, abs, nan_ok)
    if isinstance(expected, (list, tuple)):
        return ApproxSequence(expected, rel, abs, nan_ok)
    if isinstance(expected, (set, frozenset)):
        raise TypeError("pytest.approx() cannot compare sets: their order is undefined")
    if isinstance(expected, (types.GeneratorType, map, filter, zip, range)):
        raise TypeError("pytest.approx() needs a list or a tuple, not an iterator: use list()")
    return ApproxScalar(expected, rel, abs, nan_ok)


# Failed asserts show these values with their own repr (safe: no student code runs in it).
asserts.SHOWN_AS_REPR.update({ApproxScalar, ApproxSequence, ApproxMapping})


# --- marks: pytest.mark.parametrize, pytest.param, any other mark ---------------------------


class ParameterSet:
    def __init__(self, values: tuple, id: str | None, marks) -> None:
        self.values = values
        self.id = id
        self.marks = marks


def param(*values, id: str | None = None, marks=()) -> ParameterSet:
    if id is not None and not isinstance(id, str):
        raise TypeError(f"pytest.param(): id must be a string, not {safe_repr(id)}")
    return ParameterSet(values, id, marks)


class MarkDecorator:
    """`@pytest.mark.name` or `@pytest.mark.name(...)`: recorded on the function, otherwise
    without effect (usefixtures and parametrize aside)."""

    def __init__(self, name: str, args: tuple = (), kwargs: dict | None = None) -> None:
        self.name = name
        self.args = args
        self.kwargs = kwargs or {}

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and isinstance(args[0], (types.FunctionType, type)):
            return self._apply(args[0])
        return type(self)(self.name, self.args + args, {**self.kwargs, **kwargs})

    def with_args(self, *args, **kwargs):
        return type(self)(self.name, self.args + args, {**self.kwargs, **kwargs})

    def _apply(self, func):
        if isinstance(func, types.FunctionType):
            func.__dict__.setdefault(_MARKS, []).append(self)
        return func

    def __repr__(self) -> str:
        return f"<MarkDecorator {self.name}>"


class _Parametrize(MarkDecorator):
    def _apply(self, func):
        if not isinstance(func, types.FunctionType):
            raise TypeError("pytest.mark.parametrize applies to test functions only")
        # Parsed now, once: errors show when the tests load, and argvalues may be an iterator.
        parsed = _parse_parametrize(func, *self.args, **self.kwargs)
        func.__dict__.setdefault(_PARAMETRIZE, []).append(parsed)
        return super()._apply(func)


def _parse_parametrize(func, argnames, argvalues, indirect=False, ids=None, scope=None) -> tuple:
    """(argument names, cases, ids if a function): per case its values, its index and the id
    given for it, if any. Automatic ids are worked out only for a case that fails (_label)."""
    where = f"@pytest.mark.parametrize on {func.__name__}"
    if indirect:
        raise UnsupportedError(f"{where}: indirect parametrization is not supported")
    if isinstance(argnames, str):
        names = [n.strip() for n in argnames.split(",") if n.strip()]
    else:
        names = list(argnames)
    if not names or not all(isinstance(n, str) and n.isidentifier() for n in names):
        raise ValueError(f"{where}: bad argument names {safe_repr(argnames)}")
    parameters = _parameters(func)
    for n in names:
        if n not in parameters:
            raise ValueError(f"{where}: the function has no parameter {n!r}")
    argvalues = list(argvalues)
    if not argvalues:
        raise ValueError(f"{where}: no values for {', '.join(names)}")
    if ids is not None and not callable(ids):
        ids = list(ids)
        if len(ids) != len(argvalues):
            raise ValueError(f"{where}: {len(ids)} ids for {len(argvalues)} cases")
    single = len(names) == 1
    cases = []
    for index, entry in enumerate(argvalues):
        given = ids[index] if isinstance(ids, list) else None
        if isinstance(entry, ParameterSet):
            given, values = (entry.id if entry.id is not None else given), entry.values
        elif single:
            values = (entry,)
        else:
            values = tuple(entry) if isinstance(entry, (list, tuple)) else None
        if values is None or len(values) != len(names):
            raise ValueError(
                f"{where}: case {index} should give {len(names)} values"
                f" ({', '.join(names)}), not {safe_repr(entry)}"
            )
        cases.append((values, index, given))
    return names, cases, ids if callable(ids) else None


def _label(parsed: list[tuple], combination: tuple, arguments: dict) -> str:
    """A case's id as pytest makes it ("3-4"; the ids of stacked marks join with "-"), and
    its values too when the id does not show them ("items1: items=[]")."""
    parts = []
    hidden = False
    for (names, _, ids), (values, index, given) in zip(parsed, combination, strict=True):
        if given is not None:
            parts.append(str(given))
            continue
        for n, value in zip(names, values, strict=True):
            made = ids(value) if ids is not None else None
            if made is None:
                made = _value_id(value)
            if made is None:
                made, hidden = f"{n}{index}", True
            parts.append(str(made))
    label = "-".join(parts)
    if hidden:
        shown = ", ".join(f"{n}={safe_repr(v)}" for n, v in arguments.items())
        label = f"{label}: {clip(shown, 120)}"
    return label


def _value_id(value) -> str | None:
    """pytest's automatic id for one value when it is short and simple, else None."""
    if value is None or type(value) in (bool, int, float, complex):
        return str(value)
    if type(value) is str and len(value) <= 30 and value.isprintable():
        return value
    if type(value) in (types.FunctionType, types.BuiltinFunctionType, type):
        return value.__name__
    return None


class _MarkGenerator:
    parametrize = _Parametrize("parametrize")

    def __getattr__(self, name: str) -> MarkDecorator:
        if name.startswith("__"):
            raise AttributeError(name)
        return MarkDecorator(name)


mark = _MarkGenerator()


# --- fixtures -------------------------------------------------------------------------------


class _Fixture:
    def __init__(self, func, name: str, autouse: bool) -> None:
        self.func = func
        self.name = name
        self.autouse = autouse
        self.generator = bool(func.__code__.co_flags & _CO_GENERATOR)


def fixture(function=None, *, scope="function", params=None, autouse=False, ids=None, name=None):
    """A fixture: a module-level function whose result (or first yielded value) a test gets by
    naming it as a parameter. Code after `yield` runs after the test. Every scope is treated as
    "function": each case of each test run gets its own."""
    if params is not None:
        raise UnsupportedError("parametrized fixtures (fixture(params=...)) are not supported")

    def register(func):
        if not isinstance(func, types.FunctionType):
            raise TypeError("@pytest.fixture applies to functions only")
        if func.__code__.co_flags & _CO_COROUTINE:
            raise UnsupportedError(f"fixture {func.__name__}: async fixtures are not supported")
        func.__dict__[_FIXTURE] = _Fixture(func, name or func.__name__, bool(autouse))
        return func

    return register(function) if function is not None else register


def _parameters(func) -> list[str]:
    """The parameters a call must supply: those without defaults (pytest's rule)."""
    while isinstance(func.__dict__.get("__wrapped__"), types.FunctionType):
        func = func.__dict__["__wrapped__"]
    code = func.__code__
    positional = list(code.co_varnames[: code.co_argcount])
    if func.__defaults__:
        positional = positional[: len(positional) - len(func.__defaults__)]
    keyword_only = code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount]
    defaults = func.__kwdefaults__ or {}
    return positional + [n for n in keyword_only if n not in defaults]


class _Setup:
    """The fixtures of one case: made on demand, each once, torn down in reverse order."""

    def __init__(self, fixtures: dict[str, _Fixture], params: dict) -> None:
        self.fixtures = fixtures
        self.params = params
        self.values: dict = {}
        self.generators: list[tuple[str, types.GeneratorType]] = []

    def value(self, name: str, chain: tuple[str, ...] = ()):
        if name in self.params:
            return self.params[name]
        if name in self.values:
            return self.values[name]
        found = self.fixtures.get(name)
        if found is None:
            known = ", ".join(sorted(self.fixtures)) or "none"
            asked = f"{chain[-1]} (a fixture)" if chain else "the test"
            raise FixtureLookupError(
                f"fixture {name!r} not found: {asked} has a parameter {name!r}, but no fixture"
                f" of that name is defined in the test module (fixtures: {known})"
            )
        if name in chain:
            raise FixtureLookupError(
                f"fixture {name!r} depends on itself: {' -> '.join([*chain, name])}"
            )
        kwargs = {n: self.value(n, (*chain, name)) for n in _parameters(found.func)}
        if found.generator:
            generator = found.func(**kwargs)
            try:
                value = next(generator)
            except StopIteration:
                raise FixtureLookupError(f"fixture {name!r} did not yield a value") from None
            self.generators.append((name, generator))
        else:
            value = found.func(**kwargs)
        self.values[name] = value
        return value

    def teardown(self, *, quiet: bool) -> None:
        """Run the code after each generator fixture's yield; the first error is raised unless
        quiet (the test failed already, and that is what it reports)."""
        first: BaseException | None = None
        while self.generators:
            name, generator = self.generators.pop()
            try:
                next(generator)
            except StopIteration:
                continue
            except Abandoned:
                self.abandon()
                raise
            except BaseException as exc:
                if first is None:
                    first = exc
                continue
            generator.close()
            if first is None:
                first = FixtureLookupError(f"fixture {name!r} yielded more than once")
        if first is not None and not quiet:
            raise first

    def abandon(self) -> None:
        """The run is being stopped: close the generators now (their finally blocks run), not
        whenever they are collected, which could be in a later run."""
        while self.generators:
            _, generator = self.generators.pop()
            with contextlib.suppress(BaseException):  # Abandoned again, or the test's error
                generator.close()


# --- running a test -------------------------------------------------------------------------


def _fixtures(namespace: dict) -> dict[str, _Fixture]:
    found = {}
    for value in list(namespace.values()):
        if type(value) is types.FunctionType:
            definition = value.__dict__.get(_FIXTURE)
            if isinstance(definition, _Fixture):
                found[definition.name] = definition
    return found


def _cases(test) -> tuple[list, list[tuple[tuple, dict]]]:
    """The parsed parametrize marks, and per case (its combination of their cases, the
    arguments). Stacked marks multiply, the one nearest the function varying slowest (pytest's
    order). Not parametrized: one case, no arguments."""
    parsed = test.__dict__.get(_PARAMETRIZE)
    if not parsed:
        return [], [((), {})]
    seen: set[str] = set()
    for names, _, _ in parsed:
        twice = seen & set(names)
        if twice:
            raise ValueError(f"{test.__name__}: {', '.join(sorted(twice))} parametrized twice")
        seen |= set(names)
    cases = []
    for combination in itertools.product(*(each for _, each, _ in parsed)):
        arguments = {}
        for (names, _, _), (values, _, _) in zip(parsed, combination, strict=True):
            arguments.update(zip(names, values, strict=True))
        cases.append((combination, arguments))
    return parsed, cases


def run_test(namespace: dict, name: str) -> None:
    """Call the test `name` of a freshly imported test module: once, or once per case of its
    parametrization, each case with fresh fixtures. Raises what the first failing case raised,
    its message starting with the case's id."""
    test = namespace[name]
    if type(test) is not types.FunctionType:  # not a plain function: called as it is
        test()
        return
    if test.__code__.co_flags & _CO_COROUTINE:
        raise UnsupportedError(f"{name} is async: async tests are not supported")
    fixtures = _fixtures(namespace)
    autouse = [f.name for f in fixtures.values() if f.autouse]
    used = [
        fixture_name
        for m in test.__dict__.get(_MARKS, ())
        if m.name == "usefixtures"
        for fixture_name in m.args
    ]
    parameters = _parameters(test)
    parsed, cases = _cases(test)
    for combination, arguments in cases:
        setup = _Setup(fixtures, arguments)
        if not parsed:
            _run_case(test, setup, [*autouse, *used], parameters)
            continue
        run = _current_run()
        errors_before = len(run.thread_errors) if run is not None else 0
        try:
            _run_case(test, setup, [*autouse, *used], parameters)
        except Abandoned:
            raise
        except BaseException as exc:
            _name_case(exc, _label(parsed, combination, arguments))
            raise
        finally:
            # What the run reports instead of an exception: an error in one of the case's
            # threads, a deadlock of the case's threads.
            if run is not None:
                reports = run.thread_errors[errors_before:]
                if run.abort_reason == "deadlock" and run.deadlock is not None:
                    reports.append(run.deadlock)
                reports = [r for r in reports if not r.get("summary", "").startswith("[case ")]
                if reports:
                    label = _label(parsed, combination, arguments)
                    for report in reports:
                        report["summary"] = f"[case {label}] {report.get('summary', '')}"


def _run_case(test, setup: _Setup, setup_first: list[str], parameters: list[str]) -> None:
    try:
        for fixture_name in setup_first:
            setup.value(fixture_name)
        test(**{n: setup.value(n) for n in parameters})
    except Abandoned:
        setup.abandon()
        raise
    except BaseException:
        setup.teardown(quiet=True)
        raise
    setup.teardown(quiet=False)


def _current_run():
    """The run the calling (main) thread is in, if any."""
    state = runtime.STATES.get(_thread.get_ident())
    return state.run if state is not None else None


def _name_case(exc: BaseException, label: str) -> None:
    """Put the case's id in front of the exception's message, where the report shows it; the
    exception stays the same object, with its type and traceback."""
    prefix = f"[case {label}]"
    try:
        exc.spindle_case = label
        detail = getattr(exc, "spindle_assert", None)
        if isinstance(detail, dict) and isinstance(detail.get("detail"), str):
            detail["detail"] = f"{prefix} {detail['detail']}"
        args = exc.args
        if args and isinstance(args[0], str):
            exc.args = (f"{prefix} {args[0]}", *args[1:])
        elif not args:
            exc.args = (prefix,)
        if exc.args is not args and prefix not in _text(exc):
            exc.args = args  # a __str__ of its own ignores args: leave them be
        if prefix not in _text(exc):
            exc.add_note(f"in case {label}")
    except Exception:  # an exception class that will not take it
        pass


# --- the module the tests import ------------------------------------------------------------


def _module() -> types.ModuleType:
    module = types.ModuleType("pytest", "The grader's small stand-in for pytest.")
    for name in (
        "raises",
        "approx",
        "mark",
        "param",
        "fixture",
        "fail",
        "skip",
        "xfail",
        "importorskip",
        "ExceptionInfo",
        "UnsupportedError",
        "FixtureLookupError",
    ):
        setattr(module, name, globals()[name])

    def __getattr__(name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(
            f"pytest.{name} is not available in exercise tests (only {SUPPORTED} are)"
        )

    module.__getattr__ = __getattr__
    return module


MODULE = _module()


def install() -> None:
    """Make `import pytest` in the tests import this stand-in."""
    sys.modules["pytest"] = MODULE
