"""A small temporary vault with Korean and English notes, and an index on it in a private database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.vault.index import VaultIndex
from tests.vault.sample import write_vault


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return write_vault(tmp_path / "vault")


@pytest.fixture
def index(vault: Path, tmp_path: Path) -> Iterator[VaultIndex]:
    ix = VaultIndex(vault, tmp_path / "index.sqlite3")
    ix.update()
    yield ix
    ix.close()
