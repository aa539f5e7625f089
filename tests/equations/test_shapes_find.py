"""Finding shape claims without torch: forms, subjects, conditions, the legend, and no prose."""

from __future__ import annotations

from pathlib import Path

from app.equations.shapes import find_claims

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "notes" / "2023-11-22.md"
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"


def _claims(text: str) -> list[tuple[str, str | None, str | None, list[str]]]:
    return [(c.text, c.subject, c.condition.describe(), c.written) for c in find_claims(text).claims]


def test_seed_output_sections_hold_twelve_claims_and_the_forward_comment() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = find_claims(text)
    prose = [c for c in found.claims if c.where == "text"]
    assert len(prose) == 12
    assert [(c.subject, c.condition.describe(), c.written) for c in prose[:6]] == [
        ("output", "unbatched", ["L", "D∗Hout"]),
        ("output", "batched", ["L", "N", "D∗Hout"]),
        ("h_n", "unbatched", ["D∗num_layers", "Hout"]),
        ("h_n", "batched", ["D∗num_layers", "N", "Hout"]),
        ("c_n", "unbatched", ["D∗num_layers", "Hcell"]),
        ("c_n", "batched", ["D∗num_layers", "N", "Hcell"]),
    ]
    code = [c for c in found.claims if c.where == "code"]
    assert [(c.subject, c.quantity, c.written) for c in code[:2]] == [
        ("x", "input", ["N", "L", "Q"]),
        ("rnn_out", "output", ["N", "L", "D"]),
    ]
    # the badge goes right after the closing parenthesis
    assert all(text[c.anchor - 1] == ")" for c in prose if c.anchor is not None)
    roles = {shown: role for shown, role in found.legend.roles.values()}
    assert roles == {
        "N": "batch",
        "L": "seq",
        "D": "dirs",
        "H_in": "input",
        "H_cell": "hidden",
        "H_out": "out",
    }


def test_forms_in_math_brackets_products_and_torch_size() -> None:
    text = (
        "- h_0: $(D * \\text{num\\_layers}, N, H_{out})$\n"
        "- $|h_t| = (batch\\_size, hidden\\_size)$\n"
        "- output is N×L×H_out\n"
        "- output: torch.Size([1, 28, 256])\n"
        "- the input, batch first: [N x L x H_in]\n"
    )
    found = _claims(text)
    assert found == [
        ("(D * num_layers, N, H_out)", "h_0", None, ["D*num_layers", "N", "H_out"]),
        ("(batch_size, hidden_size)", "h_t", None, ["batch_size", "hidden_size"]),
        ("N×L×H_out", "output", None, ["N", "L", "H_out"]),
        ("torch.Size([1, 28, 256])", "output", None, ["1", "28", "256"]),
        ("[N x L x H_in]", "input", None, ["N", "L", "H_in"]),
    ]
    math = find_claims(text).claims[0]
    assert math.where == "math" and text[math.anchor - 1] == "$"


def test_tolerant_names_and_conditions() -> None:
    text = (
        "- c_n: (D∗num_layers, N, h_{cell}) when bidirectional=True\n"
        "- When batch_first=True, the output is (N, L, Hout)\n"
        "- output: (L, $H_in$) for unbatched input, (L, N, H_in) when batch_first=False\n"
        "- h_n: (num_layers, N, proj_size) if proj_size > 0\n"
    )
    found = find_claims(text)
    legend = found.legend
    assert [legend.role(f) for f in ("Hout", "H_out", "H_{out}", "h_{cell}", "$H_in$", "num_layers")] == [
        "out", "out", "out", "hidden", "input", "layers",
    ]  # fmt: skip
    assert [c.condition.describe() for c in found.claims] == [
        "bidirectional", "batch_first=True", "unbatched", "batch_first=False", "proj_size > 0",
    ]  # fmt: skip


def test_code_comment_after_a_line_of_code_takes_its_target() -> None:
    text = "```python\nout, (h, c) = lstm(x)  # (L, B, H)\nh\n# (num_layers, B, H)\n```\n"
    found = find_claims(text).claims
    assert [(c.subject, c.quantity, c.written) for c in found] == [
        ("out", "output", ["L", "B", "H"]),
        (None, None, ["num_layers", "B", "H"]),  # after a bare expression: no tensor named
    ]
    assert found[0].anchor is None and found[0].block == 0


def test_ordinary_parentheses_are_not_claims() -> None:
    assert find_claims((FIXTURES / "prose.md").read_text(encoding="utf-8")).claims == []


def test_a_legend_may_redefine_a_standard_name() -> None:
    found = find_claims((FIXTURES / "legend.md").read_text(encoding="utf-8"))
    assert found.legend.role("N") == "seq" and found.legend.redefines("N")
    assert found.legend.role("B") == "batch" and found.legend.role("H") == "hidden"
    assert [c.written for c in found.claims] == [["B", "N", "H"], ["N", "B", "H"], ["B", "N", "6"]]


def test_korean_conditions_bind_to_the_claim_after_them() -> None:
    text = "- h_n\n\t- 배치가 없을 때 (num_layers,Hout), 있으면 (num_layers,N,Hout)\n"
    assert [c.condition.describe() for c in find_claims(text).claims] == ["unbatched", "batched"]
