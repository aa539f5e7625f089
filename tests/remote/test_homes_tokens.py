"""Kernel homes and tokens: saved servers and the per-vault choice hold no token; the token goes to a real
keyring backend (keyrings.alt's file keyring in a temporary folder), or, with keyring's own ``fail``
backend (no keyring on this machine), to a 0600 file with a warning. Plain http beyond loopback warns."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from app.kernel.homes import Homes, KernelHome, normalise_url, url_warnings
from app.kernel.tokens import SERVICE, TokenStore

TOKEN = "f3c1a9d0-token-for-tests-only"


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[PlaintextKeyring]:
    before = keyring.get_keyring()
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")  # type: ignore[misc]
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(before)


def test_saved_servers_and_vault_choice_hold_no_token(
    tmp_path: Path, file_keyring: PlaintextKeyring
) -> None:
    config, vault = tmp_path / "config", tmp_path / "vault"
    vault.mkdir()
    homes, tokens = Homes(config), TokenStore(config)
    homes.save_server("lab-gpu", "https://gpu.example.org:8888/user/kim/?token=" + TOKEN)
    assert tokens.save("lab-gpu", TOKEN) == []  # the keyring took it: no warning
    homes.set_vault_choice(vault, "lab-gpu")
    home = homes.home_for_vault(vault, token_for=tokens.load)
    assert home == KernelHome.server("https://gpu.example.org:8888/user/kim", name="lab-gpu")
    assert home.token == TOKEN and TOKEN not in repr(home)
    assert TOKEN not in (config / "homes.json").read_text(encoding="utf-8")  # the pasted ?token= dropped
    assert not (config / "tokens.json").exists()
    assert file_keyring.get_password(SERVICE, "lab-gpu") == TOKEN  # in the (test) keyring, nowhere else
    assert not any(TOKEN in p.read_text(errors="ignore") for p in vault.rglob("*") if p.is_file())
    assert homes.home_for_vault(tmp_path / "other") == KernelHome()  # no choice: this computer
    homes.remove_server("lab-gpu")
    tokens.delete("lab-gpu")
    assert homes.home_for_vault(vault) == KernelHome() and tokens.load("lab-gpu") == ""


def test_without_a_keyring_the_token_goes_to_a_0600_file_with_a_warning(
    tmp_path: Path, no_keyring: None
) -> None:
    tokens = TokenStore(tmp_path)
    warnings = tokens.save("lab-gpu", TOKEN, lang="en")
    assert len(warnings) == 1 and "0600" in warnings[0] and "keyring" in warnings[0]
    assert "0600" in tokens.save("lab-gpu", TOKEN, lang="ko")[0]
    file = tmp_path / "tokens.json"
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert tokens.load("lab-gpu") == TOKEN


def test_plain_http_warns_beyond_loopback() -> None:
    assert url_warnings("http://127.0.0.1:8888") == [] and url_warnings("http://localhost:8888") == []
    assert url_warnings("http://[::1]:8888") == [] and url_warnings("https://gpu.example.org") == []
    warned = url_warnings("http://10.0.0.7:8888", lang="en")
    assert len(warned) == 1 and "unencrypted" in warned[0]
    assert "http" in url_warnings("http://gpu.example.org", lang="ko")[0]
    with pytest.raises(ValueError, match="http"):
        normalise_url("gpu.example.org:8888")


def test_a_kernel_connection_file_can_be_a_saved_home(tmp_path: Path) -> None:
    """For a kernel reached through ``ssh -L``: the saved "server" is its kernel.json, not a URL."""
    connection = tmp_path / "lab-kernel.json"
    connection.write_text('{"shell_port": 50001}', encoding="utf-8")
    homes = Homes(tmp_path / "config")
    saved = homes.save_server("tunnel", f"file://{connection}")
    assert saved.kind == "file" and saved.connection_file == str(connection.resolve())
    homes.set_vault_choice(tmp_path, "tunnel")
    home = homes.home_for_vault(tmp_path)
    assert home == saved and home.remote and home.label == "tunnel"
    with pytest.raises(ValueError):  # a .json that does not exist is neither a file home nor a URL
        homes.save_server("gone", str(tmp_path / "missing.json"))
