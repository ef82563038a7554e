"""Pages per second under load: gunicorn as deployed (3 sync workers, --preload, production
settings, PostgreSQL, Redis) driven by wrk with 50 connections against the framework's floor
(/healthz), the catalog, the threading lesson (anonymous and enrolled) and the stylesheet.

Prints req/s, p99, both as ratios to /healthz measured in the same run (the machine's speed and
load cancel out), SQL queries per request and the 1-minute load average when each page was
measured; then the memory of the three workers with and without --preload.

The goals of issue 13 were set on a machine where /healthz served 3,750 req/s with a p99 of
21 ms; as ratios: catalog >= 0.267 (1,000 req/s), lesson >= 0.160 anonymous (600) and >= 0.107
enrolled (400). Their p99 goal, under 150 ms, is shown two ways: as a multiple of /healthz's p99
(at most 7.1), and scaled to that machine's speed by /healthz's rate (p99 x req/s of /healthz /
3,750 under 150 ms). At 50 connections on sync workers a page's p99 is mostly its queue, so it
follows the page's rate; /healthz's own p99 is the noisier yardstick.

    python bench/pages.py [SECONDS]      # per page; default 20, or BENCH_SECONDS
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._server import (  # noqa: E402
    WORKERS,
    Server,
    collect_static,
    gunicorn,
    load_average,
    memory_kib,
)
from bench._setup import BASE_DIR, django_on_bench_database  # noqa: E402

CONNECTIONS = 50
COURSE = "python-advance"
LESSON = "threads-start-and-join"  # the threading lesson
WARM_UP_SECONDS = 1  # per page, before memory is read: every worker has served every page
# What a browser sends: pages come back gzipped, static files as .br (part of their cost).
ACCEPT_ENCODING = "gzip, deflate, br"
READER_EMAIL = "bench-reader@example.com"


# The p99 goal (150 ms where /healthz's p99 was 21 ms and its rate 3,750 req/s).
P99_GOAL_MS = 150
P99_GOAL = P99_GOAL_MS / 21  # as a multiple of /healthz's p99
GOAL_MACHINE_HEALTHZ_RATE = 3750


@dataclass
class Page:
    name: str
    path: str
    cookie: str = ""
    queries: int | None = None  # None: answered by whitenoise before Django
    goal: float | None = None  # the least req/s as a ratio to /healthz's


@dataclass
class Measure:
    requests_per_second: float
    p99_ms: float
    load: float
    errors: str


def seconds_per_page() -> int:
    raw = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("BENCH_SECONDS", "20")
    try:
        seconds = int(raw)
    except ValueError:
        raise SystemExit(f"seconds per page must be a whole number; got {raw!r}") from None
    if seconds < 1:
        raise SystemExit("seconds per page must be at least 1")
    return seconds


def prepare_pages() -> list[Page]:
    """Demo content in the bench database, an enrolled reader with a session, and each page's
    SQL queries per request counted in-process through the test client."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from courses.models import Course
    from courses.services import enroll

    content = BASE_DIR / "content"
    for command, folder in [("import_course", "courses"), ("import_exercises", "exercises"),
                            ("import_practice_tests", "practice_tests")]:  # fmt: skip
        files = sorted((content / folder).glob("*.yaml"))
        call_command(command, *files, stdout=io.StringIO())
    reader, _ = User.objects.get_or_create(email=READER_EMAIL, defaults={"name": "Bench Reader"})
    enroll(user=reader, course=Course.objects.get(slug=COURSE))
    student = Client()
    student.force_login(reader)  # a session row in the bench database, signed by SECRET_KEY
    cookie = f"{settings.SESSION_COOKIE_NAME}={student.cookies[settings.SESSION_COOKIE_NAME].value}"

    lesson = f"/courses/{COURSE}/{LESSON}/"
    pages = [
        Page("/healthz (framework floor)", "/healthz"),
        Page("catalog", "/courses/", goal=1000 / 3750),
        Page("threading lesson, anonymous", lesson, goal=600 / 3750),
        Page("same lesson, enrolled student", lesson, cookie, goal=400 / 3750),
    ]
    for page in pages:
        client = student if page.cookie else Client()
        # The first request fills the caches (and records the student's visit, after which the
        # second reads their standing afresh): the count is that of a page read again.
        for _ in range(2):
            client.get(page.path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
        if response.status_code != 200:
            raise SystemExit(f"{page.path} answered {response.status_code} in-process")
        page.queries = len(queries)
    return pages


def check_pages(server: Server, pages: list[Page]) -> None:
    """Each page answers 200 (not a redirect to log in), the enrolled one as enrolled."""
    for page in pages:
        status, body = server.get(page.path, {"Cookie": page.cookie} if page.cookie else {})
        if status != 200:
            raise SystemExit(f"{page.path} answered {status} from gunicorn")
        if page.cookie and b"Mark complete" not in body and b"Mark as not complete" not in body:
            raise SystemExit("the enrolled reader's lesson page shows no completion button")


def run_wrk(server: Server, page: Page, seconds: int) -> Measure:
    output = _wrk(server, page, seconds)
    return parse_wrk(output, page.path, load_average())


def _wrk(server: Server, page: Page, seconds: int) -> str:
    command = ["wrk", "--threads", "2", "--connections", str(CONNECTIONS),
               "--duration", f"{seconds}s", "--timeout", "10s", "--latency",
               "--header", f"Accept-Encoding: {ACCEPT_ENCODING}"]  # fmt: skip
    if page.cookie:
        command += ["--header", f"Cookie: {page.cookie}"]
    result = subprocess.run(
        [*command, server.base_url + page.path],
        capture_output=True, text=True, timeout=seconds + 60,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"wrk failed on {page.path}:\n{result.stdout}{result.stderr}")
    # Sync workers still owe answers to the connections wrk left queued in the listen backlog;
    # a request sent now is answered after them, so the next page starts on an idle server.
    server.get("/healthz", timeout=120)
    return result.stdout


_DURATION = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output: str, path: str, load: float) -> Measure:
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\b", output, re.MULTILINE)
    if not rate or not p99:
        raise SystemExit(f"could not read wrk's output for {path}:\n{output}")
    if float(rate[1]) == 0:
        raise SystemExit(f"{path}: no request was answered:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        raise SystemExit(f"{path}: {non_2xx[1]} answers were not 2xx/3xx:\n{output}")
    socket_errors = re.search(r"Socket errors:\s+(.+)", output)
    return Measure(
        requests_per_second=float(rate[1]),
        p99_ms=float(p99[1]) * _DURATION[p99[2]],
        load=load,
        errors=socket_errors[1].strip() if socket_errors else "",
    )


def warm_up(server: Server, pages: list[Page]) -> None:
    """Every worker serves every page (what its memory is read after); nothing is measured."""
    for page in pages:
        _wrk(server, page, WARM_UP_SECONDS)


def server_memory(server: Server) -> dict[str, int]:
    """KiB: the workers' RSS summed, and PSS and private memory of the master and the workers
    summed (with --preload the master holds the app too and has its share of the pages)."""
    workers = [memory_kib(pid) for pid in server.worker_pids()]
    everyone = [*workers, memory_kib(server.process.pid)]
    return {
        "workers_rss": sum(m["rss"] for m in workers),
        "pss": sum(m["pss"] for m in everyone),
        "private": sum(m["private"] for m in everyone),
    }


def static_page(static_root: Path) -> Page:
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    return Page("spindle.css (hashed name)", f"/static/{manifest['paths']['css/spindle.css']}")


def print_table(pages: list[Page], measures: list[Measure], seconds: int) -> None:
    floor = measures[0].requests_per_second
    print(f"wrk: {CONNECTIONS} connections, {seconds} s per page, gunicorn {WORKERS} sync workers "
          f"--preload, production settings; {os.cpu_count()} cores")  # fmt: skip
    print(f"{'page':<32} {'req/s':>8} {'÷ healthz':>10} {'goal':>6} {'p99':>10} "
          f"{'÷ healthz':>10} {'goal':>6} {'scaled':>9} {'goal':>6} {'queries':>8} "
          f"{'load':>6}")  # fmt: skip
    floor_p99 = measures[0].p99_ms
    for page, measure in zip(pages, measures, strict=True):
        queries = "—" if page.queries is None else str(page.queries)
        errors = f"   socket errors: {measure.errors}" if measure.errors else ""
        rate = measure.requests_per_second / floor
        p99 = measure.p99_ms / floor_p99
        scaled = measure.p99_ms * floor / GOAL_MACHINE_HEALTHZ_RATE
        rate_goal = p99_goal = scaled_goal = ""
        if page.goal is not None:
            rate_goal = "met" if rate >= page.goal else "MISSED"
            p99_goal = "met" if p99 <= P99_GOAL else "MISSED"
            scaled_goal = "met" if scaled < P99_GOAL_MS else "MISSED"
        print(f"{page.name:<32} {measure.requests_per_second:>8,.0f} {rate:>10.3f} "
              f"{rate_goal:>6} {measure.p99_ms:>7.1f} ms {p99:>10.2f} {p99_goal:>6} "
              f"{scaled:>6.0f} ms {scaled_goal:>6} {queries:>8} "
              f"{measure.load:>6.2f}{errors}")  # fmt: skip


def print_memory(preloaded: dict[str, int], separate: dict[str, int]) -> None:
    print(f"memory after every worker served every page, MiB: RSS of the {WORKERS} workers "
          "(shared pages counted in each), PSS and private of master + workers")  # fmt: skip
    print(f"{'':<12} {'RSS':>8} {'PSS':>8} {'private':>8}")
    for label, memory in [("--preload", preloaded), ("without", separate)]:
        print(f"{label:<12} {memory['workers_rss'] / 1024:>8.1f} {memory['pss'] / 1024:>8.1f} "
              f"{memory['private'] / 1024:>8.1f}")  # fmt: skip
    saved = (separate["pss"] - preloaded["pss"]) / 1024
    print(f"--preload saves {saved:.1f} MiB of PSS in all, {saved / WORKERS:.1f} MiB per worker")


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: scripts/system_deps.sh --bench installs it")
    seconds = seconds_per_page()
    # One key for this process and gunicorn's: the reader's session carries an HMAC made with it.
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(64)
    os.environ.setdefault("CACHE_KEY_PREFIX", f"bench-pages-{secrets.token_hex(3)}")
    django_on_bench_database()
    pages = prepare_pages()

    with tempfile.TemporaryDirectory(prefix="bench-static-") as static_dir:
        static_root = Path(static_dir)
        collect_static(static_root)
        pages.append(static_page(static_root))

        with gunicorn(static_root=static_root, preload=True) as server:
            check_pages(server, pages)
            warm_up(server, pages)
            preloaded = server_memory(server)
            measures = [run_wrk(server, page, seconds) for page in pages]
        with gunicorn(static_root=static_root, preload=False) as server:
            warm_up(server, pages)
            separate = server_memory(server)

    print_table(pages, measures, seconds)
    print_memory(preloaded, separate)


if __name__ == "__main__":
    main()
