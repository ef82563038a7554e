"""A production-like web server for the benchmarks: gunicorn as docker-compose.yml runs it, with
production settings, on the bench database and a free port of the loopback."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WORKERS = 3  # as docker-compose.yml


def production_env(*, static_root: Path) -> dict[str, str]:
    """Production settings over the bench's environment (bench._setup.django_on_bench_database
    has set DATABASE_URL, REDIS_URL and SECRET_KEY first): plain http on the loopback."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SANDBOX_BACKEND"}}
    env.update(
        SPINDLE_ENV="production",
        DJANGO_SETTINGS_MODULE="config.settings",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",  # nginx terminates TLS in production; here there is none
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
    )
    return env


def collect_static(static_root: Path) -> None:
    """collectstatic as the Dockerfile runs it: hashed names with .gz and .br siblings."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR, env=production_env(static_root=static_root), check=True, timeout=300,
    )  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def get(
        self, path: str, headers: dict[str, str] | None = None, *, timeout: float = 10
    ) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


@contextlib.contextmanager
def gunicorn(*, static_root: Path, preload: bool = True) -> Iterator[Server]:
    """gunicorn with docker-compose.yml's options, answering /healthz before it yields; stopped
    (its whole process group) on the way out."""
    port = free_port()
    with tempfile.NamedTemporaryFile("w+", prefix="bench-gunicorn-", suffix=".log") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
             *(["--preload"] if preload else []), "--error-logfile", log.name,
             # Its management socket is one path per user: another gunicorn may have it.
             "--no-control-socket"],
            cwd=BASE_DIR, env=production_env(static_root=static_root),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        server = Server(process, port, Path(log.name))
        try:
            _wait_until_ready(server)
            yield server
        finally:
            stop_process_group(process)


def _wait_until_ready(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"gunicorn exited at start:\n{server.log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            if server.get("/healthz")[0] == 200 and len(server.worker_pids()) == WORKERS:
                return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer /healthz in {timeout:.0f} s")


def stop_process_group(process: subprocess.Popen) -> None:
    """SIGTERM to the process and everything it started, SIGKILL if still there after 20 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def memory_kib(pid: int) -> dict[str, int]:
    """Rss, Pss and private (Private_Clean + Private_Dirty) of a process, in KiB. RSS counts
    pages shared with other processes in full for each; PSS divides them among the sharers."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value)
    return {
        "rss": fields["Rss"],
        "pss": fields["Pss"],
        "private": fields["Private_Clean"] + fields["Private_Dirty"],
    }


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])
