"""Talking to a Jupyter Server's kernels REST API and websocket through jupyter_server's gateway client.

``jupyter_server.gateway`` already holds a kept client for exactly this: ``GatewayKernelManager`` starts,
interrupts, restarts and deletes a kernel over ``/api/kernels`` (tornado's HTTP client, with retries),
and ``GatewayKernelClient`` carries the Jupyter messages over the kernel's ``/channels`` websocket
(websocket-client), one ``queue.Queue`` per channel. We write no protocol. This module adds what a
desktop client needs around it:

- one private asyncio loop in a daemon thread runs the managers' coroutines; :func:`run` waits for one
  with a deadline, so no REST call waits forever;
- ``GatewayClient`` is a process-wide singleton holding the URL and token, so each operation sets it for
  its server under one lock (two vaults may use two servers in one process);
- the websocket gets the token in its ``Authorization`` header (the stock client sends no header, which a
  token-protected Jupyter Server refuses) and each message names its channel;
- failures become :class:`RemoteError` with a stable code: down, token, timeout, gone, http.

Timeouts (seconds; the README lists them): ``CONNECT_S`` to open a connection, ``REST_S`` for one REST
call, ``START_S`` for a kernel start (POST and websocket). The token is never logged: it only travels in
headers, and the URLs we build and report never hold it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import queue
import socket
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import websocket
from jupyter_server.gateway.gateway_client import GatewayClient
from jupyter_server.gateway.managers import ChannelQueue, GatewayKernelClient, GatewayKernelManager
from jupyter_server.utils import url_escape, url_path_join
from tornado import web
from tornado.httpclient import HTTPClientError

from app.i18n import messages, text
from app.kernel.homes import KernelHome

CONNECT_S = 10.0
REST_S = 15.0
START_S = 60.0

T = TypeVar("T")

messages({
    "remote.down": (
        "서버 {name}({url})에 연결할 수 없습니다: 꺼져 있거나 주소가 틀렸습니다.",
        "Cannot reach the server {name} ({url}): it is down or the address is wrong.",
    ),
    "remote.token": (
        "서버 {name}이(가) 토큰을 받아들이지 않았습니다 (HTTP {status}). 커널 위치 설정에서 토큰을 "
        "확인하세요.",
        "The server {name} refused the token (HTTP {status}). Check the token in the kernel location "
        "settings.",
    ),
    "remote.timeout": (
        "서버 {name}이(가) {seconds:.0f}초 안에 답하지 않았습니다 ({what}).",
        "The server {name} did not answer within {seconds:.0f} s ({what}).",
    ),
    "remote.gone": (
        "서버 {name}에 이 커널이 더 이상 없습니다 (유휴 커널 정리나 삭제로 종료됨). 다시 시작하면 새 "
        "커널을 엽니다.",
        "The kernel no longer exists on {name} (culled as idle or deleted). Restart opens a new one.",
    ),
    "remote.http": (
        "서버 {name}이(가) 오류로 답했습니다: HTTP {status} {reason}",
        "The server {name} answered with an error: HTTP {status} {reason}",
    ),
    "remote.lost": (
        "서버 {name}와의 연결이 끊겼습니다. 실행 중이던 작업은 결과 없이 끝났습니다. 다시 시작하면 다시 "
        "연결합니다.",
        "The connection to {name} was lost; the running call ended without a result. Restart reconnects.",
    ),
    "remote.restarted": (
        "서버 {name}의 커널이 스스로 종료되어 서버가 다시 띄웠습니다: 변수는 모두 사라졌습니다.",
        "The kernel on {name} died and the server restarted it: its variables are gone.",
    ),
})


class RemoteError(RuntimeError):
    """A remote kernel operation failed; ``code`` and ``args`` word it (:func:`app.i18n.text`)."""

    def __init__(self, code: str, **args: Any) -> None:
        self.code = code
        self.args_ = args
        super().__init__(text(code, **args))

    def worded(self, lang: str | None = None) -> str:
        return text(self.code, lang=lang, **self.args_)


# --- the loop ---------------------------------------------------------------------------------------

_loop: asyncio.AbstractEventLoop | None = None
_loop_guard = threading.Lock()
_config_lock: asyncio.Lock | None = None


def _the_loop() -> asyncio.AbstractEventLoop:
    global _loop, _config_lock
    with _loop_guard:
        if _loop is None:
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="tensornote-gateway", daemon=True).start()
            _config_lock = asyncio.Lock()
            _loop = loop
        return _loop


def run(coro: Awaitable[T], timeout: float, home: KernelHome, what: str) -> T:
    """Run ``coro`` on the gateway loop; RemoteError("remote.timeout") after ``timeout`` seconds."""
    future = asyncio.run_coroutine_threadsafe(_bounded(coro, timeout), _the_loop())
    try:
        return future.result(timeout + 1.0)
    except (TimeoutError, concurrent.futures.TimeoutError):
        future.cancel()
        raise RemoteError("remote.timeout", name=home.label, seconds=timeout, what=what) from None
    except RemoteError:
        raise
    except Exception as exc:
        raise classify(exc, home) from exc


def submit(coro: Awaitable[Any], timeout: float) -> None:
    """Fire and forget (an interrupt from the UI thread must not wait); errors are dropped."""
    asyncio.run_coroutine_threadsafe(_bounded(coro, timeout), _the_loop())


async def _bounded(coro: Awaitable[T], timeout: float) -> T:
    return await asyncio.wait_for(coro, timeout)


async def configured(home: KernelHome, op: Callable[[], Awaitable[T]]) -> T:
    """Run ``op`` with the process-wide ``GatewayClient`` pointed at ``home``.

    The managers read the URL and token synchronously, in the first step of each request (building its
    URL and headers, before the first await), so the lock is held for that step only: a server that stops
    answering must not hold up the requests to another one.
    """
    assert _config_lock is not None
    async with _config_lock:
        client = GatewayClient.instance()
        client.url = home.url
        client.ws_url = ws_url(home.url)
        client.auth_scheme = "token"
        client.auth_token = home.token
        client.connect_timeout = CONNECT_S
        task = asyncio.ensure_future(op())
        await asyncio.sleep(0)  # the task's first step runs now, with this server's settings
    return await task


def ws_url(url: str) -> str:
    return "wss" + url[len("https"):] if url.startswith("https") else "ws" + url[len("http"):]


def classify(exc: BaseException, home: KernelHome) -> RemoteError:
    """One RemoteError for whatever the HTTP or websocket client raised."""
    name, url = home.label, home.url
    status = getattr(exc, "status_code", None) or getattr(exc, "code", None)
    cause = exc.__cause__ or exc.__context__
    if isinstance(exc, websocket.WebSocketBadStatusException):
        status = exc.status_code
    if isinstance(exc, web.HTTPError | HTTPClientError | websocket.WebSocketBadStatusException):
        if status in (401, 403):
            return RemoteError("remote.token", name=name, status=status)
        if status == 404 and isinstance(cause, socket.gaierror):
            return RemoteError("remote.down", name=name, url=url)
        if status == 404:
            return RemoteError("remote.gone", name=name)
        if status in (503, 599) and (cause is None or isinstance(cause, OSError | HTTPClientError)):
            return RemoteError("remote.down", name=name, url=url)
        reason = getattr(exc, "reason", None) or getattr(exc, "log_message", "") or ""
        return RemoteError("remote.http", name=name, status=status, reason=str(reason)[:200])
    if isinstance(exc, ConnectionError | socket.gaierror | OSError):
        return RemoteError("remote.down", name=name, url=url)
    if isinstance(exc, websocket.WebSocketTimeoutException | TimeoutError):
        return RemoteError("remote.timeout", name=name, seconds=START_S, what="websocket")
    return RemoteError("remote.http", name=name, status="-", reason=f"{type(exc).__name__}: {exc}"[:200])


# --- the kernel's channels over the websocket -------------------------------------------------------


class _NamedChannel(ChannelQueue):
    """The stock queue, but every message it sends names its channel (else the server logs a warning
    with the whole message and assumes shell)."""

    def send(self, msg: dict[str, Any]) -> None:
        msg["channel"] = self.channel_name
        super().send(msg)


class TokenKernelClient(GatewayKernelClient):
    """``GatewayKernelClient`` whose websocket carries the token in a header and has no read timeout.

    The stock client opens the socket with its launch timeout as the *read* timeout too, so an idle
    kernel's websocket would be dropped by the client itself after 40 s of silence; liveness is the
    session's job (REST checks every few seconds), so reads block and closing the socket ends them.
    :meth:`connect` replaces the stock ``start_channels``: the same queues and router thread, opened in
    the caller's thread (a slow server must not block the loop that serves the others).
    """

    home: KernelHome

    def connect(self) -> None:
        """Open the websocket (blocking, up to START_S) in the caller's thread, not on the shared loop."""
        url = url_path_join(ws_url(self.home.url), "api/kernels", url_escape(self.kernel_id), "channels")
        self.channel_socket = websocket.create_connection(
            url,
            timeout=START_S,
            enable_multithread=True,
            header=[f"Authorization: token {self.home.token}"],
            sockopt=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
        )
        self.channel_socket.settimeout(None)
        self._channels_stopped = False
        self._channel_queues = {}
        for name in ("shell", "iopub", "stdin", "hb", "control"):
            channel = _NamedChannel(name, self.channel_socket, self.log)
            setattr(self, f"_{name}_channel", channel)
            self._channel_queues[name] = channel
        self.response_router = threading.Thread(
            target=self._route_responses, name="tensornote-ws", daemon=True
        )
        self.response_router.start()

    def _route_responses(self) -> None:
        """The stock router, acknowledging each frame at once (Linux ``TCP_QUICKACK``).

        Jupyter Server's websocket leaves Nagle's algorithm on, so of two small messages in a row (a
        status, then the output) the second waits for our ACK of the first, which the client's delayed ACK
        holds back 40 ms: measured, every call took 40 ms longer than locally. Quick ACKs remove that.
        """
        quick = getattr(socket, "TCP_QUICKACK", None)
        raw = getattr(self.channel_socket, "sock", None)
        if quick is not None and raw is not None:
            original = self.channel_socket.recv  # type: ignore[union-attr]

            def recv() -> Any:
                with contextlib.suppress(OSError):
                    raw.setsockopt(socket.IPPROTO_TCP, quick, 1)
                return original()

            self.channel_socket.recv = recv  # type: ignore[union-attr, method-assign]
        super()._route_responses()

    def stop_channels(self) -> None:
        self._channels_stopped = True
        if self.channel_socket is not None:
            with contextlib.suppress(Exception):
                self.channel_socket.close(timeout=1)
        if self.response_router is not None:
            self.response_router.join(2.0)


