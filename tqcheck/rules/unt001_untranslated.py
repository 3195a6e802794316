"""UNT001 untranslated."""

from __future__ import annotations

from collections.abc import Iterator

from tqcheck.lang.profiles import PROFILES
from tqcheck.model import Paragraph
from tqcheck.rules.base import Context, Hit
from tqcheck.text import CYRILLIC, LATIN, iter_words, script_of

MIN_WORDS_FOR_PARAGRAPH_LANGUAGE = 8


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags text the MT left in the source language: runs of words in another script
        (Cyrillic in an English target; in a Russian target, runs of three or more Latin words,
        since brand names are written in Latin), and whole paragraphs detected to be in another
        language.

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
            name = PROFILES[lang].name if lang in PROFILES else lang
            yield ctx.hit(p, 0, len(p.text), f"paragraph is in {name}, not {target.name}")
            continue
        if not foreign.search(p.text):
            continue  # the common case: no letter of the other script at all
        run: list[tuple[int, int]] = []
        for m in iter_words(p.text):
            scripts = {script_of(ch) for ch in m.group() if ch.isalpha()}
            if len(scripts) == 1 and scripts != {target.script} and scripts <= {"Latn", "Cyrl"}:
                run.append(m.span())
                continue
            yield from _emit(ctx, p, run)
            run = []
        yield from _emit(ctx, p, run)


def _emit(ctx: Context, p: Paragraph, run: list[tuple[int, int]]) -> Iterator[Hit]:
    if len(run) >= ctx.profile.foreign_run_min_words:
        start, end = run[0][0], run[-1][1]
        yield ctx.hit(p, start, end, f"untranslated text `{p.text[start:end]}`")


def _other_language(text: str, lang: str, script: str) -> bool:
    """Trust a paragraph's detected language: a script change needs 8 words, the same script
    (French in English, Bulgarian in Russian: langdetect's usual confusions) needs 16."""
    n = len(list(iter_words(text)))
    if _foreign_share(text, script) > 0.5:
        return n >= MIN_WORDS_FOR_PARAGRAPH_LANGUAGE
    return _script_of_language(lang) == script and n >= 2 * MIN_WORDS_FOR_PARAGRAPH_LANGUAGE


def _script_of_language(code: str) -> str:
    """Script a detected language is written in (enough to tell Cyrillic from Latin ones)."""
    return "Cyrl" if code in ("ru", "uk", "bg", "mk", "sr", "be") else "Latn"


def _foreign_share(text: str, script: str) -> float:
    """Share of the text's letters that are not in ``script``."""
    letters = [script_of(ch) for ch in text if ch.isalpha()]
    return sum(1 for s in letters if s != script) / len(letters) if letters else 0.0
