"""The note view: a QWebEngineView that shows one rendered note and reports clicks on it.

What it adds to a plain web view:
- pages are served through the ``tnpage:`` scheme (no 2 MB limit, relative URLs resolve next to the
  note), falling back to ``setHtml`` when the scheme could not be registered;
- the QWebChannel bridge, so the page's ``tn-click``/``tn-hover`` events become Qt signals;
- link policy: http(s)/mailto open in the system browser, only on the user's own click (a navigation
  that a script or a ``<meta refresh>`` starts is refused, and so is every new window); links to other
  notes become ``linkRequested``; files inside the vault open in their app; nothing ever replaces the
  note page by navigation;
- a note is data (issue 11): the page's HTML is sanitised (``app.markup.sanitize``) and carries a CSP
  that lets only our ``note.js`` run; the page may not read ``file:`` URLs nor the network
  (``LocalContentCanAccessFileUrls``/``…RemoteUrls`` off), only ``tnpage:`` files inside the vault; and
  the QWebChannel bridge lives in an isolated JavaScript world (``ApplicationWorld``), so nothing in the
  page's own world can reach it;
- ``painted``: emitted once a page has loaded, its fonts are ready, the bridge is connected and a frame
  has had time to paint. Screenshots and scroll restoration wait for it.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QDesktopServices, QKeySequence
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEngineNavigationRequest,
    QWebEngineNewWindowRequest,
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QMenu, QWidget

from app.ui.note_view import scheme
from app.ui.note_view.bridge import BRIDGE_NAME, NoteBridge, bridge_script

log = logging.getLogger(__name__)
translate = QCoreApplication.translate  # lupdate collects translate("NoteView", "…")

EXTERNAL_SCHEMES = {"http", "https", "mailto"}
USER_CLICK_S = 2.0  # a user's click on a link waits this long for its navigation
RUNNABLE_SUFFIXES = frozenset({
    ".desktop", ".sh", ".bash", ".command", ".app", ".exe", ".bat", ".cmd", ".com", ".msi", ".ps1", ".vbs",
    ".js", ".jar", ".py", ".pyw", ".scr", ".lnk", ".appimage", ".run", ".bin", ".url", ".webloc",
})
NAVIGATION_WAIT_S = 0.25  # a navigation that arrives before its click's message waits this long for it
ZOOM_STEPS = (0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
SETTLE_MS = 120  # after fonts are ready: lets Chromium paint the frame that a screenshot will grab
SETHTML_LIMIT = 1_500_000  # bytes; Qt refuses setHtml content over 2 MB (percent-encoded)
# The equation or code block a panel is showing stays marked in the note (``tn-active``), unlike the
# transient hover ``tn-highlight`` that note.js manages. The rule is added by script so that the
# rendered pages (and their golden tests) stay as they are.
ACTIVE_JS = """(function (ids, scroll) {
  if (!document.getElementById("tn-active-style")) {
    var style = document.createElement("style");
    style.id = "tn-active-style";
    style.textContent = ".tn-active { outline: 2px solid var(--tn-link, #0969da); outline-offset: 2px;"
      + " border-radius: 3px; background: var(--tn-hover, rgba(9, 105, 218, 0.10)); }";
    document.head.appendChild(style);
  }
  document.querySelectorAll(".tn-active").forEach(function (el) { el.classList.remove("tn-active"); });
  var first = null;
  ids.forEach(function (id) {
    var e = CSS.escape(id);
    var sel = '[data-eq="' + e + '"],[data-piece="' + e + '"],' +
              '[data-code="' + e + '"],[data-block="' + e + '"]';
    document.querySelectorAll(sel).forEach(function (el) {
      el.classList.add("tn-active");
      if (!first) first = el;
    });
  });
  if (first && scroll) {  // a block taller than the view shows its start
    var tall = first.getBoundingClientRect().height > window.innerHeight * 0.8;
    first.scrollIntoView({ block: tall ? "start" : "center" });
  }
  return first ? first.getBoundingClientRect().top : null;
})"""

_handler: scheme.PageSchemeHandler | None = None

_view_ids = itertools.count(1)


def _scheme_handler() -> scheme.PageSchemeHandler | None:
    """One handler on the default profile, shared by every view (a scheme installs once per profile)."""
    global _handler
    if _handler is None and scheme.is_registered():
        profile = QWebEngineProfile.defaultProfile()
        _handler = scheme.PageSchemeHandler(profile)
        profile.installUrlSchemeHandler(scheme.SCHEME.encode(), _handler)
        from app.markup.page import font_folders

        _handler.set_roots(font_folders())  # the app's own pages need their fonts before any vault
    return _handler


def _link_key(url: QUrl) -> str:
    return bytes(url.toEncoded().data()).decode("ascii", "replace")


class NotePage(QWebEnginePage):
    """Enforces the link policy (see the module docstring)."""

    linkRequested = Signal(str, str)  # note path, anchor
    externalOpened = Signal(str)
    consoleMessage = Signal(str)  # every console line of the page (tests look for injected output)

    def __init__(self, view: NoteView) -> None:
        super().__init__(QWebEngineProfile.defaultProfile(), view)
        self._view = view
        self._clicks: dict[str, float] = {}  # link -> when the user clicked it (monotonic s)
        self._pending: dict[str, float] = {}  # link -> when a navigation to it waited for that click
        self.navigationRequested.connect(self._on_navigation)
        self.newWindowRequested.connect(self._on_new_window)

    def acceptNavigationRequest(self, url: QUrl | str, nav_type: Any, is_main_frame: bool) -> bool:
        qurl = QUrl(url)
        if not is_main_frame:
            return qurl.scheme() == scheme.SCHEME  # no frame survives sanitising; none may load elsewhere
        user_click = nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked
        if qurl.scheme() in EXTERNAL_SCHEMES:
            return user_click  # decided in _on_navigation, which knows whether the user clicked
        if not user_click:
            # our own loads (tnpage: pages, or setHtml's data: page without the scheme), reloads,
            # about:blank; never a file: page nor anything a note might redirect to
            allowed = {scheme.SCHEME, "about"} | ({"data"} if _handler is None else set())
            return qurl.scheme() in allowed
        target = scheme.url_to_path(qurl)
        current = self._view.note_path
        if target is None:
            return False
        if current is not None and target == current.resolve():
            return True  # an in-page anchor (#footnote)
        if target.suffix.lower() in (".md", ".markdown"):
            self.linkRequested.emit(str(target), qurl.fragment())
        elif self._view.may_open(target):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
        return False

    def user_clicked(self, url: str) -> None:
        """The bridge saw the user's own click on the link ``url``: open it if it was already asked for.

        Each click opens at most once: it either completes a navigation that arrived just before its
        message (``NAVIGATION_WAIT_S``), or waits for the navigation that follows it.
        """
        now = time.monotonic()
        key = _link_key(QUrl(url))
        asked = self._pending.pop(key, None)
        if asked is not None and now - asked < NAVIGATION_WAIT_S:
            self._open_external(QUrl(url))
            return
        self._clicks = {k: t for k, t in self._clicks.items() if now - t < USER_CLICK_S}
        self._clicks[key] = now

    def _user_asked(self, url: QUrl) -> bool:
        """Whether the user's click on ``url`` was seen; if not yet, it may still come (then it opens)."""
        now = time.monotonic()
        key = _link_key(url)
        seen = self._clicks.pop(key, None)
        if seen is not None and now - seen < USER_CLICK_S:
            return True
        self._pending = {k: t for k, t in self._pending.items() if now - t < NAVIGATION_WAIT_S}
        self._pending[key] = now
        return False

    def _open_external(self, url: QUrl) -> None:
        QDesktopServices.openUrl(url)
        self.externalOpened.emit(url.toString())

    def _on_navigation(self, request: QWebEngineNavigationRequest) -> None:
        """External URLs never load in the view; they open in the browser only on a user's click.

        A user's click is three things at once: Chromium calls the navigation a link click, says a user
        started it, and the bridge's isolated world saw a trusted click event on that very link. The
        last matters: Chromium's "user activation" lasts seconds after any real input, so a script run
        just after a click would pass the first two.
        """
        url = request.url()
        if url.scheme() not in EXTERNAL_SCHEMES:
            return
        request.reject()
        clicked = request.navigationType() == QWebEngineNavigationRequest.NavigationType.LinkClickedNavigation
        if clicked and request.isUserInitiated() and request.isMainFrame():
            if self._user_asked(url):
                self._open_external(url)
            return
        log.info("refused a navigation the user did not start: %s", url.toString()[:200])

    def _on_new_window(self, request: QWebEngineNewWindowRequest) -> None:
        """No new windows: a user's middle- or Ctrl-click on a web link opens it in the browser."""
        url = request.requestedUrl()
        if url.scheme() in EXTERNAL_SCHEMES and request.isUserInitiated() and self._user_asked(url):
            self._open_external(url)

    def javaScriptConsoleMessage(self, level: Any, message: str, line: int, source: str) -> None:
        self.consoleMessage.emit(message)
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            log.debug("page error %s:%s: %s", source, line, message)


