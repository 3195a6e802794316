"""Splitting a document into paragraphs and telling what kind each one is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from tqcheck.lang.profiles import LanguageProfile
from tqcheck.model import ParagraphKind
from tqcheck.text import TERMINAL, ends_sentence, words

BULLET_RE = re.compile(r"^(?:[•·●▪◦‣]|[-*+](?=\s)|\d{1,2}[.)](?=\s))\s*")
HEADING_MAX_WORDS = 10


@dataclass(frozen=True)
class Block:
    """A raw blank-line-separated block: its text and where it sits in the document."""

    start: int
    end: int
    line: int
    end_line: int
    text: str


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_ATX = re.compile(r"^\s{0,3}#{1,6}\s")


def split_blocks(text: str) -> Iterator[Block]:
    """Blank-line-separated blocks, trimmed of surrounding white space, with exact positions.

    Markdown is understood as far as articles use it: front matter, fenced code and horizontal
    rules are not text to check, and a `#` heading line is a block of its own.
    """
    lines = text.split("\n")
    skip = _markdown_skips(lines)
    offset = 0
    block_start: int | None = None
    block_line = last_end = last_line = 0

    def flush() -> Iterator[Block]:
        nonlocal block_start
        if block_start is not None:
            yield Block(block_start, last_end, block_line, last_line, text[block_start:last_end])
            block_start = None

    for lineno, line in enumerate(lines, start=1):
        if lineno in skip or not line.strip():
            yield from flush()
        else:
            heading = bool(_ATX.match(line))
            if heading:
                yield from flush()
            if block_start is None:
                block_start = offset + (len(line) - len(line.lstrip()))
                block_line = lineno
            last_end = offset + len(line.rstrip())
            last_line = lineno
            if heading:
                yield from flush()
        offset += len(line) + 1
    yield from flush()


def _markdown_skips(lines: list[str]) -> set[int]:
    """1-based numbers of lines that are front matter, fenced code or horizontal rules."""
    skip: set[int] = set()
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            skip.update(range(1, end + 2))
    fence: str | None = None
    for number, line in enumerate(lines, start=1):
        m = _FENCE.match(line)
        if fence is not None:
            skip.add(number)
            if m and m.group(1) == fence:
                fence = None
        elif m:
            fence = m.group(1)
            skip.add(number)
        elif _RULE.match(line):
            skip.add(number)
    return skip


def bullet_content(text: str) -> str | None:
    """The text after a bullet sign, or None when the block is not a bullet item."""
    m = BULLET_RE.match(text)
    return text[m.end() :] if m else None


def _marker_re(profile: LanguageProfile) -> re.Pattern[str]:
    names = "|".join(re.escape(a) for a in sorted(profile.agencies, key=len, reverse=True))
    return re.compile(rf"^[(\[]?\s*(?:[-–—]\s*)?(?:{names})\s*[)\]]?\s*[.,]?$")


@lru_cache(maxsize=16)
def _marker_pattern(profile: LanguageProfile, extra: tuple[str, ...]) -> re.Pattern[str]:
    return _marker_re(replace(profile, agencies=profile.agencies + extra))


def is_marker(text: str, profile: LanguageProfile, extra: tuple[str, ...] = ()) -> bool:
    """A block that is nothing but an agency name, e.g. ``RT``, ``- Interfax``, ``(TASS)``."""
    return len(text) <= 40 and bool(_marker_pattern(profile, extra).match(text))


# What a credit line may start with: a copyright sign or a photo/image label.
_CREDIT_LABEL = re.compile(
    r"(?:©|\(c\)\s|(?:photos?|images?|pictures?|photograph|credit)\s*:"
    r"|photo(?:graph)?s?\s+(?:by|courtesy\s+of)\s|(?:фото|фотографии|снимок|кадр|скриншот|источник\s+фото)\s*:"
    r"|фото\s+(?=пресс-служб|из\s+(?:открытых\s+источников|соцсетей|социальных\s+сетей|личного\s+архива))"
    r"|[A-Z]{2,6}\s+Photo\s*/)",
    re.IGNORECASE,
)
# Photo agencies: a paragraph that is only one of these names is a credit (news agencies such as
# `Reuters` alone are ART001 markers).
PHOTO_AGENCIES = frozenset(
    s.lower()
    for s in (
        "Getty Images", "AP Photo", "Global Look Press", "EPA", "EPA-EFE", "Shutterstock", "Depositphotos",
        "ZUMA Press", "ZUMA Wire", "East News", "Wikimedia Commons", "Legion-Media", "Kremlin Pool",
        "Kremlin.ru", "Unsplash", "Pexels", "AFP Photo", "Reuters Photo", "Sputnik Photo",
    )
)  # fmt: skip
# Every label of _CREDIT_LABEL holds one of these (lower case).
_CREDIT_WORDS = ("©", "(c) ", "photo", "image", "picture", "credit", "фото", "снимок", "кадр", "скриншот")
# `Kremlin press service`, `Press service of the Ministry of Defence`, `пресс-служба Кремля`.
_PRESS_SERVICE = re.compile(r"(?:press[- ]service|press[- ]office|пресс-служб[аы])\b", re.IGNORECASE)
# Words a credit may hold besides names: `Press service of the Kremlin`, `Courtesy of X`.
_CREDIT_CONNECTORS = frozenset(
    "of the de da del di du la le van von via and for & press service office courtesy pool photo photos "
    "archive handout images image".split()
)
_SENTENCE_BREAK = re.compile(r"[.!?…]\s+\S+\s+\S")  # a full stop followed by more than one word
_MAX_CREDIT_WORDS = 10


def _name_like(part: str) -> bool:
    """A short run of names: capitalised words, handles, figures and credit connector words."""
    tokens = part.split()
    if not tokens or len(tokens) > 6:
        return False
    for token in tokens:
        t = token.strip("()[]\"'“”«».,;:")
        if not t:
            continue
        if not (t[0].isupper() or t[0].isdigit() or t[0] in "@©#" or t.lower() in _CREDIT_CONNECTORS):
            return False
    return True


def _press_service(content: str) -> bool:
    """`Kremlin press service`, `Press service of X`, `пресс-служба Кремля` (a short line only)."""
    if not _PRESS_SERVICE.search(content) or len(content.split()) > 8 or _SENTENCE_BREAK.search(content):
        return False
    if content.lower().startswith(("пресс-служба", "пресс-службы")):
        return len(content.split()) <= 6 and not re.search(r"[,;]|\s(?:сообщил|заявил|сообщает|отметил)", content)
    rest = _PRESS_SERVICE.sub("", content)
    return _name_like(rest) or not rest.strip()


def is_strong_credit(text: str) -> bool:
    """A line that can only be a photo credit: ``© …``, ``Photo: …``, ``Фото: …``, ``@handle``,
    ``AP Photo/Name``. The label must be followed by a short credit, not by a sentence."""
    content = text.strip().rstrip(".")
    if not content or "\n" in content:
        return False
    if re.fullmatch(r"@\w[\w.]*", content):
        return True
    m = _CREDIT_LABEL.match(content)
    if m is None:
        return False
    body = content[m.end() :].strip()
    if m.group().lower().startswith(("image", "picture", "credit")):  # `Credit: Moody's cut the rating.`
        return _name_like(body) and not text.rstrip().endswith(".")
    return (
        len(body.split()) <= _MAX_CREDIT_WORDS
        and len(content) <= 120
        and not _SENTENCE_BREAK.search(body)
        and (
            content[0] == "©"
            or m.group().rstrip().endswith((":", "/"))
            or _name_like(body)
            # `Фото пресс-службы X`, never `Фото пресс-службы опубликовали газеты.`
            or (m.group().strip().lower() == "фото" and len(body.split()) <= 4 and not text.rstrip().endswith("."))
        )
    )


def is_credit(text: str, profile: LanguageProfile) -> bool:
    """A photo credit or source line: ``© @handle``, ``Reuters``, ``Global Look Press / X``,
    ``Kremlin press service / Ivan Petrov``. (A bare ``Kremlin press service`` is a credit only
    next to another credit: see :func:`caption_lines`.) Never a sentence: every part of a
    ``X / Y`` credit is a short run of names, so `…, according to Interfax / TASS.` and a
    dateline `MOSCOW. /TASS/. …` are not."""
    content = text.strip().rstrip(".")
    if not content or "\n" in content:
        return False
    if is_strong_credit(content):
        return True
    lowered = content.lower()
    sources = {s.lower() for s in profile.credit_sources}
    if lowered in sources:
        return True
    parts = [p.strip() for p in re.split(r"\s*/\s*", content)]
    return (
        len(parts) > 1
        and len(content) <= 120
        and any(p.lower() in sources or _press_service(p) for p in parts)
        and all(any(ch.isalpha() for ch in p) for p in parts)  # not a dateline `MOSCOW, March 3. /TASS/.`
        and all(_name_like(p) or _press_service(p) for p in parts)
    )


def may_hold_credit(text: str) -> bool:
    """A cheap first test for :func:`trailing_credit`: most paragraphs hold no credit label."""
    lowered = text.lower()
    return any(word in lowered for word in _CREDIT_WORDS)


def trailing_credit(text: str) -> tuple[int, int] | None:
    """The span of a credit that ends a caption line after its last sentence:
    `The bridge under construction. Photo: Reuters`, `… in 2019 © Sputnik / Ivan Petrov`."""
    if not may_hold_credit(text):
        return None
    bracketed = re.search(r"\s*\(([^()]+)\)\s*$", text)
    if bracketed and bracketed.start() > 0 and is_strong_credit(bracketed.group(1)):
        return bracketed.start(), len(text.rstrip())  # `The bridge in 2019 (Photo: Reuters)`
    for m in re.finditer(r"(?<=[.!?…»”\"])\s+(?=\S)|\s+(?=©|(?:Photo|Фото|Image|Picture)\s*:)", text):
        tail = text[m.end() :]
        if "\n" not in tail and is_strong_credit(tail):
            return m.start(), len(text.rstrip())
    return None


def caption_lines(text: str, profile: LanguageProfile) -> list[tuple[int, int, bool, bool]]:
    """Caption and credit lines inside one block, as (start, end, is_credit, sure) with offsets
    in the block. ``sure`` is False for the one guess: a lone bullet above `• Press service of X`
    may be a caption, or a list item (fix it only when told to).

    Scraped captions often come without blank lines: `  • Construction of the bridge` and
    `  • © Reuters` on consecutive lines, or a credit in two lines (`Kremlin press service` /
    `© Sputnik / Ivan Petrov`). A line is a credit when it is one by :func:`is_credit` and is
    bulleted with `•`, unmistakable (`©`, `Photo:`), a `X / Y` credit or a press service beside
    another credit; the bulleted line right before a run of credits is that photo's caption.
    Other lines are left alone."""
    spans: list[tuple[int, int, str, bool]] = []  # start, end, content, bulleted
    scraped: list[bool] = []  # the `•` of scraped captions, not a Markdown `-` list of agencies
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        content = bullet_content(stripped)
        scraped.append(stripped.startswith(("•", "·", "●")))
        spans.append(
            (
                offset + lead,
                offset + lead + len(stripped),
                stripped if content is None else content,
                content is not None,
            )
        )
        offset += len(line) + 1
    if len(spans) < 2:
        return []
    credit = [
        (is_credit(c, profile) and (scraped[i] or is_strong_credit(c) or "/" in c))
        or (scraped[i] and trailing_credit(c) is not None)  # `• The bridge in 2019 © Reuters`
        for i, (_, _, c, _) in enumerate(spans)
    ]
    press = [_press_service(c) for _, _, c, _ in spans]
    # `X press service` is the first line of a two-line credit, or the credit of a lone caption
    # bullet (`• The bridge` / `• Press service of X`); in a longer list it is just an item.
    pair = len(spans) == 2 and spans[0][3] and spans[1][3] and not press[0] and not any(credit)
    credit = [
        c or (press[i] and (pair or (i > 0 and credit[i - 1]) or (i + 1 < len(credit) and credit[i + 1])))
        for i, c in enumerate(credit)
    ]
    out: list[tuple[int, int, bool, bool]] = []
    for i, (start, end, _content, bulleted) in enumerate(spans):
        if credit[i]:
            out.append((start, end, True, not pair))
        elif bulleted and i + 1 < len(spans) and credit[i + 1]:
            out.append((start, end, False, not pair))
    return out


_LOWERCASE_BRAND = re.compile(r"[a-z]+[A-Z]")  # iPhone, eBay, oOh!, iOS


def starts_lowercase(text: str) -> bool:
    """The text starts with a lower-case word that is not a brand written so (`iPhone`, `eBay`)."""
    stripped = text.lstrip("\"'“«„‘(#* ")
    return bool(stripped) and stripped[0].islower() and not _LOWERCASE_BRAND.match(stripped)


def _starts_upper(text: str) -> bool:
    stripped = text.lstrip("\"'“«„‘(#* ")
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit() or bool(_LOWERCASE_BRAND.match(stripped)))


def classify(
    blocks: list[Block], profile: LanguageProfile, extra_agencies: tuple[str, ...] = ()
) -> list[ParagraphKind]:
    """The kind of every block, using its neighbours (a caption is a group of bullets)."""
    kinds: list[ParagraphKind] = []
    bullets = [bullet_content(b.text) for b in blocks]
    for i, block in enumerate(blocks):
        # `- Reuters` between other `- ` items is a Markdown list of sources, not a marker.
        in_list = block.text[:1] in "-*+" and any(
            0 <= j < len(blocks) and blocks[j].text[:2] in ("- ", "* ", "+ ") for j in (i - 1, i + 1)
        )
        if is_marker(block.text, profile, extra_agencies) and not in_list:
            kinds.append(ParagraphKind.MARKER)
        elif _all_caption_lines(block.text, profile) or _scraped_caption_line(block.text):
            kinds.append(ParagraphKind.CAPTION)
        elif bullets[i] is not None:
            kinds.append(ParagraphKind.BULLET)
        elif (
            is_strong_credit(block.text)
            or (is_credit(block.text, profile) and "/" in block.text)
            or block.text.strip().lstrip("©").strip().rstrip(".").lower() in PHOTO_AGENCIES
        ):
            kinds.append(ParagraphKind.CAPTION)
        else:
            kinds.append(ParagraphKind.BODY)
    _find_captions(blocks, bullets, kinds, profile)
    _find_credit_neighbours(blocks, kinds, profile)
    for i in range(len(blocks)):
        if kinds[i] is ParagraphKind.BODY and _is_heading(blocks, kinds, i):
            kinds[i] = ParagraphKind.HEADING
    return kinds


def _find_captions(
    blocks: list[Block], bullets: list[str | None], kinds: list[ParagraphKind], profile: LanguageProfile
) -> None:
    """Photo captions scraped with the article: bulleted credit lines (`• Reuters`, `• © @handle`)
    and, for each photo, the one caption line right before its credits.

    Scraped captions use the `•` bullet; in a Markdown list (`-`, `*`) a platform name is an item,
    so there a run is a caption only when it holds an unmistakable credit (`©`, `Photo:`, `@x`).
    """
    i = 0
    while i < len(blocks):
        if kinds[i] is not ParagraphKind.BULLET:
            i += 1
            continue
        j = i
        while j < len(blocks) and kinds[j] is ParagraphKind.BULLET:
            j += 1
        credits = [k for k in range(i, j) if is_credit(bullets[k] or "", profile)]
        # `• Kremlin press service` is a credit beside another credit (a two-line credit)
        below = j < len(blocks) and kinds[j] is ParagraphKind.CAPTION and _has_credit(blocks[j].text, profile)
        press = [
            k
            for k in range(i, j)
            if k not in credits
            and _press_service(bullets[k] or "")
            and (k - 1 in credits or k + 1 in credits or (k == j - 1 and below))
        ]
        credits = sorted(credits + press)
        scraped = any(blocks[k].text.startswith(("•", "·", "●")) for k in range(i, j))
        strong = any(is_strong_credit(bullets[k] or "") for k in credits)
        if credits and (scraped or strong or (press and below)):
            for k in credits:
                kinds[k] = ParagraphKind.CAPTION
                # the caption line of each photo stands right before its first credit
                if k > i and k - 1 not in credits:
                    kinds[k - 1] = ParagraphKind.CAPTION
        # a scraped caption bullet right before a block of credit lines (`• © Reuters` below it)
        if (
            j < len(blocks)
            and kinds[j] is ParagraphKind.CAPTION
            and blocks[j - 1].text.startswith(("•", "·", "●"))
            and blocks[j].text.startswith(("•", "·", "●", "©"))
            and kinds[j - 1] is ParagraphKind.BULLET
        ):
            kinds[j - 1] = ParagraphKind.CAPTION
        i = j


def _scraped_caption_line(text: str) -> bool:
    """One scraped caption bullet with its credit: `• The bridge under construction © Reuters`."""
    content = bullet_content(text)
    return (
        "\n" not in text and text.startswith(("•", "·", "●")) and content is not None and bool(trailing_credit(content))
    )


def _all_caption_lines(text: str, profile: LanguageProfile) -> bool:
    """A block of several lines that are all caption and credit lines (a scraped caption)."""
    if "\n" not in text:
        return False
    lines = [line for line in text.split("\n") if line.strip()]
    found = caption_lines(text, profile)
    return len(found) == len(lines) and all(sure for *_, sure in found) and any(c for _, _, c, _ in found)


def _has_credit(text: str, profile: LanguageProfile) -> bool:
    return any(is_credit(bullet_content(line.strip()) or line.strip(), profile) for line in text.split("\n"))


def _find_credit_neighbours(blocks: list[Block], kinds: list[ParagraphKind], profile: LanguageProfile) -> None:
    """The first line of a two-line credit in its own block: `Kremlin press service` next to
    `© Sputnik / Ivan Petrov`. A press service line is a credit only beside another credit."""
    for i, block in enumerate(blocks):
        if kinds[i] not in (ParagraphKind.BODY, ParagraphKind.BULLET):
            continue
        content = bullet_content(block.text) or block.text
        if "\n" in content or not _press_service(content.strip()):
            continue
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(blocks)]
        if any(kinds[j] is ParagraphKind.CAPTION and _has_credit(blocks[j].text, profile) for j in near):
            kinds[i] = ParagraphKind.CAPTION


def _is_heading(blocks: list[Block], kinds: list[ParagraphKind], i: int) -> bool:
    text = blocks[i].text
    if _ATX.match(text):
        return True
    if "\n" in text or not _starts_upper(text):
        return False
    stripped = text.rstrip("\"'”’»)")
    if not stripped or stripped[-1] in TERMINAL + ",;:-–—" or len(words(text)) > HEADING_MAX_WORDS:
        return False
    prev = next((j for j in range(i - 1, -1, -1) if kinds[j] is not ParagraphKind.CAPTION), None)
    if prev is not None and kinds[prev] is ParagraphKind.BODY and not ends_sentence(blocks[prev].text):
        return False
    furniture = (ParagraphKind.CAPTION, ParagraphKind.MARKER)
    nxt = next((j for j in range(i + 1, len(blocks)) if kinds[j] not in furniture), None)
    # A heading heads something: the last line of an article is a sentence without its stop.
    return nxt is not None and _starts_upper(blocks[nxt].text)
