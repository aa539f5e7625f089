"""The bridge between the note page and Qt: QWebChannel plus a small injected script.

The page (``app/markup/assets/note.js``) knows nothing of Qt; it dispatches ``tn-click``/``tn-hover``
CustomEvents on ``document``. We inject, at DocumentReady, the qwebchannel.js client followed by a few
lines that forward those events to :class:`NoteBridge`, which turns them into Qt signals.

The injected script runs in an isolated JavaScript world (``ApplicationWorld``) and the channel is
exposed only there (``NoteView`` passes the same world to ``setWebChannel``): it shares the DOM with the
page but not its globals, so nothing in the page's main world sees ``qt.webChannelTransport``, the
``QWebChannel`` client or the bridge object. DOM events cross worlds, and ``CustomEvent.detail`` is
cloned into the listener's world. Details are
sent as one JSON string so that missing/null fields never trip QWebChannel's argument conversion.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import QFile, QIODevice, QObject, Signal, Slot
from PySide6.QtWebEngineCore import QWebEngineScript

log = logging.getLogger(__name__)

BRIDGE_NAME = "tnBridge"

_FORWARDER = """
(function () {
  if (window.__tnBridgeInstalled) { return; }
  window.__tnBridgeInstalled = true;
  if (typeof QWebChannel === "undefined" || !window.qt || !qt.webChannelTransport) { return; }
  new QWebChannel(qt.webChannelTransport, function (channel) {
    var bridge = channel.objects.__NAME__;
    function send(method, event) {
      try { bridge[method](JSON.stringify(event.detail || {})); } catch (err) { console.error(err); }
    }
    document.addEventListener("tn-click", function (e) { send("click", e); });
    // A user's own click on a link (isTrusted: the browser made the event from real input; no page
    // script can forge it, nor reach this world). The view opens a web link only when one was seen.
    function userClick(e) {
      if (!e.isTrusted || !e.target || !e.target.closest) { return; }
      var a = e.target.closest("a[href]");
      if (!a) { return; }
      try { bridge.userClicked(new URL(a.getAttribute("href"), document.baseURI).href); } catch (err) {}
    }
    document.addEventListener("click", userClick, true);
    document.addEventListener("auxclick", userClick, true);
    document.addEventListener("tn-hover", function (e) { send("hover", e); });
    bridge.ready(location.href);
  });
})();
""".replace("__NAME__", BRIDGE_NAME)


def _qwebchannel_js() -> str:
    """The QWebChannel client shipped inside Qt's resources."""
    file = QFile(":/qtwebchannel/qwebchannel.js")
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):  # pragma: no cover - part of every QtWebChannel
        log.error("qwebchannel.js is missing from Qt's resources; clicks in notes will not reach the app")
        return ""
    data = bytes(file.readAll().data()).decode("utf-8")
    file.close()
    return data


def bridge_script() -> QWebEngineScript:
    """The script to add to the page's scripts, run in the isolated ``ApplicationWorld``."""
    script = QWebEngineScript()
    script.setName("tensornote-bridge")
    script.setSourceCode(_qwebchannel_js() + "\n" + _FORWARDER)
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentReady)
    script.setWorldId(QWebEngineScript.ScriptWorldId.ApplicationWorld)
    script.setRunsOnSubFrames(False)
    return script


class NoteBridge(QObject):
    """The object the page talks to. Its signals carry the page's events, already parsed."""

    pageReady = Signal(str)  # the page's URL, once the channel is connected
    clicked = Signal(dict)  # tn-click detail: {kind, id, equation, target, anchor}
    hovered = Signal(dict)  # tn-hover detail: {kind, id, equation}; id None on leave
    userClickedLink = Signal(str)  # the absolute URL of a link the user really clicked (isTrusted)

    @staticmethod
    def _parse(payload: str) -> dict[str, Any] | None:
        try:
            detail = json.loads(payload)
        except (TypeError, ValueError):
            log.warning("ignoring a malformed event from the page: %r", payload[:200])
            return None
        return detail if isinstance(detail, dict) else None

    @Slot(str)
    def ready(self, url: str) -> None:
        self.pageReady.emit(url)

    @Slot(str)
    def click(self, payload: str) -> None:
        detail = self._parse(payload)
        if detail is not None:
            self.clicked.emit(detail)

    @Slot(str)
    def userClicked(self, url: str) -> None:  # called from JavaScript, hence the name
        if isinstance(url, str) and len(url) < 10_000:
            self.userClickedLink.emit(url)

    @Slot(str)
    def hover(self, payload: str) -> None:
        detail = self._parse(payload)
        if detail is not None:
            self.hovered.emit(detail)
