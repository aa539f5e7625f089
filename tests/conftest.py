"""Shared test set-up: Qt offscreen, Chromium's sandbox off only when running as root, and private cache
and config dirs so tests never read or write the user's real math cache or kernel settings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if "--no-sandbox" not in flags:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --no-sandbox").strip()

REPO = Path(__file__).resolve().parents[1]
SEED_DIR = REPO.parent / "shared" / "seed-notes"
NOTES = REPO / "notes"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

if "TENSORNOTE_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["TENSORNOTE_CACHE_DIR"] = tempfile.mkdtemp(prefix="tensornote-test-cache-")
if "TENSORNOTE_CONFIG_DIR" not in os.environ:  # saved servers and each vault's kernel home (app.kernel.homes)
    import tempfile

    os.environ["TENSORNOTE_CONFIG_DIR"] = tempfile.mkdtemp(prefix="tensornote-test-config-")
for _name in ("TENSORNOTE_KERNEL", "TENSORNOTE_TOKEN"):  # a user's remote kernel must not leak into tests
    os.environ.pop(_name, None)

sys.path.insert(0, str(REPO))


@pytest.fixture
def seed_text() -> str:
    """The user's own LSTM note, as it ships in notes/ (a verbatim copy of the seed)."""
    matches = sorted(NOTES.glob("20*.md"))
    assert matches, "notes/ must hold the user's seed note"
    return matches[0].read_text(encoding="utf-8")