class ChannelReader:
    """The four calls :mod:`app.kernel.replies` and the session make, over the websocket's queues.

    ``get_*_msg`` block on the queue with a timeout (the stock async ``get_msg`` spins the event loop).
    A status message the server makes up itself (``restarting``, ``dead``: no parent request) means the
    kernel died on the server; ``on_server_status`` hears it.
    """

    def __init__(self, client: TokenKernelClient, on_server_status: Callable[[str], None]) -> None:
        self.client = client
        self.on_server_status = on_server_status

    def kernel_info(self) -> str:
        return str(self.client.kernel_info())

    def execute(self, code: str, **kwargs: Any) -> str:
        return str(self.client.execute(code, **kwargs))

    def _get(self, channel: ChannelQueue, timeout: float) -> dict[str, Any]:
        msg: dict[str, Any] = channel.get(timeout=timeout)
        if msg.get("msg_type") == "status" and not msg.get("parent_header"):
            state = msg.get("content", {}).get("execution_state", "")
            if state in ("restarting", "autorestarting", "dead"):
                self.on_server_status(state)
        return msg

    def get_iopub_msg(self, timeout: float) -> dict[str, Any]:
        return self._get(self.client.iopub_channel, timeout)

    def get_shell_msg(self, timeout: float) -> dict[str, Any]:
        return self._get(self.client.shell_channel, timeout)

    @property
    def connected(self) -> bool:
        router = self.client.response_router
        return router is not None and router.is_alive()

    def stop_channels(self) -> None:
        self.client.stop_channels()

    def drain(self) -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                self.client.iopub_channel.get_nowait()


