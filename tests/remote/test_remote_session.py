"""Remote kernels through a real Jupyter Server on 127.0.0.1: the seed's forward block, the engine check,
and every kind of fault ending in a worded message instead of a hang."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest

from app.i18n import text
from app.kernel.providers import (
    EngineMismatch,
    KernelHome,
    RemoteStartError,
    ServerKernelSession,
    check_engine,
    ensure_engine,
    local_engine,
    open_session,
)
from app.kernel.session import KernelDiedError, KernelSession
from app.markup.blocks import find_code_blocks
from tests.conftest import NOTES
from tests.remote.conftest import owned_server
from tests.remote.server import JupyterServer, free_port

pytestmark = pytest.mark.slow
SEED = sorted(NOTES.glob("20*.md"))[0]


def _forward_index(text_: str) -> int:
    return next(b.index for b in find_code_blocks(text_) if "def forward" in b.source)


def _shapes(result: dict) -> list[tuple[int, dict[str, list[int]]]]:
    return [(line["line"], {k: v["shape"] for k, v in line["tensors"].items()}) for line in result["lines"]]


def _run_forward(session: KernelSession) -> dict:
    note = SEED.read_text(encoding="utf-8")
    session.call("state.set_note", path=str(SEED), text=note)
    return session.call("run.block", index=_forward_index(note))


def test_seed_forward_block_gives_the_same_shapes_as_locally(
    remote: ServerKernelSession, tmp_path: Path
) -> None:
    far = _run_forward(remote)
    assert far["error"] is None, far["error"]
    assert far["bound"]["device"].startswith("cpu")
    local = KernelSession(tmp_path)
    try:
        local.start()
        local.wait_ready(60)
        near = _run_forward(local)
    finally:
        local.shutdown()
    assert _shapes(far) == _shapes(near)
    shapes = dict(_shapes(far))
    out = next(s["out"] for s in shapes.values() if "out" in s)
    assert out == [1, 10]  # the seed's Linear(256, 10) on one digit


def test_the_engine_on_the_server_is_ours(remote: ServerKernelSession) -> None:
    status = check_engine(remote)  # kernel.ping against this app's engine, read from disk now
    assert status.ok and status.ping is not None
    ping = status.ping
    assert (ping["app_version"], ping["engine"]) == (status.version, status.fingerprint)
    assert remote.pid is None and ping["pid"] > 0  # no local process: the kernel is the server's


def test_interrupt_stops_a_remote_loop(remote: ServerKernelSession) -> None:
    threading.Timer(0.5, remote.interrupt).start()
    started = time.monotonic()
    result = remote.execute("while True:\n    pass\n")
    assert result.ename == "KeyboardInterrupt"
    assert time.monotonic() - started < 5.0
    assert remote.execute("print('still here')").stdout == "still here\n"


def test_a_missing_engine_is_refused_then_sent_with_consent(home: KernelHome, tmp_path: Path) -> None:
    bare = KernelHome.server(home.url, token=home.token, name="bare-box", kernel_name="bare")
    session = open_session(bare, tmp_path)
    try:
        session.start()
        session.wait_ready(60)
        with pytest.raises(EngineMismatch) as refused:
            ensure_engine(session, bare)  # no consent: nothing of ours runs there
        assert refused.value.status.state == "missing"
        assert "bare-box" in refused.value.status.worded("bare-box", lang="en")
        asked: list[str] = []
        status = ensure_engine(session, bare, consent=lambda s: asked.append(s.state) or True)
        assert asked == ["missing"] and status is not None and status.ok
        assert session.call("state.describe")["device"] == "cpu"
        session.restart()  # the sent engine lives for the session: a restart sends it again
        assert session.call("kernel.ping")["app_version"] == local_engine()[0]
    finally:
        session.shutdown()


def test_a_stale_engine_is_detected(home: KernelHome, tmp_path: Path) -> None:
    stale = KernelHome.server(home.url, token=home.token, name="old-box", kernel_name="stale")
    session = open_session(stale, tmp_path)
    try:
        session.start()
        session.wait_ready(60)
        with pytest.raises(EngineMismatch) as refused:
            ensure_engine(session, stale, consent=lambda s: False)
        status = refused.value.status
        assert status.state == "stale" and status.remote_version.startswith("0.0.0-old+")
        english = status.worded("old-box", lang="en")
        assert status.remote_version in english and local_engine()[0] in english
        assert "old-box" in status.worded("old-box", lang="ko") and "엔진" in status.worded("x", lang="ko")
    finally:
        session.shutdown()


def test_a_wrong_token_is_a_clear_message(home: KernelHome, tmp_path: Path, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = KernelHome.server(home.url, token="not-the-token-" + "x" * 8, name="lab-test")
    started = time.monotonic()
    with pytest.raises(RemoteStartError) as info:
        open_session(wrong, tmp_path).start()
    assert time.monotonic() - started < 15
    assert info.value.code == "remote.token"
    assert "refused the token" in text(info.value.code, lang="en", **info.value.args_)
    assert "토큰" in text(info.value.code, lang="ko", **info.value.args_)
    assert wrong.token not in caplog.text and home.token not in caplog.text


def test_a_server_that_is_down_is_a_clear_message(tmp_path: Path) -> None:
    nobody = KernelHome.server(f"http://127.0.0.1:{free_port()}", token="t", name="gone-box")
    started = time.monotonic()
    with pytest.raises(RemoteStartError) as info:
        open_session(nobody, tmp_path).start()
    assert time.monotonic() - started < 15
    assert info.value.code == "remote.down"
    assert "gone-box" in str(info.value)


def test_a_kernel_deleted_through_rest_is_reported_and_restart_brings_a_new_one(
    home: KernelHome, jupyter: JupyterServer, tmp_path: Path
) -> None:
    died = threading.Event()
    reasons: list[str] = []
    session = open_session(home, tmp_path, on_died=lambda r: (reasons.append(r), died.set()))
    assert isinstance(session, ServerKernelSession)
    try:
        session.start()
        session.wait_ready(60)
        old = session.kernel_id
        assert jupyter.rest("DELETE", f"/api/kernels/{old}")[0] == 204  # what a culler does
        assert died.wait(15), "the deleted kernel was not noticed"
        assert session.state == "dead" and session.lost is not None and session.lost.code == "remote.gone"
        with pytest.raises(KernelDiedError):
            session.call("kernel.ping")
        session.restart()  # one action: a new kernel on the same server
        assert session.kernel_id != old and session.call("kernel.ping")["app_version"]
    finally:
        session.shutdown()
    assert all(k["id"] != session.kernel_id for k in jupyter.kernels())  # shutdown deleted it


def test_a_server_killed_mid_call_ends_the_call_with_a_message(tmp_path: Path) -> None:
    for server in owned_server():
        home = KernelHome.server(server.url, token=server.token, name="doomed")
        session = open_session(home, tmp_path)
        try:
            session.start()
            session.wait_ready(60)
            threading.Timer(1.0, server.kill).start()
            started = time.monotonic()
            with pytest.raises(KernelDiedError) as info:
                session.execute("import time\ntime.sleep(120)")
            assert time.monotonic() - started < 20
            assert session.lost is not None and session.lost.code in ("remote.down", "remote.lost")
            assert "doomed" in str(info.value)
            started = time.monotonic()
            with pytest.raises(RemoteStartError) as again:  # restart is one action, and it says why
                session.restart()
            assert again.value.code == "remote.down" and time.monotonic() - started < 20
        finally:
            session.shutdown()


def test_a_server_that_stops_answering_mid_call_is_noticed_then_reconnected(
    tmp_path: Path, remote: ServerKernelSession
) -> None:
    """A network drop without a reset (packets just stop: here the server is frozen with SIGSTOP): the
    websocket stays open, so only the liveness check can tell; the call ends within LIVENESS_S + REST_S."""
    import os
    import signal

    from app.kernel.providers import LIVENESS_S, REST_S

    for server in owned_server():
        home = KernelHome.server(server.url, token=server.token, name="frozen")
        session = open_session(home, tmp_path)
        assert server.process is not None
        try:
            session.start()
            session.wait_ready(60)
            threading.Timer(1.0, os.kill, (server.process.pid, signal.SIGSTOP)).start()
            started = time.monotonic()
            with pytest.raises(KernelDiedError) as info:
                session.execute("import time\ntime.sleep(300)")
            assert time.monotonic() - started < LIVENESS_S + REST_S + 10
            assert "frozen" in str(info.value) and session.state == "dead"
            assert remote.state == "idle" and remote.call("kernel.ping")  # the other server's kernel is fine
            os.kill(server.process.pid, signal.SIGCONT)  # the network comes back
            session.restart()  # one action: reconnect (the old kernel is restarted)
            assert session.execute("print(6 * 7)").stdout == "42\n"
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
            session.shutdown()


def test_a_kernel_that_crashes_on_the_server_is_reported_not_silently_replaced(
    home: KernelHome, tmp_path: Path
) -> None:
    """The server restarts a crashed kernel by itself; its variables are gone, so we say so (once)
    instead of running the next call in an empty namespace as if nothing happened."""
    session = open_session(home, tmp_path)
    assert isinstance(session, ServerKernelSession)
    try:
        session.start()
        session.wait_ready(60)
        session.execute("secret = 42")
        with pytest.raises(KernelDiedError):
            session.execute("import os\nos._exit(1)")
        assert session.lost is not None and session.lost.code == "remote.restarted"
        assert "variables are gone" in session.lost.worded("en")
        session.restart()
        assert session.execute("print('secret' in globals())").stdout == "False\n"
    finally:
        session.shutdown()
