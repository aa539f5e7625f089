"""The note's kernel for the Qt side: one :class:`KernelHandler` per open note, never blocking the UI.

Like qtconsole, talking to the kernel happens off the UI thread: one worker thread per note runs the
queued jobs (start, calls, restart) against :class:`app.kernel.session.KernelSession`, and every message
it gets back (state, output, a result, a death) is handed to the UI thread through one queued Qt signal;
the public signals below are therefore always emitted on the UI thread. Like Spyder's KernelHandler, this
object is the single owner of the kernel's state.

A call may name a ``channel`` ("code-panel", "equation-panel"…): a newer call on the same channel cancels
the older one (dropped from the queue when it has not started, its result ignored when it has).
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication

from app.kernel.session import KernelCallError, KernelSession, KernelStartError

STATE_LABELS = {  # English source texts; state_label() gives them in the UI language
    "starting": QT_TRANSLATE_NOOP("Kernel", "Kernel starting"),
    "idle": QT_TRANSLATE_NOOP("Kernel", "Kernel idle"),
    "busy": QT_TRANSLATE_NOOP("Kernel", "Kernel running"),
    "dead": QT_TRANSLATE_NOOP("Kernel", "Kernel stopped"),
}


def state_label(state: str) -> str:
    """The status text of a kernel state ("idle"…) in the UI language (Korean on a Korean system)."""
    return QCoreApplication.translate("Kernel", str(STATE_LABELS[state])) if state in STATE_LABELS else state


class CallHandle(QObject):
    """One pending call. ``done(result)`` or ``failed(message)`` fires once, on the UI thread."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(
        self, method: str, params: dict[str, Any], channel: str | None, parent: QObject | None = None
    ):
        super().__init__(parent)
        self.method = method
        self.params = params
        self.channel = channel
        self.cancelled = False
        self.finished = False
        self.error: KernelCallError | None = None  # the remote type/message/traceback when it failed

    def cancel(self) -> None:
        """Drop this call's result (and skip it when it has not started)."""
        self.cancelled = True


