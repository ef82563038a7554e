"""Sandbox backends: things that run a Job and return a RunResult.

"bwrap" confines the job (namespaces, seccomp, cgroups, unprivileged uid). "unconfined" runs it
as a plain subprocess, for development only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from sandbox.errors import SandboxError
from sandbox.job import Job, RunResult


class Backend(Protocol):
    name: str

    def run(self, job: Job, *, on_message: Callable[[dict], None] | None = None) -> RunResult:
        """Run the job to completion. `on_message` gets each channel message as it arrives."""
        ...

    def self_test(self) -> None:
        """Raise SandboxUnavailable, with the reason, unless confinement works here."""
        ...


def get_backend(name: str, **options: Any) -> Backend:
    """The backend called `name`, built with backend-specific keyword options."""
    # Imported on demand: a backend's module may need things only present where it is used.
    if name == "bwrap":
        from sandbox.backends.bwrap import BwrapBackend

        return BwrapBackend(**options)
    if name == "unconfined":
        from sandbox.backends.unconfined import UnconfinedBackend

        return UnconfinedBackend(**options)
    raise SandboxError(f"unknown sandbox backend {name!r} (choose 'bwrap' or 'unconfined')")
