"""The kernel side of the UI's remote calls: a registry of named methods and one ``dispatch`` entry point.

The UI process never imports torch, so everything it asks of the engine travels as one small line of
code executed in the note's kernel (``app.engine.rpc.dispatch('<json>')``). The answer comes back as
display data with our own mime type rather than as printed text, so that the user's own ``print`` output
(streamed separately) can never be mistaken for a result, and a result is never truncated or reformatted
by IPython's text repr.

Methods register with ``@method("group.name")`` and take and return JSON-able values. A method that is
not registered yet is looked up by its group in ``PROVIDERS`` (``panel.open`` imports
``app.engine.serve.methods``).
The table names modules by string on purpose: this module sits at the bottom of the engine and the features
import it to register their methods, so it must never import them (that was the runner ↔ rpc ↔ notestate
cycle).
A new group adds one line to the table.

Long methods may report progress (a line finished, a block started) with ``emit(event)``; the UI side
hands those to its event callback while the call is still running.
"""

from __future__ import annotations

import importlib
import json
import math
import traceback
from collections.abc import Callable
from typing import Any

MIME = "application/vnd.tensornote+json"
EVENT_MIME = "application/vnd.tensornote.event+json"

# group -> module that registers that group's methods (imported on first use).
PROVIDERS: dict[str, str] = {
    "state": "app.engine.notestate",
    "run": "app.engine.run.runner",
    "panel": "app.engine.serve.methods",
    "grad": "app.engine.serve.grad_methods",
    "trace": "app.engine.trace.remote",
    "train": "app.engine.train.methods",
    "shapes": "app.engine.claims.methods",
}

_METHODS: dict[str, Callable[..., Any]] = {}


def method(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``fn`` under ``name`` (``"group.name"``) so that the UI can call it."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        _METHODS[name] = fn
        return fn

    return register


def methods() -> list[str]:
    """The names registered so far (providers not yet imported are not listed)."""
    return sorted(_METHODS)


def _lookup(name: str) -> Callable[..., Any] | None:
    if name in _METHODS:
        return _METHODS[name]
    group = name.split(".", 1)[0]
    module = PROVIDERS.get(group)
    if module:
        importlib.import_module(module)
    return _METHODS.get(name)


def _jsonable(value: Any) -> Any:
    """Make NaN/inf JSON-safe (strict JSON has neither) and tuples into lists."""
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else (1e308 if value > 0 else -1e308)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _error(exc: BaseException) -> dict[str, Any]:
    return {
        "type": type(exc).__name__,
        "message": str(exc),
        "traceback": "".join(traceback.format_exception(exc)),
    }


def handle(request: dict[str, Any]) -> dict[str, Any]:
    """Run one request ``{"method", "params"}`` and return the envelope ``{"ok", "result"|"error"}``."""
    name = request.get("method")
    params = request.get("params") or {}
    if not isinstance(name, str) or not isinstance(params, dict):
        return {"ok": False, "error": {"type": "BadRequest", "message": f"bad request: {request!r}",
                                       "traceback": ""}}
    try:
        fn = _lookup(name)
        if fn is None:
            return {"ok": False, "error": {"type": "UnknownMethod", "message": f"unknown method {name!r}",
                                           "traceback": ""}}
        result = _jsonable(fn(**params))
        json.dumps(result)  # fail here, with the method's name, rather than in the transport
        return {"ok": True, "result": result}
    except Exception as exc:
        return {"ok": False, "error": _error(exc)}


def _display(mime: str, payload: Any) -> bool:
    """Send ``payload`` as display data when running inside IPython; False elsewhere (plain Python)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return False
    if get_ipython() is None:
        return False
    display({mime: payload}, raw=True)
    return True


def dispatch(request_json: str) -> dict[str, Any]:
    """Entry point executed by the UI: run the request and display its envelope with :data:`MIME`."""
    try:
        request = json.loads(request_json)
    except ValueError as exc:
        envelope: dict[str, Any] = {"ok": False, "error": _error(exc)}
    else:
        envelope = handle(request if isinstance(request, dict) else {"method": None})
    _display(MIME, envelope)
    return envelope


def emit(event: dict[str, Any]) -> None:
    """Report progress of the running call to the UI (a no-op outside a kernel)."""
    _display(EVENT_MIME, _jsonable(event))


@method("kernel.ping")
def _ping() -> dict[str, Any]:
    """Cheap liveness and version probe: the kernel's pid and Python, and which engine answers.

    ``app_version`` and ``engine`` (the source fingerprint, :mod:`app.engine.identity`) let the UI refuse
    to drive an engine that is not its own (a remote kernel with an older ``app`` installed).
    """
    import os
    import socket
    import sys

    from app.engine.identity import app_version, engine_fingerprint

    return {
        "pid": os.getpid(),
        "python": sys.version.split()[0],
        "methods": methods(),
        "app_version": app_version(),
        "engine": engine_fingerprint(),  # ~10 ms: the source as it is there now
        "host": socket.gethostname(),
    }



@method("kernel.warm")
def _warm() -> dict[str, Any]:
    """Import torch and the runner ahead of the first Run, so that Run feels instant on a warm kernel.

    Importing torch takes 2-3 s; doing it while the user is still reading the note hides that cost.
    This imports library code only: nothing from the note runs.
    """
    importlib.import_module("app.engine.run.runner")
    import torch

    return {"torch": torch.__version__}
