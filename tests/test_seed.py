"""The real MT article from ../shared/seed: every artefact in it is flagged, nothing legitimate is.

The expectations are written out by hand, line by line, from reading the article.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from tqcheck.checker import check_file
from tqcheck.model import ParagraphKind

# line -> the artefact codes expected on it (readability rules are checked separately).
EXPECTED: dict[int, set[str]] = {
    3: {"QUO001", "ART003", "ART002"},  # “I think … neighboring (with Afghanistan. -   (never closed; split)
    5: {"ART001"},  # RT
    7: {"ART003", "ART002"},  # ) countries … (from the territory of these countries. -
    9: {"ART001"},  # RT
    11: {"QUO003"},  # ) - Kirby said
    13: {"ART003", "ART002"},  # (with Afghanistan -
    15: {"ART001"},  # RT
    21: {"QUO001"},  # “No decisions … : the next paragraph does not re-open the quotation
    23: {"QUO003", "QUO002"},  # case, "- said a spokesman   (“ closed by ")
    31: set(),  # Mukhriddin: the first spelling is the reference one
    39: {"NAM001"},  # Muhriddin
    45: {"ART004"},  # • Pentagon Chief Lloyd Austin and … (caption text)
    47: {"ART004"},  # • Facebook
    49: {"ART004"},  # • © @AmbassadorVakhabov
    59: {"TYP001"},  # $ 240 million
    63: {"TYP003", "QUO002"},  # countries ".
    73: {"QUO001"},
    75: {"QUO003", "QUO002"},  # Russia, "the expert said in an interview with RT.
    77: {"ART004"},
    79: {"ART004"},
    81: {"ART004"},
    85: {"QUO001"},
    91: {"QUO003"},  # undertaken, ”the analyst said in a conversation with RT.
    95: {"QUO001"},
    99: {"QUO003"},  # increases, ”he stressed.
    103: {"QUO001"},
    105: {"QUO003"},  # it, ”the expert added.
    109: {"QUO003"},  # affected, ”the analyst concluded.
}
READABILITY = {"RDB001", "RDB002"}


def test_every_artefact_is_flagged_and_nothing_else(seed_path: Path) -> None:
    """The artefact findings on the seed are exactly the expected ones, line by line."""
    got: dict[int, set[str]] = defaultdict(set)
    for f in check_file(seed_path).findings:
        if f.code not in READABILITY:
            got[f.line].add(f.code)
    expected = {line: codes for line, codes in EXPECTED.items() if codes}
    assert dict(got) == expected


def test_headings_and_real_mentions_are_not_flagged(seed_path: Path) -> None:
    """`In an effort to retain influence`, `"Ungrateful business"` and `interview with RT` pass."""
    report = check_file(seed_path)
    doc = report.files[0].document
    headings = [p.text for p in doc.paragraphs if p.kind is ParagraphKind.HEADING]
    assert headings == ["In an effort to retain influence", '"Ungrateful business"']
    assert not [f for f in report.findings if f.line in (29, 69)]
    assert not [f for f in report.findings if f.code == "ART001" and f.line in (75, 91)]


def test_paragraph_kinds(seed_path: Path) -> None:
    """Markers, captions and headings are told apart from body text."""
    doc = check_file(seed_path).files[0].document
    kinds = {p.line: p.kind for p in doc.paragraphs}
    assert [line for line, k in kinds.items() if k is ParagraphKind.MARKER] == [5, 9, 15]
    assert [line for line, k in kinds.items() if k is ParagraphKind.CAPTION] == [45, 47, 49, 77, 79, 81]
    assert len(doc.paragraphs) == 55
    assert doc.language == "en"
    assert all(p.language == "en" for p in doc.paragraphs if p.kind is ParagraphKind.BODY)


def test_marker_fix_rejoins_the_split_sentence(seed_path: Path) -> None:
    """ART001's fix drops `. - RT` and the blank lines, giving `(with Afghanistan) countries`."""
    report = check_file(seed_path)
    doc = report.files[0].document
    fix = next(f.fix for f in report.findings if f.code == "ART001" and f.line == 5)
    assert fix is not None and fix.safe
    fixed = doc.text[: fix.start] + fix.replacement + doc.text[fix.end :]
    assert "neighboring (with Afghanistan) countries and studying" in fixed


def test_long_sentences_and_hard_paragraphs_are_info(seed_path: Path) -> None:
    """Readability findings never fail the default gate."""
    report = check_file(seed_path)
    rdb = [f for f in report.findings if f.code in READABILITY]
    assert rdb and all(f.severity.label == "info" for f in rdb)
    assert {f.line for f in rdb if f.code == "RDB002"} == {63, 71, 75}
