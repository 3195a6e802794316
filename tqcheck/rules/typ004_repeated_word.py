"""TYP004 repeated-word."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tqcheck.rules.base import Context, Hit

# `log in in`, `sign up up`: a phrasal verb's particle followed by the same word as a preposition.
_PARTICLES = frozenset("in on up out off over down by".split())
_PHRASAL_VERBS = frozenset(
    (
        "log sign check plug move give fill drop pitch turn hand set break kick cut dig tune come go get put take "
        "look call carry hold keep pass stay step sit walk work clock phase cash buy pay sell lock zoom chime weigh "
        "cave butt rope sink rub let hang sleep bring show run stand fall pull push back lie sum end head"
    ).split()
)
_REPEAT = re.compile(
    r"(?<![\w'’-])([^\W\d_]+)([ \t\u00a0]+\n?[ \t\u00a0]*|\n[ \t\u00a0]*)(\1)(?![\w'’-])", re.IGNORECASE
)


def check(ctx: Context) -> Iterator[Hit]:
    """
    What it does:
        Flags a word written twice in a row (`The the`, `is is`, `I I`), except doublings that are
        grammatical in the target language (`that that`, `had had`), reduplications (`ha ha`,
        `bye bye`), a phrasal verb's particle before the same preposition (`log in in`) and
        capitalised names (`Walla Walla`).

    Why is this bad?
        MT and post-editing leave doubled words at segment joins; readers stumble on them and
        spell-checkers miss them.

    Example:
        ```
        The the minister arrived on Monday.
        ```

    Use instead:
        ```
        The minister said that that decision had had no effect.
        ```
    """
    allowed = ctx.profile.allowed_repeats
    for p in ctx.prose():
        for m in _REPEAT.finditer(p.text):
            if m.group(1).lower() in allowed:
                continue
            word = m.group(1).lower()
            if m.group(1)[0].islower() and m.group(3)[0].isupper():
                continue  # `may May`, `will Will`: a word, then a name
            if m.group(1)[0].isupper() and m.group(3)[0].isupper() and word not in ctx.profile.stopwords | {"i"}:
                continue  # `Walla Walla`, `Bora Bora`, `Sirhan Sirhan`: names, not slips (`I I`, `The The` are)
            if word in _PARTICLES and ctx.profile.code == "en" and _phrasal(p.text[: m.start()]):
                continue
            yield ctx.hit(
                p, m.start(2), m.end(3), f"`{m.group(1)}` is repeated", "", f"remove the second `{m.group(3)}`"
            )


def _phrasal(before: str) -> bool:
    """True when ``before`` ends with a verb that takes a particle (`log`, `logged`, `signing`)."""
    m = re.search(r"([^\W\d_]+)\s*$", before)
    if not m:
        return False
    verb = m.group(1).lower()
    stems = {verb, verb.removesuffix("s"), verb.removesuffix("ed"), verb.removesuffix("ing"), verb.removesuffix("ged")}
    stems |= {s.removesuffix(s[-1]) for s in list(stems) if len(s) > 2 and s[-1] == s[-2]}  # `logg` -> `log`
    return bool(stems & _PHRASAL_VERBS)
