"""Hard cases 14–23 (turn 2 of ``shared/design/HARD-CASES.md``): what the app does with each fixture.

Each test reads one fixture of ``tests/fixtures/hard_cases`` and runs the real code on it: the note's
modules (``infer_note``, ``python -m app model``), the equation linker (``link_note`` with those modules,
as ``python -m app equations`` does), the shape-claim finder, the renderer and the sanitiser. Expected
values are stated in ``tests/fixtures/hard_cases/README.md``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from app.engine.notecode import infer_note
from app.equations import link_note
from app.equations.shapes import find_claims
from app.markup import render_note
from app.markup.mathhtml import array_columns
from app.markup.sanitize import sanitize

HARD = Path(__file__).resolve().parent / "fixtures" / "hard_cases"
REPO = Path(__file__).resolve().parent.parent


def _text(number: int) -> str:
    (path,) = HARD.glob(f"{number:02d}-*.md")
    return path.read_text(encoding="utf-8")


def _modules(number: int) -> list[tuple[str, str, dict[str, object]]]:
    models = infer_note(_text(number))
    return [
        (m.name, m.kind, {"in": m.config.input_size, "hid": m.config.hidden_size}) for m in models.modules
    ]


def _linked(number: int) -> dict[int, list[tuple[str | None, str]]]:
    """line → [(quantity, latex)] for every equation of the fixture."""
    text = _text(number)
    out: dict[int, list[tuple[str | None, str]]] = {}
    for le in link_note(text, modules=infer_note(text).modules):
        out.setdefault(le.equation.lines[0], []).append((le.quantity, le.equation.latex))
    return out


def test_14_sizes_bound_by_instantiation_earlier_blocks_and_arithmetic() -> None:
    models = infer_note(_text(14))
    by_name = {m.name: m for m in models.modules}
    assert list(by_name) == ["Encoder.rnn", "gru", "dec", "half", "feed"]
    enc = by_name["Encoder.rnn"].config  # Encoder(input_size, 64, num_layers=2) with input_size = 12
    assert (enc.input_size, enc.hidden_size, enc.num_layers, enc.batch_first) == (12, 64, 2, True)
    gru = by_name["gru"].config  # tuple assignment in an earlier block
    assert (gru.input_size, gru.hidden_size, gru.num_layers) == (28, 256, 2)
    dec = by_name["dec"]  # len(vocab) and config["hidden"]: only a run can tell
    assert sorted(dec.assumed) == ["hidden_size", "input_size"]
    assert {a.field for a in dec.assumptions} == {"input_size", "hidden_size"}
    assert not by_name["Encoder.rnn"].assumed and not by_name["gru"].assumed
    half = by_name["half"].config  # int(hidden_size / 2) with hidden_size = 128
    assert (half.input_size, half.hidden_size, half.bidirectional) == (32, 64, True)
    feed = by_name["feed"].config  # word_vec_dim + hidden_size
    assert (feed.input_size, feed.hidden_size) == (160, 128)
    assert not models.ignored


def test_14_model_cli_reports_the_assumptions() -> None:
    path = next(HARD.glob("14-*.md"))
    done = subprocess.run(
        [sys.executable, "-m", "app", "model", str(path), "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    out = json.loads(done.stdout.strip().splitlines()[-1])
    dec = next(m for m in out["modules"] if m["name"] == "dec")
    assert set(dec["why"]) == {"input_size", "hidden_size"}
    assert "len(vocab)" in dec["why"]["input_size"]
    assert [m["config"]["hidden_size"] for m in out["modules"]] == [64, 256, 16, 64, 128]


def test_15_only_the_pytorch_tab_is_a_model() -> None:
    models = infer_note(_text(15))
    assert [(m.name, m.kind, m.config.input_size, m.config.hidden_size) for m in models.modules] == [
        ("lstm_layer", "lstm", 28, 32)
    ]
    ignored = {i.line: i.text for i in models.ignored}
    assert ignored[8] == "lstm_layer = rnn.LSTM(num_hiddens)"  # mxnet tab
    assert sorted(ignored) == [8, 21, 22, 29]  # mxnet, the tensorflow tab (2 lines), untagged keras
    assert all("PyTorch" in i.reason for i in models.ignored)


def test_16_doctest_prompts_are_read_as_code() -> None:
    assert _modules(16) == [("rnn", "lstm", {"in": 10, "hid": 20}), ("gru", "gru", {"in": 8, "hid": 16})]
    models = infer_note(_text(16))
    assert models.modules[0].config.num_layers == 2
    assert models.modules[1].config.batch_first is True  # keyword on a "..." continuation line
    assert not models.ignored


def test_17_each_section_has_its_model_and_a_lone_h_t_follows_it() -> None:
    text = _text(17)
    models = infer_note(text)
    assert [(m.name, m.kind, m.section) for m in models.modules] == [
        ("encoder", "gru", "인코더"),
        ("decoder", "lstm", "디코더"),
        ("rnn", "rnn", "RNN"),
        ("lstm", "lstm", "LSTM"),
        ("gru", "gru", "GRU"),
    ]
    linked = [(le.equation.lines[0], le.equation.latex, le.quantity, le.module)
              for le in link_note(text, modules=models.modules)]  # fmt: skip
    assert (12, "h_t", "gru.h", 0) in linked  # the encoder's section
    assert (22, "h_t", "lstm.h", 1) in linked and (22, "c_t", "lstm.c", 1) in linked  # the decoder's
    display = {line: (q, m) for line, latex, q, m in linked if "=" in latex}
    assert display == {30: ("rnn.h", 2), 38: ("lstm.f", 3), 46: ("gru.r", 4)}
    assert (48, "h_t", "gru.h", 4) in linked  # the last section is GRU


def test_18_cells_are_modules_and_primes_are_the_next_state() -> None:
    models = infer_note(_text(18))
    assert [(m.name, m.kind) for m in models.modules] == [
        ("cell", "lstm_cell"), ("gcell", "gru_cell"), ("rcell", "rnn_cell"),
    ]  # fmt: skip
    assert models.modules[2].config.nonlinearity == "relu"
    linked = _linked(18)
    assert linked[28] == [("lstm.c", "c' = f \\odot c + i \\odot g")]
    assert linked[30] == [("lstm.h", "h' = o \\odot \\tanh(c')")]
    text = _text(18)
    le = next(x for x in link_note(text, modules=models.modules) if x.equation.lines[0] == 28)
    roles = {s.latex: s.quantity for s in le.symbols}
    assert roles == {"c'": "lstm.c", "f": "lstm.f", "c": "lstm.c_prev", "i": "lstm.i", "g": "lstm.g"}


def test_19_multi_equation_displays_split_into_rows() -> None:
    linked = link_note(_text(19))
    rows = [(le.equation.lines[0], le.equation.kind, le.quantity) for le in linked]
    assert rows[:6] == [
        (7, "row", "lstm.i"),
        (8, "row", "lstm.f"),
        (9, "row", "lstm.g"),
        (10, "row", "lstm.o"),
        (11, "row", "lstm.c"),
        (12, "row", "lstm.h"),
    ]  # fmt: skip  (array{ll} with an empty first row)
    assert rows[6:9] == [(19, "row", "gru.r"), (20, "row", "gru.z"), (21, "row", "gru.n")]  # bare \\ rows
    assert rows[9] == (28, "row", "lstm.c")
    # the "&= …" continuation row keeps its left side (c_t) but is the unrolled recursion, not the model's c_t
    cont = linked[10]
    assert cont.equation.lines[0] == 29 and cont.quantity is None and cont.reason
    assert any(s.quantity == "lstm.c" and s.latex == "c_t" for s in cont.symbols)
    chain = linked[11]  # \hat{y}_t = h_t = …: the chain's middle is the model's h_t
    assert (chain.equation.lines[0], chain.quantity) == (35, "rnn.h")
    assert len(linked) == 12


def test_20_weight_sides_layer_superscripts_and_peepholes() -> None:
    linked = {le.equation.lines[0]: le for le in link_note(_text(20)) if le.equation.kind == "display"}
    left = {s.latex: (s.quantity, s.transposed) for s in linked[6].symbols}
    assert linked[6].quantity == "lstm.i" and left["W_{xi}"] == ("lstm.W_ii", False)
    right = {s.latex: (s.quantity, s.transposed) for s in linked[8].symbols}
    assert linked[8].quantity == "lstm.i"
    assert right[r"\mathbf{W}_{xi}"] == ("lstm.W_ii", True) and right[r"\mathbf{W}_{hi}"] == (
        "lstm.W_hi",
        True,
    )
    wu = {s.latex: s.quantity for s in linked[12].symbols}  # W h^{(t-1)} + U x^{(t)}
    assert linked[12].quantity == "rnn.h" and wu["W"] == "rnn.W_hh" and wu["U"] == "rnn.W_ih"
    layer = {s.latex: s.quantity for s in linked[16].symbols}  # h^{(l-1)}_t is the layer's input
    assert linked[16].quantity == "rnn.h" and layer["h^{(l-1)}_t"] == "rnn.x"
    assert layer["h^{(l)}_{t-1}"] == "rnn.h_prev"
    peephole = linked[20]  # W_{cf} c_{t-1}: nn.LSTM has no such term
    assert peephole.quantity is None
    assert "W_{cf}" in peephole.reason and "c_{t-1}" in peephole.reason


def test_21_shapes_in_prose_comments_and_a_legend_that_redefines_d() -> None:
    found = find_claims(_text(21))
    legend = found.legend
    assert legend.role("N") == "batch" and legend.role("L") == "seq"
    assert legend.role("D") == "input" and legend.redefines("D")  # D is PyTorch's directions
    claims = [(c.line, c.where, c.quantity, c.written) for c in found.claims]
    assert claims == [
        (15, "text", "input", ["N", "L", "D"]),
        (17, "text", "output", ["N", "L", "2∗Hout"]),
        (19, "text", "h_n", ["2∗num_layers", "N", "Hout"]),
        (19, "text", "c_n", ["2∗num_layers", "N", "Hcell"]),  # "c_n은": the particle does not hide it
        (24, "code", "output", ["N", "L", "2*20"]),
    ]


def test_22_containers_keep_their_blocks() -> None:
    path = next(HARD.glob("22-*.md"))
    note = render_note(path.read_text(encoding="utf-8"), path=path)
    html = note.body_html
    assert len(note.code_blocks) == 2  # one in the callout, one in <details>
    callout = html.split('<div class="tn-callout-content">', 1)[1].split("</details>", 1)[0]
    assert callout.index('data-lang="python"') < callout.index('<li data-line="8">첫째 항목')
    details = html.split("<details>", 1)[1].split("</details>", 1)[0]
    assert "<strong>굵은 글씨</strong>" in details and '<li data-line="22">항목 하나</li>' in details
    assert "tn-code" in details and "<ul>" in details
    footnotes = html.split('<div class="footnote">', 1)[1]
    assert (
        '<li data-line="14">입력 게이트</li>' in footnotes
        and '<li data-line="15">망각 게이트</li>' in footnotes
    )
    # \| inside a table cell is a pipe of the link/embed, not a cell border: 3 rows of 2 cells
    assert html.count("<td") == 6
    assert "<code>a | b</code>" in html  # in a cell's code span the backslash only guarded the pipe
    assert 'data-target="LSTM 정리"' in html and ">요약</a>" in html
    assert note.unresolved_links == ["LSTM 정리"] and note.missing_embeds == ["게이트 그림.png"]
    assert '<table id="^tabel-links">' in html and "^tabel-links</p>" not in html


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def test_23_html_from_elsewhere_is_inert() -> None:
    path = next(HARD.glob("23-*.md"))
    note = render_note(path.read_text(encoding="utf-8"), path=path)
    assert "<script>" in note.body_html  # the raw render still holds it: the page sanitises every body
    clean = sanitize(note.body_html)
    tags = _Tags()
    tags.feed(clean)
    names = {t for t, _ in tags.found}
    assert not names & {"script", "iframe"}
    attrs = [(k, v) for _, a in tags.found for k, v in a.items()]
    assert not [k for k, _ in attrs if k.lower().startswith("on")]
    assert not [v for _, v in attrs if "javascript:" in v.lower().replace(" ", "")]
    assert not [v for _, v in attrs if v.lower().startswith("file:")]
    assert "마우스를 올려 보기" in clean and "눌러 보기" in clean  # the visible text is kept
    assert "아무것도 실행되지 않아야 한다" in clean


def test_19_array_rows_follow_the_column_spec_in_the_page() -> None:
    path = next(HARD.glob("19-*.md"))
    note = render_note(path.read_text(encoding="utf-8"), path=path)
    html = re.sub(r"<svg.*?</svg>", "", note.body_html, flags=re.S)
    blocks = re.findall(r'<div class="tn-display tn-align".*?</table></div>', html, flags=re.S)
    cells = [re.findall(r'<td class="tn-(left|right|center)"', b) for b in blocks]
    assert cells[0] == ["left"] * 6  # \begin{array}{ll}: flush left, as LaTeX sets it
    assert cells[1] == ["center"] * 3  # bare \\ rows: a gathered block
    assert cells[2] == ["right", "left", "left"]  # aligned: c_t | &= …, then the continuation's &= …


def test_array_columns_reads_the_spec() -> None:
    assert array_columns(r"\begin{array}{ll} \\ i_t = 1") == ["left", "left"]
    assert array_columns(r"\begin{array}{r|c} a & b") == ["right", "center"]
    assert array_columns(r"\begin{array}[t]{@{}l p{2cm} r} a") == ["left", "left", "right"]
    assert array_columns(r"\begin{aligned} a &= b \end{aligned}") == []


def _cli(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_20_equations_cli_marks_the_right_hand_weight_transposed() -> None:
    out = _cli("equations", str(next(HARD.glob("20-*.md"))), "--json")
    by_line = {e["lines"][0]: e for e in out["equations"] if e["kind"] == "display"}
    left = {s["latex"]: s for s in by_line[6]["symbols"]}
    right = {s["latex"]: s for s in by_line[8]["symbols"]}
    assert left["W_{xi}"]["quantity"] == "lstm.W_ii" and left["W_{xi}"]["transposed"] is False
    assert (
        right[r"\mathbf{W}_{xi}"]["quantity"] == "lstm.W_ii"
        and right[r"\mathbf{W}_{xi}"]["transposed"] is True
    )
    assert by_line[20]["quantity"] is None and "W_{cf}" in by_line[20]["reason"]


def test_21_shapes_cli_judges_the_claims_with_the_legend() -> None:
    out = _cli("shapes", str(next(HARD.glob("21-*.md"))), "--json")
    assert out["symbols"]["D"] == 10  # the legend's D (input size), not PyTorch's 2 directions
    claims = [(c["line"], c["subject"], c["evaluated"], c["holds"]) for c in out["claims"]]
    assert claims == [
        (15, "input", [1, 28, 10], True),
        (17, "output", [1, 28, 40], True),
        (19, "h_n", [4, 1, 20], True),
        (19, "c_n", [4, 1, 20], True),
        (24, "out", [1, 28, 40], True),
    ]
