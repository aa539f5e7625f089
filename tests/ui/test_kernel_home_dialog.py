"""Kernel → Kernel location…: saving a server (its token to a real file keyring, nowhere else), choosing it
for the vault, and the pool starting the vault's kernels there; plain http beyond loopback is warned."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtWidgets import QWidget

from app.kernel.homes import Homes, KernelHome
from app.kernel.tokens import SERVICE, TokenStore
from app.ui.kernels.handler import KernelPool
from app.ui.kernels.homes_dialog import KernelHomeDialog

TOKEN = "dialog-token-0123456789"


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[PlaintextKeyring]:
    before = keyring.get_keyring()
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")  # type: ignore[misc]
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)


def test_a_saved_server_becomes_the_vaults_home(qtbot, tmp_path: Path, file_keyring, monkeypatch) -> None:
    config = tmp_path / "config"
    monkeypatch.setenv("TENSORNOTE_CONFIG_DIR", str(config))
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "note.md").write_text("# note\n", encoding="utf-8")
    dialog = KernelHomeDialog(vault)
    qtbot.addWidget(dialog)
    assert dialog.choice.count() == 1 and dialog.choice.currentData() == ""  # only this computer

    dialog.name.setText("lab-gpu")
    dialog.url.setText("http://10.1.2.3:8888/")
    dialog.token.setText(TOKEN)
    assert dialog.save_server()
    assert "http" in dialog.note.text() and "10.1.2.3" in dialog.note.text()  # plain http: warned
    assert dialog.choice.currentData() == "lab-gpu" and dialog.token.text() == ""  # never shown again
    dialog.accept()

    assert TOKEN not in (config / "homes.json").read_text(encoding="utf-8")
    assert file_keyring.get_password(SERVICE, "lab-gpu") == TOKEN
    assert Homes(config).vault_choice(vault) == "lab-gpu"

    class Window(QWidget):
        def vault(self) -> object:
            return type("V", (), {"root": vault})()

    window = Window()
    qtbot.addWidget(window)
    home = KernelPool(window).home_for(vault / "note.md")
    assert home == KernelHome.server("http://10.1.2.3:8888", name="lab-gpu") and home.token == TOKEN

    again = KernelHomeDialog(vault)
    qtbot.addWidget(again)
    again.remove_server()
    assert Homes(config).vault_choice(vault) == "" and TokenStore(config).load("lab-gpu") == ""


def test_a_bad_url_is_said_and_nothing_saved(qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TENSORNOTE_CONFIG_DIR", str(tmp_path))
    dialog = KernelHomeDialog(tmp_path)
    qtbot.addWidget(dialog)
    dialog.name.setText("x")
    dialog.url.setText("lab-gpu:8888")
    assert not dialog.save_server()
    assert "http" in dialog.note.text() and Homes(tmp_path).servers() == {}
