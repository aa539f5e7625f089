"""Which engine is this: the app's version and a fingerprint of the engine's source (torch-free).

A kernel on another machine imports ``app.engine`` from whatever ``app`` its Python finds there. The UI
must not drive an engine of another version (the RPC methods, their parameters and their payloads change
between versions), so ``kernel.ping`` reports both numbers and the UI compares them with its own
(``app.kernel.providers.engine``). The version alone would miss a development checkout that changed
without a version bump, hence the fingerprint: a SHA-256 over the relative path and bytes of every module
the kernel may import (``ENGINE_PARTS``), the same files that "send the engine" ships.

Imported by the UI process too (``app.kernel``), so it must never import torch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

# What the kernel imports: the engine and the pure-Python layers below it. Never the UI, the CLI or the
# kernel client (they stay on the user's machine).
ENGINE_PARTS = ("__init__.py", "i18n.py", "paths.py", "fonts.py", "engine", "vault", "markup", "equations")

APP_DIR = Path(__file__).resolve().parents[1]


def app_version() -> str:
    """This app's version (``app.__version__``, the same as pyproject's)."""
    from app import __version__

    return __version__


def engine_files(app_dir: Path = APP_DIR) -> Iterator[tuple[str, Path]]:
    """``("app/engine/rpc.py", path)`` for every engine module, sorted, ``__pycache__`` left out."""
    for part in ENGINE_PARTS:
        path = app_dir / part
        if path.is_file():
            yield f"app/{part}", path
        elif path.is_dir():
            for file in sorted(path.rglob("*.py")):
                if "__pycache__" not in file.parts:
                    yield "app/" + file.relative_to(app_dir).as_posix(), file


def engine_sources(app_dir: Path = APP_DIR) -> list[tuple[str, bytes]]:
    """``(name, bytes)`` of every engine module, read once (what is fingerprinted is what is sent)."""
    return [(name, path.read_bytes()) for name, path in engine_files(app_dir)]


def fingerprint_of(sources: list[tuple[str, bytes]]) -> str:
    """16 hex digits of SHA-256 over the modules' names and bytes (equal source, equal print)."""
    digest = hashlib.sha256()
    for name, data in sources:
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(data + b"\0")
    return digest.hexdigest()[:16]


def engine_fingerprint(app_dir: Path = APP_DIR) -> str:
    """The fingerprint of the engine as it is on disk now."""
    return fingerprint_of(engine_sources(app_dir))
