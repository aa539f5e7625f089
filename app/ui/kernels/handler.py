"""The note's kernel for the Qt side: one :class:`KernelHandler` per open note, never blocking the UI.

Like qtconsole, talking to the kernel happens off the UI thread: one worker thread per note runs the
queued jobs (start, calls, restart) against :class:`app.kernel.session.KernelSession`, and every message
it gets back (state, output, a result, a death) is handed to the UI thread through one queued Qt signal;
the public signals below are therefore always emitted on the UI thread. Like Spyder's KernelHandler, this
object is the single owner of the kernel's state.

A call may name a ``channel`` ("code-panel", "equation-panel"…): a newer call on the same channel cancels
the older one (dropped from the queue when it has not started, its result ignored when it has).

Where the kernel runs is the handler's ``home`` (:mod:`app.kernel.providers`: this computer, a Jupyter
Server, a connection file); the pool asks the vault's setting. A remote kernel's engine is checked
before anything else is sent: when it is missing or stale, ``engineMismatch`` asks the UI for consent and
the start waits (nothing runs) until :meth:`KernelHandler.send_engine` or :meth:`decline_engine`.
Failures that carry a code (a server down, a refused token…) are worded in the UI's language.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication

from app.i18n import text
from app.kernel.homes import Homes, KernelHome
from app.kernel.providers import check_engine, open_session, send_engine
from app.kernel.session import KernelCallError, KernelStartError
from app.kernel.tokens import TokenStore
from app.ui.common import i18n as ui_i18n
from app.vault import read_note

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
    engineMismatch = Signal(object)  # EngineStatus: a remote kernel lacks our engine; consent is asked
    deviceChanged = Signal(str)  # the kernel's compute device ("cpu", "cuda"), from its state replies

    _deliver = Signal(object)  # worker thread -> UI thread: a zero-argument callable to run there

    def __init__(self, note: str | Path, parent: QObject | None = None, home: KernelHome | None = None):
        super().__init__(parent)
        self.note = Path(note).resolve()
        self.home = home or KernelHome()
        self.device = "cpu"
        self.engine_status: Any = None  # EngineStatus of a remote kernel (None for a local one)
        self.session = self._new_session()
        self._deliver.connect(self._run_on_ui, Qt.ConnectionType.QueuedConnection)
        self._jobs: deque[tuple[str, Any]] = deque()
        self._wake = threading.Condition()
        self._stopping = False
        self._latest: dict[str, CallHandle] = {}
        self._thread = threading.Thread(target=self._work, name=f"kernel:{self.note.name}", daemon=True)
        self._thread.start()

    def _new_session(self) -> Any:
        return open_session(
            self.home,
            self.note.parent,
            on_state=lambda s: self._post(lambda: self.stateChanged.emit(s)),
            on_died=lambda reason: self._post(lambda: self.died.emit(self._word(reason))),
            on_stream=lambda name, text: self._post(lambda: self.stream.emit(name, text)),
            on_event=lambda ev: self._post(lambda: self.progress.emit(ev)),
        )

    @property
    def state(self) -> str:
        return self.session.state

    def _word(self, failure: object) -> str:
        """A failure in the UI's language: coded ones (remote faults, engine) are worded here."""
        lost = getattr(self.session, "lost", None)
        coded = failure if hasattr(failure, "code") and hasattr(failure, "args_") else None
        if coded is None and isinstance(failure, str) and lost is not None and str(lost) == failure:
            coded = lost
        if coded is not None:
            return text(coded.code, lang=ui_i18n.current_language(), **coded.args_)  # type: ignore[attr-defined]
        return str(failure)

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

    def move_to(self, home: KernelHome) -> None:
        """Run this note's kernel at ``home`` from now on: the running call ends, the old kernel stops, a
        new one starts there. The handler stays the same object, so the panels keep it."""
        if home == self.home and home.token == self.home.token:
            return
        self.session.kill()
        self._push(("move", home), front=True)

    def send_engine(self) -> None:
        """The user agreed: send this app's engine to the remote kernel (this session only), then go on."""
        self._push(("engine", None), front=True)

    def decline_engine(self) -> None:
        """The user said no: that kernel is shut down (nothing of ours ran there, none is left idle on the
        server) and the reason shows like a stopped kernel; Restart asks again."""
        self._push(("decline", None), front=True)

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
            elif kind == "engine":
                self._send_engine()
            elif kind == "move":
                self._move(job)
            elif kind == "decline":
                self._decline()
            elif kind == "call":
                self._call(job)

    def _start(self, restart: bool) -> None:
        try:
            if restart:
                self.session.restart()
            else:
                self.session.start()
                self.session.wait_ready()
            if self.home.remote:
                status = check_engine(self.session)
                self.engine_status = status
                if not status.ok and getattr(self.session, "engine_payload", None) is None:
                    self._post(lambda: self.engineMismatch.emit(status))
                    return  # nothing runs there until the user says yes (send_engine) or no
        except (KernelStartError, KernelCallError) as exc:
            self._fail(exc)
            return
        self._introduce()

    def _move(self, home: KernelHome) -> None:
        old = self.session
        with contextlib.suppress(Exception):  # an unreachable old home must not keep the note from moving
            old.shutdown()
        self.home, self.device, self.engine_status = home, "cpu", None
        self.session = self._new_session()
        self._post(lambda: self.deviceChanged.emit("cpu"))  # where it runs changed: the status bar reads it
        self._start(restart=False)

    def _decline(self) -> None:
        status = self.engine_status
        with contextlib.suppress(Exception):
            self.session.shutdown()
        if status is not None:
            lang = ui_i18n.current_language()
            message = text("engine.refused", lang=lang, why=status.worded(self.home.label, lang=lang))
            self._post(lambda: self.died.emit(message))

    def _send_engine(self) -> None:
        try:
            self.engine_status = send_engine(self.session)
        except (KernelStartError, KernelCallError) as exc:
            self._fail(exc)
            return
        self._introduce()

    def _fail(self, exc: Exception) -> None:
        if not self._stopping:
            message = self._word(exc)
            self._post(lambda: self.died.emit(message))

    def _introduce(self) -> None:
        """Tell the kernel its note (a remote one gets the text: it cannot read this disk), then warm it."""
        try:
            if self.home.remote:
                note_text = read_note(self.note).text
                described = self.session.call("state.set_note", path=str(self.note), text=note_text)
            else:
                described = self.session.call("state.set_note", path=str(self.note))
        except (KernelStartError, KernelCallError, OSError) as exc:
            self._fail(exc)
            return
        self._note_device(described)
        self._post(self.ready.emit)
        with contextlib.suppress(KernelCallError, KernelStartError):  # a failure shows again on the next call
            self.session.call("kernel.warm")  # import torch now, while the user reads

    def _call(self, handle: CallHandle) -> None:
        if handle.cancelled:
            self._post(lambda: setattr(handle, "finished", True))
            return
        status = self.engine_status
        if status is not None and not status.ok:  # never drive a mismatched engine, not even once
            lang = ui_i18n.current_language()
            refused = KernelCallError("EngineMismatch", text(
                "engine.refused", lang=lang, why=status.worded(self.home.label, lang=lang)))
            self._post(lambda: self._finish(handle, None, refused))
            return
        try:
            result = self.session.call(handle.method, **handle.params)
        except KernelCallError as exc:
            error = exc
            self._post(lambda: self._finish(handle, None, error))
            return
        except Exception as exc:  # a transport problem: report it, keep the worker alive
            error = KernelCallError(type(exc).__name__, self._word(exc))
            self._post(lambda: self._finish(handle, None, error))
            return
        if handle.method.startswith("state."):
            self._note_device(result)
        self._post(lambda: self._finish(handle, result, None))

    def _note_device(self, described: Any) -> None:
        """Follow the kernel's device from any ``state.*`` reply (they all end in ``describe()``)."""
        device = described.get("device") if isinstance(described, dict) else None
        if isinstance(device, str) and device != self.device:
            self.device = device
            self._post(lambda: self.deviceChanged.emit(device))

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
        self.home_override: KernelHome | None = None  # tests and benchmarks pin a home
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown_all)

    def for_note(self, path: str | Path) -> KernelHandler:
        """The note's handler, created and started in the background on first use."""
        key = Path(path).resolve()
        handler = self._handlers.get(key)
        if handler is None:
            handler = KernelHandler(key, self, home=self.home_for(key))
            self._handlers[key] = handler
            handler.start()
        return handler

    def handlers(self) -> list[KernelHandler]:
        return list(self._handlers.values())

    def vault_root(self, note: Path) -> Path:
        """The open vault's folder (the window's), else the note's folder."""
        vault = getattr(self.parent(), "vault", None)
        found = vault() if callable(vault) else None
        return Path(getattr(found, "root", note.parent))

    def home_for(self, note: Path) -> KernelHome:
        """Where this note's kernel runs: the pinned home, else the vault's saved choice (with its token)."""
        if self.home_override is not None:
            return self.home_override
        try:
            return Homes().home_for_vault(self.vault_root(note), token_for=TokenStore().load)
        except Exception:  # unreadable settings or keyring: the local kernel still works
            return KernelHome()

    def set_home(self, home: KernelHome | None) -> None:
        """Move every kernel of this window to ``home`` (None: back to the vault's setting); each note's
        handler stays, with a new kernel there."""
        self.home_override = home
        for handler in self._handlers.values():
            handler.move_to(self.home_for(handler.note))

    def running(self) -> dict[Path, KernelHandler]:
        """Every note's handler now in the pool, by note path."""
        return dict(self._handlers)

    def evict(self, path: str | Path) -> bool:
        """Shut down this note's kernel to free its memory (``app.ui.kernels.budget``); the note gets a
        new one on its next use (``for_note``). The process is stopped on a worker thread, so the UI
        never waits on it. Returns whether there was one."""
        handler = self._handlers.pop(Path(path).resolve(), None)
        if handler is None:
            return False
        threading.Thread(target=handler.shutdown, name=f"evict:{handler.note.name}", daemon=True).start()
        return True

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
