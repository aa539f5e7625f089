"""The math scanner: Obsidian's rules for where math is, equation grouping, rows and stable ids."""

from __future__ import annotations

from app.markup.mathscan import scan, scan_equations


def kinds_and_latex(text: str) -> list[tuple[str, str]]:
    return [(e.kind, e.latex) for e in scan_equations(text)]


def test_seed_note_equations(seed_text: str) -> None:
    result = scan(seed_text)
    eqs = result.equations
    # Per copy of the section: 10 inline equations and a six-row align* block; the section is pasted twice.
    assert [e.kind for e in eqs].count("inline") == 20
    assert [e.kind for e in eqs].count("row") == 12
    assert len(eqs) == 32
    # 40 inline pieces and one display block per copy.
    assert result.math_count == 82
    forget = eqs[0]
    assert forget.latex == "f_t=σ(W_{if}x_t+b_{if}+W_{hf}h_{t-1}+b_{hf})"
    assert [p.latex for p in forget.pieces] == [
        "f_t",
        "W_{if}",
        "x_t",
        "b_{if}",
        "W_{hf}",
        "h_{t-1}",
        "b_{hf}",
    ]
    assert [p.id for p in forget.pieces] == [f"{forget.id}.{k}" for k in range(7)]
    # The second copy gets the same ids with a repeat counter.
    second = [e for e in eqs if e.latex == forget.latex]
    assert [e.id for e in second] == [forget.id, forget.id + "-2"]
    rows = [e for e in eqs if e.kind == "row"]
    assert rows[0].latex == r"i_t &= \sigma(W_{ii}x_t + b_{ii} + W_{hi}h_{t-1} + b_{hi})"
    assert rows[5].latex == r"h_t &= o_t \odot \tanh(c_t)"
    assert len({r.block for r in rows[:6]}) == 1 and rows[0].block != rows[6].block
    lines = seed_text.split("\n")
    for row in rows:
        assert row.latex.split("&")[0].strip() in lines[row.lines[0] - 1]


def test_ids_survive_edits_elsewhere(seed_text: str) -> None:
    before = {e.latex: e.id for e in scan_equations(seed_text)}
    edited = "# 새 제목\n\n$a+b$ 추가한 줄\n\n" + seed_text.replace("visualization", "시각화")
    after = {e.latex: e.id for e in scan_equations(edited)}
    for latex, eq_id in before.items():
        assert after[latex] == eq_id


def test_korean_particles_and_odd_characters() -> None:
    assert kinds_and_latex("$h_t$는 은닉 상태") == [("inline", "h_t")]
    assert kinds_and_latex("\u200b$h_{t\u22121}\u200b$입니다") == [("inline", "h_{t-1}")]
    assert kinds_and_latex("~$C_t$ ,$h_{t−1}$") == [("inline", "C_t"), ("inline", "h_{t-1}")]


def test_adjacent_dollars_are_two_inline_pieces() -> None:
    (eq,) = scan_equations("$W_{if}$$x_t$")
    assert eq.kind == "inline" and [p.latex for p in eq.pieces] == ["W_{if}", "x_t"]


def test_grouping_stops_at_prose() -> None:
    assert kinds_and_latex("$x$와 $y$") == [("inline", "x"), ("inline", "y")]
    assert kinds_and_latex("$h_t$=$o_t$⊙tanh($c_t$)") == [("inline", "h_t=o_t⊙tanh(c_t)")]


def test_not_math() -> None:
    text = (
        "run `$x$` and $ conda install torch, then $=dv.list(x)$ \\$5 and \\$6\n"
        "<!-- $$\na^2\n$$ -->\n%%$y$%%\n```\n$z$\n```\n"
    )
    assert scan_equations(text) == []


def test_unclosed_dollars_are_text() -> None:
    result = scan("cost $5 and $$ more\n\n$$\nx\n")
    assert result.equations == []
    assert result.problems and result.problems[0][0] == 3


def test_loose_display_block_with_blank_line() -> None:
    text = "$$\\\n\\begin{align*}\na &= b \\\\\n\nc &= d\n\\end{align*} \\ $$\n"
    eqs = scan_equations(text)
    assert [(e.kind, e.latex, e.lines) for e in eqs] == [("row", "a &= b", (3, 3)), ("row", "c &= d", (5, 5))]


def test_gathered_around_aligned_and_begin_on_dollar_line() -> None:
    text = "$$\\begin{gathered}\n\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned}\n\\end{gathered}$$"
    assert kinds_and_latex(text) == [("row", "a &= b"), ("row", "c &= d")]


def test_non_align_environments_are_one_display() -> None:
    text = "$$\n\\begin{array}{ll} \\\\ a & b \\end{array}\n$$"
    assert [e.kind for e in scan_equations(text)] == ["display"]
    cases = "$$f(x) = \\begin{cases} 1 & x>0 \\\\ 0 & \\text{else} \\end{cases}$$"
    assert [e.kind for e in scan_equations(cases)] == ["display"]


def test_math_in_callout_and_table() -> None:
    assert kinds_and_latex("> [!note]+\n> $$\n> a+b\n> $$\n") == [("display", "a+b")]
    latex = r"|x_t|=(\text{batch\_size},1)"
    assert kinds_and_latex(f"| a | ${latex}$ |") == [("inline", latex)]


def test_an_unclosed_dollar_does_not_hide_later_math() -> None:
    assert kinds_and_latex("price $5\n$a$ and $b$") == [("inline", "a"), ("inline", "b")]
    # A later line's math is found even though the search for a closing $ failed before it on this line.
    assert kinds_and_latex("$5 또는 $6, 그리고\n$c_t$") == [("inline", "c_t")]
