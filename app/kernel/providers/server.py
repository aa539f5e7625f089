"""A note's kernel on a Jupyter Server or Kernel Gateway, behind the same :class:`KernelSession` interface.

Everything the panels do (``execute``, ``call``, ``interrupt``, ``restart``, ``shutdown``, the state and
death callbacks) works as for a local kernel; only the lifecycle differs, and that is what this class
overrides. The messages are the same Jupyter messages, carried by :mod:`.gateway` over the websocket.

Liveness, since there is no local process to poll:

- the websocket's reader thread ends when the server closes the connection (server stopped, kernel
  deleted) or the network drops it: the running call ends at its next poll (50 ms) with a worded reason;
- every ``LIVENESS_S`` seconds a watcher asks ``GET /api/kernels/<id>``: a 404 means the server culled or
  deleted the kernel, no answer within ``REST_S`` means the server or the network is gone;
- a status ``restarting``/``dead`` that the server makes up means the kernel died there and was restarted
  (its variables are gone): reported once, like a local crash.

A dead remote kernel stays dead until :meth:`restart` (one action: it restarts the kernel over REST, or
starts a new one when the old one is gone). ``call_timeout`` (``CALL_S``, 30 min) bounds any single call.
"""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path
from typing import Any

from app.kernel.homes import KernelHome
from app.kernel.providers import gateway
from app.kernel.providers.gateway import RemoteError
from app.kernel.session import KernelSession, KernelStartError

LIVENESS_S = 3.0
CALL_S = 1800.0


class RemoteStartError(KernelStartError):
    """A remote kernel could not be started or reached; ``code``/``args_`` word it in either language."""

    def __init__(self, error: RemoteError) -> None:
        super().__init__(str(error))
        self.code = error.code
        self.args_ = error.args_


