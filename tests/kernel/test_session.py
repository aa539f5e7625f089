"""KernelSession against a real ipykernel: streaming, calls, interrupt, crashes, restart, shutdown."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from app.kernel.session import KernelCallError, KernelDiedError, KernelSession, KernelStartError
from tests.kernel.conftest import pid_gone

pytestmark = pytest.mark.slow


def test_execute_streams_output_as_it_arrives(kernel: KernelSession) -> None:
    seen: list[tuple[str, str, float]] = []
    start = time.monotonic()
    result = kernel.execute(
        "import sys, time\nprint('first', flush=True)\ntime.sleep(0.5)\nprint('oops', file=sys.stderr)\n1/0",
        lambda name, text: seen.append((name, text, time.monotonic() - start)),
    )
    assert result.status == "error" and result.ename == "ZeroDivisionError"
    assert [(n, t) for n, t, _ in seen] == [("stdout", "first\n"), ("stderr", "oops\n")]
    assert seen[0][2] < seen[1][2] - 0.3  # the first line arrived before the sleep ended
    assert kernel.state == "idle"


def test_call_returns_json_and_raises_remote_errors(kernel: KernelSession) -> None:
    ping = kernel.call("kernel.ping")
    assert ping["pid"] == kernel.pid
    with pytest.raises(KernelCallError) as info:
        kernel.call("state.set_device", device="tpu")
    assert info.value.type == "ValueError" and "tpu" in info.value.message
    assert "Traceback" in info.value.traceback
    with pytest.raises(KernelCallError, match="unknown method"):
        kernel.call("no.such_method")


def test_starting_and_opening_a_note_runs_nothing(
    kernel: KernelSession, note_writing_a_file: tuple[Path, Path]
) -> None:
    note, marker = note_writing_a_file
    described = kernel.call("state.set_note", path=str(note))
    assert described["note"] == str(note)
    assert not marker.exists()
    result = kernel.call("run.block", index=0)  # asked: now it runs
    assert result["error"] is None and marker.read_text() == "ran"


def test_interrupt_stops_an_infinite_loop_within_two_seconds(kernel: KernelSession) -> None:
    timer = threading.Timer(0.5, kernel.interrupt)
    timer.start()
    start = time.monotonic()
    result = kernel.execute("while True:\n    pass\n")
    elapsed = time.monotonic() - start - 0.5
    assert result.ename == "KeyboardInterrupt"
    assert elapsed < 2.0
    assert kernel.call("kernel.ping")["pid"] == kernel.pid  # still the same, usable kernel


def test_interrupt_during_a_traced_run_reports_the_line(
    kernel: KernelSession, tmp_path: Path
) -> None:
    note = tmp_path / "loop.md"
    note.write_text("```python\nx = torch.zeros(3)\nwhile True:\n    x = x + 1\n```\n", encoding="utf-8")
    kernel.call("state.set_note", path=str(note))
    timer = threading.Timer(1.0, kernel.interrupt)
    timer.start()
    start = time.monotonic()
    result = kernel.call("run.block", index=0)
    assert time.monotonic() - start < 3.0
    assert result["error"]["type"] == "KeyboardInterrupt"
    assert result["error"]["line"] in (3, 4)
    assert any("x" in line["tensors"] for line in result["lines"])


def test_crash_is_detected_and_restart_gives_a_fresh_kernel(tmp_path: Path) -> None:
    died: list[str] = []
    session = KernelSession(tmp_path, on_died=died.append)
    session.start()
    session.wait_ready()
    try:
        first = session.pid
        session.execute("secret = 42")
        with pytest.raises(KernelDiedError, match=r"종료 코드 1|exit code 1"):
            session.execute("import os\nos._exit(1)")
        assert session.state == "dead" and died
        with pytest.raises(KernelDiedError):
            session.call("kernel.ping")
        session.restart()
        assert session.state == "idle" and session.pid != first
        assert first is not None and pid_gone(first)
        assert session.execute("print('secret' in globals())").stdout == "False\n"

        died.clear()
        with pytest.raises(KernelDiedError, match="SIGSEGV"):
            session.execute("import ctypes\nctypes.string_at(0)")
        assert died and "SIGSEGV" in died[0]
        session.restart()
        assert session.call("kernel.ping")["pid"] == session.pid
    finally:
        last = session.pid
        session.shutdown()
    assert last is not None and pid_gone(last)


def test_idle_death_is_noticed_by_the_watcher(tmp_path: Path) -> None:
    died = threading.Event()
    session = KernelSession(tmp_path, on_died=lambda reason: died.set())
    session.start()
    session.wait_ready()
    pid = session.pid
    assert pid is not None
    os.kill(pid, 9)  # killed from outside while idle: nobody is waiting on it
    assert died.wait(3.0)
    assert session.state == "dead" and "SIGKILL" in (session.died_reason or "")
    session.shutdown()


def test_start_failure_says_why(tmp_path: Path) -> None:
    with pytest.raises(KernelStartError, match=r"커널을 시작하지 못했습니다|Could not start the kernel"):
        KernelSession(tmp_path, python=str(tmp_path / "no-such-python")).start()
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho 'No module named ipykernel_launcher' >&2\nexit 3\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    session = KernelSession(tmp_path, python=str(fake))
    session.start()
    with pytest.raises(KernelStartError) as info:
        session.wait_ready(timeout=20)
    assert ("종료 코드 3" in str(info.value) or "exit code 3" in str(info.value)) and \
        "ipykernel_launcher" in str(info.value)
    assert session.state == "dead"
    session.shutdown()
