"""The main window and its frame: menus, docks, status bar, history, plugins and the screenshot mode.

Owns ``main_window`` (MainWindow), ``docks``, ``menus``, ``status``, ``history``, ``plugins`` and
``screenshot``.
May import: ``app.ui.common``, ``app.ui.note_view`` and ``app.ui.vault_panels`` through their ``__init__``;
feature panels plug in through ``plugins`` (by module name), never by import.
"""

from app.ui.window.main_window import APPLICATION, ORGANIZATION, MainWindow
from app.ui.window.plugins import PLUGINS
from app.ui.window.screenshot import Screenshot

__all__ = ["APPLICATION", "ORGANIZATION", "PLUGINS", "MainWindow", "Screenshot"]