class NoteView(QWebEngineView):
    """Shows one note page at a time; see the module docstring for what it adds."""

    painted = Signal()
    clicked = Signal(dict)  # tn-click detail
    hovered = Signal(dict)  # tn-hover detail
    linkRequested = Signal(str, str)  # note path (absolute), anchor
    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._id = next(_view_ids)
        self._version = 0
        self.note_path: Path | None = None
        self._pending_scroll: float | None = None
        self._pending_anchor: str | None = None
        self._bridge_ready = False
        self._loaded = False
        self._painted = False
        self._poll_left = 0
        self._active: list[str] = []
        self._roots: list[Path] = []

        page = NotePage(self)
        self.setPage(page)
        page.linkRequested.connect(self.linkRequested)
        settings = page.settings()
        attribute = QWebEngineSettings.WebAttribute
        for name, on in (
            (attribute.LocalContentCanAccessFileUrls, False),  # the vault comes through tnpage: only
            (attribute.LocalContentCanAccessRemoteUrls, False),
            (attribute.JavascriptCanOpenWindows, False),
            (attribute.AllowRunningInsecureContent, False),
            (attribute.PluginsEnabled, False),
            (attribute.PdfViewerEnabled, False),
            (attribute.NavigateOnDropEnabled, False),  # a file dropped on the view must not replace the note
            (attribute.HyperlinkAuditingEnabled, False),
            (attribute.FocusOnNavigationEnabled, False),
        ):
            settings.setAttribute(name, on)

        self.bridge = NoteBridge(self)
        self.bridge.pageReady.connect(self._on_bridge_ready)
        self.bridge.clicked.connect(self.clicked)
        self.bridge.hovered.connect(self.hovered)
        self.bridge.userClickedLink.connect(page.user_clicked)
        self._channel = QWebChannel(self)
        self._channel.registerObject(BRIDGE_NAME, self.bridge)
        # Only the isolated world of our injected script gets ``qt.webChannelTransport``.
        page.setWebChannel(self._channel, QWebEngineScript.ScriptWorldId.ApplicationWorld)
        page.scripts().insert(bridge_script())
        self.loadFinished.connect(self._on_load_finished)

    # ---- showing pages ---------------------------------------------------------------------------
    def show_page(self, note: Path | None, html: str, *, scroll_y: float | None = None,
                  anchor: str | None = None) -> None:
        """Show ``html`` as the page of ``note`` (None for the app's own pages)."""
        self._version += 1
        self._bridge_ready = self._loaded = self._painted = False
        self._pending_scroll, self._pending_anchor = scroll_y, anchor
        path = Path(note).resolve() if note is not None else None
        if path != self.note_path:
            self._active = []  # another note: its ids mean nothing here
        self.note_path = path
        folder_note = self.note_path or (Path.home() / "tensornote.md")
        handler = _scheme_handler()
        if handler is not None:
            url = scheme.page_url(folder_note, f"view={self._id}&v={self._version}")
            handler.set_page(url, html)
            self.load(url)
            return
        data = html.encode("utf-8")
        if len(data) > SETHTML_LIMIT:
            log.warning("page is %d bytes and tnpage: is unavailable; showing it truncated", len(data))
            html = data[:SETHTML_LIMIT].decode("utf-8", errors="ignore")
        self.setHtml(html, QUrl.fromLocalFile(str(folder_note.parent) + "/"))

    def set_roots(self, roots: list[Path]) -> None:
        """Folders whose files the page may load through ``tnpage:``: ``roots`` (the vault) and always the
        folders of the pages' fonts (``app.markup.page.font_folders``)."""
        from app.markup.page import font_folders

        self._roots = [Path(r).resolve() for r in roots]
        handler = _scheme_handler()
        if handler is not None:
            handler.set_roots([*self._roots, *font_folders()])

    def may_open(self, path: Path) -> bool:
        """Whether a clicked local file may open in its own app: an existing file inside the roots that
        is not a program (a note's link must not start a script, a launcher or an executable)."""
        try:
            resolved = Path(path).resolve()
        except (OSError, RuntimeError):
            return False
        if not resolved.is_file() or not any(resolved.is_relative_to(root) for root in self._roots):
            return False
        runs = resolved.suffix.lower() in RUNNABLE_SUFFIXES or os.access(resolved, os.X_OK)
        if runs:
            log.info("not opening a program a note links to: %s", resolved)
        return not runs

    @property
    def is_painted(self) -> bool:
        return self._painted

    def _on_load_finished(self, ok: bool) -> None:
        if not ok:
            log.warning("the note page failed to load: %s", self.url().toString())
        self._loaded = True
        self._poll_left = 60  # about 3 s of polling for fonts and the bridge
        self._poll(self._version)

    def _on_bridge_ready(self, url: str) -> None:
        self._bridge_ready = True

    def _poll(self, version: int) -> None:
        """Wait until the document and its fonts are ready and the bridge is connected."""
        if version != self._version:
            return

        def check(result: object) -> None:
            if version != self._version:
                return
            ready = result == "complete|loaded" and self._bridge_ready
            self._poll_left -= 1
            if ready or self._poll_left <= 0:
                if not ready:
                    log.debug("page not ready (%s, bridge %s); painting anyway", result, self._bridge_ready)
                self._apply_pending()
                QTimer.singleShot(SETTLE_MS, self, lambda: self._finish_paint(version))
            else:
                QTimer.singleShot(50, self, lambda: self._poll(version))

        self.page().runJavaScript(
            "document.readyState + '|' + (document.fonts ? document.fonts.status : 'loaded')", 0, check
        )

    def _apply_pending(self) -> None:
        if self._pending_anchor:
            self.scroll_to_anchor(self._pending_anchor)
        elif self._pending_scroll is not None:
            self.set_scroll_y(self._pending_scroll)
        self._pending_anchor = self._pending_scroll = None
        if self._active:  # a live reload keeps the panel's equation marked
            self.set_active(self._active)

    def _finish_paint(self, version: int) -> None:
        if version == self._version and not self._painted:
            self._painted = True
            self.painted.emit()

    # ---- the page's window.tn API (with fallbacks for pages that lack it, like the error page) ----
    def run_js(self, code: str, callback: Callable[[Any], None] | None = None) -> None:
        if callback is None:
            self.page().runJavaScript(code, 0)
        else:
            self.page().runJavaScript(code, 0, callback)

    def highlight(self, ids: list[str]) -> None:
        self.run_js(f"window.tn && tn.highlight && tn.highlight({json.dumps(list(ids))});")

    def set_active(self, ids: list[str], *, scroll: bool = False,
                   callback: Callable[[float | None], None] | None = None) -> None:
        """Mark the equation / piece / code block a panel shows (replacing the previous mark).

        ``scroll`` brings the first marked element to the middle of the view; ``callback`` gets its
        top edge in the viewport afterwards (None when no element has these ids).
        """
        self._active = [str(i) for i in ids if i]
        code = f"{ACTIVE_JS}({json.dumps(self._active)}, {'true' if scroll else 'false'})"
        if callback is None:
            self.run_js(code)
        else:
            self.run_js(code, lambda top: callback(float(top) if isinstance(top, int | float) else None))

    @property
    def active(self) -> list[str]:
        return list(self._active)

    def scroll_to_line(self, line: int) -> None:
        self.run_js(f"window.tn && tn.scrollToLine && tn.scrollToLine({int(line)});")

    def scroll_to_anchor(self, anchor: str) -> None:
        a = json.dumps(anchor)
        self.run_js(
            f"(window.tn && tn.scrollToAnchor) ? tn.scrollToAnchor({a}) : "
            f"(document.getElementById({a}) && document.getElementById({a}).scrollIntoView());"
        )

    def scroll_y(self, callback: Callable[[float], None]) -> None:
        self.run_js(
            "(window.tn && tn.scrollY) ? tn.scrollY() : window.scrollY",
            lambda y: callback(float(y) if isinstance(y, int | float) else 0.0),
        )

    def set_scroll_y(self, y: float) -> None:
        y = float(y)
        self.run_js(f"(window.tn && tn.setScrollY) ? tn.setScrollY({y}) : window.scrollTo(0, {y});")

    # ---- zoom ------------------------------------------------------------------------------------
    def set_zoom(self, factor: float) -> None:
        factor = min(max(factor, ZOOM_STEPS[0]), ZOOM_STEPS[-1])
        self.setZoomFactor(factor)
        self.zoomChanged.emit(factor)

    def zoom_in(self) -> None:
        current = self.zoomFactor()
        self.set_zoom(next((z for z in ZOOM_STEPS if z > current + 1e-3), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        current = self.zoomFactor()
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < current - 1e-3), ZOOM_STEPS[0]))

    def zoom_reset(self) -> None:
        self.set_zoom(1.0)

    # ---- context menu: only what makes sense for a read-only note ---------------------------------
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        copy = QAction(translate("NoteView", "Copy"), menu,
                       shortcut=QKeySequence(QKeySequence.StandardKey.Copy))
        copy.setEnabled(self.hasSelection())
        copy.triggered.connect(lambda: self.page().triggerAction(QWebEnginePage.WebAction.Copy))
        select_all = QAction(translate("NoteView", "Select All"), menu,
                             shortcut=QKeySequence(QKeySequence.StandardKey.SelectAll))
        select_all.triggered.connect(lambda: self.page().triggerAction(QWebEnginePage.WebAction.SelectAll))
        menu.addActions([copy, select_all])
        menu.addSeparator()
        zooms = ((translate("NoteView", "Zoom In"), self.zoom_in),
                 (translate("NoteView", "Zoom Out"), self.zoom_out),
                 (translate("NoteView", "Actual Size"), self.zoom_reset))
        for text, slot in zooms:
            action = QAction(text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)
        menu.popup(event.globalPos())
