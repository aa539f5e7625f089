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
    partial: bool = False  # the first screen of a long note; the whole note follows (``Renderer``)
    text: str | None = None  # the note's text when ``partial`` (the whole render needs it)
    badges: list[tuple[int, str]] = field(default_factory=list)  # the first screen's
    vault_root: Path | None = None
    theme: str = "light"


def _whole_page(partial: RenderResult, worker: Any) -> RenderResult | None:
    """The whole note behind a first-screen result, rendered in ``worker`` (a
    ``app.markup.background.BackgroundRenderer``); None when cancelled."""
    from app.equations.shapes import find_claims
    from app.markup.background import Request

    start = time.perf_counter()
    claims = find_claims(partial.text or "").claims  # the whole note's (the first screen had its own)
    badges = [(c.anchor if c.anchor is not None else c.end, c.id) for c in claims]
    request = Request(partial.text or "", partial.path, partial.vault_root, partial.path.stem,
                      partial.theme, i18n.current_language(), badges)
    done = worker.render(request)
    if done is None:
        return None
    if done.html is None:  # the worker failed: keep the first screen, say so
        warnings = [*partial.warnings, str(done.error)]
        return RenderResult(partial.path, partial.html, partial.rendered, warnings, error=done.error)
    warnings = list(partial.warnings)
    for warning in getattr(done.rendered, "warnings", []) or []:
        if warning not in warnings:
            warnings.append(str(warning))
    return RenderResult(partial.path, done.html, done.rendered, warnings,
                        elapsed_ms=(time.perf_counter() - start) * 1000)


def render_page(path: Path, vault: Vault | None, theme: str, *, first_screen: bool = False) -> RenderResult:
    """Read, render and wrap one note; every failure is turned into an error page. With
    ``first_screen``, a long note gives only its first screen (``partial``; issue 12)."""
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
        from app.markup.firstscreen import first_screen_cut, render_first_screen

        cut = first_screen_cut(note.text) if first_screen else None  # a long note: its first screen only
        claims = find_claims(note.text[:cut] if cut else note.text).claims  # the kernel judges them later
        badges = [(c.anchor if c.anchor is not None else c.end, c.id) for c in claims]  # code: in the block
        rendered = None
        if cut is not None:
            rendered = render_first_screen(note.text, path=path, vault=vault, badges=badges)
        if rendered is None:
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
    result = RenderResult(path, html, rendered=rendered, warnings=warnings)
    if getattr(rendered, "partial", False):
        result.partial, result.text, result.badges = True, note.text, badges
        result.vault_root, result.theme = (vault.root if vault is not None else None), theme
    return done(result)


class Renderer(QObject):
    """Runs :func:`render_page` on a worker thread; ``finished`` fires on the UI thread.

    A long note comes twice: first its first screen (``partial``, painted at once), then the whole note,
    rendered in a worker process (``app.markup.background``) and waited for on a second thread. A new
    request cancels that render at once (the process is terminated), so leaving a huge note for
    another never waits for it."""

    finished = Signal(object)  # RenderResult of the latest request

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tensornote-render")
        self._waiter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tensornote-render-whole")
        self._worker: Any = None  # app.markup.background.BackgroundRenderer, made for the first long note
        self._latest = 0
        self._relay = _Relay()
        self._relay.result.connect(self._deliver)

    def request(self, path: Path, vault: Vault | None, theme: str) -> int:
        self._latest += 1
        number = self._latest
        if self._worker is not None:
            self._worker.cancel()  # a whole render of the note being left is not waited for
        self._pool.submit(self._work, number, Path(path), vault, theme)
        return number

    def _work(self, number: int, path: Path, vault: Vault | None, theme: str) -> None:
        if number != self._latest:
            return  # superseded before it started
        result = render_page(path, vault, theme, first_screen=True)
        result.request = number
        self._relay.result.emit(result)
        if result.partial and number == self._latest:
            if self._worker is None:
                from app.markup.background import BackgroundRenderer

                self._worker = BackgroundRenderer()
            self._waiter.submit(self._whole, number, result)

    def _whole(self, number: int, partial: RenderResult) -> None:
        if number != self._latest:
            return
        result = _whole_page(partial, self._worker)
        if result is not None:
            result.request = number
            self._relay.result.emit(result)

    def _deliver(self, result: RenderResult) -> None:
        if result.request == self._latest:
            self.finished.emit(result)

    def shutdown(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
        self._waiter.shutdown(wait=False, cancel_futures=True)
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._worker is not None:
            self._worker.close()


class _Relay(QObject):
    """Lives on the UI thread; emitting its signal from the worker queues the call onto the UI thread."""

    result = Signal(object)
