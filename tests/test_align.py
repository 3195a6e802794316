"""The paragraph aligner: monotone, complete, and right on split, merged, dropped and added paragraphs."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from tqcheck.align import CROSS_LANGUAGE, MOVES, align, unit

REF = [
    "The minister arrived in Tashkent on Monday for talks on transit.",
    "He met President Mirziyoyev and discussed a railway through Afghanistan.",
    "The railway would cost $4.8 billion and carry 20 million tonnes a year.",
    "Uzbekistan wants the line finished by 2027, officials said.",
    "Critics say the security situation makes the project risky.",
]


def beads_of(mt: list[str], ref: list[str]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.mt, b.ref) for b in align([unit(t, "en", False) for t in mt], [unit(t, "en", False) for t in ref])]


def test_identical_texts_align_one_to_one() -> None:
    assert beads_of(REF, REF) == [((i,), (i,)) for i in range(5)]


def test_a_split_paragraph_is_a_two_to_one_bead() -> None:
    mt = [REF[0], "He met President Mirziyoyev and discussed", "a railway through Afghanistan.", *REF[2:]]
    assert beads_of(mt, REF)[1] == ((1, 2), (1,))


def test_merged_paragraphs_are_a_one_to_two_bead() -> None:
    mt = [REF[0], REF[1] + " " + REF[2], *REF[3:]]
    assert beads_of(mt, REF)[1] == ((1,), (1, 2))


def test_dropped_and_added_paragraphs() -> None:
    mt = [REF[0], REF[1], "Subscribe to our channel for daily news from the region and beyond.", REF[3], REF[4]]
    got = beads_of(mt, REF)
    assert ((2,), ()) in got and ((), (2,)) in got


def test_two_hundred_paragraphs_align_fast() -> None:
    ref = [f"Paragraph {i} reports that minister number {i} visited city {i * 7} on day {i}." for i in range(200)]
    mt = list(ref)
    del mt[50]
    mt.insert(120, "An inserted line about something else entirely, with no shared facts.")
    start = time.perf_counter()
    got = beads_of(mt, ref)
    assert time.perf_counter() - start < 5.0  # a guard against quadratic blow-ups (~0.1 s); speed is benchmarked
    assert ((), (50,)) in got


def test_cross_lingual_alignment_uses_figures_names_and_length() -> None:
    ru = [
        "Министр прибыл в Ташкент в понедельник.",
        "Железная дорога обойдется в 4,8 млрд долларов.",
        "Критики считают проект рискованным.",
    ]
    en = [
        "The minister arrived in Tashkent on Monday.",
        "The railway will cost $4.8 billion.",
        "Critics call the project risky.",
    ]
    got = align([unit(t, "en", True) for t in en], [unit(t, "ru", True) for t in ru], CROSS_LANGUAGE)
    assert [(b.mt, b.ref) for b in got] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from([*REF, "Other text about weather.", "RT", "Prices rose 2.5 percent."]), max_size=12),
    st.lists(st.sampled_from([*REF, "Unrelated closing remark of the editor."]), max_size=12),
)
def test_beads_cover_both_sides_in_order_exactly_once(mt: list[str], ref: list[str]) -> None:
    """Whatever the texts, the beads are legal moves that partition both sides monotonically."""
    beads = align([unit(t, "en", False) for t in mt], [unit(t, "en", False) for t in ref])
    assert [i for b in beads for i in b.mt] == list(range(len(mt)))
    assert [j for b in beads for j in b.ref] == list(range(len(ref)))
    assert all((len(b.mt), len(b.ref)) in MOVES for b in beads)
    assert all(0.0 <= b.confidence <= 1.0 for b in beads)
