"""One Jupyter kernel per open note, seen from the UI process (jupyter_client; no torch, no Qt).

The kernel is the app's own Python running ``-m ipykernel_launcher`` with the repository on PYTHONPATH,
so it can import ``app.engine`` (torch lives there, never in the UI process). Messages are signed with
jupyter_client's default HMAC key and travel over ipc sockets in a private temporary folder (tcp on
Windows, which has no ipc).

Threading: one thread at a time talks to the kernel (``execute``/``call`` hold a lock); ``interrupt``,
``restart`` and ``shutdown`` may come from any thread and never wait behind a running cell: restart and
shutdown first kill the process, which ends the running call with :class:`KernelDiedError`. A small
watcher thread notices a kernel that dies while idle (a segfault in a C extension, ``os._exit``) and
reports it through ``on_died``; the session then stays "dead" until :meth:`restart` (on demand, never
automatically: a kernel that crashes on start would otherwise loop).

Starting a kernel runs nothing from the note: the note's code runs only through explicit calls.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager

from app.i18n import has, messages, text
from app.kernel.replies import (
    POLL_S,
    EventCallback,
    ExecResult,
    KernelCallError,
    OutputCallback,
    collect,
    rpc_result,
)

__all__ = ["ExecResult", "KernelCallError", "KernelDiedError", "KernelSession", "KernelStartError"]

messages({
    "kernel.signal": ("신호 {number}", "signal {number}"),
    "kernel.SIGSEGV": ("세그멘테이션 오류", "segmentation fault"),
    "kernel.SIGKILL": ("강제 종료(메모리 부족일 수 있음)", "killed (perhaps out of memory)"),
    "kernel.SIGABRT": ("비정상 종료", "aborted"),
    "kernel.SIGBUS": ("버스 오류", "bus error"),
    "kernel.not_answering": ("커널이 응답하지 않습니다", "The kernel does not answer"),
    "kernel.died_signal": ("커널이 종료되었습니다 ({signal})", "The kernel died ({signal})"),
    "kernel.died_code": ("커널이 종료되었습니다 (종료 코드 {code})", "The kernel died (exit code {code})"),
    "kernel.cannot_start": ("커널을 시작하지 못했습니다 ({python}): {error}",
                            "Could not start the kernel ({python}): {error}"),
    "kernel.not_started": ("커널이 시작되지 않았습니다. start()를 먼저 부르세요.",
                           "The kernel was not started: call start() first."),
    "kernel.start_failed": ("커널을 시작하지 못했습니다: {reason}", "Could not start the kernel: {reason}"),
    "kernel.start_timeout": ("커널이 {seconds}초 안에 응답하지 않았습니다.\n{tail}",
                             "The kernel did not answer within {seconds} s.\n{tail}"),
    "kernel.restart_failed": ("커널을 다시 시작하지 못했습니다: {error}",
                              "Could not restart the kernel: {error}"),
    "kernel.not_running": ("커널이 실행 중이 아닙니다.", "The kernel is not running."),
    "kernel.restarted": ("커널을 다시 시작했습니다.", "The kernel was restarted."),
})

REPO_DIR = Path(__file__).resolve().parents[2]
STATES = ("starting", "idle", "busy", "dead")
LOG_TAIL = 12


class KernelStartError(RuntimeError):
    """The kernel could not be started; the message says why (with the kernel's own last words)."""


class KernelDiedError(KernelCallError):
    """The kernel process died (or was restarted) while we waited for it."""

    def __init__(self, reason: str):
        super().__init__("KernelDied", reason)
        self.reason = reason


class _AppKernelSpecs(KernelSpecManager):
    """Always the app's own interpreter, whatever kernels the user installed."""

    python: str = sys.executable

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            argv=[self.python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Tensornote (Python)",
            language="python",
            interrupt_mode="signal",
            env={},
        )


def _signal_name(code: int) -> str:
    try:
        name = signal.Signals(-code).name
    except ValueError:
        return text("kernel.signal", number=-code)
    meaning = text(f"kernel.{name}") if has(f"kernel.{name}") else None
    return f"{name}: {meaning}" if meaning else name


class KernelSession:
    """A Jupyter kernel for one note: ``start()`` returns at once; ``wait_ready()`` waits for it."""

    def __init__(
        self,
        cwd: str | Path,
        *,
        python: str | None = None,
        on_state: Callable[[str], None] | None = None,
        on_died: Callable[[str], None] | None = None,
        on_stream: OutputCallback | None = None,
        on_event: EventCallback | None = None,
    ) -> None:
        self.cwd = Path(cwd)
        self.python = python or sys.executable
        self.on_state = on_state
        self.on_died = on_died
        self.on_stream = on_stream  # output of call(); execute() takes its own callback
        self.on_event = on_event  # progress events (app.engine.rpc.emit) during call()
        self._state = "dead"
        self._lock = threading.RLock()
        self._km: KernelManager | None = None
        self._kc: Any = None  # BlockingKernelClient here; a remote provider puts its own reader
        self._dir: Path | None = None
        self._log: Any = None
        self._generation = 0
        self._died_reason: str | None = None
        self._closing = False
        self._expected_exit = False  # we killed it ourselves (restart/shutdown): not a crash to report
        self._watcher: threading.Thread | None = None
        self.call_timeout: float | None = None  # execute()'s default limit (None here: a local process
        # that dies is noticed at once; remote providers set one, see app.kernel.providers)

    # --- state --------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        return self._state

    def _process(self) -> Any:
        provisioner = self._km.provisioner if self._km is not None else None
        return getattr(provisioner, "process", None)

    @property
    def pid(self) -> int | None:
        return getattr(self._process(), "pid", None)

    @property
    def died_reason(self) -> str | None:
        return self._died_reason

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            if self.on_state is not None:
                self.on_state(state)

    def _returncode(self) -> int | None:
        process = self._process()
        return None if process is None else process.poll()

    def _log_tail(self) -> str:
        if self._dir is None:
            return ""
        try:
            lines = (self._dir / "kernel.log").read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(line for line in lines[-LOG_TAIL:] if line.strip())

    def _death_reason(self, code: int | None) -> str:
        if code is None:
            why = text("kernel.not_answering")
        elif code < 0:
            why = text("kernel.died_signal", signal=_signal_name(code))
        else:
            why = text("kernel.died_code", code=code)
        tail = self._log_tail()
        return f"{why}\n{tail}" if tail else why

    def _mark_dead(self, reason: str) -> None:
        if self._state == "dead":
            return
        self._died_reason = reason
        self._set_state("dead")
        if self.on_died is not None and not self._closing and not self._expected_exit:
            self.on_died(reason)

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> None:
        """Launch the kernel process and return immediately (state "starting")."""
        with self._lock:
            if self._km is not None and self._state != "dead":
                return
            self._closing = False
            self._died_reason = None
            self._set_state("starting")
            self._dir = Path(tempfile.mkdtemp(prefix="tensornote-kernel-"))
            specs = _AppKernelSpecs()
            specs.python = self.python
            km = KernelManager(
                kernel_name="tensornote",
                kernel_spec_manager=specs,
                connection_file=str(self._dir / "kernel.json"),
                transport="tcp" if sys.platform == "win32" else "ipc",
                ip="127.0.0.1" if sys.platform == "win32" else str(self._dir / "ipc"),
            )
            env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "PYTHONSTARTUP")}
            env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_DIR), env.get("PYTHONPATH")) if p)
            env["JUPYTER_PLATFORM_DIRS"] = "1"
            env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
            self._log = open(self._dir / "kernel.log", "wb")  # noqa: SIM115 (closed in _cleanup)
            try:
                km.start_kernel(cwd=str(self.cwd), env=env, stdout=self._log, stderr=self._log)
            except Exception as exc:
                self._set_state("dead")
                self._cleanup()
                raise KernelStartError(text("kernel.cannot_start", python=self.python, error=exc)) from exc
            self._km = km
            self._kc = self._new_client()
            self._generation += 1
            self._expected_exit = False
        if self._watcher is None or not self._watcher.is_alive():
            self._watcher = threading.Thread(target=self._watch, name="tensornote-kernel-watch", daemon=True)
            self._watcher.start()

    def _new_client(self) -> BlockingKernelClient:
        assert self._km is not None
        kc = self._km.client()
        kc.start_channels()
        return kc

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Block until the kernel answers kernel_info; KernelStartError with the reason if it can't."""
        with self._lock:
            kc = self._kc
            if kc is None:
                raise KernelStartError(text("kernel.not_started"))
            if self._state in ("idle", "busy"):
                return
            deadline = time.monotonic() + timeout
            msg_id = kc.kernel_info()
            next_ask = time.monotonic() + 1.0
            while True:
                code = self._returncode()
                if code is not None:
                    reason = self._death_reason(code)
                    self._mark_dead(reason)
                    raise KernelStartError(text("kernel.start_failed", reason=reason))
                if time.monotonic() > deadline:
                    tail = self._log_tail()
                    raise KernelStartError(text("kernel.start_timeout", seconds=f"{timeout:.0f}", tail=tail))
                try:
                    msg = kc.get_shell_msg(timeout=POLL_S)
                except queue.Empty:
                    if time.monotonic() > next_ask:  # the first request may be lost while sockets connect
                        msg_id = kc.kernel_info()
                        next_ask = time.monotonic() + 1.0
                    continue
                if msg["msg_type"] == "kernel_info_reply":
                    if self._iopub_connected(kc, msg_id):
                        break
                    # The shell answered but our iopub subscription is not live yet (ZeroMQ's slow
                    # joiner): the first cell's output would be lost. Ask again until iopub echoes.
                    msg_id = kc.kernel_info()
                    next_ask = time.monotonic() + 1.0
            del msg_id
            self._drain_iopub(kc)
            self._set_state("idle")

    @staticmethod
    def _iopub_connected(kc: Any, msg_id: str) -> bool:
        """Whether iopub delivers messages: the kernel's status for ``msg_id`` reaches us within 1 s."""
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            try:
                msg = kc.get_iopub_msg(timeout=POLL_S)
            except queue.Empty:
                continue
            if msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") == msg_id:
                return True
        return False

    def _drain_iopub(self, kc: Any) -> None:
        while True:
            try:
                kc.get_iopub_msg(timeout=0.01)
            except queue.Empty:
                return

    def _watch(self) -> None:
        """Notice a kernel that dies while nobody waits on it."""
        while not self._closing:
            time.sleep(0.25)
            if self._state in ("idle", "busy") and not self._closing:
                code = self._returncode()
                if code is not None:
                    self._mark_dead(self._death_reason(code))

    def interrupt(self) -> None:
        """Send SIGINT (a KeyboardInterrupt in the running cell); harmless when idle."""
        if self._km is not None and self._returncode() is None:
            self._km.interrupt_kernel()

    def kill(self) -> None:
        """Kill the process now: a thread waiting on it gets KernelDiedError (use restart() after)."""
        self._generation += 1
        self._expected_exit = True
        if self._km is not None and self._returncode() is None:
            process = self._process()
            if process is not None:
                with contextlib.suppress(OSError):
                    process.kill()

    def restart(self, timeout: float = 60.0) -> None:
        """A fresh kernel (an empty namespace). Works on a dead or a busy kernel too."""
        if self._km is None:
            self.start()
            self.wait_ready(timeout)
            return
        self.kill()
        with self._lock:
            self._close_client()
            self._died_reason = None
            self._set_state("starting")
            try:
                assert self._km is not None
                self._km.restart_kernel(now=True)
            except Exception as exc:
                self._mark_dead(str(exc))
                raise KernelStartError(text("kernel.restart_failed", error=exc)) from exc
            self._kc = self._new_client()
            self._generation += 1
            self._expected_exit = False
        self.wait_ready(timeout)

    def shutdown(self, timeout: float = 5.0) -> None:
        """Stop the kernel and remove its files; no process is left behind."""
        self._closing = True
        km = self._km
        if km is None:
            self._set_state("dead")
            return
        if self._state == "busy":
            self.kill()  # a busy kernel would not answer the shutdown request
        acquired = self._lock.acquire(timeout=timeout)
        try:
            self._close_client()
            try:
                km.shutdown_wait_time = 2.0
                km.shutdown_kernel(now=self._returncode() is not None)
            except Exception:
                self.kill()
            process = getattr(km.provisioner, "process", None) if km.provisioner else None
            if process is not None:
                try:
                    process.wait(timeout=timeout)
                except Exception:
                    process.kill()
            self._km = None
            self._set_state("dead")
            self._cleanup()
        finally:
            if acquired:
                self._lock.release()

    def _close_client(self) -> None:
        if self._kc is not None:
            with contextlib.suppress(Exception):
                self._kc.stop_channels()
            self._kc = None

    def _cleanup(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    # --- running code -------------------------------------------------------------------------

    def execute(
        self,
        code: str,
        on_output: OutputCallback | None = None,
        *,
        on_event: EventCallback | None = None,
        timeout: float | None = None,
    ) -> ExecResult:
        """Run ``code`` in the kernel, streaming stdout/stderr to ``on_output`` as it arrives."""
        with self._lock:
            kc = self._kc
            if kc is None or self._state == "dead":
                raise KernelDiedError(self._died_reason or text("kernel.not_running"))
            if self._state == "starting":
                self.wait_ready()
            generation = self._generation
            msg_id = kc.execute(code, store_history=False, allow_stdin=False, stop_on_error=False)
            self._set_state("busy")
            try:
                alive = functools.partial(self._check_alive, generation)  # this run's kernel, not a restart
                limit = self.call_timeout if timeout is None else timeout
                result = collect(kc, msg_id, alive, on_output, on_event, limit)
            except KernelDiedError:
                raise
            except Exception as exc:
                if generation != self._generation or self._returncode() is not None:
                    reason = self._died_reason or self._death_reason(self._returncode())
                    raise KernelDiedError(reason) from exc
                raise
            if self._state == "busy":
                self._set_state("idle")
            return result

    def _check_alive(self, generation: int) -> None:
        if generation != self._generation:
            raise KernelDiedError(self._died_reason or text("kernel.restarted"))
        code = self._returncode()
        if code is not None:
            reason = self._death_reason(code)
            self._mark_dead(reason)
            raise KernelDiedError(reason)

    def call(self, method: str, /, **params: Any) -> Any:
        """Run ``app.engine.rpc`` method ``method`` in the kernel and return its JSON result."""
        request = json.dumps({"method": method, "params": params}, ensure_ascii=False)
        code = f"import app.engine.rpc as _tn_rpc\n_tn_rpc.dispatch({request!r});"
        result = self.execute(code, self.on_stream, on_event=self.on_event)
        return rpc_result(result, method)

    def __enter__(self) -> KernelSession:
        self.start()
        self.wait_ready()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
