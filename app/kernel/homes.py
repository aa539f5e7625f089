"""Where a vault's kernel runs: on this computer, on a saved Jupyter Server, or behind a connection file.

A *home* is what the user picks per vault (Kernel → Kernel location…). Saved servers (a name and a URL)
and the vault → home choice live in ``homes.json`` in the app's config folder (``TENSORNOTE_CONFIG_DIR``
overrides it, for tests), never in the vault: a vault is shared and synced, and its notes are data.
Tokens are not in this file either; :mod:`app.kernel.tokens` keeps them in the system keyring.

Security notes live here because the URL is where they start: https is used as given (certificates are
checked); plain http to anything but the loopback addresses is allowed but gets a warning, since the token
and every line of code would cross the network in clear.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from app.i18n import messages, text

messages({
    "remote.plain_http": (
        "{url}은(는) 암호화되지 않은 http입니다: 토큰과 코드가 네트워크에 그대로 드러납니다. https나 ssh "
        "터널을 쓰세요.",
        "{url} is plain http: the token and your code cross the network unencrypted. Use https or an ssh "
        "tunnel.",
    ),
    "remote.bad_url": (
        "서버 주소가 올바르지 않습니다: {url} (http:// 또는 https://로 시작해야 합니다)",
        "Not a server address: {url} (it must start with http:// or https://)",
    ),
    "remote.no_name": ("서버 이름이 필요합니다.", "The server needs a name."),
})

LOCAL, SERVER, FILE = "local", "server", "file"
CONFIG_FILE = "homes.json"


@dataclass(frozen=True)
class KernelHome:
    """One place a kernel can run. ``token`` is held in memory only (``repr`` never shows it)."""

    kind: str = LOCAL  # "local" | "server" | "file"
    name: str = ""  # the saved server's name ("lab-gpu"); the file's name for a connection file
    url: str = ""  # the Jupyter Server or Kernel Gateway base URL (kind "server")
    token: str = field(default="", repr=False, compare=False)
    connection_file: str = ""  # kind "file"
    kernel_name: str = "python3"  # the server's kernelspec

    @property
    def remote(self) -> bool:
        return self.kind != LOCAL

    @property
    def label(self) -> str:
        """What the status bar calls it: the server's name, or the host of its URL."""
        if self.kind == LOCAL:
            return ""
        if self.name:
            return self.name
        if self.kind == FILE:
            return Path(self.connection_file).name
        return urlsplit(self.url).hostname or self.url

    @classmethod
    def server(cls, url: str, token: str = "", name: str = "", kernel_name: str = "python3") -> KernelHome:
        return cls(SERVER, name=name, url=normalise_url(url), token=token, kernel_name=kernel_name)

    @classmethod
    def from_file(cls, path: str | Path) -> KernelHome:
        return cls(FILE, name=Path(path).name, connection_file=str(Path(path).resolve()))


def normalise_url(url: str) -> str:
    """``http(s)://host:port/base`` without a trailing slash; ValueError (worded) for anything else."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(text("remote.bad_url", url=url))
    if parts.query or parts.fragment:  # a pasted "...?token=..." must not keep the token in the URL
        url = url.split("?", 1)[0].split("#", 1)[0]
    return url.rstrip("/")


def connection_file(text_: str) -> Path | None:
    """The kernel connection file ``text_`` names (a path or ``file://`` URL to an existing .json)."""
    raw = text_.strip()
    if raw.startswith("file://"):
        raw = raw[len("file://"):]
    path = Path(raw).expanduser()
    if raw and not raw.startswith(("http://", "https://")) and path.suffix == ".json" and path.is_file():
        return path.resolve()
    return None


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_warnings(url: str, lang: str | None = None) -> list[str]:
    """Warnings (worded) about ``url``: plain http to a host that is not this machine."""
    parts = urlsplit(url)
    if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
        return [text("remote.plain_http", lang=lang, url=url)]
    return []


def config_dir() -> Path:
    root = os.environ.get("TENSORNOTE_CONFIG_DIR")
    return Path(root) if root else Path(platformdirs.user_config_dir("Tensornote"))


class Homes:
    """Saved servers and each vault's choice, in ``homes.json`` (no tokens). Written atomically."""

    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder or config_dir()) / CONFIG_FILE

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"servers": {}, "vaults": {}}
        if not isinstance(data, dict):
            return {"servers": {}, "vaults": {}}
        data.setdefault("servers", {})
        data.setdefault("vaults", {})
        return data

    def _save(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".homes-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    # --- saved servers ---------------------------------------------------------------------------

    def servers(self) -> dict[str, dict[str, str]]:
        """``{name: {"url", "kernel_name"}}``, sorted by name."""
        return dict(sorted(self._load()["servers"].items()))

    def save_server(self, name: str, url: str, kernel_name: str = "python3") -> KernelHome:
        """Add or update a server (the token goes to :mod:`app.kernel.tokens`, not here). A path to a
        kernel connection file (``kernel.json``, e.g. behind ``ssh -L``) saves that kernel instead."""
        name = name.strip()
        if not name:
            raise ValueError(text("remote.no_name"))
        data = self._load()
        file = connection_file(url)
        if file is not None:
            data["servers"][name] = {"connection_file": str(file)}
            self._save(data)
            return KernelHome(FILE, name=name, connection_file=str(file))
        url = normalise_url(url)
        data["servers"][name] = {"url": url, "kernel_name": kernel_name or "python3"}
        self._save(data)
        return KernelHome.server(url, name=name, kernel_name=kernel_name or "python3")

    def remove_server(self, name: str) -> None:
        data = self._load()
        data["servers"].pop(name, None)
        data["vaults"] = {v: h for v, h in data["vaults"].items() if h != name}
        self._save(data)

    def server(self, name: str, token: str = "") -> KernelHome | None:
        entry = self._load()["servers"].get(name)
        if not entry:
            return None
        if entry.get("connection_file"):
            return KernelHome(FILE, name=name, connection_file=str(entry["connection_file"]))
        return KernelHome.server(entry["url"], token=token, name=name,
                                 kernel_name=entry.get("kernel_name", "python3"))

    # --- the vault's choice ----------------------------------------------------------------------

    def vault_choice(self, vault: str | Path) -> str:
        """The saved server's name for this vault, or "" for this computer."""
        return str(self._load()["vaults"].get(str(Path(vault).resolve()), ""))

    def set_vault_choice(self, vault: str | Path, server_name: str) -> None:
        data = self._load()
        key = str(Path(vault).resolve())
        if server_name:
            data["vaults"][key] = server_name
        else:
            data["vaults"].pop(key, None)
        self._save(data)

    def home_for_vault(self, vault: str | Path, token_for: Any = None) -> KernelHome:
        """The vault's home with its token (``token_for(name) -> str``); local when none is saved."""
        name = self.vault_choice(vault)
        if not name:
            return KernelHome()
        token = token_for(name) if token_for is not None else ""
        return self.server(name, token or "") or KernelHome()
