"""Structure tests over the whole rule table (after proselint's): every rule is documented,
its Example triggers it and its Use instead does not."""

from __future__ import annotations

import re

import pytest

from tests.conftest import findings
from tqcheck.rules import RULES, active_rules, lookup, matches

SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


def test_codes_and_names_are_unique_and_well_formed() -> None:
    """Codes are family letters + three digits, names kebab-case, both unique."""
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[A-Z]{3}\d{3}", c) for c in codes)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", n) for n in names)
    assert codes == sorted(codes, key=lambda c: [r.code for r in RULES].index(c))


def test_the_contract_names_are_stable() -> None:
    """Scripts depend on these code/name pairs; changing one is a breaking change."""
    assert {r.code: r.name for r in RULES} == {
        "ART001": "source-marker", "ART002": "split-paragraph", "ART003": "unbalanced-brackets",
        "ENC001": "mojibake",
        "ART004": "caption-residue", "QUO001": "unbalanced-quotes", "QUO002": "mixed-quotes",
        "QUO003": "dash-attribution", "QUO004": "foreign-quotes", "UNT001": "untranslated",
        "UNT002": "mixed-script-word", "TYP001": "currency-spacing", "TYP002": "number-format",
        "TYP003": "spacing", "TYP004": "repeated-word", "NAM001": "name-variants",
        "RDB001": "hard-to-read", "RDB002": "long-sentence", "ALN001": "omission", "ALN002": "addition",
        "ALN003": "number-mismatch", "ALN004": "name-mismatch", "ALN005": "length-ratio", "ALN006": "sentence-omission", "FID001": "low-fidelity",
    }  # fmt: skip


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_docstring_has_every_section(rule) -> None:  # type: ignore[no-untyped-def]
    """`tqcheck explain` prints the docstring: it must have all four sections."""
    for title in SECTIONS:
        assert rule.section(title), f"{rule.code} has no {title!r} section"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_example_is_flagged(rule) -> None:  # type: ignore[no-untyped-def]
    """The docstring's Example triggers the rule."""
    got = findings(rule.example("Example"), rule.code, reference=rule.example_reference("Example"))
    assert got, f"{rule.code}: Example not flagged"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_use_instead_is_clean(rule) -> None:  # type: ignore[no-untyped-def]
    """The docstring's Use instead does not trigger the rule."""
    got = findings(rule.example("Use instead"), rule.code, reference=rule.example_reference("Use instead"))
    assert got == [], f"{rule.code}: Use instead flagged: {[f.message for f in got]}"


@pytest.mark.parametrize("rule", [r for r in RULES if r.code[:3] in ("ALN", "FID")], ids=lambda r: r.code)
def test_reference_rules_give_a_reference_in_both_examples(rule) -> None:  # type: ignore[no-untyped-def]
    """Cross-check rules need a reference to run: their examples carry one."""
    assert rule.example_reference("Example") and rule.example_reference("Use instead")


def test_lookup_by_code_or_name() -> None:
    assert lookup("art001") is lookup("source-marker") is RULES[0]
    assert lookup("nope") is None


def test_selection_by_prefix_name_and_ignore() -> None:
    """--select/--ignore take codes, prefixes and names."""
    assert {r.code for r in active_rules(("QUO",), ())} == {"QUO001", "QUO002", "QUO003", "QUO004"}
    assert [r.code for r in active_rules(("spacing",), ())] == ["TYP003"]
    assert "ART001" not in {r.code for r in active_rules((), ("ART001",))}
    assert matches(RULES[0], "ALL")
