"""The kernel on this computer: the app's own Python as a child process (:class:`KernelSession`, as ever).

Kept as a provider of its own so that :func:`app.kernel.providers.open_session` treats every home alike;
the local kernel needs no engine check (it imports this very checkout: the repository is on its
PYTHONPATH).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.kernel.session import KernelSession


def local_session(cwd: str | Path, **callbacks: Any) -> KernelSession:
    """A local kernel for a note in ``cwd`` (not started)."""
    return KernelSession(cwd, **callbacks)
