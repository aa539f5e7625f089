"""Resolve link targets against the index's list of files, the way Obsidian does, without touching disk.

``Vault.resolve`` stats candidate files, which is right for one click but far too slow for the 50,000 links
of a big vault. Here the same rules run on in-memory maps built once from the indexed paths: a path-like
target (``models/LSTM``) is tried relative to the linking note and to the vault root, then as a path suffix;
a bare name (``LSTM``) matches any note stem or file name, preferring the linking note's folder, then the
shortest path. Names compare case-insensitively and in NFC.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from app.vault.korean import normalize


class LinkResolver:
    """Maps link targets to vault-relative paths for one snapshot of the vault's files."""

    def __init__(self, paths: Iterable[str]) -> None:
        self._by_path: dict[str, str] = {}
        self._by_name: dict[str, list[str]] = {}
        for rel in paths:
            key = normalize(rel)
            self._by_path.setdefault(key, rel)
            name = key.rsplit("/", 1)[-1]
            self._by_name.setdefault(name, []).append(rel)
            if name.endswith((".md", ".markdown")):
                self._by_path.setdefault(key.rsplit(".", 1)[0], rel)
                self._by_name.setdefault(name.rsplit(".", 1)[0], []).append(rel)
        for matches in self._by_name.values():
            matches.sort(key=lambda p: (p.count("/"), p))

    def resolve(self, target: str, source: str) -> str | None:
        """The vault-relative path ``target`` points to from note ``source``, or None when unresolved."""
        if not target:
            return source  # [[#heading]] links within the note itself
        key = normalize(target.replace("\\", "/")).strip()
        if not key or "\x00" in key:
            return None
        src_dir = posixpath.dirname(source)
        if "/" in key:
            for base in (src_dir, ""):
                joined = posixpath.normpath(posixpath.join(base, key.lstrip("/")))
                if joined.startswith("../") or joined == "..":
                    continue
                found = self._by_path.get(normalize(joined))
                if found is not None:
                    return found
            suffix = "/" + key.lstrip("/")
            for path_key, rel in self._by_path.items():
                if path_key.endswith(suffix):
                    return rel
            return None
        direct = self._by_path.get(normalize(posixpath.join(src_dir, key))) if src_dir else None
        if direct is not None:
            return direct
        matches = self._by_name.get(key)
        if not matches:
            return None
        if len(matches) > 1:
            same_dir = [m for m in matches if posixpath.dirname(m) == src_dir]
            if same_dir:
                return same_dir[0]
        return matches[0]
