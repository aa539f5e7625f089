"""Kernel → Kernel location…: where this vault's kernel runs, and the saved servers (add, edit, remove).

The choice is per vault and lives in the app's settings (``app.kernel.homes``), never in the vault. A
server is a name, a URL and a kernelspec name (or, instead of a URL, the path of an existing kernel's
connection file, for a kernel reached through ``ssh -L``); its token goes to the system keyring
(``app.kernel.tokens``) and is never shown again: the token field stays empty for a saved server, and
leaving it empty keeps the stored token. Plain http to another machine and a token that had to go to the
0600 file (no keyring here) are said in the dialog's note line.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.kernel.homes import Homes, url_warnings
from app.kernel.tokens import TokenStore
from app.ui.common import i18n as ui_i18n
from app.ui.common import plain

translate = QCoreApplication.translate


class KernelHomeDialog(QDialog):
    """Pick this vault's kernel home; edit the saved servers."""

    def __init__(self, vault: Path, parent: QWidget | None = None, homes: Homes | None = None,
                 tokens: TokenStore | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.homes = homes or Homes()
        self.tokens = tokens or TokenStore()
        self.setWindowTitle(translate("KernelHome", "Kernel location"))
        self.choice = QComboBox()
        self.choice.setObjectName("kernel-home-choice")
        self.name = QLineEdit()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://lab-gpu.example.org:8888")
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.kernel_name = QLineEdit("python3")
        self.note = plain(QLabel(""))  # says which server: the user's URL and name
        self.note.setWordWrap(True)
        self.save_button = QPushButton(translate("KernelHome", "Save server"))
        self.remove_button = QPushButton(translate("KernelHome", "Remove server"))
        self.save_button.clicked.connect(self.save_server)
        self.remove_button.clicked.connect(self.remove_server)
        self.choice.currentIndexChanged.connect(self._show_choice)

        form = QFormLayout()
        form.addRow(translate("KernelHome", "Run this vault's kernels on"), self.choice)
        form.addRow(translate("KernelHome", "Server name"), self.name)
        form.addRow(translate("KernelHome", "URL or connection file"), self.url)
        form.addRow(translate("KernelHome", "Token"), self.token)
        form.addRow(translate("KernelHome", "Kernel (kernelspec)"), self.kernel_name)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        ok_cancel = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok_cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self._fill(self.homes.vault_choice(vault))

    def _fill(self, selected: str) -> None:
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.addItem(translate("KernelHome", "This computer"), "")
        for name in self.homes.servers():
            self.choice.addItem(name, name)
        self.choice.setCurrentIndex(max(0, self.choice.findData(selected)))
        self.choice.blockSignals(False)
        self._show_choice()

    def _show_choice(self) -> None:
        name = str(self.choice.currentData() or "")
        entry = self.homes.servers().get(name, {})
        self.name.setText(name)
        self.url.setText(entry.get("url", "") or entry.get("connection_file", ""))
        self.kernel_name.setText(entry.get("kernel_name", "python3"))
        self.token.clear()
        keep = translate("KernelHome", "(stored; leave empty to keep)")
        self.token.setPlaceholderText(keep if name else "")
        self.remove_button.setEnabled(bool(name))

    def _say(self, lines: list[str]) -> None:
        self.note.setText("\n".join(lines))

    def save_server(self) -> bool:
        """Save the fields as a server (its token to the keyring) and select it. False, said, when bad."""
        lang = ui_i18n.current_language()
        name, url = self.name.text().strip(), self.url.text().strip()
        try:
            home = self.homes.save_server(name, url, self.kernel_name.text().strip() or "python3")
        except ValueError as exc:
            self._say([str(exc)])
            return False
        notes: list[str] = []
        token = self.token.text()
        if token:
            notes += self.tokens.save(name, token, lang=lang)
        if home.url:
            notes += url_warnings(home.url, lang=lang)
        self._fill(name)
        self._say(notes or [translate("KernelHome", "Saved.")])
        return True

    def remove_server(self) -> None:
        name = str(self.choice.currentData() or "")
        if name:
            self.homes.remove_server(name)
            self.tokens.delete(name)
            self._fill("")

    def accept(self) -> None:
        self.homes.set_vault_choice(self.vault, str(self.choice.currentData() or ""))
        super().accept()
