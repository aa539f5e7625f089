"""Shape badges in the note view: each written shape judged on the note's model, filled in once known.

Opening a note runs nothing: the page shows every claim's badge grey (``app.markup`` puts them there,
``app.ui.note_view.rendering`` finds the claims). Only when the equation panel has asked the kernel for the
model (``panel.open`` answered, the controller's ``opened``) does this plugin call ``shapes.evaluate`` in
the same kernel, off the UI thread, and hand the verdicts to the page (``tn.setShapes``): ✓ with the real
shape, ✗ with the reason on hover, – for "not this model"; a code comment about a name of the code
stays grey until its block runs (``on_run_checked``, from the code panel's ``shapes.check_run``). A repaint
of the same note gets the last verdicts again. A click on a badge shows its reason in the status bar and
opens the panel on its tensor (``tensor``: ``output``, ``h_n``, ``c_n``, ``x``… of the claim's module).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from app.ui.common import i18n
from app.ui.equation_panel.tensor import repaint_shape, show_tensor

log = logging.getLogger(__name__)
translate = QCoreApplication.translate  # lupdate collects translate("ShapeBadges", "…")
PAGE_KEYS = ("id", "holds", "actual", "why", "pending")
NOT_RUN = "shapes.why.not_run"  # a code comment about a name of the code: grey until its block runs


class ShapeBadges(QObject):
    """Asks the kernel for the verdicts after each ``panel.open`` and paints them into the page."""

    def __init__(self, window: Any, controller: Any) -> None:
        super().__init__(controller)
        self.window, self.controller = window, controller
        self.results: dict[str, list[dict[str, Any]]] = {}  # note path -> the page's verdicts
        self.rows: dict[str, dict[str, dict[str, Any]]] = {}  # note path -> claim id -> its whole row
        self.checked: dict[str, dict[str, dict[str, Any]]] = {}  # note path -> id -> its run's verdict
        self.last: dict[str, Any] | None = None  # the latest shapes.evaluate answer (tests)
        controller.opened.connect(self.on_opened)
        controller.stepShown.connect(lambda _ms: repaint_shape(controller))
        window.pagePainted.connect(self.on_painted)
        window.note_view.clicked.connect(self.on_click)

    def on_opened(self, _info: dict[str, Any]) -> None:
        path = self.controller.path
        handler = self.controller.handler() if path is not None else None
        if handler is None:
            return
        params = {"note_path": str(path), "input_spec": dict(self.controller.input_spec),
                  "lang": i18n.current_language()}  # fmt: skip
        try:
            handle = handler.call("shapes.evaluate", params, channel="shapes")
        except Exception:  # the badges stay grey; the panel itself reports kernel trouble
            log.warning("shapes.evaluate could not be sent", exc_info=True)
            return
        handle.done.connect(lambda result, p=Path(path): self.on_result(p, result))
        handle.failed.connect(lambda reason: log.warning("shapes.evaluate failed: %s", reason))

    def on_result(self, path: Path, result: dict[str, Any]) -> None:
        self.last = result
        rows = {str(c.get("id")): c for c in result.get("claims", [])}
        for claim_id, row in self.checked.get(str(path), {}).items():  # a run's check outranks the model's
            if claim_id in rows:
                rows[claim_id] = row
        self._store(path, rows)

    def on_run_checked(self, path: Path, rows: list[dict[str, Any]]) -> None:
        """A code block ran and its shape comments were judged on its tensors (the code panel's
        ``shapes.check_run``): those badges show the run's verdict from now on."""
        checked = self.checked.setdefault(str(path), {})
        for row in rows:
            checked[str(row.get("id"))] = row
        known = dict(self.rows.get(str(path), {}))
        known.update({str(r.get("id")): r for r in rows})
        self._store(path, known)

    def _store(self, path: Path, rows: dict[str, dict[str, Any]]) -> None:
        self.rows[str(path)] = rows
        claims = []
        for row in rows.values():
            entry = {k: row.get(k) for k in PAGE_KEYS}
            entry["pending"] = (row.get("why_code") or {}).get("code") == NOT_RUN
            claims.append(entry)
        self.results[str(path)] = claims
        if self.window.current_note() is not None and Path(self.window.current_note()) == path:
            self.paint(claims)

    def paint(self, claims: list[dict[str, Any]]) -> None:
        data = json.dumps(claims, ensure_ascii=False)
        self.window.note_view.run_js(f"window.tn && tn.setShapes && tn.setShapes({data});")

    def on_painted(self, path: object) -> None:
        claims = self.results.get(str(path)) if path else None
        if claims:
            self.paint(claims)

    def on_click(self, detail: dict[str, Any]) -> None:
        if detail.get("kind") != "shape":
            return
        path = self.window.current_note()
        claim = (self.rows.get(str(path)) or {}).get(str(detail.get("id")))
        if claim is None:
            self.window.show_status(translate("ShapeBadges", "Shapes are checked once the model runs in the "
                                              "kernel: click an equation first"), 6000)  # fmt: skip
            return
        shape = "" if claim.get("actual") is None else "(" + ", ".join(str(v) for v in claim["actual"]) + ")"
        mark = "✓" if claim.get("holds") else ("✗" if claim.get("holds") is False else "–")
        self.window.show_status(f"{mark} {shape} {claim.get('why') or ''}".strip(), 10000)
        show_tensor(self.controller, claim)  # output, h_n, c_n, x…: the panel on that tensor


def install(window: Any) -> ShapeBadges | None:
    """Attach to the equation panel's controller (installed before this plugin); None without one."""
    controller = getattr(window, "equation_panel", None)
    if controller is None:
        return None
    badges = ShapeBadges(window, controller)
    window.shape_badges = badges
    return badges
