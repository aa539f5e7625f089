#!/usr/bin/env python3
"""Rebuild the UI translations from the sources: ``python resources/i18n/build.py [--check]``.

1. ``pyside6-lupdate`` collects every ``self.tr("…")`` / ``QCoreApplication.translate("Ctx", "…")`` in
   ``app/ui`` into ``tensornote_ko.ts`` (existing translations are kept; new strings come in as
   "unfinished" for a translator to fill, e.g. in ``pyside6-linguist``) and the plural forms into
   ``tensornote_en.ts`` (English source strings need a translation only for ``%n`` plurals).
2. ``pyside6-lrelease`` compiles both to the ``.qm`` files the app loads (committed, so the app needs no
   build step).

``--check`` changes nothing and exits 1 when a source string is missing from a .ts, a Korean string is
unfinished, or a committed .qm differs from what lrelease makes of its .ts. The tests run the same check.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
LANGUAGES = ("ko", "en")


def tool(name: str) -> str:
    """The PySide6 tool next to the running Python (the venv), else on PATH."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found: install PySide6 (it ships the Qt translation tools)")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(REPO)) for p in (REPO / "app" / "ui").rglob("*.py"))


def lupdate(ts: Path, language: str) -> None:
    args = [tool("pyside6-lupdate"), *sources(), "-locations", "none", "-no-obsolete"]
    if language == "en":
        args.append("-pluralonly")
    subprocess.run([*args, "-target-language", language, "-ts", str(ts)], cwd=REPO, check=True,
                   capture_output=True)  # fmt: skip


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)


def messages(ts: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) -> translation type ("unfinished", "vanished", …) or None when finished."""
    found: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            found[(name, message.findtext("source") or "")] = kind
    return found


def check() -> list[str]:
    """Problems that a rebuild would fix or that need a translator."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for language in LANGUAGES:
            ts = HERE / f"tensornote_{language}.ts"
            qm = HERE / f"tensornote_{language}.qm"
            if not ts.exists() or not qm.exists():
                problems.append(f"{ts.name} or {qm.name} is missing")
                continue
            fresh = Path(tmp) / ts.name
            shutil.copy(ts, fresh)
            lupdate(fresh, language)
            committed, wanted = messages(ts), messages(fresh)
            problems += [
                f"{ts.name}: not collected yet: {k[0]}: {k[1]!r}" for k in wanted if k not in committed
            ]
            problems += [
                f"{ts.name}: no longer in the sources: {k[0]}: {k[1]!r}" for k in committed if k not in wanted
            ]
            problems += [f"{ts.name}: untranslated: {k[0]}: {k[1]!r}" for k, v in committed.items() if v]
            built = Path(tmp) / qm.name
            lrelease(ts, built)
            if built.read_bytes() != qm.read_bytes():
                problems.append(f"{qm.name} is out of date with {ts.name}")
    return problems


def build() -> None:
    for language in LANGUAGES:
        ts = HERE / f"tensornote_{language}.ts"
        lupdate(ts, language)
        lrelease(ts, HERE / f"tensornote_{language}.qm")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report problems, change nothing")
    args = parser.parse_args()
    if args.check:
        problems = check()
        print("\n".join(problems) or "translations are up to date")
        return 1 if problems else 0
    build()
    unfinished = [k for k, v in messages(HERE / "tensornote_ko.ts").items() if v]
    for context, source in unfinished:
        print(f"untranslated: {context}: {source!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
