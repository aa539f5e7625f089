"""Start the desktop app: Qt set-up, the main window, the feature plugins, and ``--screenshot``.

Order matters here: Chromium's flags, fontconfig and the ``tnpage:`` URL scheme must all be in place
before the QApplication exists. The feature plugins are installed right after the first note is painted
(their imports — matplotlib, the kernel client — cost about 2 s, which would otherwise double the time to
the first note on screen); the window then replays ``noteOpened`` for the note already shown and restores
the saved dock layout. A plugin therefore checks ``window.vault`` at install time (the vault is already
open and ``vaultOpened`` is not replayed).

Screenshot hooks for plugins: before ``install(window)`` is called, ``window.screenshot_requests`` holds
the ``--equation``/``--symbol``/``--step``/``--code`` values that were given (only those). A plugin
that honours one calls ``release = window.hold_screenshot()`` and ``release()`` once its panel shows
what was asked; the screenshot waits for every hold (at most ``HOLD_TIMEOUT_S``).

``TENSORNOTE_TIMING=1`` prints ``first_paint_s=…`` (process start to the first painted note) on stderr;
``TENSORNOTE_T0`` (a ``time.time()`` value) overrides the start, for benchmarks that launch the app.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import time
from pathlib import Path

from app.i18n import messages as i18n_messages
from app.i18n import text as i18n_text
from app.ui.window import PLUGINS

log = logging.getLogger("tensornote.ui")

PAINT_TIMEOUT_S = 60.0
HOLD_TIMEOUT_S = 30.0
PLUGIN_FALLBACK_S = 8.0


def process_elapsed_s() -> float:
    """Seconds since this process started (TENSORNOTE_T0 when given; /proc on Linux; else import time)."""
    t0 = os.environ.get("TENSORNOTE_T0")
    if t0:
        try:
            return time.time() - float(t0)
        except ValueError:
            pass
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _IMPORTED


_IMPORTED = time.perf_counter()


def prepare_qt_environment() -> None:
    """Everything that must happen before QApplication: sandbox flag, fontconfig, URL scheme."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags.split():
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --no-sandbox").strip()
    from app.ui.common import fonts
    from app.ui.note_view import scheme

    fonts.prepare_fontconfig()
    scheme.register_scheme()


def install_plugins(window: object, names: tuple[str, ...] = PLUGINS) -> dict[str, str]:
    """Call ``install(window)`` of each plugin that can be imported; never let one break the app.

    Returns ``{module: "installed" | "missing" | "failed: reason"}`` for logging and tests.
    """
    status: dict[str, str] = {}
    for name in names:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                status[name] = "missing"
                log.debug("plugin %s is not there yet", name)
                continue
            status[name] = f"failed: {exc}"
            log.warning("plugin %s could not be imported", name, exc_info=True)
            continue
        except Exception as exc:
            status[name] = f"failed: {exc}"
            log.warning("plugin %s could not be imported", name, exc_info=True)
            continue
        try:
            module.install(window)
        except Exception as exc:
            status[name] = f"failed: {exc}"
            log.warning("plugin %s failed to install", name, exc_info=True)
            continue
        status[name] = "installed"
    return status


def locate(path: Path, note: str | None) -> tuple[Path, Path | None]:
    """The vault folder and the note to open for ``PATH [--note NOTE]``.

    A note's vault is the nearest folder above it holding ``.obsidian`` (so opening a note of a real
    Obsidian vault opens the whole vault), otherwise the note's own folder.
    """
    path = path.resolve()
    target: Path | None = None
    if path.is_file():
        target = path
        vault = path.parent
        for parent in path.parents:
            if (parent / ".obsidian").is_dir():
                vault = parent
                break
    else:
        vault = path
    if note:
        candidate = Path(note).expanduser()
        candidate = candidate if candidate.is_absolute() else vault / candidate
        if not candidate.is_file() and candidate.suffix.lower() != ".md":
            candidate = candidate.with_name(candidate.name + ".md")
        if not candidate.is_file():
            from app.vault import Vault

            found = Vault(vault).resolve(note)
            if found is None:
                raise FileNotFoundError(f"no such note in {vault}: {note}")
            candidate = found
        target = candidate.resolve()
    return vault, target


i18n_messages({
    "gui.no_equation": (
        "{note}에 수식 {id}이(가) 없습니다 (python -m app equations NOTE 가 id를 보여 줍니다)",
        "no equation {id} in {note} (python -m app equations NOTE lists the ids)"),
    "gui.no_code": ("{note}에 코드 블록 {id}이(가) 없습니다", "no code block {id} in {note}"),
    "gui.symbol_alone": ("--symbol 은 --equation 과 함께 씁니다", "--symbol needs --equation"),
    "gui.bad_symbol": ("--symbol 은 0 이상이어야 합니다: {k}", "--symbol must be 0 or more, not {k}"),
    "gui.bad_step": ("--step 은 0 이상이어야 합니다: {k}", "--step must be 0 or more, not {k}"),
    "gui.symbol_range": ("--symbol {k}은(는) 범위를 벗어났습니다: 수식 {id}의 기호는 {n}개입니다",
                         "--symbol {k} is out of range: equation {id} has {n} symbol(s)"),
})


