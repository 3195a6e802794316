"""Proper names in text, comparable across Latin and Cyrillic: `Кирби` = `Kirby`,
`Мухриддин` ≈ `Mukhriddin`, `Вашингтоне` ≈ `Washington`.

A name is a capitalised word that does not start a sentence (or that also appears capitalised
mid-sentence elsewhere). Cyrillic names are transliterated, both sides are folded with
:func:`tqcheck.rules.nam001_name_variants.skeleton`, and two names match when one folded form is
a prefix of the other up to a Russian case ending. Common place names that English translates
rather than transliterates (`Россия` → `Russia`) come from a small exonym table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from tqcheck.lang.profiles import AGENCIES
from tqcheck.text import iter_words

# Spellings that one Cyrillic name takes in Latin transliteration, folded to one form.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("shch", "sh"),
    ("sch", "sh"),
    ("dzh", "j"),
    ("dj", "j"),
    ("kh", "h"),
    ("ks", "x"),
    ("ts", "c"),
    ("tz", "c"),
    ("yu", "u"),
    ("iu", "u"),
    ("ya", "a"),
    ("ia", "a"),
    ("yo", "o"),
    ("ye", "e"),
    ("ph", "f"),
    ("w", "v"),
    ("y", "i"),
)


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """A transliteration-blind key: `Mukhriddin` and `Muhriddin` both give `muhridin`."""
    key = name.lower()
    for old, new in _FOLDS:
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)


_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)
# Russian names English renders by an established exonym, stem -> English skeleton stem.
EXONYMS: dict[str, str] = {
    "росси": "rusia", "москв": "moscow", "кита": "china", "герман": "germany", "украин": "ukraine",
    "белорусси": "belarus", "беларус": "belarus", "япони": "japan", "франци": "france",
    "великобритани": "britain", "британи": "britain", "польш": "poland", "турци": "turkey",
    "инди": "india", "грузи": "georgia", "армени": "armenia", "европ": "europe", "америк": "america",
    "киев": "kiev", "минск": "minsk", "пекин": "beijing", "варшав": "warsaw", "вен": "vienna",
    "рим": "rome", "праг": "prague", "ташкент": "tashkent", "душанбе": "dushanbe", "афганистан": "afganistan",
    "кабул": "kabul", "сирии": "siria", "сири": "siria", "ирак": "iraq", "иран": "iran", "израил": "israel",
    "нато": "nato", "оон": "un", "сша": "us", "пентагон": "pentagon",
    "госдеп": "state", "ази": "asia", "евросоюз": "european|eu", "ашхабад": "ashgabat", "астан": "astana",
    "север": "north", "юг": "south", "средн": "middle|central", "транскаспийск": "transkaspian", "каспи": "kaspian",
    "кремл": "kremlin", "минтранс": "ministry", "минобороны": "ministry", "мид": "ministry", "высш": "higher", "казахстан": "kazakhstan", "азербайджан": "azerbaijan", "туркмени": "turkmenistan",
}  # fmt: skip
_RU_ENDINGS = ("ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ом", "ем", "ым", "им",
               "ах", "ях", "ов", "ев", "ую", "юю", "а", "я", "у", "ю", "е", "ы", "и")  # fmt: skip
_SENTENCE_END = ".!?…"


@dataclass(frozen=True)
class Name:
    text: str
    key: str  # folded Latin form
    start: int
    end: int
    # Start of the next name when only a space separates them (`Safe Roads Quality`): the words
    # of one multi-word name, reported as one.
    next_start: int | None = None


def transliterate(word: str) -> str:
    return "".join(_TRANSLIT.get(ch, ch) for ch in word.lower())


def _key(word: str) -> str:
    lowered = word.lower()
    if any("а" <= ch <= "я" or ch == "ё" for ch in lowered):
        for stem, exonym in EXONYMS.items():
            if lowered.startswith(stem) and len(lowered) - len(stem) <= 3:
                return "|".join(_fold(e) for e in exonym.split("|"))
        return _fold(transliterate(lowered))
    return _fold(lowered)


def _is_exonym(word: str) -> bool:
    lowered = word.lower()
    return any(lowered.startswith(stem) and len(lowered) - len(stem) <= 3 for stem in EXONYMS) or any(
        _fold(lowered) in e.split("|") for e in EXONYMS.values()
    )


def _fold(latin: str) -> str:
    # A silent or digraph `h` after a consonant (`John`/`Dzhon`, `Washington`/`Vashington`).
    key = re.sub(r"(?<=[bcdfgjkpqrstvwxz])h|h(?![aeiouy])", "", skeleton(latin))
    return key.replace("c", "k").replace("q", "k")  # `Caspian`/`Каспий`; `ts` was folded to `c` first


def names(text: str, include_initial: bool = False) -> list[Name]:
    """Capitalised words that are names rather than sentence starts (acronyms excluded).

    A sentence-initial word counts when it is capitalised mid-sentence elsewhere, or always with
    ``include_initial`` (the side searched for counterparts: any capitalised word there may be
    the name). Agency names (`РИА Новости`) are not names of the story.
    """
    found: list[Name] = []
    capitalised_mid: set[str] = set()
    candidates: list[tuple[str, int, int, bool]] = []
    for agency in AGENCIES:
        if agency in text:
            text = text.replace(agency, " " * len(agency))
    for m in iter_words(text):
        word = m.group()
        if len(word) < 3 or not word[0].isupper() or word.isupper():
            continue
        raw_before = text[: m.start()].rstrip(" \t")
        before = raw_before.rstrip("\"'“«„(—–-")
        # After an opening quotation mark a new sentence starts (`сказал он: «Для …`).
        opens_quote = (
            bool(raw_before) and raw_before[-1] in '«„“"' and not raw_before[:-1].rstrip().endswith(("»", "”"))
        )
        initial = not before or before[-1] in _SENTENCE_END or before.endswith("\n") or opens_quote
        candidates.append((word, m.start(), m.end(), initial))
        if not initial:
            capitalised_mid.add(word)
    for word, start, end, initial in candidates:
        if initial and not include_initial and word not in capitalised_mid:
            continue
        found.append(Name(word, _key(word), start, end))
    for i in range(len(found) - 1):
        gap = text[found[i].end : found[i + 1].start]
        # `Пентагона Джон Кирби`: a place or body before a person's name is not part of it.
        if gap in (" ", "\u00a0", "-") and not _is_exonym(found[i].text):
            found[i] = replace(found[i], next_start=found[i + 1].start)
    return found


def same_name(a: str, b: str) -> bool:
    """Folded keys that are the same name, allowing a Russian case ending on either side.
    A key may list alternatives (`middle|central`): any one matching is enough."""
    if "|" in a or "|" in b:
        return any(same_name(x, y) for x in a.split("|") for y in b.split("|"))
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) == 3:  # `Asia`/`Asian` fold to `asa`/`asan`: a whole short key plus an ending
        return long_.startswith(short) and len(long_) - len(short) <= 2
    return len(short) >= 4 and long_.startswith(short[: max(4, len(short) - 2)]) and len(long_) - len(short) <= 3


@lru_cache(maxsize=65536)
def similar_name(a: str, b: str) -> bool:
    """Looser than :func:`same_name`, for matching across scripts: transliterations drift
    (`Ashkhabad`/`Ashgabat`) and Russian endings change the last letters."""
    if same_name(a, b):
        return True
    if "|" in a or "|" in b:
        return any(similar_name(x, y) for x in a.split("|") for y in b.split("|"))
    from difflib import SequenceMatcher

    a, b = a[: max(4, len(a) - 2)], b[: max(4, len(b) - 2)]
    return len(a) >= 4 and len(b) >= 4 and SequenceMatcher(None, a, b).ratio() >= 0.75


def missing_names(source: list[Name], target: list[Name], loose: bool = False) -> list[Name]:
    """Names of ``source`` with no counterpart among ``target``'s (first occurrence of each).

    Missing words of one multi-word name come back as one name (`Safe Roads Quality`), in the
    order of ``source``. A multi-word name whose last word is there is not missing: news shortens
    `Lloyd Austin` to `Austin`, and a first name alone is no name of its own.
    """
    missing = _missing_words(source, target, loose)
    gone = {n.key for n in missing}
    kept: set[str] = set()
    chains: list[list[Name]] = []
    for n in source:
        if chains and chains[-1][-1].next_start == n.start:
            chains[-1].append(n)  # the name goes on with this word
        else:
            chains.append([n])
    for chain in chains:
        if len(chain) > 1 and chain[-1].key not in gone:
            kept.update(w.key for w in chain[:-1])
    return _join_words([n for n in missing if n.key not in kept])


def _join_words(missing: list[Name]) -> list[Name]:
    out: list[Name] = []
    for n in missing:
        last = out[-1] if out else None
        if last is not None and last.next_start == n.start:
            sep = " " if n.start - last.end == 1 else "-"
            out[-1] = Name(f"{last.text}{sep}{n.text}", f"{last.key} {n.key}", last.start, n.end, n.next_start)
        else:
            out.append(n)
    return out


def _missing_words(source: list[Name], target: list[Name], loose: bool) -> list[Name]:
    match = similar_name if loose else same_name
    keys = sorted({n.key for n in target})
    seen: set[str] = set()
    out = []
    for n in source:
        if n.key in seen:
            continue
        seen.add(n.key)
        if not any(match(n.key, k) for k in keys):
            out.append(n)
    return out
