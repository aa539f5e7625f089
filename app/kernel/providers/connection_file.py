"""An existing kernel from its connection file (``kernel.json``), e.g. one started on another machine and
reached through ``ssh -L`` tunnels for its five ports.

jupyter_client's own BlockingKernelClient talks to it, exactly as to our local kernel; only the lifecycle
differs, because the process is not ours:

- liveness is the heartbeat channel: a kernel that stops beating for ``HEARTBEAT_S`` seconds is reported
  dead (the process may have exited, or the tunnel dropped);
- interrupt is an ``interrupt_request`` on the control channel (we cannot signal another machine);
- restart cannot restart a process we did not start: it reconnects and clears the note's namespace
  (``state.reset``), which is what the user wants from "a fresh kernel";
- shutdown only closes our channels: the user's kernel keeps running for them.
"""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path
from typing import Any

from jupyter_client.blocking.client import BlockingKernelClient

from app.i18n import messages, text
from app.kernel.homes import KernelHome
from app.kernel.session import KernelCallError, KernelSession, KernelStartError

HEARTBEAT_S = 5.0
CALL_S = 1800.0

messages({
    "remote.file_unreadable": (
        "커널 연결 파일을 읽을 수 없습니다: {path} ({why})",
        "Cannot read the kernel connection file {path} ({why})",
    ),
    "remote.no_heartbeat": (
        "{name}의 커널이 {seconds:.0f}초 동안 심장 박동에 답하지 않습니다: 커널이 끝났거나 터널(ssh -L)이 "
        "끊겼습니다.",
        "The kernel of {name} has not answered its heartbeat for {seconds:.0f} s: it exited or the tunnel "
        "(ssh -L) dropped.",
    ),
})


class ConnectionFileSession(KernelSession):
    """A kernel that someone else started, reached through its connection file."""

    def __init__(self, cwd: str | Path, home: KernelHome, **callbacks: Any) -> None:
        super().__init__(cwd, **callbacks)
        self.home = home
        self.call_timeout = CALL_S
        self._silent_since: float | None = None
        self.engine_payload: bytes | None = None

    def _process(self) -> Any:
        return None

    def _returncode(self) -> int | None:
        kc = self._kc
        if kc is None or self._closing:
            return None
        if kc.hb_channel.is_beating():
            self._silent_since = None
            return None
        now = time.monotonic()
        if self._silent_since is None:
            self._silent_since = now
        return 1 if now - self._silent_since > HEARTBEAT_S else None

    def _death_reason(self, code: int | None) -> str:
        return text("remote.no_heartbeat", name=self.home.label, seconds=HEARTBEAT_S)

    def start(self) -> None:
        with self._lock:
            if self._kc is not None and self._state != "dead":
                return
            self._closing = False
            self._died_reason = None
            self._silent_since = None
            self._set_state("starting")
            kc = BlockingKernelClient(connection_file=self.home.connection_file)
            try:
                kc.load_connection_file()
            except (OSError, ValueError, KeyError) as exc:
                self._set_state("dead")
                raise KernelStartError(
                    text("remote.file_unreadable", path=self.home.connection_file, why=exc)
                ) from exc
            kc.start_channels()
            self._kc = kc
            self._generation += 1
            self._expected_exit = False
        if self._watcher is None or not self._watcher.is_alive():
            self._watcher = threading.Thread(target=self._watch, name="tensornote-file-watch", daemon=True)
            self._watcher.start()

    def interrupt(self) -> None:
        kc = self._kc
        if kc is not None and self._state != "dead":
            kc.control_channel.send(kc.session.msg("interrupt_request", content={}))

    def kill(self) -> None:
        self._generation += 1
        self._expected_exit = True

    def restart(self, timeout: float = 60.0) -> None:
        """Reconnect and forget the note's variables (the process is not ours to restart)."""
        self.kill()
        with self._lock:
            self._close_client()
            self._set_state("dead")
        self.start()
        self.wait_ready(timeout)
        with contextlib.suppress(KernelCallError):
            self.call("state.reset")

    def shutdown(self, timeout: float = 5.0) -> None:
        """Close our channels; the kernel itself keeps running for whoever started it."""
        self._closing = True
        with self._lock:
            self._close_client()
            self._set_state("dead")
