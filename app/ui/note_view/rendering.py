"""Turning a note file into the page the view shows, off the UI thread, never raising.

A cold render of the seed note typesets dozens of equations (hundreds of ms); doing it on the UI thread
would freeze the window, so :class:`Renderer` runs :func:`render_page` on one worker thread and hands
the result back through a Qt signal (queued onto the UI thread). Results of superseded requests are
dropped. Any failure (unreadable file, renderer bug) becomes an error page (in the UI language) with the
reason, so a broken note never takes the app down.
"""

from __future__ import annotations

import logging
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.ui.common import i18n
from app.ui.note_view import pages
from app.vault import Vault, read_note

log = logging.getLogger(__name__)
translate = QCoreApplication.translate  # lupdate collects translate("Rendering", "…")


@dataclass
class RenderResult:
    """Everything the window needs to show one note."""

    path: Path
    html: str
    rendered: Any | None = None  # app.markup.RenderedNote, None when rendering failed
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    elapsed_ms: float = 0.0
    request: int = 0


def render_page(path: Path, vault: Vault | None, theme: str) -> RenderResult:
    """Read, render and wrap one note; every failure is turned into an error page."""
    start = time.perf_counter()
    path = Path(path)

    def done(result: RenderResult) -> RenderResult:
        result.elapsed_ms = (time.perf_counter() - start) * 1000
        return result

    try:
        note = read_note(path)
    except OSError as exc:
        reason = translate("Rendering", "The file cannot be read ({0})").format(exc.strerror or exc)
        return done(RenderResult(path, pages.error_page(path, reason, theme=theme), error=reason))
    warnings = [note.warning] if note.warning else []
    if note.binary:
        html = pages.message_page(
            path.name,
            [translate(
                "Rendering", "This file is a binary file, not a text note, so its content cannot be shown."
            )],
            theme,
        )
        return done(RenderResult(path, html, warnings=warnings))
    try:
        from app.equations.shapes import find_claims
        from app.markup import page_html, render_note

        claims = find_claims(note.text).claims  # grey badges; the kernel judges them later
        badges = [(c.anchor, c.id) for c in claims if c.anchor is not None]
        rendered = render_note(note.text, path=path, vault=vault, badges=badges)
        html = page_html(rendered, title=path.stem, theme=theme, lang=i18n.current_language())
    except Exception as exc:  # a renderer bug must not take the app down
        log.exception("rendering %s failed", path)
        reason = translate("Rendering", "An error occurred while converting the note: {0}: {1}").format(
            type(exc).__name__, exc)
        details = traceback.format_exc(limit=8)
        return done(RenderResult(path, pages.error_page(path, reason, details, theme), warnings=warnings,
                                 error=reason))
    for warning in getattr(rendered, "warnings", []) or []:
        if warning not in warnings:
            warnings.append(str(warning))
    return done(RenderResult(path, html, rendered=rendered, warnings=warnings))


class Renderer(QObject):
    """Runs :func:`render_page` on a worker thread; ``finished`` fires on the UI thread."""

    finished = Signal(object)  # RenderResult of the latest request

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tensornote-render")
        self._latest = 0
        self._relay = _Relay()
        self._relay.result.connect(self._deliver)

    def request(self, path: Path, vault: Vault | None, theme: str) -> int:
        self._latest += 1
        number = self._latest
        self._pool.submit(self._work, number, Path(path), vault, theme)
        return number

    def _work(self, number: int, path: Path, vault: Vault | None, theme: str) -> None:
        if number != self._latest:
            return  # superseded before it started
        result = render_page(path, vault, theme)
        result.request = number
        self._relay.result.emit(result)

    def _deliver(self, result: RenderResult) -> None:
        if result.request == self._latest:
            self.finished.emit(result)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class _Relay(QObject):
    """Lives on the UI thread; emitting its signal from the worker queues the call onto the UI thread."""

    result = Signal(object)
