"""The ``tnpage:`` URL scheme: serves rendered note pages from memory and the vault's files from disk.

Why not ``setHtml``: it refuses pages over 2 MB (a 5 MB note must open), and a page written to a temp
file would live in the wrong folder, breaking relative images and in-page ``#footnote`` links. With
``tnpage:/<note folder>/<note>.html`` the page sits "in" the note's folder, so relative URLs resolve
exactly as they would next to the note, and the handler only ever serves files below allowed roots
(the vault, the bundled fonts), never anything else on disk: a note's ``<img src="../../etc/x">`` or
``tnpage:/etc/passwd`` gets "not found".

The scheme must be registered before the QApplication exists (``register_scheme``).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote

from PySide6.QtCore import QBuffer, QByteArray, QObject, QUrl
from PySide6.QtWebEngineCore import (
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

SCHEME = "tnpage"
PAGE_SUFFIX = ".tn.html"


def register_scheme() -> None:
    """Declare the scheme to Chromium; a no-op when it is already declared."""
    if QWebEngineUrlScheme.schemeByName(SCHEME.encode()).name():
        return
    scheme = QWebEngineUrlScheme(SCHEME.encode())
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
    flags = (
        QWebEngineUrlScheme.Flag.SecureScheme
        # Not LocalScheme nor LocalAccessAllowed: a local page may read file: URLs (LocalAccessAllowed
        # overrides LocalContentCanAccessFileUrls=off, tests/ui/test_note_inert.py caught it), while a
        # page of an ordinary secure scheme can never load file:. Remote loads are refused by the
        # page's CSP (only tnpage: and data:).
        | QWebEngineUrlScheme.Flag.CorsEnabled
    )
    scheme.setFlags(flags)
    QWebEngineUrlScheme.registerScheme(scheme)


def is_registered() -> bool:
    return bool(QWebEngineUrlScheme.schemeByName(SCHEME.encode()).name())


def page_url(note: Path, query: str) -> QUrl:
    """The URL a note's page is served at: next to the note, so relative links resolve like on disk.

    ``query`` makes each showing unique (view and version), so two windows never get each other's page.
    """
    url = QUrl()
    url.setScheme(SCHEME)
    url.setPath(Path(note).resolve().as_posix() + PAGE_SUFFIX)
    url.setQuery(query)
    return url


def _key(url: QUrl) -> str:
    return unquote(url.path()) + "?" + url.query()


def url_to_path(url: QUrl) -> Path | None:
    """The file a ``tnpage:`` (or ``file:``) URL points at, without the page suffix; None otherwise."""
    if url.scheme() == "file":
        return Path(url.toLocalFile())
    if url.scheme() != SCHEME:
        return None
    path = unquote(url.path())
    if path.endswith(PAGE_SUFFIX):
        path = path[: -len(PAGE_SUFFIX)]
    return Path(path)


class PageSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers ``tnpage:`` requests: the current page's HTML, or a file inside an allowed root."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pages: dict[str, bytes] = {}
        self._roots: list[Path] = []

    def set_page(self, url: QUrl, html: str) -> None:
        # Keep only the few latest pages (several views may share the handler): 5 MB notes add up.
        while len(self._pages) >= 4:
            del self._pages[next(iter(self._pages))]
        self._pages[_key(url)] = html.encode("utf-8")

    def set_roots(self, roots: list[Path]) -> None:
        self._roots = [Path(r).resolve() for r in roots]

    def _allowed(self, path: Path) -> bool:
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            return False
        return any(resolved.is_relative_to(root) for root in self._roots) and resolved.is_file()

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        page = self._pages.get(_key(url))
        if page is not None:
            self._reply(job, b"text/html;charset=utf-8", page)
            return
        path = Path(unquote(url.path()))
        if not self._allowed(path):
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        try:
            data = path.read_bytes()
        except OSError:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self._reply(job, mime.encode(), data)

    @staticmethod
    def _reply(job: QWebEngineUrlRequestJob, mime: bytes, data: bytes) -> None:
        buffer = QBuffer(job)  # owned by the job, freed with it
        buffer.setData(QByteArray(data))
        buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        job.reply(QByteArray(mime), buffer)
