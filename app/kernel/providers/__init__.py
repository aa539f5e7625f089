"""Kernel providers: where a note's kernel runs, behind the one :class:`~app.kernel.session.KernelSession`
interface the panels use.

Owns ``local`` (a child process, as ever), ``server`` (a Jupyter Server or Kernel Gateway at a URL with a
token, through ``gateway``: jupyter_server's gateway client and managers), ``connection_file`` (an existing
kernel, e.g. behind ``ssh -L``) and ``engine`` (checking that the kernel's ``app.engine`` is this app's, and
sending it with consent). May import: ``app.kernel`` (session, replies, homes), ``app.engine.identity``
(torch-free) and ``app.i18n``; never torch, never Qt.

``server`` and ``gateway`` load on first use (``open_session`` for a server, or any of their names from
here): jupyter_server's client pulls in about 3 s of imports (jupyter_events, jsonschema) that a local
kernel never needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.kernel.homes import FILE, LOCAL, SERVER, KernelHome
from app.kernel.providers.connection_file import ConnectionFileSession
from app.kernel.providers.engine import (
    EngineMismatch,
    EngineStatus,
    check_engine,
    local_engine,
    send_engine,
)
from app.kernel.providers.local import local_session
from app.kernel.session import KernelSession

_LAZY = {
    "CONNECT_S": "gateway", "REST_S": "gateway", "START_S": "gateway", "RemoteError": "gateway",
    "CALL_S": "server", "LIVENESS_S": "server", "RemoteStartError": "server", "ServerKernelSession": "server",
}


def __getattr__(name: str) -> Any:
    """The server provider's names, imported when first asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)

__all__ = [
    "CALL_S",
    "CONNECT_S",
    "LIVENESS_S",
    "REST_S",
    "START_S",
    "ConnectionFileSession",
    "EngineMismatch",
    "EngineStatus",
    "KernelHome",
    "RemoteError",
    "RemoteStartError",
    "ServerKernelSession",
    "check_engine",
    "ensure_engine",
    "local_engine",
    "open_session",
    "send_engine",
]


def open_session(home: KernelHome | None, cwd: str | Path, **callbacks: Any) -> KernelSession:
    """A session (not started) for ``home``: local when None or kind "local"."""
    if home is None or home.kind == LOCAL:
        return local_session(cwd, **callbacks)
    if home.kind == SERVER:
        from app.kernel.providers.server import ServerKernelSession

        return ServerKernelSession(cwd, home, **callbacks)
    if home.kind == FILE:
        return ConnectionFileSession(cwd, home, **callbacks)
    raise ValueError(f"unknown kernel home kind {home.kind!r}")


def ensure_engine(
    session: KernelSession, home: KernelHome | None, consent: Any = None
) -> EngineStatus | None:
    """After ``wait_ready``: for a remote kernel, check the engine; when it is missing or stale, send ours
    if ``consent(status)`` says yes, else raise :class:`EngineMismatch`. None for a local kernel."""
    if home is None or not home.remote:
        return None
    status = check_engine(session)
    if status.ok:
        return status
    if consent is None or not consent(status):
        raise EngineMismatch(status, home.label)
    return send_engine(session)
