"""Every rule's messages read as grammatical English whatever the target language.

Messages are rendered for every rule on its own *Example*, on the seed-like texts below and on
both profiles (English and Russian targets); the checks are the slips templated messages make:
`a English`, `an Russian`, `1 sentences`, `3 place`.
"""

from __future__ import annotations

import re

import pytest

from tqcheck.checker import check_text
from tqcheck.rules import RULES

EXTRA = (
    "Yuri came on Monday. Yury left on Tuesday. Yury stayed. Yury went home.\n\n"
    "The cost was 40 mln rubles, or 2,5 million dollars , he said.\n\n"
    "The expert called the plan «a risky gamble» and „bold“.\n\n"
    + " ".join(["The talks went on and on without any end in sight for the many people involved"] * 3)
)
# `a` before a vowel letter is wrong except where the vowel sounds like a consonant (`a US`,
# `a one-word`, `a European`); `an` before a consonant letter except a silent `h` (`an hour`).
_A_VOWEL = re.compile(r"\b[Aa] (?![Uu][^n\W]|[Oo]ne|[Ee]u)[`“\"']?[AEIOUaeiou]\w")
_AN_CONSONANT = re.compile(r"\b[Aa]n (?![Hh]our|[Hh]onest)[`“\"']?[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z]\w")
_ONE_PLURAL = re.compile(r"(?<![\d.,])\b1 (?:[a-z]+s)\b")
_MANY_SINGULAR = re.compile(
    r"\b(?:[02-9]|\d{2,}) (?:more |other )?(?:sentence|word|place|paragraph|line|finding|time)\b(?!s)"
)


def _messages(lang: str) -> list[str]:
    texts = [r.example("Example") for r in RULES] + [r.example("Use instead") for r in RULES] + [EXTRA]
    out: list[str] = []
    for text in texts:
        out.extend(f.message for f in check_text(text, lang=lang).findings)
    return out


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_messages_are_grammatical(lang: str) -> None:
    messages = _messages(lang)
    assert len(messages) >= 20  # the texts do raise findings: the checks below see real messages
    bad = [
        m
        for m in messages
        if _A_VOWEL.search(m) or _AN_CONSONANT.search(m) or _ONE_PLURAL.search(m) or _MANY_SINGULAR.search(m)
    ]
    assert bad == []


def test_the_checks_catch_the_old_slips() -> None:
    """The patterns above do catch what templated messages used to say."""
    assert _A_VOWEL.search("`«` is not a English quotation mark")
    assert _AN_CONSONANT.search("`mln` is not an Russian abbreviation")
    assert _ONE_PLURAL.search("reading ease 3 (45 words in 1 sentences)")
    assert _MANY_SINGULAR.search("spelt `Yury` at line 5 and 2 more place")
    assert not _A_VOWEL.search("a US official and a one-off")


def test_name_variants_say_where_each_spelling_is() -> None:
    got = [f.message for f in check_text(EXTRA, lang="en").findings if f.code == "NAM001"]
    assert got == ["`Yuri` here; spelt `Yury` at line 1 and 2 more places"]