def check_requests(args: argparse.Namespace, vault: Path, note: Path | None) -> str | None:
    """Why ``--equation``/``--code``/``--symbol``/``--step`` cannot be honoured, or None.

    Pure and quick (the note is scanned and linked, not rendered), so a mistyped id never starts Qt nor
    a kernel. Without ``--note`` the id may be in any note of the vault (the equation panel checks again
    against the note it opens, exit 2 as well).
    """
    equation, code = getattr(args, "equation", None), getattr(args, "code", None)
    symbol, step = getattr(args, "symbol", None), getattr(args, "step", None)
    if symbol is not None and not equation:
        return i18n_text("gui.symbol_alone")
    if symbol is not None and symbol < 0:
        return i18n_text("gui.bad_symbol", k=symbol)
    if step is not None and step < 0:
        return i18n_text("gui.bad_step", k=step)
    if not equation and not code:
        return None
    from app.markup import scan_equations
    from app.markup.blocks import find_code_blocks
    from app.vault import Vault, read_note

    notes = [note] if note is not None else sorted(Vault(vault).notes())
    where = str(note) if note is not None else str(vault)
    texts: list[tuple[Path, str]] = []
    for path in notes[:5000]:
        try:
            texts.append((path, read_note(path).text))
        except OSError:
            continue
    holder = next((p for p, t in texts if equation in {e.id for e in scan_equations(t)}), None)
    if equation and holder is None:
        return i18n_text("gui.no_equation", id=equation, note=where)
    if equation and holder is not None and symbol is not None:
        from app.ui.equation_panel import symbol_count

        count = symbol_count(holder, equation)
        if count is not None and symbol >= count:
            return i18n_text("gui.symbol_range", k=symbol, id=equation, n=count)
    if code and not any(code in {b.id for b in find_code_blocks(t)} for _, t in texts):
        return i18n_text("gui.no_code", id=code, note=where)
    return None


def run_app(args: argparse.Namespace, path: Path, size: tuple[int, int] | None) -> int:
    """Create the application and the window; run until closed (or until the screenshot is saved)."""
    logging.basicConfig(level=logging.WARNING, format="tensornote: %(name)s: %(message)s")
    try:
        vault_dir, note = locate(path, getattr(args, "note", None))
    except FileNotFoundError as exc:
        sys.stderr.write(f"tensornote: {exc}\n")
        return 2
    problem = check_requests(args, vault_dir, note)
    if problem is not None:  # before Qt starts: an unknown id is a quick, clear error (exit 2)
        sys.stderr.write(f"tensornote: {problem}\n")
        return 2
    prepare_qt_environment()

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.common import fonts
    from app.ui.window import APPLICATION, ORGANIZATION, MainWindow

    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    fonts.install_app_font(app)
    # The translator must be in place before the window builds its menus.
    from app.ui.common import i18n

    language = getattr(args, "lang", None) or i18n.saved_choice(QSettings(ORGANIZATION, APPLICATION))
    i18n.install_translator(app, language)
    app.setProperty("tensornote-translator", True)

    screenshot = getattr(args, "screenshot", None)
    window = MainWindow(QSettings(ORGANIZATION, APPLICATION), theme_choice=getattr(args, "theme", None),
                        remember=not screenshot)
    window.screenshot_requests = {
        key: getattr(args, key) for key in ("equation", "symbol", "step", "code")
        if getattr(args, key, None) is not None
    }
    window.restore_geometry()
    if size is not None or screenshot:
        window.resize(*(size or (1400, 900)))

    def install_late() -> None:
        if window.plugins_installed:
            return
        install_plugins(window)
        window.restore_state()
        if size is not None or screenshot:
            window.resize(*(size or (1400, 900)))
        window.mark_plugins_installed()

    window.pagePainted.connect(lambda _p: QTimer.singleShot(0, window, install_late))
    # In case the first page never paints:
    QTimer.singleShot(int(PLUGIN_FALLBACK_S * 1000), window, install_late)
    if os.environ.get("TENSORNOTE_TIMING"):
        window.pagePainted.connect(_report_first_paint)
    shooter = None
    if screenshot:
        from app.ui.window import Screenshot

        shooter = Screenshot(window, Path(screenshot), PAINT_TIMEOUT_S, HOLD_TIMEOUT_S)
    window.show()
    window.open_vault(vault_dir, note)
    code = app.exec()
    # A plugin that refuses a request (``--symbol`` out of range) exits with 2 before any screenshot.
    return code or (shooter.exit_code if shooter is not None else 0)


_reported = False


def _report_first_paint(_path: object) -> None:
    global _reported
    if not _reported:
        _reported = True
        sys.stderr.write(f"first_paint_s={process_elapsed_s():.3f}\n")
        sys.stderr.flush()