class ServerKernelSession(KernelSession):
    """One kernel on a Jupyter Server (``home.url``, ``home.token``) for one note."""

    def __init__(self, cwd: str | Path, home: KernelHome, **callbacks: Any) -> None:
        super().__init__(cwd, **callbacks)
        self.home = home
        self.call_timeout = CALL_S
        self._manager: Any = None
        self._lost: RemoteError | None = None
        self.kernel_id: str | None = None
        self.engine_payload: bytes | None = None  # the engine sent for this session (resent on restart)

    # --- what the base class asks of a process -----------------------------------------------------

    def _process(self) -> Any:
        return None  # the process is on the server

    def _returncode(self) -> int | None:
        """None while the kernel is reachable; 1 (with ``_lost`` set) once it is not."""
        if self._lost is not None:
            return 1
        reader = self._kc
        if reader is not None and not reader.connected and not self._closing:
            self._lost = self._why_lost()
            return 1
        return None

    def _why_lost(self) -> RemoteError:
        """The websocket closed: ask the server whether the kernel is gone or the server is."""
        try:
            model = gateway.kernel_model(self._manager, self.home, timeout=5.0)
        except RemoteError as exc:
            return exc if exc.code in ("remote.down", "remote.token") else RemoteError(
                "remote.lost", name=self.home.label)
        if model is None:
            return RemoteError("remote.gone", name=self.home.label)
        return RemoteError("remote.lost", name=self.home.label)

    def _death_reason(self, code: int | None) -> str:
        return str(self._lost or RemoteError("remote.lost", name=self.home.label))

    def _on_server_status(self, state: str) -> None:
        if self._lost is None and not self._expected_exit:
            self._lost = RemoteError("remote.restarted", name=self.home.label)

    @property
    def lost(self) -> RemoteError | None:
        """Why the kernel is unreachable (code + args, for the UI to word), or None."""
        return self._lost

    # --- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Start a kernel on the server and open its websocket (blocks up to START_S; RemoteStartError)."""
        with self._lock:
            if self._manager is not None and self._state != "dead":
                return
            self._closing = False
            self._died_reason = None
            self._lost = None
            self._set_state("starting")
            try:
                self._manager = gateway.new_manager(self.home)
                gateway.start_kernel(self._manager, self.home)
                self.kernel_id = self._manager.kernel_id
                self._connect()
            except RemoteError as exc:
                self._set_state("dead")
                self._died_reason = str(exc)
                raise RemoteStartError(exc) from exc
            self._generation += 1
            self._expected_exit = False
        if self._watcher is None or not self._watcher.is_alive():
            self._watcher = threading.Thread(target=self._watch, name="tensornote-remote-watch", daemon=True)
            self._watcher.start()

    def _connect(self) -> None:
        client = gateway.open_channels(self._manager, self.home)
        self._kc = gateway.ChannelReader(client, self._on_server_status)

    def wait_ready(self, timeout: float = 60.0) -> None:
        try:
            super().wait_ready(timeout)
        except KernelStartError as exc:
            if self._lost is not None:
                raise RemoteStartError(self._lost) from exc
            raise

    def _watch(self) -> None:
        """Every LIVENESS_S: is the kernel still on the server, and the server still there?"""
        next_check = time.monotonic() + LIVENESS_S
        while not self._closing:
            time.sleep(0.25)
            if self._closing or self._state not in ("idle", "busy"):
                continue
            if self._returncode() is not None:
                self._mark_dead(self._death_reason(1))
                continue
            if time.monotonic() < next_check:
                continue
            next_check = time.monotonic() + LIVENESS_S
            manager = self._manager
            try:
                model = gateway.kernel_model(manager, self.home)
            except RemoteError as exc:
                if manager is self._manager and not self._closing and self._lost is None:
                    self._lost = exc if exc.code != "remote.timeout" else RemoteError(
                        "remote.lost", name=self.home.label)
                    self._mark_dead(str(self._lost))
                continue
            if model is None and manager is self._manager and not self._closing and self._lost is None:
                self._lost = RemoteError("remote.gone", name=self.home.label)
                self._mark_dead(str(self._lost))

    def interrupt(self) -> None:
        """POST .../interrupt, without waiting (this may be the UI thread)."""
        if self._manager is not None and self._state != "dead":
            gateway.interrupt(self._manager, self.home)

    def kill(self) -> None:
        """End the running call now (its wait fails with KernelDiedError); the kernel is left to restart()."""
        self._generation += 1
        self._expected_exit = True

    def restart(self, timeout: float = 60.0) -> None:
        """A fresh kernel: restarted over REST, or a new one when the server no longer has the old one,
        or after reconnecting to a server that came back. One action for every fault."""
        self.kill()
        with self._lock:
            self._close_client()
            self._died_reason = None
            self._set_state("starting")
            try:
                if self._manager is None or not self._manager.has_kernel:  # a 404 on GET forgets it
                    raise RemoteError("remote.gone", name=self.home.label)
                gateway.restart(self._manager, self.home)
                self._lost = None
                self._connect()
            except RemoteError as exc:
                if exc.code != "remote.gone":
                    self._lost = exc
                    self._set_state("dead")
                    self._died_reason = str(exc)
                    raise RemoteStartError(exc) from exc
                self._manager = None  # the old kernel is gone: start a new one (the lock is re-entrant)
                self._state = "dead"
                self.start()
            else:
                self._generation += 1
                self._expected_exit = False
        self.wait_ready(timeout)
        if self.engine_payload is not None:  # the user agreed for this session: the new kernel gets it too
            from app.kernel.providers.engine import install_payload

            install_payload(self, self.engine_payload)

    def shutdown(self, timeout: float = 5.0) -> None:
        """Close the websocket and delete the kernel on the server (best effort when it is unreachable)."""
        self._closing = True
        manager = self._manager
        acquired = self._lock.acquire(timeout=timeout)
        try:
            self._close_client()
            if manager is not None and manager.kernel_id is not None:
                # the server or the kernel may be gone already: then nothing of ours is left there
                with contextlib.suppress(RemoteError):
                    gateway.delete(manager, self.home, timeout=max(timeout, 1.0))
            self._manager = None
            self._set_state("dead")
        finally:
            if acquired:
                self._lock.release()
