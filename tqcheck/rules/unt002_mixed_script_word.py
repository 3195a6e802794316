"""UNT002 mixed-script-word."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from tqcheck.model import Paragraph
from tqcheck.rules.base import Context, Hit
from tqcheck.text import CYRILLIC, LATIN, in_script, iter_words, script_of

# Cyrillic letters that look like Latin ones, and back.
CYR_TO_LAT = dict(zip("аеорсуххкАВЕКМНОРСТХіјѕІЈЅ", "aeopcyxxkABEKMHOPCTXijsIJS", strict=True))
LAT_TO_CYR = {lat: cyr for cyr, lat in CYR_TO_LAT.items()}
# One-letter words of each script that a look-alike of the other script can stand in for:
# Russian `а в к о с у` (`B лесу`, `o Львове`), English `a I` (`а cat`).
_ONE_LETTER_WORDS = {"Cyrl": frozenset("авкосуАВКОСУ"), "Latn": frozenset("aAI")}


@cache
def lookalike_letters(script: str) -> frozenset[str]:
    """One-letter words in ``script`` that are look-alikes of a one-letter word of the other
    script (`o` for Russian `о`): in text of the other script they are homoglyph slips."""
    other = "Latn" if script == "Cyrl" else "Cyrl"
    table = CYR_TO_LAT if script == "Cyrl" else LAT_TO_CYR
    return frozenset(ch for ch, twin in table.items() if twin in _ONE_LETTER_WORDS[other])


# Cyrillic letters Russian does not use (Ukrainian `і`, Macedonian `ѕ`, Serbian `ј` ...): a fix may
# write one only in a word that already has a letter of that kind (`Kиїв` -> `Київ`), never turn
# `Sтрана` into `Ѕтрана` in a Russian text.
_NON_RUSSIAN_CYRILLIC = frozenset("іїєґјѕўђћљњџІЇЄҐЈЅЎЂЋЉЊЏ")
_PART = re.compile(r"[^\W\d_]+")
# Every character `script_of` may call Latin (a superset: the test below is only a shortcut).
_MAYBE_LATIN = re.compile(r"[\x00-\u024f\u1e00-\u1eff]")
_ESCAPED_NEWLINE = re.compile(r"\\[nrt]")
# `50°С` with a Cyrillic `С`; Roman numerals typed with Cyrillic `Х` and `І` (`ХХ век`, `ХІ`).
ROMAN_IN_CYRILLIC = re.compile(r"(?=[XIV]*[ХІ])[ХІXIV]{2,}")
_CYRILLIC_LOOKALIKES = re.compile(rf"°С(?![^\W\d_])|(?<![^\W\d_]){ROMAN_IN_CYRILLIC.pattern}(?![^\W\d_])")


def is_lookalike_slip(text: str, start: int, letter: str) -> bool:
    """True when the one-letter word ``letter`` at ``text[start]`` is a look-alike of the other
    script standing in for a word (`o Львове`) or for a unit after a figure (`50°С`)."""
    script = script_of(letter)
    if script not in ("Latn", "Cyrl"):
        return False
    if letter in lookalike_letters(script):
        return True
    table = CYR_TO_LAT if script == "Cyrl" else LAT_TO_CYR
    # `105х195` with a Cyrillic `х` in a Latin-script text (`°С` is reported as the Celsius sign)
    return script == "Cyrl" and letter in table and text[:start][-1:].isdigit()


def stray_cyrillic(tokens: list[re.Match[str]], k: int) -> bool:
    """A one-letter Cyrillic look-alike of a Latin letter between Latin words (`the Х century`)."""
    ch = tokens[k].group()
    if len(ch) != 1 or ch not in CYR_TO_LAT:
        return False
    if k == 0 or k + 1 >= len(tokens):
        return False
    near = (tokens[k - 1].group(), tokens[k + 1].group())
    return all(in_script(w, "Latn") for w in near)


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a word that mixes Latin and Cyrillic letters, such as `Pеntagon` with a Cyrillic
        `е` or `прo` with a Latin `o`, a one-letter word in the other script's look-alike
        (`B лесу`, `Книга o Львове`), the Celsius sign and Roman numerals typed in Cyrillic
        (`50°С`, `ХХ век`), and offers the word with its look-alike letters replaced.
        Hyphenated compounds written that way (`QR-код`, `SMS-сообщение`) are not flagged.

    Why is this bad?
        Homoglyphs look right but break search, spell-checking and name matching; they come
        from OCR, keyboard-layout slips and MT of mixed input.

    Example:
        ```
        The Pеntagon said it would send more troops.
        ```

    Use instead:
        ```
        The Pentagon said it would send more troops.
        ```
    """
    for p in ctx.prose():
        # both patterns need a Cyrillic `С` after `°`, or a Cyrillic `Х` or `І`
        lookalikes = "°С" in p.text or "Х" in p.text or "І" in p.text
        for m in _CYRILLIC_LOOKALIKES.finditer(p.text) if lookalikes else ():
            word = m.group()
            if word == "°С" and ctx.profile.script == "Cyrl":
                continue  # `°С` with a Cyrillic `С` is the Russian designation of the degree Celsius
            fixed = "".join(CYR_TO_LAT.get(ch, ch) for ch in word)
            what = "the Celsius sign" if word.startswith("°") else "a Roman numeral"
            yield ctx.hit(
                p, m.start(), m.end(), f"`{word}` is {what} typed in Cyrillic letters", fixed, f"write `{fixed}`"
            )
        if not (CYRILLIC.search(p.text) and LATIN.search(p.text)):
            continue  # most paragraphs are in one script: nothing to mix
        tokens = list(iter_words(_ESCAPED_NEWLINE.sub("  ", p.text)))
        for k, m in enumerate(tokens):
            word = m.group()
            if len(word) == 1:
                yield from _one_letter(ctx, p, tokens, k)
                continue
            if ROMAN_IN_CYRILLIC.fullmatch(word):
                continue  # reported above
            for part in _PART.finditer(word):
                yield from _mixed(ctx, p, m.start() + part.start(), part.group())


