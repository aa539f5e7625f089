"""One real kernel shared by a test module (starting one costs about a second plus torch's import)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.kernel.session import KernelSession


def pid_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KernelSession]:
    session = KernelSession(tmp_path_factory.mktemp("kernel-cwd"))
    session.start()
    session.wait_ready(timeout=60)
    pid = session.pid
    yield session
    session.shutdown()
    assert pid is not None and pid_gone(pid), "the kernel process outlived shutdown()"


@pytest.fixture
def note_writing_a_file(tmp_path: Path) -> tuple[Path, Path]:
    """A note whose only block writes a marker file: the marker proves whether the note's code ran."""
    marker = tmp_path / "ran.txt"
    note = tmp_path / "note.md"
    note.write_text(
        f"# 노트\n\n```python\nopen({str(marker)!r}, 'w').write('ran')\nx = torch.ones(2)\n```\n",
        encoding="utf-8",
    )
    return note, marker
