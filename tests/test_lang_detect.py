"""Language identification: the fast langdetect loop gives langdetect's own answer."""

from __future__ import annotations

import pytest

from tqcheck.lang.detect import DEFAULT_CANDIDATES, _detect_block, _factory, detect_language

pytest.importorskip("langdetect")

# Texts that the stop-word test does not settle, so that they reach langdetect.
TEXTS = (
    "Die Bundesregierung plant neue Hilfen für Unternehmen, teilte das Ministerium am Montag mit.",
    "Le gouvernement prévoit de nouvelles aides pour les entreprises, selon le ministère lundi.",
    "Уряд планує нову допомогу підприємствам, повідомило міністерство в понеділок увечері.",
    "Правителството планира нова помощ за предприятията, съобщи министерството в понеделник.",
    "Москва, 12 марта. Министерство обороны сообщило о завершении учений войск округа.",
    "Tariffs, quotas, subsidies: exporters complained loudly about shipping delays yesterday.",
    "ok ok ok ok ok ok ok ok ok ok",
)


@pytest.mark.parametrize("text", TEXTS)
def test_fast_loop_matches_langdetect(text: str) -> None:
    factory = _factory(DEFAULT_CANDIDATES)
    theirs = factory.create()
    theirs.append(text)
    ours = factory.create()
    ours.append(text)
    _detect_block(ours)
    theirs._detect_block()  # langdetect's own loop
    assert ours.langprob == theirs.langprob  # exactly: same floats, same random draws
    assert [(p.lang, p.prob) for p in ours.get_probabilities()] == [
        (p.lang, p.prob) for p in theirs.get_probabilities()
    ]


def test_detect_language_examples() -> None:
    assert detect_language(TEXTS[0]) == "de"
    assert detect_language(TEXTS[2]) == "uk"
    assert detect_language("The minister said on Monday that the plan would be published.") == "en"
    assert detect_language("1234 — 5678") is None