# --- REST operations --------------------------------------------------------------------------------


def new_manager(home: KernelHome) -> GatewayKernelManager:
    async def make() -> GatewayKernelManager:
        return GatewayKernelManager(kernel_name=home.kernel_name)

    return run(configured(home, make), REST_S, home, "manager")


def start_kernel(manager: GatewayKernelManager, home: KernelHome) -> None:
    run(configured(home, lambda: manager.start_kernel(kernel_name=home.kernel_name)), START_S, home,
        "POST /api/kernels")


def open_channels(manager: GatewayKernelManager, home: KernelHome) -> TokenKernelClient:
    manager.client_factory = TokenKernelClient
    client = manager.client()
    client.home = home
    try:
        client.connect()
    except Exception as exc:
        raise classify(exc, home) from exc
    return client


def kernel_model(
    manager: GatewayKernelManager, home: KernelHome, timeout: float = REST_S
) -> dict[str, Any] | None:
    """The kernel's model (``execution_state``…), None when the server no longer has it (404)."""
    return run(configured(home, manager.refresh_model), timeout, home, "GET /api/kernels/<id>")


def interrupt(manager: GatewayKernelManager, home: KernelHome) -> None:
    submit(configured(home, manager.interrupt_kernel), REST_S)


def restart(manager: GatewayKernelManager, home: KernelHome) -> None:
    run(configured(home, manager.restart_kernel), START_S, home, "POST /api/kernels/<id>/restart")


def delete(manager: GatewayKernelManager, home: KernelHome, timeout: float = REST_S) -> None:
    run(configured(home, manager.shutdown_kernel), timeout, home, "DELETE /api/kernels/<id>")
