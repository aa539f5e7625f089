"""Make the bundled Korean font (NanumGothic) the font of every part of the app.

Qt widgets get it through QFontDatabase + the application font. The application font is a family
list with DejaVu Sans (matplotlib's copy) first: NanumGothic draws U+005C as a Won sign, and a
LaTeX-heavy app must show "\\tag", not "₩tag"; Qt falls back per character, so Hangul still comes
from NanumGothic. Chromium (the note view) does not see
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

from app.fonts import LATIN_FAMILY, korean_font, latin_fonts
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
    latin = _latin_folder()
    latin_dir = f"<dir>{latin}</dir>" if latin is not None else ""
    config = (
        "<?xml version='1.0'?>\n<!DOCTYPE fontconfig SYSTEM 'fonts.dtd'>\n"
        f"<fontconfig>{include}<dir>{folder}</dir>{latin_dir}"
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


def _latin_folder() -> Path | None:
    """A folder holding only matplotlib's four DejaVu files (links), for fontconfig.

    Not matplotlib's font folder itself: its Computer Modern and STIX fonts have odd cmaps that
    fontconfig would then offer as fallbacks. With DejaVu known, "monospace" in Chromium and Qt means
    DejaVu Sans Mono (a real backslash) even on a machine with no fonts of its own.
    """
    folder = cache_dir("fonts-latin")
    try:
        for file in latin_fonts().files():
            link = folder / file.name
            if not link.exists():
                link.symlink_to(file)
    except OSError as exc:
        log.warning("could not link the DejaVu fonts into %s: %s", folder, exc)
        return None
    return folder


def ui_families() -> list[str]:
    """The UI font's family list: a Latin font first (real backslash), then the Korean ones."""
    wanted = (LATIN_FAMILY, korean_font().family, *SYSTEM_CJK)
    available = set(QFontDatabase.families())
    return [f for f in wanted if f in available]


def _register(files: list[Path | None]) -> None:
    for file in files:
        if file is not None and QFontDatabase.addApplicationFont(str(file)) < 0:
            log.warning("Qt could not load the font %s", file)


def install_app_font(app: QApplication) -> str:
    """Register NanumGothic and DejaVu with Qt and make [DejaVu Sans, NanumGothic, …] the application
    font; return the family that draws Hangul (the Korean one)."""
    font = korean_font()
    _register([font.regular, font.bold, *latin_fonts().files()])
    families = ui_families()
    korean = [f for f in families if f != LATIN_FAMILY]
    if not korean:
        log.warning("no Korean font available to Qt; Korean may show as boxes")
        return app.font().family()
    ui = QFont()
    ui.setFamilies(families)
    ui.setPointSize(UI_POINT_SIZE)
    app.setFont(ui)
    return korean[0]
