"""Safe fixes never destroy text: they delete only what a rule proved to be furniture.

A safe fix may remove a marker line (`RT`), a caption bullet or a photo credit, the second of a
doubled word, and may spell out a calqued abbreviation (`mln` -> `million`). It never removes a
paragraph that carries story text, however much it looks like a credit: a sentence ending in
`according to Interfax / TASS`, a dateline lead `MOSCOW, March 3. /TASS/. …`, a sentence about a
press service or a photo. Checked on every professional article of ../shared/data (text nobody
here wrote) and on generated story sentences built to look like credits.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck.checker import build_document
from tqcheck.fixer import fix_document, fix_text
from tqcheck.lang.profiles import get_profile
from tqcheck.reading import from_string
from tqcheck.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"\w+")
# Latin and Cyrillic look-alikes folded together: UNT002 repairs `cпрос` (Latin c) to `спрос`,
# which changes no word a reader sees.
FOLD = str.maketrans("аеорсухкмтвнАЕОРСУХКМТВН", "aeopcyxkmtbhAEOPCYXKMTBH")


def _wmtdata() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wmtdata", ROOT / "benchmarks" / "wmtdata.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("wmtdata", module)
    spec.loader.exec_module(module)
    return module


def word_counts(text: str) -> Counter[str]:
    return Counter(w.lower().translate(FOLD) for w in WORD.findall(text))


def lost_words(before: str, after: str, lang: str) -> dict[str, int]:
    """Words the fix removed, less the ones a safe fix may remove: the second of a doubled word
    (`the the`, `blah blah`) and calqued abbreviations it spelled out (`mln`)."""
    lost = word_counts(before) - word_counts(after)
    calques = {k.lower() for k in get_profile(lang).calques}
    folded = before.lower().translate(FOLD)
    return {
        w: n
        for w, n in lost.items()
        if w not in calques and not re.search(rf"(?<!\w){re.escape(w)}\W+{re.escape(w)}(?!\w)", folded)
    }


def test_fix_keeps_every_word_of_professional_news() -> None:
    """`fix` (safe fixes) over every professional article of both WMT sets removes no story word."""
    wmtdata = _wmtdata()
    if not wmtdata.available():
        pytest.skip(f"the WMT data is not here ({wmtdata.DATA}); CI always has ../shared")
    articles = wmtdata.professional()
    assert len(articles) > 500 and {a.lang for a in articles} == {"en", "ru"}
    damaged: list[str] = []
    changed = 0
    for article in articles:
        settings = Settings(lang=article.lang)
        document = build_document(from_string(article.text()), article.name, settings)
        result = fix_document(document, settings)
        assert all(f.fix is not None and f.fix.safe for f in result.applied)
        changed += result.changed
        lost = lost_words(document.text, result.text, article.lang)
        if lost:
            damaged.append(f"{article.name}: {lost} by {sorted({f.code for f in result.applied})}")
    assert changed > 0, "no article was fixed at all: the property would hold vacuously"
    assert damaged == []


STORY = (
    "Sanctions on the bank were lifted on Friday",
    "The government approved the new budget on Monday",
    "Prices for grain rose by a third over the summer",
    "Правительство одобрило новый бюджет в понедельник",
)
AGENCIES = ("Interfax", "TASS", "Reuters", "RIA Novosti", "AP", "AFP", "Getty Images", "Sputnik")
CREDIT_LOOKALIKES = (
    "{story}, according to {a} / {b}.",
    "{story}, {a} / {b} reported.",
    "MOSCOW, March 3. /{a}/. {story}.",
    "MOSCOW, March 3. /{a}/.",
    "Credit: {story_lower}.",
    "Image: {story_lower}.",
    "{a} / {b}: {story}.",
    "The {a} press service said on Monday that {story_lower}.",
    "Press service of {a} said that {story_lower}.",
    "Photo by photo, the archive of {a} was rebuilt, and {story_lower}.",
    "Photo: {story_lower}, officials said, and the work went on through the night.",
    "Фото ребенка опубликовало {a}, и {story_lower}.",
    "Пресс-служба Кремля сообщила, что {story_lower}.",
    "{story} ({a}).",
    "{story}. © {a} said so in a statement, and the ministry confirmed it later that day.",
)


LINE = st.builds(
    lambda template, story, a, b, bullet: (
        bullet + template.format(story=story, story_lower=story[0].lower() + story[1:], a=a, b=b)
    ),
    st.sampled_from((*CREDIT_LOOKALIKES, "{a} press service", "{story}")),
    st.sampled_from(STORY),
    st.sampled_from(AGENCIES),
    st.sampled_from(AGENCIES),
    st.sampled_from(("", "• ", "  • ", "- ")),
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(LINE, min_size=1, max_size=4),
    separators=st.lists(st.sampled_from(("\n", "\n\n")), min_size=3, max_size=3),
    position=st.integers(min_value=0, max_value=2),
)
def test_story_sentences_that_look_like_credits_survive_fix(
    lines: list[str], separators: list[str], position: int
) -> None:
    """Sentences that name agencies, photos or a press service, bulleted or not, on consecutive
    lines or in paragraphs of their own, are story text: fix keeps every word of them."""
    block = lines[0] + "".join(sep + line for sep, line in zip(separators, lines[1:], strict=False))
    paragraphs = ["The talks went on for a week.", "The ministers met again on Friday."]
    paragraphs.insert(position, block)
    text = "\n\n".join(paragraphs) + "\n"
    lang = "ru" if len(re.findall("[а-яё]", text)) > len(re.findall("[a-z]", text)) else "en"
    fixed = fix_text(text, lang=lang)
    assert lost_words(text, fixed, lang) == {}, fixed


@pytest.mark.parametrize(
    "paragraph",
    [
        "Sanctions on the bank were lifted on Friday, according to Interfax / TASS.",
        "MOSCOW, March 3. /TASS/. The government approved the plan to rebuild the port.",
        "The Kremlin press service said the talks had been productive.",
        "Фото: так выглядел мост до ремонта, рассказали жители, которые ждали его десять лет.",
    ],
)
def test_the_paragraphs_fix_once_deleted_are_kept(paragraph: str) -> None:
    """The two paragraphs of the issue (and kin) are not furniture: no finding removes them."""
    text = f"The talks went on.\n\n{paragraph}\n\nThe ministers met again.\n"
    lang = "ru" if "Фото" in paragraph else "en"
    assert fix_text(text, lang=lang) == text
