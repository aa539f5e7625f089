"""The Qt KernelHandler against a real kernel: background start, calls off the UI thread, cancel, death."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from app.ui.kernels.handler import KernelHandler, kernel_pool
from tests.kernel.conftest import pid_gone

pytestmark = pytest.mark.slow


def test_handler_starts_in_background_and_runs_calls(qtbot, note_writing_a_file: tuple[Path, Path]) -> None:
    note, marker = note_writing_a_file
    ui_thread = threading.current_thread()
    handler = KernelHandler(note)
    states: list[str] = []
    handler.stateChanged.connect(states.append)
    try:
        with qtbot.waitSignal(handler.ready, timeout=60_000):
            handler.start()  # returns at once; the UI thread keeps running the event loop
        assert not marker.exists()  # starting the note's kernel ran nothing from the note
        assert "starting" in states and handler.state in ("idle", "busy")

        got: list[object] = []
        threads: list[threading.Thread] = []
        lines: list[dict] = []
        handler.progress.connect(lambda ev: lines.append(ev))
        handle = handler.call("run.block", {"index": 0}, channel="code")
        handle.done.connect(lambda r: (got.append(r), threads.append(threading.current_thread())))
        with qtbot.waitSignal(handle.done, timeout=60_000):
            pass
        result = got[0]
        assert isinstance(result, dict) and result["error"] is None and marker.exists()
        assert threads == [ui_thread]  # results arrive on the UI thread
        assert any(ev.get("event") == "line" and ev["line"] == 5 for ev in lines)

        failed = handler.call("state.set_device", {"device": "tpu"})
        with qtbot.waitSignal(failed.failed, timeout=30_000) as blocker:
            pass
        assert "tpu" in blocker.args[0] and failed.error is not None and failed.error.type == "ValueError"
    finally:
        pid = handler.session.pid
        handler.shutdown()
    assert pid is not None and pid_gone(pid)


def test_newer_call_on_a_channel_drops_the_older(qtbot, note_writing_a_file: tuple[Path, Path]) -> None:
    note, _ = note_writing_a_file
    handler = KernelHandler(note)
    try:
        with qtbot.waitSignal(handler.ready, timeout=60_000):
            handler.start()
        results: list[str] = []
        old = handler.call("kernel.ping", channel="eq")
        old.done.connect(lambda r: results.append("old"))
        new = handler.call("state.describe", channel="eq")
        new.done.connect(lambda r: results.append("new"))
        other = handler.call("kernel.ping", channel="other")
        with qtbot.waitSignal(other.done, timeout=30_000):
            pass
        qtbot.wait(50)
        assert results == ["new"] and old.cancelled and old.finished
    finally:
        handler.shutdown()


def test_crash_reports_died_and_restart_recovers(qtbot, note_writing_a_file: tuple[Path, Path]) -> None:
    note, _ = note_writing_a_file
    handler = KernelHandler(note)
    try:
        with qtbot.waitSignal(handler.ready, timeout=60_000):
            handler.start()
        pid = handler.session.pid
        assert pid is not None
        with qtbot.waitSignal(handler.died, timeout=10_000) as blocker:
            os.kill(pid, signal.SIGSEGV)  # a crash in a C extension, while the kernel is idle
        assert "SIGSEGV" in blocker.args[0]
        assert handler.state == "dead"
        with qtbot.waitSignal(handler.ready, timeout=60_000):
            handler.restart()
        ping = handler.call("kernel.ping")
        with qtbot.waitSignal(ping.done, timeout=30_000) as done:
            pass
        assert done.args[0]["pid"] == handler.session.pid
    finally:
        handler.shutdown()


def test_pool_gives_one_handler_per_note_and_shuts_all_down(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("# a\n", encoding="utf-8")
    b.write_text("# b\n", encoding="utf-8")
    pool = kernel_pool(window)
    assert kernel_pool(window) is pool
    ha = pool.for_note(a)
    assert pool.for_note(str(a)) is ha
    hb = pool.for_note(b)
    assert hb is not ha
    with qtbot.waitSignals([ha.ready, hb.ready], timeout=90_000):
        pass
    pids = [ha.session.pid, hb.session.pid]
    pool.shutdown_all()
    assert all(p is not None and pid_gone(p) for p in pids)
