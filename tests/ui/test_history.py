"""Back/forward history behaves like a browser's."""

from pathlib import Path

from app.ui.window.history import History, Place


def test_back_forward_and_branching() -> None:
    h = History()
    a, b, c, d = (Place(Path(n)) for n in "abcd")
    assert h.back() is None and h.current is None
    for p in (a, b, c):
        h.visit(p)
    assert h.back() == b and h.back() == a and h.back() is None
    assert h.can_go_forward() and h.forward() == b
    h.visit(d)  # a new visit drops the forward branch (c)
    assert not h.can_go_forward() and h.current == d
    assert h.back() == b


def test_revisiting_the_current_place_is_not_recorded_twice() -> None:
    h = History()
    h.visit(Place(Path("a")))
    h.visit(Place(Path("a")))
    assert not h.can_go_back()
    h.visit(Place(Path("a"), "heading"))
    assert h.can_go_back()


def test_limit_drops_the_oldest() -> None:
    h = History(limit=3)
    for n in "abcde":
        h.visit(Place(Path(n)))
    assert h.back() == Place(Path("d")) and h.back() == Place(Path("c")) and h.back() is None