def _mixed(ctx: Context, p: Paragraph, start: int, word: str) -> Iterator[Hit]:
    if not (CYRILLIC.search(word) and _MAYBE_LATIN.search(word)):
        return  # cheap: a word with no letter of one of the scripts does not mix them
    scripts = [script_of(ch) for ch in word if ch.isalpha()]
    if "Latn" not in scripts or "Cyrl" not in scripts:
        return
    majority = "Latn" if scripts.count("Latn") >= scripts.count("Cyrl") else "Cyrl"
    table = CYR_TO_LAT if majority == "Latn" else LAT_TO_CYR
    minority = "Cyrl" if majority == "Latn" else "Latn"
    fixed = "".join(table.get(ch, ch) if script_of(ch) == minority else ch for ch in word)
    clean = all(script_of(ch) != minority for ch in fixed if ch.isalpha())
    if majority == "Cyrl" and not _NON_RUSSIAN_CYRILLIC.intersection(word):
        clean &= not _NON_RUSSIAN_CYRILLIC.intersection(fixed)  # `Sтрана`: report, do not guess `Ѕ`
    yield ctx.hit(
        p,
        start,
        start + len(word),
        f"`{word}` mixes Latin and Cyrillic letters",
        fixed if clean else None,
        f"write `{fixed}`",
    )


def _one_letter(ctx: Context, p: Paragraph, tokens: list[re.Match[str]], k: int) -> Iterator[Hit]:
    """A one-letter word in the look-alike of the other script, with words of that script around."""
    ch = tokens[k].group()
    script = script_of(ch)
    if script is None or not (is_lookalike_slip(p.text, tokens[k].start(), ch) or stray_cyrillic(tokens, k)):
        return
    other = "Cyrl" if script == "Latn" else "Latn"
    if other != ctx.profile.script:
        return  # a stray letter is judged against the target's script: `105х195` is right in Russian
    neighbours = [tokens[j].group() for j in (k - 1, k + 1) if 0 <= j < len(tokens)]
    twin_is_a_word = ch in lookalike_letters(script)  # `o` for Russian `о`, `а` for English `a`
    if not twin_is_a_word and not any(in_script(w, other) for w in neighbours):
        return  # `50°С` in a Russian text is right
    if twin_is_a_word and not all(len(w) > 1 and in_script(w, other) for w in neighbours):
        return
    if (
        twin_is_a_word
        and ch.isupper()
        and k > 0
        and not p.text[: tokens[k].start()].rstrip().endswith((".", "!", "?", "…"))
    ):
        return  # `категории B`, `витамин C`: a capital letter inside a sentence is a name or a grade
    twin = (LAT_TO_CYR if script == "Latn" else CYR_TO_LAT)[ch]
    # `A. Ответ`, `B) …`: a capital letter label. Its twin may be another label (Latin `B.` would
    # become Russian `В.`, "question"), so the fix is offered, not applied by default.
    label = ch.isupper() and p.text[tokens[k].end() : tokens[k].end() + 1] in (".", ")")
    yield ctx.hit(
        p,
        tokens[k].start(),
        tokens[k].end(),
        f"`{ch}` is a {'Latin' if script == 'Latn' else 'Cyrillic'} letter among "
        f"{'Cyrillic' if other == 'Cyrl' else 'Latin'} words",
        twin,
        f"write `{twin}`",
        safe=not label,
    )
