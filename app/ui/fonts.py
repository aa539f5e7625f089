"""Make the bundled Korean font (NanumGothic) the font of every part of the app.

Qt widgets get it through QFontDatabase + the application font. Chromium (the note view) does not see
fonts registered with Qt: it asks fontconfig. So before Qt starts we point fontconfig at a small config
that includes the system's and adds the bundled font folder; then Hangul never falls back to empty
boxes in the web view either, even on a machine with no CJK font (pages also carry an @font-face).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.fonts import korean_font
from app.paths import cache_dir

log = logging.getLogger(__name__)

SYSTEM_CJK = ("Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo")
UI_POINT_SIZE = 10


def prepare_fontconfig() -> None:
    """Add the bundled font folder to fontconfig (Linux, before QApplication); respects a user's own."""
    if not sys.platform.startswith("linux") or os.environ.get("FONTCONFIG_FILE"):
        return
    system = Path("/etc/fonts/fonts.conf")
    folder = korean_font().regular.parent
    include = f"<include ignore_missing='yes'>{system}</include>" if system.exists() else ""
    config = (
        "<?xml version='1.0'?>\n<!DOCTYPE fontconfig SYSTEM 'fonts.dtd'>\n"
        f"<fontconfig>{include}<dir>{folder}</dir>"
        f"<cachedir>{cache_dir('fontconfig')}</cachedir></fontconfig>\n"
    )
    path = cache_dir() / "fonts.conf"
    try:
        if not path.exists() or path.read_text(encoding="utf-8") != config:
            path.write_text(config, encoding="utf-8")
    except OSError as exc:  # a read-only cache only costs the web view's fallback font
        log.warning("could not write %s: %s", path, exc)
        return
    os.environ["FONTCONFIG_FILE"] = str(path)


def install_app_font(app: QApplication) -> str:
    """Register NanumGothic with Qt and make it the application font; return the family used."""
    font = korean_font()
    family = font.family
    for file in (font.regular, font.bold):
        if file is not None and QFontDatabase.addApplicationFont(str(file)) < 0:
            log.warning("Qt could not load the font %s", file)
    families = [f for f in (family, *SYSTEM_CJK) if f in QFontDatabase.families()]
    if not families:
        log.warning("no Korean font available to Qt; Korean may show as boxes")
        return app.font().family()
    ui = QFont()
    ui.setFamilies(families)
    ui.setPointSize(UI_POINT_SIZE)
    app.setFont(ui)
    return families[0]
