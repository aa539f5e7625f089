"""Qt set-up shared by the window tests: the tnpage: scheme and fontconfig before any QApplication,
and QSettings pointed at a temporary folder so tests never read or write the user's settings."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.ui.main import prepare_qt_environment

prepare_qt_environment()  # must run before pytest-qt creates the QApplication

from PySide6.QtCore import QEvent, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.vault.index import VaultIndex  # noqa: E402
from tests.vault.sample import write_vault  # noqa: E402

_SETTINGS_DIR = tempfile.mkdtemp(prefix="tensornote-test-settings-")
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, _SETTINGS_DIR)


def temp_settings(name: str = "window") -> QSettings:
    """A fresh settings file of its own (one per test that needs isolation)."""
    path = Path(tempfile.mkdtemp(dir=_SETTINGS_DIR)) / f"{name}.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Spin the Qt event loop until ``condition()`` (for module-scoped fixtures, where qtbot is absent)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        QApplication.processEvents()
        time.sleep(0.01)


def _korean_ui(app: QApplication) -> None:
    """Install the Korean translation unless it is already the current one.

    The suite runs under LANG=C.UTF-8, where the app would speak English; the tests assert the Korean
    UI our users see. The property tells ``vault_panels.install`` not to replace it with the saved choice.
    """
    from app.ui.common import i18n

    if i18n.current_language() != "ko":
        i18n.install_translator(app, "ko")
    app.setProperty("tensornote-translator", True)


@pytest.fixture(scope="module", autouse=True)
def korean_ui_module(qapp: QApplication) -> None:
    """Before any module-scoped window is built (autouse runs first within its scope)."""
    _korean_ui(qapp)


@pytest.fixture(autouse=True)
def korean_ui(qapp: QApplication) -> None:
    """Again before each test: a language test may have switched to English."""
    _korean_ui(qapp)


@pytest.fixture(scope="session")
def ui_app(qapp: QApplication) -> QApplication:
    from app.ui.common.fonts import install_app_font

    install_app_font(qapp)
    return qapp


def run_js(view: object, code: str, timeout: float = 10.0) -> object:
    """Evaluate JavaScript in the note page and return its result (blocking, event loop running)."""
    box: list[object] = []
    view.page().runJavaScript(code, 0, box.append)  # type: ignore[attr-defined]
    wait_until(lambda: bool(box), timeout)
    return box[0]


def user_click(view: object, selector: str, button: object = None) -> None:
    """Click the element ``selector`` of the page as a user does: real mouse events through Qt.

    A JavaScript ``el.click()`` is not a user's click: the view refuses to open links for it.
    """
    import json as _json

    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    code = (f"(() => {{ const el = document.querySelector({_json.dumps(selector)}); el.scrollIntoView("
            "{block: 'center'}); return JSON.stringify(el.getBoundingClientRect()); })()")
    box = _json.loads(str(run_js(view, code)))
    zoom = view.zoomFactor()  # type: ignore[attr-defined]
    point = QPoint(int((box["x"] + box["width"] / 2) * zoom), int((box["y"] + box["height"] / 2) * zoom))
    target = view.focusProxy() or view  # type: ignore[attr-defined]
    QTest.mouseMove(target, point)
    QTest.mouseClick(target, button or Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def open_and_wait(window: object, path: Path, timeout: float = 30.0, **kwargs: object) -> None:
    """Open a note and wait until its page is painted (works without qtbot)."""
    painted: list[object] = []
    resolved = Path(path).resolve()

    def on_painted(p: object) -> None:
        if p == resolved:
            painted.append(p)

    if window.current_note() == resolved and window.note_view.is_painted and not kwargs:  # type: ignore[attr-defined]
        return  # already shown: open_note() would only scroll
    window.pagePainted.connect(on_painted)  # type: ignore[attr-defined]
    try:
        window.open_note(path, **kwargs)  # type: ignore[attr-defined]
        wait_until(lambda: bool(painted), timeout)
    finally:
        window.pagePainted.disconnect(on_painted)  # type: ignore[attr-defined]


def dispose(widget: object) -> None:
    """Delete a window now, so its WebEngine page goes before the shared profile at exit."""
    from PySide6.QtCore import QCoreApplication, QEvent

    widget.deleteLater()  # type: ignore[attr-defined]
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def index(tmp_path: Path) -> Iterator[VaultIndex]:
    """A real index of the sample vault (tests.vault.sample), built in a temporary folder."""
    ix = VaultIndex(write_vault(tmp_path / "vault"), tmp_path / "db.sqlite3")
    ix.update()
    yield ix
    ix.close()


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` as an input method commits it: one key event per character carrying that character.

    (QTest's keyClicks maps only ASCII characters to keys and aborts on Hangul.)
    """
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)
