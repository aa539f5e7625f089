"""The UI language: Korean on a Korean system, English elsewhere, switchable in the settings.

Source strings are English and wrapped in ``self.tr()`` / ``QCoreApplication.translate(context, text)``;
``resources/i18n/tensornote_ko.ts`` holds the Korean translations and is compiled to ``tensornote_ko.qm``
(committed; ``python resources/i18n/build.py`` regenerates both from the sources, and a test checks the
committed .qm matches the .ts). English needs no translator except for plural forms (``tensornote_en.qm``).

Widgets must be created *after* :func:`install_translator`, since ``tr()`` runs when the text is set.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from app.i18n import set_language
from app.paths import REPO_DIR

I18N_DIR = REPO_DIR / "resources" / "i18n"
SETTINGS_KEY = "ui/language"
LANGUAGES = ("system", "ko", "en")

_installed: list[QTranslator] = []
_current = "en"


def system_language() -> str:
    """'ko' when the system locale is Korean, otherwise 'en'."""
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else "en"


def resolve_language(choice: str | None) -> str:
    """Turn a setting ('system', 'ko', 'en', or junk) into the language to use."""
    return choice if choice in ("ko", "en") else system_language()


def saved_choice(settings: QSettings) -> str:
    value = settings.value(SETTINGS_KEY, "system")
    return value if isinstance(value, str) and value in LANGUAGES else "system"


def save_choice(settings: QSettings, choice: str) -> None:
    settings.setValue(SETTINGS_KEY, choice if choice in LANGUAGES else "system")


def qm_path(language: str) -> Path:
    return I18N_DIR / f"tensornote_{language}.qm"


def install_translator(app: QCoreApplication, language: str | None = None) -> str:
    """Install our translation (and Qt's own, for standard dialogs) for ``language``; returns it.

    ``language`` is 'ko', 'en', 'system' or None (= system). Calling again replaces the previous
    translators, so the choice can change at run time (widgets created afterwards pick it up).
    """
    global _current
    lang = resolve_language(language)
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    ours = QTranslator(app)
    if ours.load(str(qm_path(lang))):
        app.installTranslator(ours)
        _installed.append(ours)
    if lang != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        base = QTranslator(app)
        if base.load(f"qtbase_{lang}", qt_dir):
            app.installTranslator(base)
            _installed.append(base)
    _current = lang
    set_language(lang)  # coded messages below the UI (vault banners, kernel deaths, save errors) follow
    os.environ["TENSORNOTE_LANG"] = lang  # and kernels started from now on word their errors the same way
    return lang


def current_language() -> str:
    """The language last installed ('en' before any call)."""
    return _current
