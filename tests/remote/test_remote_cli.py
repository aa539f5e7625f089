"""The CLI twins with a remote kernel: ``run`` and ``trace`` with ``--kernel URL`` (or TENSORNOTE_KERNEL) and
the token from TENSORNOTE_TOKEN, ``--kernel-file`` for a kernel someone started (as behind ``ssh -L``)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from app.kernel.providers import ConnectionFileSession, KernelHome, ensure_engine, open_session
from tests.conftest import NOTES
from tests.kernel.conftest import pid_gone
from tests.remote.server import REPO, JupyterServer

pytestmark = pytest.mark.slow
SEED = sorted(NOTES.glob("20*.md"))[0]


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 240) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k not in ("TENSORNOTE_KERNEL", "TENSORNOTE_TOKEN")}
    full.update(TENSORNOTE_LANG="en", **(env or {}))
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, env=full, capture_output=True,
                          text=True, timeout=timeout)


def test_run_forward_block_on_the_server(jupyter: JupyterServer) -> None:
    done = cli("run", str(SEED), "--block", "0", "--json",
               env={"TENSORNOTE_KERNEL": jupyter.url, "TENSORNOTE_TOKEN": jupyter.token})
    assert done.returncode == 0, done.stderr
    block = json.loads(done.stdout.splitlines()[-1])["blocks"][0]
    shapes = {line["line"]: {k: v["shape"] for k, v in line["tensors"].items()} for line in block["lines"]}
    assert shapes[58] == {"h0": [3, 1, 256]} and block["error"] is None
    assert any(s.get("rnn_out") == [1, 28, 256] for s in shapes.values())
    assert "remote" in done.stderr and jupyter.token not in done.stderr + done.stdout
    assert jupyter.kernels() == []  # the CLI deleted its kernel


def test_trace_verifies_in_the_remote_kernel(jupyter: JupyterServer, tmp_path: Path) -> None:
    out = tmp_path / "trace.npz"
    done = cli("trace", "--note", str(SEED), "--kernel", jupyter.url, "--out", str(out), "--lang", "ko",
               env={"TENSORNOTE_TOKEN": jupyter.token})
    assert done.returncode == 0, done.stderr
    assert "결과: 통과" in done.stdout and "LSTM(28, 256" in done.stdout  # the kernel speaks the CLI's --lang
    arrays = np.load(out)
    assert arrays["layer0/fwd/f"].shape == (8, 1, 256)  # (L, N, H)
    assert arrays["x"].shape == (1, 8, 28)  # batch_first, as the note builds it


def test_wrong_token_and_missing_engine_are_exit_2_with_a_message(jupyter: JupyterServer) -> None:
    done = cli("run", str(SEED), "--kernel", jupyter.url, env={"TENSORNOTE_TOKEN": "wrong"}, timeout=60)
    assert done.returncode == 2 and "refused the token" in done.stderr and "Traceback" not in done.stderr
    stale = cli("trace", "--model", "lstm", "--input-size", "3", "--hidden-size", "2", "--kernel",
                jupyter.url, "--kernel-name", "stale", env={"TENSORNOTE_TOKEN": jupyter.token})
    assert stale.returncode == 2 and "another engine" in stale.stderr and "--send-engine" in stale.stderr
    assert "결과" not in stale.stdout  # nothing ran there


def test_an_existing_kernel_from_its_connection_file(tmp_path: Path) -> None:
    """A kernel started by hand (``python -m ipykernel_launcher -f kernel.json``), as on the far side of an
    ssh tunnel: we attach, check its engine, run, interrupt; shutting down leaves it running (it is not
    ours), and the test ends it."""
    connection = tmp_path / "kernel.json"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "ipykernel_launcher", "-f", str(connection)], cwd=tmp_path, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (connection.exists() and connection.stat().st_size > 0) and time.monotonic() < deadline:
            time.sleep(0.1)
        home = KernelHome.from_file(connection)
        session = open_session(home, tmp_path)
        assert isinstance(session, ConnectionFileSession)
        session.start()
        session.wait_ready(60)
        status = ensure_engine(session, home)
        assert status is not None and status.ok
        assert session.call("kernel.ping")["pid"] == process.pid
        started = time.monotonic()
        threading.Timer(0.5, session.interrupt).start()
        assert session.execute("while True:\n    pass\n").ename == "KeyboardInterrupt"
        assert time.monotonic() - started < 5
        session.shutdown()
        assert process.poll() is None  # still the user's

        done = cli("run", str(SEED), "--block", "0", "--json", "--kernel-file", str(connection))
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout.splitlines()[-1])["blocks"][0]["error"] is None
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
    assert pid_gone(process.pid)



def test_grad_and_train_run_in_the_remote_kernel(jupyter: JupyterServer, tmp_path: Path) -> None:
    token = {"TENSORNOTE_TOKEN": jupyter.token}
    out = tmp_path / "grad.npz"
    grad = cli("grad", "--model", "lstm", "--input-size", "3", "--hidden-size", "4", "--seq-len", "5",
               "--kernel", jupyter.url, "--json", "--out", str(out), env=token)
    assert grad.returncode == 0, grad.stderr
    assert json.loads(grad.stdout.splitlines()[-1])["verify"]["ok"] is True
    assert out.stat().st_size > 0 and len(np.load(out).files) > 0  # written here, computed there
    train = cli("train", str(SEED), "--max-steps", "2", "--seconds", "30", "--json", "--kernel", jupyter.url,
                env=token)
    assert train.returncode == 0, train.stderr
    trained = json.loads(train.stdout.splitlines()[-1])
    assert trained["steps"] == 2
    traced = cli("trace", "--note", str(SEED), "--weights", "trained", "--kernel", jupyter.url, env=token)
    assert traced.returncode == 0, traced.stderr  # the weights train saved there are found there again
    assert f"weights: {trained['weights']}" in traced.stdout
    assert jupyter.kernels() == []
