"""UNT001 untranslated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from tqcheck import mojibake
from tqcheck.lang.profiles import PROFILES
from tqcheck.model import Paragraph
from tqcheck.rules.base import Context, Hit
from tqcheck.rules.unt002_mixed_script_word import (
    ROMAN_IN_CYRILLIC,
    is_lookalike_slip,
    lookalike_letters,
    stray_cyrillic,
)
from tqcheck.text import CYRILLIC, LATIN, in_script, iter_words, script_of

MIN_WORDS_FOR_PARAGRAPH_LANGUAGE = 8
# wordfreq Zipf frequency from which a lower-case Latin word in a Cyrillic text is English left
# untranslated (`said` 6.0, `deal` 5.3, `workers` 5.0) and below which it may be a term, a code or
# a transliteration. Two-letter words need more (`km` 4.4, `gr` 3.5 are not leftovers; `on` 6.9 is).
MIN_ZIPF = 3.5
MIN_ZIPF_SHORT = 5.0
# Latin lower-case words Russian news writes as they are: units, web and tech terms, name
# particles (`von der Leyen`, `de Gaulle`, `bin Salman`).
KEEP_LATIN: frozenset[str] = frozenset(
    (
        "online offline email e-mail web www http https html pdf id ok vs via feat etc et al tm wi-fi wifi "
        "km kg mg ml cm mm gb mb kb tb hz khz mhz ghz kw mw gw kwh ppm fps rpm bit bps sms ip "
        "de la le les du des da di dos del della van von der den ter ten bin ibn al el ben "
        "facto jure hoc quo per se vice versa versus bona fide"
    ).split()
)
# Spans that are not words of any language: e-mail addresses, URLs and domains (`travel.gov.gr`,
# `стопкоронавирус.рф`), hashtags and handles, code-like tokens (`snake_case`, `BNT162b2`).
# Each alternative that starts with a repeated class starts only at the beginning of a token:
# tried at every offset of a 40,000-letter word it was quadratic.
_NOT_PROSE = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?:https?://|www\.)\S+"
    r"|(?<![\w.@-])(?:[\w-]+\.)+(?:[a-z]{2,6}|рф|рус|москва|укр|бел|срб)(?![\w])(?:/\S*)?"
    r"|[#@][\w.]+"
    r"|(?<!\w)\w*_\w+"
    r"|(?<![^\W_])[^\W_]*\d[^\W_]*(?:-[^\W\d_]+)?"  # `BNT162b2`, `COVID19`, `5G`, `A320neo`, `15-pin`
    r"|\b[^\W\d_]{1,3}(?==)"  # `d=22 см`
    r"|\b[a-z]/\w+"  # `r/Military`
    r"|\\[nrt]"  # a newline escaped by the CMS: `\nУшедшее`
    r"|(?<=\d)[ \u00a0]?[AaPp]\.?[Mm]\.?(?!\w)"  # `10 a.m.`, `7 p.m.`
    r"|(?<=\d)[ \u00a0]?[A-Za-z]{1,3}\b(?![.@/])"  # units after a figure: `5 kg`, `10 mph`, `3 pm`
)


@lru_cache(maxsize=65536)
def _english(word: str) -> bool:
    """True for a lower-case word common in English that Russian does not borrow as it is."""
    if word in KEEP_LATIN:
        return False
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= (MIN_ZIPF_SHORT if len(word) <= 2 else MIN_ZIPF)


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags text the MT left in the source language: words in another script (Cyrillic in an
        English target), English words left in a Russian target (a lower-case word common in
        English, such as `next month` or `said`; one is enough), and whole paragraphs detected
        to be in another language. Latin script that belongs in Russian news is not flagged:
        names and titles (`The Mail on Sunday`, `«Face the Nation»`, `Black Lives Matter`),
        brands, acronyms, domains and e-mail addresses, units and code-like tokens.

    Why is this bad?
        Untranslated fragments slip through when the engine fails on a segment or a name; the
        reader cannot read them and spell-checkers skip them.

    Example:
        ```
        The minister said the talks would continue (переговоры продолжатся) next week.
        ```

    Use instead:
        ```
        The minister said the talks would continue next week, the agency RIA reported.
        ```
    """
    target = ctx.profile
    foreign = LATIN if target.script == "Cyrl" else CYRILLIC
    for p in ctx.prose():
        lang = p.language
        if lang is not None and lang != target.code and _other_language(p.text, lang, target.script):
            if mojibake.find(p.text):
                continue  # garbled, not foreign: ENC001 reports it
            name = PROFILES[lang].name if lang in PROFILES else lang
            yield ctx.hit(p, 0, len(p.text), f"paragraph is in {name}, not {target.name}")
            continue
        if not foreign.search(p.text):
            continue  # the common case: no letter of the other script at all
        text = _NOT_PROSE.sub(lambda m: " " * len(m.group()), p.text)
        hits = list(_latin_leftovers(ctx, p, text) if target.script == "Cyrl" else _cyrillic_runs(ctx, p, text))
        if hits and mojibake.find(p.text):
            continue
        yield from hits


