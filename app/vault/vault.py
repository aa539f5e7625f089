"""A vault: a folder of notes and attachments, resolved the way Obsidian resolves links.

Obsidian links by the shortest unique name: ``[[LSTM]]`` finds ``models/LSTM.md`` wherever it lives;
``[[models/LSTM]]`` narrows it by path; an embed ``![[image.png]]`` finds any attachment of that name.
Every resolved path is checked to stay inside the vault, so ``![[../../etc/passwd]]`` is refused.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

NOTE_SUFFIXES = (".md", ".markdown")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif")
HIDDEN_DIRS = {".obsidian", ".git", ".trash", "__pycache__", ".venv", "node_modules"}


def _key(name: str) -> str:
    """Obsidian matches names case-insensitively; macOS stores Hangul decomposed (NFD)."""
    return unicodedata.normalize("NFC", name).casefold()


def is_note(path: Path) -> bool:
    return path.suffix.lower() in NOTE_SUFFIXES


@dataclass
class Vault:
    """A folder of notes. Listing is cached; call :meth:`refresh` after files change."""

    root: Path
    _files: list[Path] = field(default_factory=list, init=False, repr=False)
    _by_name: dict[str, list[Path]] = field(default_factory=dict, init=False, repr=False)
    # Folders that could not be listed (no permission, removed while we looked), with the OS's reason:
    # a vault must never look empty or complete when it is not (``check --strict``, the window say so).
    unreadable: list[tuple[Path, str]] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()
        self.refresh()

    # ---- listing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.unreadable = []
        self._files = sorted(self._walk(), key=lambda p: str(p).casefold())
        self._by_name = {}
        for path in self._files:
            rel = path.relative_to(self.root)
            names = {_key(rel.name)}
            if is_note(path):
                names.add(_key(rel.stem))
            for name in names:
                self._by_name.setdefault(name, []).append(path)

    def _walk(self) -> Iterator[Path]:
        """Every file below the root, skipping hidden folders and symlink loops."""
        seen: set[tuple[int, int]] = set()
        def unreadable(exc: OSError) -> None:
            self.unreadable.append((Path(exc.filename or self.root), exc.strerror or str(exc)))

        for dirpath, dirnames, filenames in os.walk(self.root, followlinks=True, onerror=unreadable):
            try:
                st = os.stat(dirpath)
            except OSError:
                dirnames[:] = []
                continue
            if (st.st_dev, st.st_ino) in seen:
                dirnames[:] = []
                continue
            seen.add((st.st_dev, st.st_ino))
            dirnames[:] = sorted(d for d in dirnames if d not in HIDDEN_DIRS and not d.startswith("."))
            for name in filenames:
                if not name.startswith("."):
                    yield Path(dirpath) / name

    @property
    def files(self) -> list[Path]:
        return list(self._files)

    def notes(self) -> list[Path]:
        return [p for p in self._files if is_note(p)]

    def attachments(self) -> list[Path]:
        return [p for p in self._files if not is_note(p)]

    def relative(self, path: Path) -> str:
        return Path(path).resolve().relative_to(self.root).as_posix()

    # ---- safety --------------------------------------------------------------------------------
    def contains(self, path: Path) -> bool:
        """True when ``path`` (after resolving ``..`` and symlinks) lies inside the vault."""
        try:
            Path(path).resolve().relative_to(self.root)
        except (ValueError, OSError, RuntimeError):
            return False
        return True

    # ---- resolving -----------------------------------------------------------------------------
    def attachment_folder(self) -> Path | None:
        """The attachment folder configured in ``.obsidian/app.json``, when there is one."""
        config = self.root / ".obsidian" / "app.json"
        try:
            folder = json.loads(config.read_text(encoding="utf-8")).get("attachmentFolderPath")
        except (OSError, ValueError, AttributeError):
            return None
        if not isinstance(folder, str) or not folder or folder.startswith("./"):
            return None
        path = (self.root / folder).resolve()
        return path if self.contains(path) else None

    def resolve(self, target: str, source: Path | None = None) -> Path | None:
        """Resolve a wikilink/embed target (no ``#heading`` or ``|alias``) to a file, or None.

        Returns None for anything outside the vault, so a crafted link can never read other files.
        """
        target = unicodedata.normalize("NFC", target.strip())
        if not target or "\x00" in target:
            return None
        candidates: list[Path] = []
        rel = Path(target)
        bases = [self.root]
        if source is not None:
            bases.insert(0, Path(source).resolve().parent)
        for base in bases:
            for suffix in ("", ".md"):
                candidate = base / (target + suffix) if suffix else base / rel
                candidates.append(candidate)
        for candidate in candidates:
            try:
                if candidate.is_file() and self.contains(candidate):
                    return candidate.resolve()
            except OSError:
                continue
        if "/" in target or "\\" in target:
            # A partial path: match by suffix among known files.
            want = _key(target.replace("\\", "/"))
            for path in self._files:
                rel_path = _key(self.relative(path))
                if rel_path == want or rel_path.endswith("/" + want) or rel_path == want + ".md" or \
                        rel_path.endswith("/" + want + ".md"):
                    return path
            return None
        matches = self._by_name.get(_key(target), [])
        if not matches:
            return None
        if source is not None:
            # Prefer the match nearest the linking note, as Obsidian does.
            src_dir = Path(source).resolve().parent
            matches = sorted(matches, key=lambda p: (p.parent != src_dir, len(p.parts)))
        return matches[0]
