"""A `redis-server` of one's own, to stop and restart at will (tests and `make bench`).

The shared Redis (127.0.0.1:6379) is never stopped: whatever needs an outage takes one of these.
Nothing is persisted, so a restart comes back empty, as a Redis without persistence does.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import redis


class RedisServer:
    def __init__(self, *, log_path: Path) -> None:
        if shutil.which("redis-server") is None:
            raise FileNotFoundError("redis-server is not installed")
        self.log_path = log_path
        with socket.socket() as probe:  # the kernel picks a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        self._wait(self.answers, "to answer")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self._wait(lambda: not self.answers(), "to stop")

    def answers(self) -> bool:
        try:
            # retry=None: one try, not redis-py's default of ten with back-off.
            return redis.Redis(port=self.port, socket_connect_timeout=0.2, retry=None).ping()
        except redis.ConnectionError:
            return False

    def _wait(self, condition, what: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"redis-server on port {self.port} did not {what}")
            time.sleep(0.02)
