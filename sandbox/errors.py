"""Errors raised by the sandbox. None of them is ever the student's fault."""

from __future__ import annotations


class SandboxError(Exception):
    """The sandbox could not run a job as asked (e.g. the job itself is malformed)."""


class SandboxUnavailable(SandboxError):
    """Confinement is not working on this host: refuse to run untrusted code (fail closed)."""
