"""The equation panel links a note off the GUI thread: opening a long note does not freeze the window while
``link_note`` runs (it used to run on the GUI thread 200 ms after the note opened)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from app.engine.notecode import infer_note
from app.equations import link_note
from app.ui.equation_panel.link import LinkIndex
from tests.ui.conftest import wait_until

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from huge_note import huge_note


def test_long_note_is_linked_in_the_background(ui_app: QApplication, tmp_path: Path) -> None:
    note = tmp_path / "긴 노트.md"
    text = huge_note(0.4)
    note.write_text(text, encoding="utf-8")
    context = QObject()
    index = LinkIndex()
    got: list[list[object]] = []
    ticks: list[float] = []
    timer = QTimer(context)
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()

    start = time.monotonic()
    index.when_linked(note, context, got.append)
    returned = time.monotonic() - start
    assert not got  # the callback comes later, from the event loop
    wait_until(lambda: bool(got), 60)
    took = time.monotonic() - start
    timer.stop()

    assert returned < 0.1 < took  # linking 0.4 MB takes longer than handing it to the worker
    assert len(ticks) >= 5  # the GUI thread kept turning its event loop meanwhile
    expected = link_note(text, modules=infer_note(text).modules)
    assert [(e.id, e.quantity, e.module) for e in got[0]] == [  # type: ignore[attr-defined]
        (e.id, e.quantity, e.module) for e in expected
    ]
    assert index.linked(note) is got[0]  # a click afterwards reuses the job's result

    note.write_text(text + "\n$$h_t = o_t \\odot \\tanh(c_t)$$\n", encoding="utf-8")
    assert len(index.linked(note)) == len(expected) + 1  # changed on disk: linked again


def test_unreadable_note_never_calls_back(ui_app: QApplication, tmp_path: Path) -> None:
    context = QObject()
    got: list[object] = []
    LinkIndex().when_linked(tmp_path / "없는 노트.md", context, got.append)  # no such file: no call, no crash
    folder = tmp_path / "폴더.md"
    folder.mkdir()
    LinkIndex().when_linked(folder, context, got.append)  # a folder: the worker's error stays in the job
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    assert got == []
