"""Fixtures for remote kernels: a real Jupyter Server on 127.0.0.1 per test module, owned and always
stopped here, with the check that no server or kernel process outlives it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.kernel.providers import KernelHome, ServerKernelSession, ensure_engine, open_session
from tests.remote.server import REPO, JupyterServer


def _stale_app(root: Path) -> Path:
    """A copy of ``app`` (what a kernel imports) that says it is another version."""
    target = root / "stale"
    shutil.copytree(REPO / "app", target / "app",
                    ignore=shutil.ignore_patterns("__pycache__", "ui", "cli"))
    init = target / "app" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace('__version__ = "', '__version__ = "0.0.0-old+'),
                    encoding="utf-8")
    return target


def owned_server(**kwargs: object) -> Iterator[JupyterServer]:
    server = JupyterServer(**kwargs)  # type: ignore[arg-type]
    try:
        server.start()
        yield server
    finally:
        process = server.process
        server.stop()
        leftovers = server.leftovers()
        server.cleanup()
        assert process is None or process.poll() is not None, "the jupyter server outlived its fixture"
        assert leftovers == [], f"kernel processes outlived the server: {leftovers}"


@pytest.fixture(scope="module")
def jupyter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    stale = _stale_app(tmp_path_factory.mktemp("engines"))
    specs = {"bare": {"PYTHONPATH": "", "TENSORNOTE_NO_APP": "1"}, "stale": {"PYTHONPATH": str(stale)}}
    yield from owned_server(kernelspecs=specs)


@pytest.fixture(scope="module")
def home(jupyter: JupyterServer) -> KernelHome:
    return KernelHome.server(jupyter.url, token=jupyter.token, name="lab-test")


@pytest.fixture(scope="module")
def remote(home: KernelHome, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerKernelSession]:
    """One remote kernel shared by a module, engine checked (it is ours: the server runs from the repo)."""
    session = open_session(home, tmp_path_factory.mktemp("remote-cwd"))
    assert isinstance(session, ServerKernelSession)
    try:
        session.start()
        session.wait_ready(timeout=90)
        status = ensure_engine(session, home)
        assert status is not None and status.ok
        yield session
    finally:
        session.shutdown()