def _cyrillic_runs(ctx: Context, p: Paragraph, text: str) -> Iterator[Hit]:
    """Every run of Cyrillic words in a Latin-script target (one-letter look-alikes are UNT002's)."""
    run: list[tuple[int, int]] = []
    tokens = list(iter_words(text))
    for k, m in enumerate(tokens):
        scripts = {script_of(ch) for ch in m.group() if ch.isalpha()}
        word = m.group()
        lookalike = (
            len(word) == 1 and (is_lookalike_slip(text, m.start(), word) or stray_cyrillic(tokens, k))
        ) or ROMAN_IN_CYRILLIC.fullmatch(word)
        if scripts == {"Cyrl"} and not lookalike and not (word == "С" and text[: m.start()].endswith("°")):
            run.append(m.span())
            continue
        yield from _emit(ctx, p, run)
        run = []
    yield from _emit(ctx, p, run)


def _emit(ctx: Context, p: Paragraph, run: list[tuple[int, int]]) -> Iterator[Hit]:
    if run:
        start, end = run[0][0], run[-1][1]
        yield ctx.hit(p, start, end, f"untranslated text `{p.text[start:end]}`")


_GLUE = re.compile(r"[\s\d&'’.,:;!?()\-–—\"“”«»/+]*")


def _latin_leftovers(ctx: Context, p: Paragraph, text: str) -> Iterator[Hit]:
    """English words left in a Russian target.

    Latin words are taken in runs (words joined by spaces, digits and punctuation only). In a run,
    capitalised, all-caps and mixed-case words (`Guardian`, `NASA`, `iPhone`) are names; a
    lower-case word between two capitalised ones is part of a title (`The Mail on Sunday`,
    `Face the Nation`); any other lower-case word that English uses often is a leftover.
    """
    runs: list[list[re.Match[str]]] = [[]]
    last_end = 0
    for m in iter_words(text):
        word = m.group()
        latin = in_script(word, "Latn")
        if not latin or (len(word) == 1 and word in lookalike_letters("Latn")):
            runs.append([])
        elif runs[-1] and not _GLUE.fullmatch(text, last_end, m.start()):
            runs.append([m])
        else:
            runs[-1].append(m)
        last_end = m.end()
    for run in runs:
        if run and run[0].group()[0].isupper() and _quoted(text, run[0].start(), run[-1].end()):
            continue  # a title in quotation marks: `«The Show Must Go On»`
        flagged = [i for i, m in enumerate(run) if _is_leftover(run, i) and not _name_tail(p.text, run, i)]
        if flagged:
            start, end = run[flagged[0]].start(), run[flagged[-1]].end()
            words = p.text[start:end]
            yield ctx.hit(p, start, end, f"English left untranslated: `{words}`")


def _quoted(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is all there is between a pair of quotation marks."""
    before = text[:start].rstrip()[-1:]
    after = text[end:].lstrip(" .,!?")[:1]
    return (before, after) in (("«", "»"), ("„", "“"), ("“", "”"), ('"', '"'))


def _is_leftover(run: list[re.Match[str]], i: int) -> bool:
    word = run[i].group()
    if not word.islower() or not _english(word.lower()):
        return False
    before = any(m.group()[0].isupper() for m in run[:i])
    after = any(m.group()[0].isupper() for m in run[i + 1 :])
    return not (before and after)


_AFTER_NAME = re.compile(r"\s*(?:[\d.,;:!?)»”\"]|$)")


def _name_tail(text: str, run: list[re.Match[str]], i: int) -> bool:
    """The lower-case last word of a product or service name: two or more capitalised words
    before it and a size, a number or punctuation after it (`Vivre Dual royal 70x200`,
    `Royal Mail Signed for.`); `Boris Johnson said это` is still a leftover."""
    return (
        i == len(run) - 1
        and i >= 2
        and all(m.group()[0].isupper() for m in run[:i])
        and _AFTER_NAME.match(text, run[i].end()) is not None
    )


def _other_language(text: str, lang: str, script: str) -> bool:
    """Trust a paragraph's detected language: a script change needs 8 words, the same script
    (French in English, Bulgarian in Russian: langdetect's usual confusions) needs 16."""
    tokens = [m.group() for m in iter_words(text)]
    n = len(tokens)
    if script == "Cyrl" and _script_of_language(lang) == "Latn":
        # Names, titles and brands in Latin script make many a Russian paragraph mostly Latin:
        # English prose also has lower-case words.
        prose = [m.group() for m in iter_words(_NOT_PROSE.sub(" ", text))]
        lower = sum(1 for t in prose if t.islower() and LATIN.match(t) and _english(t))
        if lower < 3 or lower < 0.25 * n:
            return False
    if _script_of_language(lang) != script:
        return _foreign_share(text, script) > 0.5 and n >= MIN_WORDS_FOR_PARAGRAPH_LANGUAGE
    # Same script: only the words in it count (names in the other script say nothing about it).
    own = sum(1 for t in tokens if in_script(t, script))
    return _script_of_language(lang) == script and own >= 2 * MIN_WORDS_FOR_PARAGRAPH_LANGUAGE


def _script_of_language(code: str) -> str:
    """Script a detected language is written in (enough to tell Cyrillic from Latin ones)."""
    return "Cyrl" if code in ("ru", "uk", "bg", "mk", "sr", "be") else "Latn"


def _foreign_share(text: str, script: str) -> float:
    """Share of the text's letters that are not in ``script``."""
    letters = [script_of(ch) for ch in text if ch.isalpha()]
    return sum(1 for s in letters if s != script) / len(letters) if letters else 0.0
