"""What comes back from the kernel: iopub/shell messages of one execute request, folded into an ExecResult.

Kept apart from :mod:`app.kernel.session` (the process and its lifecycle) because reading replies is pure
message handling: it never starts, kills or restarts anything. Liveness is the session's business, so
:func:`collect` takes a ``check_alive`` callback that raises when the kernel is gone while we wait.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.i18n import messages, text

MIME = "application/vnd.tensornote+json"  # the same strings as app.engine.rpc (which imports torch)
EVENT_MIME = "application/vnd.tensornote.event+json"

messages({
    "kernel.call_timeout": ("커널이 {seconds}초 안에 끝나지 않았습니다.",
                            "The kernel did not finish within {seconds} s."),
    "kernel.no_result": ("{method}: 커널이 결과를 보내지 않았습니다.",
                         "{method}: the kernel sent no result."),
})

POLL_S = 0.05
SHELL_REPLY_S = 5.0  # the execute_reply follows the final idle status almost at once

OutputCallback = Callable[[str, str], None]  # (stream name "stdout"|"stderr", text)
EventCallback = Callable[[dict[str, Any]], None]


class MessageClient(Protocol):
    """What :func:`collect` reads from: jupyter_client's BlockingKernelClient, or the websocket reader of
    a remote kernel (``app.kernel.providers.gateway.ChannelReader``). ``get_*`` raise queue.Empty."""

    def get_iopub_msg(self, timeout: float) -> dict[str, Any]: ...

    def get_shell_msg(self, timeout: float) -> dict[str, Any]: ...


class KernelCallError(Exception):
    """A call into the kernel failed; carries the remote exception's type, message and traceback."""

    def __init__(self, type: str, message: str, traceback: str = ""):
        super().__init__(f"{type}: {message}" if message else type)
        self.type = type
        self.message = message
        self.traceback = traceback


@dataclass
class ExecResult:
    status: str  # "ok" | "error" | "aborted"
    stdout: str = ""
    stderr: str = ""
    ename: str | None = None
    evalue: str | None = None
    traceback: list[str] = field(default_factory=list)
    data: list[dict[str, Any]] = field(default_factory=list)  # display data / execute results, in order
    envelope: dict[str, Any] | None = None  # the app.engine.rpc answer, when the code made one


def _fold(
    result: ExecResult,
    kind: str,
    content: dict[str, Any],
    on_output: OutputCallback | None,
    on_event: EventCallback | None,
) -> None:
    """Add one iopub message of our request to ``result`` (streams and events also go out as they come)."""
    if kind == "stream":
        name, text = content.get("name", "stdout"), content.get("text", "")
        if name == "stderr":
            result.stderr += text
        else:
            result.stdout += text
        if on_output is not None:
            on_output(name, text)
    elif kind in ("display_data", "execute_result", "update_display_data"):
        data = content.get("data", {})
        if EVENT_MIME in data:
            if on_event is not None:
                on_event(data[EVENT_MIME])
        elif MIME in data:
            result.envelope = data[MIME]
        else:
            result.data.append(data)
    elif kind == "error":
        result.ename, result.evalue = content.get("ename"), content.get("evalue")
        result.traceback = list(content.get("traceback", []))


def collect(
    kc: MessageClient,
    msg_id: str,
    check_alive: Callable[[], None],
    on_output: OutputCallback | None,
    on_event: EventCallback | None,
    timeout: float | None,
) -> ExecResult:
    """Read the replies to execute request ``msg_id`` until the kernel goes idle, then its shell status.

    ``check_alive`` runs whenever a poll comes back empty, so a dead kernel ends the wait with the
    session's own error instead of a hang. TimeoutError after ``timeout`` seconds (None: no limit).
    """
    result = ExecResult(status="ok")
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=POLL_S)
        except queue.Empty:
            check_alive()
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(text("kernel.call_timeout", seconds=f"{timeout:.0f}")) from None
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content.get("execution_state") == "idle":
            break
        _fold(result, kind, content, on_output, on_event)
    # The reply follows on the shell channel; only its status is new information.
    end = time.monotonic() + SHELL_REPLY_S
    while time.monotonic() < end:
        try:
            reply = kc.get_shell_msg(timeout=POLL_S)
        except queue.Empty:
            check_alive()
            continue
        if reply["parent_header"].get("msg_id") == msg_id:
            result.status = reply["content"].get("status", "ok")
            break
    if result.ename and result.status == "ok":
        result.status = "error"
    return result


def rpc_result(result: ExecResult, method: str) -> Any:
    """The JSON result of an ``app.engine.rpc`` call, or KernelCallError with the remote traceback."""
    envelope = result.envelope
    if envelope is None:
        raise KernelCallError(
            result.ename or "NoResult",
            result.evalue or text("kernel.no_result", method=method),
            "\n".join(result.traceback),
        )
    if not envelope.get("ok"):
        error = envelope.get("error") or {}
        raise KernelCallError(
            str(error.get("type", "Error")),
            str(error.get("message", "")),
            str(error.get("traceback", "")),
        )
    return envelope.get("result")
