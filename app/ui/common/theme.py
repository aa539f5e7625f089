"""Light/dark theme: follow the system's colour scheme unless the user picked one in View → Theme.

The note pages get the theme name (``page_html(theme=…)``); the Qt widgets get an explicit Fusion
palette, because some platforms (and the offscreen one used for screenshots) report no scheme at all.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

THEMES = ("system", "light", "dark")
THEME_LABELS = {  # English source text; theme_label() translates it
    "system": QT_TRANSLATE_NOOP("Theme", "Follow the System"),
    "light": QT_TRANSLATE_NOOP("Theme", "Light"),
    "dark": QT_TRANSLATE_NOOP("Theme", "Dark"),
}


def theme_label(choice: str) -> str:
    """The menu text of a theme choice in the UI language."""
    return QCoreApplication.translate("Theme", str(THEME_LABELS[choice]))


def system_theme() -> str:
    """"dark" when the desktop asks for a dark scheme, otherwise "light"."""
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def resolve(choice: str) -> str:
    """The concrete theme ("light" or "dark") for a user choice ("system", "light", "dark")."""
    return system_theme() if choice not in ("light", "dark") else choice


def palette(theme: str) -> QPalette:
    """A calm palette close to the note pages' colours, so the tree and the page look like one app."""
    if theme == "dark":
        base, window, text, mid = "#1e1f22", "#2b2d31", "#dcdfe4", "#3c3f45"
        highlight, link = "#3d6fb6", "#8ab4f8"
    else:
        base, window, text, mid = "#ffffff", "#f3f4f6", "#1f2328", "#d0d7de"
        highlight, link = "#cfe2ff", "#0969da"
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: window,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: window,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.ToolTipBase: base,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: text,
        QPalette.ColorRole.Link: link,
        QPalette.ColorRole.Mid: mid,
        QPalette.ColorRole.PlaceholderText: "#8c959f",
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    # Disabled controls must look disabled in both themes: dimmer text and a flatter button surface.
    disabled_text, disabled_button = ("#6e7681", "#25272b") if theme == "dark" else ("#8c959f", "#eaecef")
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled_text))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, QColor(disabled_button))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, QColor(window))
    return pal


def current() -> str:
    """The concrete theme now applied ("dark" when the application palette's window colour is dark)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return "light"
    return "dark" if app.palette().color(QPalette.ColorRole.Window).lightness() < 128 else "light"


def apply(theme: str) -> None:
    """Apply the widgets' palette for a concrete theme, to every widget, styled ones included."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setPalette(palette(theme))
        for widget in app.allWidgets():
            repolish(widget)


def repolish(widget: QWidget) -> None:
    """A widget with its own style sheet resolved its colours from the palette when it was polished and
    keeps them through a palette change (a dark theme left such labels dark on dark): polish it again."""
    if widget.styleSheet():
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)
        widget.update()
