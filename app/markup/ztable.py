"""ziamath's table node, plus the rules (``|`` in an array's column spec, ``\\hline``) it never draws.

ziamath 0.13 lays out ``<mtable>`` but ignores ``columnlines``/``rowlines`` (and latex2mathml's values for
them cannot tell an outer ``|c|`` from inner ones), so every rule of ``\\begin{array}{c|c} … \\hline``
was lost without a word. ``mathsvg`` reads the rules from the LaTeX (``texprep.table_rules``), puts them on
each ``mtable`` element as ``data-tn-vlines``/``data-tn-hlines`` (boundary indices), and this subclass
draws them as thin rectangles between the columns/rows ziamath placed. Registering it replaces
ziamath's own ``mtable`` node class for every formula (the subclass is a no-op without the attributes).
"""

from __future__ import annotations

from typing import Any

from ziafont.fonttypes import BBox
from ziamath.drawable import HLine, VLine
from ziamath.nodes.mtable import Mtable

RULE_EM = 0.06  # rule thickness in em (TeX's \arrayrulewidth is 0.4pt at 10pt)


class RuledMtable(Mtable, tag="mtable"):
    """``Mtable`` that also draws the rules named by ``data-tn-vlines`` / ``data-tn-hlines``."""

    def _setup(self, **kwargs: Any) -> None:
        super()._setup(**kwargs)
        vlines = [int(v) for v in self.element.get("data-tn-vlines", "").split()]
        hlines = [int(v) for v in self.element.get("data-tn-hlines", "").split()]
        if not (vlines or hlines) or not self.nodes:
            return
        # rows: cells sharing a baseline, in order
        baselines: list[float] = []
        tops: dict[float, float] = {}
        bottoms: dict[float, float] = {}
        cols: list[tuple[float, float]] = []  # (x start, x end) of each cell
        for node, (x, y) in zip(self.nodes, self.nodexy, strict=False):
            if y not in tops:
                baselines.append(y)
                tops[y], bottoms[y] = y - node.bbox.ymax, y - node.bbox.ymin
            tops[y] = min(tops[y], y - node.bbox.ymax)
            bottoms[y] = max(bottoms[y], y - node.bbox.ymin)
            cols.append((x + node.bbox.xmin, x + node.bbox.xmax))
        ncols = max(1, round(len(self.nodes) / max(1, len(baselines))))
        lw = self.size_px(f"{RULE_EM}em")
        pad = self.size_px("0.25em")
        # column boundaries from the cells of every row
        starts = [min(cols[i][0] for i in range(c, len(cols), ncols)) for c in range(ncols)]
        ends = [max(cols[i][1] for i in range(c, len(cols), ncols)) for c in range(ncols)]
        xs = [starts[0] - pad] + [(ends[c] + starts[c + 1]) / 2 for c in range(ncols - 1)] + [ends[-1] + pad]
        row_tops = [tops[b] for b in baselines]
        row_bottoms = [bottoms[b] for b in baselines]
        ys = [row_tops[0] - pad / 2]
        ys += [(row_bottoms[r] + row_tops[r + 1]) / 2 for r in range(len(baselines) - 1)]
        ys.append(row_bottoms[-1] + pad / 2)
        left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
        for v in vlines:
            if 0 <= v < len(xs):
                self.nodes.append(VLine(bottom - top, lw, style=self.style))
                self.nodexy.append((xs[v], top))
        for h in hlines:
            if 0 <= h < len(ys):
                self.nodes.append(HLine(right - left, lw, style=self.style))
                self.nodexy.append((left, ys[h] - lw / 2))
        b = self.bbox
        self.bbox = BBox(min(b.xmin, left - lw), max(b.xmax, right + lw), min(b.ymin, -bottom - lw),
                         max(b.ymax, -top + lw))
