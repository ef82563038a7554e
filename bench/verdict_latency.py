"""Submit -> verdict as a student sees it: headless Chromium clicks Submit on a trivial exercise and
the page itself times the click up to the verdict's first frame. p50/p95 on two setups:

- redis: gunicorn as deployed (production settings, PostgreSQL) and a Celery worker on Redis;
- make run: `make run`'s defaults, nothing configured: runserver, SQLite and a worker on kombu's
  filesystem broker, in a scratch SPINDLE_VAR_DIR.

    python bench/verdict_latency.py [SUBMISSIONS]     # per setup; default 20
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._server import (  # noqa: E402
    collect_static,
    free_port,
    gunicorn,
    load_average,
    stop_process_group,
)
from bench._setup import BASE_DIR, django_on_bench_database, percentile  # noqa: E402

WARM_UP = 3  # the first gradings start the worker's processes and the sandbox
CHROMIUM_ARGS = [  # as tests/browser/conftest.py
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
# The student's quick resubmissions must not meet the per-minute grading limit.
RATE_LIMIT_OFF = {"EXERCISE_SUBMISSIONS_PER_MINUTE": "100000"}

# In the page: the click on Submit starts the clock; the clock stops at the first frame after
# a finished verdict card replaced the result region (htmx swaps #result outerHTML, so a new
# #result element is a new answer, never the previous submission's card).
TIMER_JS = """() => {
  const bench = (window.__bench = {start: null, end: null, old: null});
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (button && button.textContent.trim() === "Submit") {
      bench.start = performance.now();
      bench.end = null;
      bench.old = document.querySelector("#result");
    }
  }, true);
  new MutationObserver(() => {
    const result = document.querySelector("#result");
    if (bench.start === null || bench.end !== null || !result || result === bench.old) return;
    const card = result.querySelector('.verdict-card[data-status="done"]');
    if (!card) return;
    bench.end = -1;  // claimed: the frame below sets the time
    bench.verdict = card.dataset.verdict;
    requestAnimationFrame(() => { bench.end = performance.now(); });
  }).observe(document.body, {childList: true, subtree: true});
}"""

# A promise, not wait_for_function: the page's CSP (no 'unsafe-eval') refuses the latter.
WAIT_JS = """() => new Promise((resolve, reject) => {
  const deadline = performance.now() + 120000;
  const timer = setInterval(() => {
    if (window.__bench.end > 0) { clearInterval(timer); resolve(window.__bench); }
    else if (performance.now() > deadline) { clearInterval(timer); reject("no verdict in 120 s"); }
  }, 5);
})"""


def prepare() -> None:
    """In a process of the setup's own settings: a trivial exercise, an enrolled student and
    their session. Prints them as JSON."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    from accounts.models import User
    from bench.pipeline import TRIVIAL
    from courses.bundle import import_bundle
    from courses.models import Course
    from courses.services import enroll
    from exercises.bundle import save_exercise
    from exercises.models import Exercise
    from tests.factories import make_bundle

    course = Course.objects.filter(slug="bench-verdict").first() or import_bundle(
        make_bundle(slug="bench-verdict", chapters=1, lessons_per_chapter=1)
    )
    exercise = Exercise.objects.filter(slug=TRIVIAL["slug"]).first() or save_exercise(
        course.lessons.get(), TRIVIAL
    )
    student, _ = User.objects.get_or_create(
        email="bench-verdict@example.com", defaults={"name": "Bench Verdict"}
    )
    enroll(user=student, course=course)
    client = Client()
    client.force_login(student)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    print(json.dumps({"url": exercise.get_absolute_url(), "name": cookie.key,
                      "value": cookie.value}))  # fmt: skip


def prepare_in(env: dict[str, str]) -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, __file__, "--prepare"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"preparing the exercise failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(base_url: str, prepared: dict[str, str], submissions: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context()
            context.add_cookies(
                [{"name": prepared["name"], "value": prepared["value"], "url": base_url}]
            )
            page = context.new_page()
            page.goto(base_url + prepared["url"])
            page.evaluate(TIMER_JS)
            submit = page.get_by_role("button", name="Submit", exact=True)
            latencies = []
            for i in range(WARM_UP + submissions):
                submit.click()
                bench = page.evaluate(WAIT_JS)
                if bench["verdict"] != "accepted":
                    raise SystemExit(f"submission {i + 1}: verdict {bench['verdict']!r}")
                if i >= WARM_UP:
                    latencies.append(bench["end"] - bench["start"])
            return latencies
        finally:
            browser.close()


@contextlib.contextmanager
def redis_setup(static_root: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """gunicorn as deployed and a worker from bench._setup, both on Redis and PostgreSQL."""
    from bench._setup import start_worker, stop_worker

    os.environ.update(RATE_LIMIT_OFF)
    prepared = prepare_in(dict(os.environ))
    worker = start_worker(concurrency=2)
    try:
        with gunicorn(static_root=static_root) as server:
            yield server.base_url, prepared
    finally:
        stop_worker(worker)


@contextlib.contextmanager
def make_run_setup() -> Iterator[tuple[str, dict[str, str]]]:
    """scripts/run.sh's web and grading processes with nothing configured: SQLite and the
    filesystem broker, in a scratch var/ so a developer's own is never touched."""
    with tempfile.TemporaryDirectory(prefix="bench-make-run-") as var_dir:
        unset = {"DATABASE_URL", "REDIS_URL", "SPINDLE_ENV", "STATIC_ROOT"}
        env = {k: v for k, v in os.environ.items() if k not in unset}
        env.update(RATE_LIMIT_OFF, SPINDLE_VAR_DIR=var_dir, LOG_LEVEL="WARNING",
                   CELERY_QUEUE=f"spindle-bench-{uuid.uuid4().hex[:6]}")  # fmt: skip
        prepared = prepare_in(env)
        port = free_port()
        processes = [
            subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for command in (
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=WARNING",
                 "--concurrency=2", "-Q", env["CELERY_QUEUE"]],
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            )
        ]  # fmt: skip
        try:
            _wait_for_http(f"http://127.0.0.1:{port}/healthz")
            yield f"http://127.0.0.1:{port}", prepared
        finally:
            for process in processes:
                stop_process_group(process)


def _wait_for_http(url: str, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer in {timeout:.0f} s")


def main() -> None:
    submissions = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    # One key for every process: the student's session carries an HMAC made with it.
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(64)
    django_on_bench_database()  # the redis setup's database, queue and Redis

    results = []
    with tempfile.TemporaryDirectory(prefix="bench-static-") as static_dir:
        collect_static(Path(static_dir))
        with redis_setup(Path(static_dir)) as (base_url, prepared):
            latencies = measure(base_url, prepared, submissions)
            results.append(("redis (gunicorn, PostgreSQL, Redis)", latencies, load_average()))
    with make_run_setup() as (base_url, prepared):
        latencies = measure(base_url, prepared, submissions)
        results.append(("make run (runserver, SQLite, filesystem)", latencies, load_average()))

    print(
        f"browser submit -> verdict, trivial exercise, headless Chromium: {submissions} "
        f"submissions after {WARM_UP} to warm up, from the click to the verdict's first frame"
    )
    print(f"{'setup':<42} {'p50':>9} {'p95':>9} {'max':>9} {'load':>6}")
    for label, latencies, load in results:
        p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
        print(f"{label:<42} {p50:>6.0f} ms {p95:>6.0f} ms {max(latencies):>6.0f} ms {load:>6.2f}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--prepare"]:
        prepare()
    else:
        main()
