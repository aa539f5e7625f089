"""The equation panel's look: cards, chips, the verification badge (Qt style sheet, light and dark).

Kept apart from the widgets so the layout code stays readable and the palette lives in one place. The
sheet is written once in light colours; :func:`style_for` swaps each for its dark counterpart
(:data:`DARK`), so the dark theme covers every rule the light one has (the panel, its table and its
disabled buttons once stayed white under a dark window).
"""

import re

STYLE = """
#equationPanel, #panelBody { background: #f6f7f9; }
QLabel { color: #1f2933; }
#panelTitle { font-size: 15px; font-weight: 700; color: #111827; }
#origin { color: #334155; font-size: 12px; }
#origin .originKind { font-weight: 700; color: #1d4ed8; }
#muted, .muted { color: #6b7280; font-size: 11px; }
#sectionTitle { font-size: 12px; font-weight: 700; color: #475569; margin-top: 6px; }
#equationCard { background: #ffffff; border: 1px solid #e2e8f0; border-radius: 10px; }
#card { background: #ffffff; border: 1px solid #e2e8f0; border-radius: 10px; }
#symbolChip { background: #f1f5f9; border: 1px solid #e2e8f0; border-radius: 8px; }
#symbolChip[linked="false"] { background: #fafafa; border: 1px dashed #d1d5db; }
#symbolChip[linked="true"]:hover { background: #fff4e6; border-color: #f59f00; }
#symbolChip[selected="true"] { background: #fff0e0; border: 2px solid #d9480f; }
QSpinBox[assumed="true"], QCheckBox[assumed="true"] { background: #fff4e6; border: 1px dashed #f59f00; }
#badge { border-radius: 11px; padding: 3px 10px; font-weight: 700; font-size: 12px; }
#badge[ok="true"] { background: #e6f6ea; color: #1a7f37; border: 1px solid #a7e3b5; }
#badge[ok="false"] { background: #fdecec; color: #b42318; border: 1px solid #f5b5b0; }
#shapeChip { font-size: 12px; }
#stats { font-size: 12px; color: #334155; }
#hoverValue { font-family: monospace; font-size: 11px; color: #475569; }
#notation { background: #f5f3ff; color: #4c1d95; border-radius: 6px; padding: 6px 8px; font-size: 12px; }
#chainOp { font-size: 16px; font-weight: 700; color: #d9480f; }
#message { border-radius: 8px; padding: 10px 12px; font-size: 13px; }
#message[kind="error"] { background: #fdecec; color: #7a1b12; border: 1px solid #f5b5b0; }
#message[kind="info"] { background: #eef4ff; color: #1e3a8a; border: 1px solid #c7d7fe; }
#stepLabel { font-weight: 700; font-family: monospace; }
QProgressBar#busy { border: none; background: #e2e8f0; border-radius: 2px; }
QProgressBar#busy::chunk { background: #3b82f6; border-radius: 2px; }
QToolButton[segment="true"] { padding: 4px 14px; border: 1px solid #cbd5e1; background: #ffffff; }
QToolButton[segment="true"]:checked { background: #1d4ed8; color: #ffffff; border-color: #1d4ed8; }
QToolButton[segment="true"]:disabled { color: #9ca3af; background: #f3f4f6; }
QTableWidget#valuesTable { border: 1px solid #e2e8f0; gridline-color: #f1f5f9; font-family: monospace;
    font-size: 11px; background: #ffffff; }
"""

DARK = {  # light colour -> dark colour (lower-case #rrggbb); text pairs keep >= 4.5:1 on their surfaces
    "#f6f7f9": "#1e1f22", "#1f2933": "#e6edf3", "#111827": "#f0f3f6", "#334155": "#c9d1d9",
    "#1d4ed8": "#79b8ff", "#6b7280": "#9da7b3", "#475569": "#aab4bf", "#ffffff": "#0d1117",
    "#e2e8f0": "#30363d", "#f1f5f9": "#21262d", "#fafafa": "#161b22", "#d1d5db": "#484f58",
    "#fff4e6": "#3d2a12", "#f59f00": "#d29922", "#fff0e0": "#3d2512", "#d9480f": "#ff8f5a",
    "#e6f6ea": "#0f3d1f", "#1a7f37": "#7ee787", "#a7e3b5": "#2ea043", "#fdecec": "#3c1618",
    "#b42318": "#ffa198", "#f5b5b0": "#f85149", "#f5f3ff": "#271b48", "#4c1d95": "#d2bfff",
    "#7a1b12": "#ffa198", "#eef4ff": "#0c2d6b", "#1e3a8a": "#a5d6ff", "#c7d7fe": "#1f6feb",
    "#3b82f6": "#388bfd", "#cbd5e1": "#3d444d", "#9ca3af": "#8b949e", "#f3f4f6": "#262c36",
}
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def style_for(theme: str) -> str:
    """The panel's style sheet for "light" or "dark"."""
    if theme != "dark":
        return STYLE
    return _HEX.sub(lambda m: DARK.get(m.group(0).lower(), m.group(0)), STYLE)
