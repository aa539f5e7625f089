"""The same client against a real Jupyter Kernel Gateway (the headless kernels API that Enterprise Gateway and
many lab set-ups expose), started here on 127.0.0.1 with a token: engine check, the seed's forward block,
interrupt, a kernel deleted through REST, restart, and a refused token."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.kernel.providers import (
    KernelHome,
    RemoteStartError,
    ServerKernelSession,
    ensure_engine,
    open_session,
)
from app.markup.blocks import find_code_blocks
from tests.conftest import NOTES
from tests.remote.conftest import owned_server
from tests.remote.server import JupyterServer

pytestmark = pytest.mark.slow
SEED = sorted(NOTES.glob("20*.md"))[0]


@pytest.fixture(scope="module")
def gateway() -> Iterator[JupyterServer]:
    yield from owned_server(gateway=True)


def test_a_kernel_gateway_serves_the_notes_kernel(gateway: JupyterServer, tmp_path: Path) -> None:
    home = KernelHome.server(gateway.url, token=gateway.token, name="kg")
    died = threading.Event()
    session = open_session(home, tmp_path, on_died=lambda _reason: died.set())
    assert isinstance(session, ServerKernelSession)
    try:
        session.start()
        session.wait_ready(60)
        status = ensure_engine(session, home)
        assert status is not None and status.ok
        note = SEED.read_text(encoding="utf-8")
        session.call("state.set_note", path=str(SEED), text=note)
        forward = next(b.index for b in find_code_blocks(note) if "def forward" in b.source)
        result = session.call("run.block", index=forward)
        assert result["error"] is None
        assert any(line["tensors"].get("out", {}).get("shape") == [1, 10] for line in result["lines"])

        threading.Timer(0.5, session.interrupt).start()
        started = time.monotonic()
        assert session.execute("while True:\n    pass\n").ename == "KeyboardInterrupt"
        assert time.monotonic() - started < 5

        assert gateway.rest("DELETE", f"/api/kernels/{session.kernel_id}")[0] == 204
        assert died.wait(15) and session.lost is not None and session.lost.code == "remote.gone"
        session.restart()
        assert session.execute("print('back')").stdout == "back\n"
    finally:
        session.shutdown()

    wrong = KernelHome.server(gateway.url, token="nope", name="kg")
    with pytest.raises(RemoteStartError) as info:
        open_session(wrong, tmp_path).start()
    assert info.value.code == "remote.token"