class KernelHandler(QObject):
    """The kernel of one note. Signals fire on the UI thread."""

    stateChanged = Signal(str)  # "starting" | "idle" | "busy" | "dead"
    stream = Signal(str, str)  # ("stdout" | "stderr", text)
    died = Signal(str)  # the reason, in Korean
    progress = Signal(object)  # progress of a running call (app.engine.rpc.emit), e.g. a finished line
    ready = Signal()  # the kernel answers and knows its note

    _deliver = Signal(object)  # worker thread -> UI thread: a zero-argument callable to run there

    def __init__(self, note: str | Path, parent: QObject | None = None):
        super().__init__(parent)
        self.note = Path(note).resolve()
        self.session = KernelSession(
            self.note.parent,
            on_state=lambda s: self._post(lambda: self.stateChanged.emit(s)),
            on_died=lambda reason: self._post(lambda: self.died.emit(reason)),
            on_stream=lambda name, text: self._post(lambda: self.stream.emit(name, text)),
            on_event=lambda ev: self._post(lambda: self.progress.emit(ev)),
        )
        self._deliver.connect(self._run_on_ui, Qt.ConnectionType.QueuedConnection)
        self._jobs: deque[tuple[str, Any]] = deque()
        self._wake = threading.Condition()
        self._stopping = False
        self._latest: dict[str, CallHandle] = {}
        self._thread = threading.Thread(target=self._work, name=f"kernel:{self.note.name}", daemon=True)
        self._thread.start()

    @property
    def state(self) -> str:
        return self.session.state

    # --- UI-thread plumbing ---------------------------------------------------------------------

    def _post(self, fn: Any) -> None:
        self._deliver.emit(fn)

    @Slot(object)
    def _run_on_ui(self, fn: Any) -> None:
        fn()

    def _push(self, job: tuple[str, Any], front: bool = False) -> None:
        with self._wake:
            if front:
                self._jobs.appendleft(job)
            else:
                self._jobs.append(job)
            self._wake.notify()

    # --- public API -----------------------------------------------------------------------------

    def start(self) -> None:
        """Start the kernel in the background and tell it its note (nothing from the note runs)."""
        self._push(("start", None))

    def call(
        self, method: str, params: dict[str, Any] | None = None, channel: str | None = None
    ) -> CallHandle:
        handle = CallHandle(method, dict(params or {}), channel, self)
        if channel is not None:
            older = self._latest.get(channel)
            if older is not None and not older.finished:
                older.cancel()
            self._latest[channel] = handle
        self._push(("call", handle))
        return handle

    def interrupt(self) -> None:
        """Stop the running code (KeyboardInterrupt in the kernel)."""
        self.session.interrupt()

    def restart(self) -> None:
        """A fresh kernel for the note; the running call (if any) fails at once."""
        if self.session.state in ("idle", "busy", "starting"):
            self.session.kill()
        self._push(("restart", None), front=True)

    def shutdown(self, timeout: float = 5.0) -> None:
        """Stop the worker and the kernel (blocking, for app exit). No process is left behind."""
        with self._wake:
            self._stopping = True
            for kind, job in self._jobs:
                if kind == "call":
                    job.cancel()
            self._jobs.clear()
            self._wake.notify()
        self.session.shutdown(timeout)
        self._thread.join(timeout)

    # --- worker thread --------------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            with self._wake:
                while not self._jobs and not self._stopping:
                    self._wake.wait()
                if self._stopping:
                    return
                kind, job = self._jobs.popleft()
            if kind == "start":
                self._start(restart=False)
            elif kind == "restart":
                self._start(restart=True)
            elif kind == "call":
                self._call(job)

    def _start(self, restart: bool) -> None:
        try:
            if restart:
                self.session.restart()
            else:
                self.session.start()
                self.session.wait_ready()
            self.session.call("state.set_note", path=str(self.note))
        except (KernelStartError, KernelCallError) as exc:
            if not self._stopping:
                message = str(exc)
                self._post(lambda: self.died.emit(message))
            return
        self._post(self.ready.emit)
        with contextlib.suppress(KernelCallError):  # a failure shows again on the next call
            self.session.call("kernel.warm")  # import torch now, while the user reads

    def _call(self, handle: CallHandle) -> None:
        if handle.cancelled:
            self._post(lambda: setattr(handle, "finished", True))
            return
        try:
            result = self.session.call(handle.method, **handle.params)
        except KernelCallError as exc:
            error = exc
            self._post(lambda: self._finish(handle, None, error))
            return
        except Exception as exc:  # a transport problem: report it, keep the worker alive
            error = KernelCallError(type(exc).__name__, str(exc))
            self._post(lambda: self._finish(handle, None, error))
            return
        self._post(lambda: self._finish(handle, result, None))

    def _finish(self, handle: CallHandle, result: Any, error: KernelCallError | None) -> None:
        handle.finished = True
        if handle.cancelled:
            return
        if error is not None:
            handle.error = error
            handle.failed.emit(str(error))
        else:
            handle.done.emit(result)


class KernelPool(QObject):
    """One KernelHandler per open note of a window; all shut down when the application quits."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._handlers: dict[Path, KernelHandler] = {}
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown_all)

    def for_note(self, path: str | Path) -> KernelHandler:
        """The note's handler, created and started in the background on first use."""
        key = Path(path).resolve()
        handler = self._handlers.get(key)
        if handler is None:
            handler = KernelHandler(key, self)
            self._handlers[key] = handler
            handler.start()
        return handler

    def handlers(self) -> list[KernelHandler]:
        return list(self._handlers.values())

    def close(self, path: str | Path) -> None:
        """The note was closed: stop its kernel."""
        handler = self._handlers.pop(Path(path).resolve(), None)
        if handler is not None:
            handler.shutdown()

    @Slot()
    def shutdown_all(self) -> None:
        for handler in self._handlers.values():
            handler.shutdown()
        self._handlers.clear()


_POOLS: dict[int, KernelPool] = {}


def kernel_pool(window: QObject) -> KernelPool:
    """The window's kernel pool (one per window, created on first use, parented to the window)."""
    pool = _POOLS.get(id(window))
    if pool is None:
        pool = KernelPool(window)
        _POOLS[id(window)] = pool
        pool.destroyed.connect(lambda *_: _POOLS.pop(id(window), None))
    return pool
