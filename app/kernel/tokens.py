"""Server tokens: in the system keyring (the keyring library), else in a 0600 file with a warning.

A token opens a Jupyter Server to whoever holds it, so it is never logged, never put in a URL we keep,
and never written into the vault or ``homes.json``. The keyring (macOS Keychain, Windows Credential
Locker, the Secret Service on Linux) is the right home. Where no keyring works (a bare Linux box without
a Secret Service; keyring's ``fail`` backend), the token goes to ``tokens.json`` in the app's config
folder, created with mode 0600 (owner read/write only), and :meth:`TokenStore.save` returns a worded
warning that says so.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path

import keyring
from keyring.errors import KeyringError

from app.i18n import messages, text
from app.kernel.homes import config_dir

log = logging.getLogger(__name__)
SERVICE = "Tensornote Jupyter server"
FALLBACK_FILE = "tokens.json"

messages({
    "remote.token_in_file": (
        "시스템 키링을 쓸 수 없어 토큰을 {path}에 저장했습니다 (소유자만 읽을 수 있는 0600 권한).",
        "No system keyring works here: the token was saved in {path} (mode 0600, readable by you only).",
    ),
})


def _keyring_works() -> bool:
    backend = keyring.get_keyring()
    return getattr(backend, "priority", 0) > 0 and type(backend).__module__ != "keyring.backends.fail"


class TokenStore:
    """``save(name, token)``, ``load(name)``, ``delete(name)`` for saved servers."""

    def __init__(self, folder: Path | None = None) -> None:
        self.file = (folder or config_dir()) / FALLBACK_FILE

    # --- the fallback file ------------------------------------------------------------------------

    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _write_file(self, data: dict[str, str]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(f".{self.file.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # 0600 from the first byte
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.file)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    # --- public -----------------------------------------------------------------------------------

    def save(self, name: str, token: str, lang: str | None = None) -> list[str]:
        """Store ``token`` for server ``name``; returns warnings (worded) when it went to the file."""
        if _keyring_works():
            try:
                keyring.set_password(SERVICE, name, token)
            except KeyringError as exc:
                log.warning("keyring refused the token (%s); using the 0600 file", type(exc).__name__)
            else:
                self._forget_in_file(name)
                return []
        data = self._read_file()
        data[name] = token
        self._write_file(data)
        return [text("remote.token_in_file", lang=lang, path=str(self.file))]

    def load(self, name: str) -> str:
        """The token for ``name`` ("" when none is stored)."""
        if _keyring_works():
            try:
                found = keyring.get_password(SERVICE, name)
            except KeyringError:
                found = None
            if found:
                return found
        return self._read_file().get(name, "")

    def delete(self, name: str) -> None:
        if _keyring_works():
            with contextlib.suppress(KeyringError):
                keyring.delete_password(SERVICE, name)
        self._forget_in_file(name)

    def _forget_in_file(self, name: str) -> None:
        data = self._read_file()
        if name in data:
            del data[name]
            self._write_file(data)
