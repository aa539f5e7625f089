"""A real Jupyter Server on 127.0.0.1, owned by whoever starts it (tests and the remote benchmark).

It listens on a free loopback port with a random token, keeps its config, data and runtime folders in a
private temporary folder (nothing of the user's Jupyter set-up is read), and runs from the repository
with it on PYTHONPATH, which is what a user does on their server so that its kernels can import ``app``
(see the README). Extra kernelspecs can be installed before start: ``bare`` (no ``app`` importable) and
``stale`` (an ``app`` copy of another version), for the engine checks.

:meth:`stop` ends the server and then every process still holding one of its kernel connection files
(found by the private runtime folder in their command line), so a test that killed the server leaves
nothing behind either; :meth:`leftovers` lists them.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class JupyterServer:
    def __init__(
        self, *, kernelspecs: dict[str, dict[str, str]] | None = None, gateway: bool = False
    ) -> None:
        self.gateway = gateway  # Jupyter Kernel Gateway instead of Jupyter Server (same kernels API)
        self.root = Path(tempfile.mkdtemp(prefix="tensornote-jupyter-"))
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = self.root / "server.log"
        for name, env in (kernelspecs or {}).items():
            folder = self.root / "data" / "kernels" / name
            folder.mkdir(parents=True)
            argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
            if env.pop("TENSORNOTE_NO_APP", None):
                # A Python where ``import app`` fails as on a machine without Tensornote (this venv has
                # the project installed in editable mode, so an empty PYTHONPATH is not enough).
                argv[1:3] = ["-c", "import sys; sys.modules['app'] = None; "
                             "from ipykernel import kernelapp; kernelapp.launch_new_instance()"]
            spec = {
                "argv": argv,
                "display_name": name,
                "language": "python",
                "env": env,
            }
            (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")

    @property
    def runtime(self) -> Path:
        return self.root / "runtime"

    def start(self, timeout: float = 90.0) -> JupyterServer:
        env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
        env.update(
            JUPYTER_CONFIG_DIR=str(self.root / "config"),
            JUPYTER_DATA_DIR=str(self.root / "data"),
            JUPYTER_RUNTIME_DIR=str(self.runtime),
            JUPYTER_PLATFORM_DIRS="1",
            PYTHONPATH=os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p),
        )
        work = self.root / "work"
        work.mkdir()
        if self.gateway:
            argv = [
                sys.executable, "-m", "kernel_gateway", "--KernelGatewayApp.ip=127.0.0.1",
                f"--KernelGatewayApp.port={self.port}", "--KernelGatewayApp.port_retries=0",
                f"--KernelGatewayApp.auth_token={self.token}",
            ]
        else:
            argv = [
                sys.executable, "-m", "jupyter_server",
                "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}", "--ServerApp.open_browser=False",
                "--ServerApp.allow_root=True", f"--ServerApp.root_dir={work}",
            ]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                argv, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter server exited: {self.log_tail()}")
            with contextlib.suppress(OSError, urllib.error.URLError):
                if self.rest("GET", "/api/kernelspecs")[0] == 200:
                    return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"jupyter server did not answer in {timeout} s: {self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def rest(self, method: str, path: str, token: str | None = None) -> tuple[int, Any]:
        """One REST call with the token in its header: (status, decoded JSON or None)."""
        request = urllib.request.Request(
            self.url + path, method=method,
            headers={"Authorization": f"token {self.token if token is None else token}"},
            data=b"{}" if method == "POST" else None,
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                body = response.read()
                return response.status, json.loads(body) if body else None
        except urllib.error.HTTPError as exc:
            return exc.code, None

    def kernels(self) -> list[dict[str, Any]]:
        status, body = self.rest("GET", "/api/kernels")
        assert status == 200, status
        return list(body or [])

    def kill(self) -> None:
        """SIGKILL the server (its kernels are orphaned; :meth:`stop` still ends them)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def leftovers(self) -> list[int]:
        """Pids of processes still running with one of this server's connection files."""
        marker = str(self.runtime).encode()
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                cmdline = (entry / "cmdline").read_bytes()
                if marker in cmdline:
                    found.append(int(entry.name))
        return found

    def stop(self) -> None:
        """Stop the server (SIGTERM shuts its kernels down), then end anything of it that is left."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        deadline = time.monotonic() + 10
        while self.leftovers() and time.monotonic() < deadline:
            for pid in self.leftovers():
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.2)

    def cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
