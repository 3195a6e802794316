"""Figures in text, normalised across languages so that `2,5 млрд` = `2.5 billion`,
`1 500` = `1,500`, `2 июля` = `July 2` and `$240 млн` = `$240 million`.

Each figure becomes a canonical string: a number with its magnitude applied (`2500000000`), or a
date (`date:7-2`). Small bare integers (0-10) are skipped: English spells them out (`two`) where
Russian writes digits, and the reverse.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_MAGNITUDES_EN = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "billion": 1e9, "bln": 1e9, "bn": 1e9,
                  "trillion": 1e12, "trln": 1e12}  # fmt: skip
_MAGNITUDES_RU = {"тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "млн": 1e6, "миллион": 1e6,
                  "миллиона": 1e6, "миллионов": 1e6, "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9,
                  "миллиардов": 1e9, "трлн": 1e12, "триллион": 1e12, "триллиона": 1e12, "триллионов": 1e12}  # fmt: skip
_MONTHS_EN = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december"]  # fmt: skip
_MONTHS_RU = ["январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"]
_MONTH_RU_RE = "|".join(
    [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
        "январе",
        "феврале",
        "марте",
        "апреле",
        "мае",
        "июне",
        "июле",
        "августе",
        "сентябре",
        "октябре",
        "ноябре",
        "декабре",
    ]
)
_MAG_ALT = "|".join(sorted({*_MAGNITUDES_EN, *_MAGNITUDES_RU}, key=len, reverse=True))
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,3}(?:,\d{3})+(?![\d])|\d+(?:[.,]\d+)?)"
    rf"(?:[ \u00a0]?({_MAG_ALT})\b\.?)?",
    re.IGNORECASE,
)
_DATE_EN = re.compile(rf"\b({'|'.join(m.capitalize() for m in _MONTHS_EN)})\s+(\d{{1,2}})\b(?!,\d)")
_DATE_EN_DM = re.compile(rf"\b(\d{{1,2}})\s+({'|'.join(m.capitalize() for m in _MONTHS_EN)})\b")
_DATE_RU = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RU_RE})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    value: str  # canonical form
    start: int
    end: int
    text: str


def _month_ru(word: str) -> int:
    w = word.lower()
    for i, stem in enumerate(_MONTHS_RU):
        if w.startswith(stem) and (stem != "ма" or w in ("мая", "мае")):
            return i + 1
    return 0


def _parse_number(raw: str, lang: str) -> float | None:
    s = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?: \d{3})+", s):
        return float(s.replace(" ", ""))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
        # `1,500` is a thousand-grouped number in English and 1.5 in Russian.
        return float(s.replace(",", "")) if lang != "ru" else float(s.replace(",", "."))
    try:
        return float(s.replace(",", "."))
    except ValueError:
        return None


def figures(text: str, lang: str) -> list[Figure]:
    """Every figure in a text, canonicalised."""
    out: list[Figure] = []
    taken: list[tuple[int, int]] = []
    date_patterns = [(_DATE_RU, True)] if lang == "ru" else [(_DATE_EN, False), (_DATE_EN_DM, True)]
    for pattern, day_first in date_patterns:
        for m in pattern.finditer(text):
            day, month = (m.group(1), m.group(2)) if day_first else (m.group(2), m.group(1))
            month_n = _month_ru(month) if lang == "ru" else _MONTHS_EN.index(month.lower()) + 1
            if month_n:
                out.append(Figure(f"date:{month_n}-{int(day)}", m.start(), m.end(), m.group()))
                taken.append(m.span())
    for m in _NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        value = _parse_number(m.group(1), lang)
        if value is None:
            continue
        mag = m.group(2)
        if mag:
            value *= {**_MAGNITUDES_EN, **_MAGNITUDES_RU}[mag.lower()]
        elif value.is_integer() and value <= 10:
            continue
        # Plain decimal, rounded past float noise: `4.1 billion` and `4,100,000,000` agree.
        canonical = f"{round(value, 6):.6f}".rstrip("0").rstrip(".")
        end = m.end()
        if mag and m.group().endswith(".") and len(mag) > 4:  # `million.` ends a sentence; `млн.` abbreviates
            end -= 1
        out.append(Figure(canonical, m.start(), end, text[m.start() : end].strip()))
    out.sort(key=lambda f: f.start)
    return out


def missing(a: list[Figure], b: list[Figure]) -> list[Figure]:
    """Figures of ``a`` with no counterpart in ``b`` (as a multiset)."""
    pool = Counter(f.value for f in b)
    out = []
    for f in a:
        if pool[f.value] > 0:
            pool[f.value] -= 1
        else:
            out.append(f)
    return out
