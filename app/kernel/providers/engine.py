"""Is the engine on the other side ours? Checking it on connect, and sending it (with consent) when not.

A remote kernel imports ``app.engine`` from whatever its Python finds. :func:`check_engine` asks
``kernel.ping`` for the app version and the engine's source fingerprint (:mod:`app.engine.identity`) and
compares them with this app's: ``ok``, ``missing`` (no ``app`` there) or ``stale`` (another version or
other source). A mismatched engine is never driven silently: the caller either gets the user's consent
and calls :func:`send_engine`, or stops with :class:`EngineMismatch`.

The remedy is *sending the engine's source for this session only* (see the README for why not a pip
install): the engine's modules (about 80 files, ~0.5 MB, zipped ~0.15 MB) travel in one execute request,
are unpacked into a temporary folder that the kernel puts first on ``sys.path`` and deletes when it exits,
and every ``app`` module the kernel had already imported is dropped so the new ones load. Nothing is
installed in the server's environment; torch must already be there. A restart re-sends it
(:class:`~app.kernel.providers.server.ServerKernelSession` keeps the payload for its session).
"""

from __future__ import annotations

import base64
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from app.engine.identity import app_version, engine_sources, fingerprint_of
from app.i18n import messages, text
from app.kernel.session import KernelCallError, KernelSession, KernelStartError

messages({
    "engine.missing": (
        "{where}의 커널에 Tensornote 엔진(app.engine)이 없습니다. 이 앱의 엔진 {version}을(를) 이번 "
        "세션에만 보낼 수 있습니다.",
        "The kernel on {where} has no Tensornote engine (app.engine). This app's engine {version} can be "
        "sent "
        "for this session only.",
    ),
    "engine.stale": (
        "{where}의 커널에 있는 엔진({remote})이 이 앱의 엔진({version})과 다릅니다. 이 앱의 엔진을 이번 "
        "세션에만 보낼 수 있습니다.",
        "The kernel on {where} has another engine ({remote}) than this app's ({version}). This app's engine "
        "can be sent for this session only.",
    ),
    "engine.refused": (
        "엔진이 맞지 않아 아무것도 실행하지 않았습니다: {why}",
        "Nothing was run because the engine does not match: {why}",
    ),
    "engine.send_failed": (
        "엔진을 보내지 못했습니다: {why}",
        "Could not send the engine: {why}",
    ),
})

OK, MISSING, STALE = "ok", "missing", "stale"
_BOOTSTRAP = """\
def _tn_install_engine(data):
    import atexit, base64, importlib, io, shutil, sys, tempfile, zipfile
    folder = tempfile.mkdtemp(prefix="tensornote-engine-")
    atexit.register(shutil.rmtree, folder, True)
    zipfile.ZipFile(io.BytesIO(base64.b64decode(data))).extractall(folder)
    sys.path[:] = [p for p in sys.path if "tensornote-engine-" not in p]
    sys.path.insert(0, folder)
    for name in [m for m in sys.modules if m == "app" or m.startswith("app.")]:
        del sys.modules[name]
    importlib.invalidate_caches()
_tn_install_engine({data!r})
del _tn_install_engine
"""


@dataclass
class EngineStatus:
    """This app's engine against the kernel's (``remote_*`` empty when it has none)."""

    state: str  # "ok" | "missing" | "stale"
    version: str
    fingerprint: str
    remote_version: str = ""
    remote_fingerprint: str = ""
    ping: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.state == OK

    def worded(self, where: str, lang: str | None = None) -> str:
        if self.state == MISSING:
            return text("engine.missing", lang=lang, where=where, version=self.version)
        if self.state == STALE:
            remote = self.remote_version or "?"
            if self.remote_version == self.version:  # same number, other source: say which
                remote = f"{remote}, {self.remote_fingerprint or '?'}"
                version = f"{self.version}, {self.fingerprint}"
            else:
                version = self.version
            return text("engine.stale", lang=lang, where=where, remote=remote, version=version)
        return ""


class EngineMismatch(KernelStartError):
    """The kernel's engine is missing or stale and the user did not agree to send ours."""

    def __init__(self, status: EngineStatus, where: str) -> None:
        self.status = status
        self.where = where
        self.code = "engine.refused"
        self.args_ = {"why": status.worded(where)}
        super().__init__(text("engine.refused", why=status.worded(where)))


def local_engine(sources: list[tuple[str, bytes]] | None = None) -> tuple[str, str]:
    """(version, fingerprint) of this app's engine as it is on disk now (about 10 ms)."""
    return app_version(), fingerprint_of(engine_sources() if sources is None else sources)


def check_engine(session: KernelSession, sources: list[tuple[str, bytes]] | None = None) -> EngineStatus:
    """Ask the kernel which engine it has. KernelCallError only for a failure that is not about that.

    Same version, other fingerprint: asked once more, since a file saved between the two readings (an
    editor's save, a ``git pull`` in progress) differs for a moment even on one shared disk.
    """
    status = _check_once(session, sources)
    if status.state == STALE and status.remote_version == status.version and sources is None:
        status = _check_once(session, None)
    return status


def _check_once(session: KernelSession, sources: list[tuple[str, bytes]] | None) -> EngineStatus:
    version, fingerprint = local_engine(sources)
    try:
        ping = session.call("kernel.ping")
    except KernelCallError as exc:
        if exc.type in ("ModuleNotFoundError", "ImportError"):
            return EngineStatus(MISSING, version, fingerprint)
        raise
    remote_version = str(ping.get("app_version") or "")
    remote_fingerprint = str(ping.get("engine") or "")
    same = remote_version == version and remote_fingerprint == fingerprint
    return EngineStatus(OK if same else STALE, version, fingerprint, remote_version, remote_fingerprint, ping)


def engine_payload(sources: list[tuple[str, bytes]]) -> bytes:
    """The engine's modules as a zip (``app/...`` paths), what :func:`install_payload` unpacks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sources:
            archive.writestr(name, data)
    return buffer.getvalue()


def install_payload(session: KernelSession, payload: bytes) -> None:
    """Unpack ``payload`` in the kernel for this kernel's life; KernelStartError when it fails."""
    code = _BOOTSTRAP.format(data=base64.b64encode(payload).decode("ascii"))
    result = session.execute(code, timeout=120.0)
    if result.status != "ok":
        why = f"{result.ename}: {result.evalue}" if result.ename else result.status
        raise KernelStartError(text("engine.send_failed", why=why))


def send_engine(session: KernelSession) -> EngineStatus:
    """Send this app's engine (the user agreed) and check again; the session keeps it for restarts."""
    sources = engine_sources()  # read once: the fingerprint we compare is that of what we send
    payload = engine_payload(sources)
    install_payload(session, payload)
    if hasattr(session, "engine_payload"):
        session.engine_payload = payload
    status = check_engine(session, sources)
    if not status.ok:
        raise KernelStartError(text("engine.send_failed", why=status.worded("kernel")))
    return status
