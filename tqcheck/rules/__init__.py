"""The rule table: every rule tqcheck has, in code order. Codes and names are a contract."""

from __future__ import annotations

from tqcheck.model import Severity
from tqcheck.rules import (
    aln001_omission,
    aln002_addition,
    aln003_number_mismatch,
    aln004_name_mismatch,
    aln005_length_ratio,
    aln006_sentence_omission,
    art001_source_marker,
    art002_split_paragraph,
    art003_unbalanced_brackets,
    art004_caption_residue,
    enc001_mojibake,
    fid001_low_fidelity,
    nam001_name_variants,
    quo001_unbalanced_quotes,
    quo002_mixed_quotes,
    quo003_dash_attribution,
    quo004_foreign_quotes,
    rdb001_hard_to_read,
    rdb002_long_sentence,
    typ001_currency_spacing,
    typ002_number_format,
    typ003_spacing,
    typ004_repeated_word,
    unt001_untranslated,
    unt002_mixed_script_word,
)
from tqcheck.rules.base import Rule

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: tuple[Rule, ...] = (
    Rule("ART001", "source-marker", E, art001_source_marker.check),
    Rule("ART002", "split-paragraph", E, art002_split_paragraph.check),
    Rule("ART003", "unbalanced-brackets", E, art003_unbalanced_brackets.check),
    Rule("ART004", "caption-residue", E, art004_caption_residue.check),
    Rule("ENC001", "mojibake", E, enc001_mojibake.check),
    Rule("QUO001", "unbalanced-quotes", W, quo001_unbalanced_quotes.check),
    Rule("QUO002", "mixed-quotes", W, quo002_mixed_quotes.check),
    Rule("QUO003", "dash-attribution", W, quo003_dash_attribution.check),
    Rule("QUO004", "foreign-quotes", W, quo004_foreign_quotes.check),
    Rule("UNT001", "untranslated", E, unt001_untranslated.check),
    Rule("UNT002", "mixed-script-word", E, unt002_mixed_script_word.check),
    Rule("TYP001", "currency-spacing", W, typ001_currency_spacing.check),
    Rule("TYP002", "number-format", W, typ002_number_format.check),
    Rule("TYP003", "spacing", W, typ003_spacing.check),
    Rule("TYP004", "repeated-word", W, typ004_repeated_word.check),
    Rule("NAM001", "name-variants", W, nam001_name_variants.check),
    Rule("RDB001", "hard-to-read", INFO, rdb001_hard_to_read.check),
    Rule("RDB002", "long-sentence", INFO, rdb002_long_sentence.check),
    Rule("ALN001", "omission", E, aln001_omission.check),
    Rule("ALN002", "addition", E, aln002_addition.check),
    Rule("ALN003", "number-mismatch", E, aln003_number_mismatch.check),
    Rule("ALN004", "name-mismatch", W, aln004_name_mismatch.check),
    Rule("ALN005", "length-ratio", W, aln005_length_ratio.check),
    Rule("ALN006", "sentence-omission", E, aln006_sentence_omission.check),
    Rule("FID001", "low-fidelity", W, fid001_low_fidelity.check),
)

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}


def lookup(code_or_name: str) -> Rule | None:
    """A rule by its code (`ART001`, any case) or its name (`source-marker`)."""
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())


def matches(rule: Rule, selector: str) -> bool:
    """A selector is a code, a code prefix (`ART`, `QUO00`), a name, or `ALL`."""
    s = selector.strip()
    return s.upper() == "ALL" or rule.code.startswith(s.upper()) or rule.name == s.lower()


def unknown_selectors(selectors: tuple[str, ...]) -> list[str]:
    return [s for s in selectors if not any(matches(r, s) for r in RULES)]


def active_rules(select: tuple[str, ...], ignore: tuple[str, ...]) -> tuple[Rule, ...]:
    """Rules chosen by select (all when empty) and not ignored."""
    return tuple(
        r
        for r in RULES
        if (not select or any(matches(r, s) for s in select)) and not any(matches(r, s) for s in ignore)
    )
