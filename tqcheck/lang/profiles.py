"""Language profiles: everything language-specific that rules need, as data.

Adding a target language (German, Ukrainian, ...) means adding a profile here, not new rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# News agencies and outlets whose names MT leaves behind as markers ("RT", "- Interfax").
# Listed in every script a target may meet them in.
AGENCIES: tuple[str, ...] = (
    "RT",
    "TASS",
    "RIA Novosti",
    "RIA",
    "Interfax",
    "Sputnik",
    "Reuters",
    "AFP",
    "AP",
    "Associated Press",
    "Bloomberg",
    "Xinhua",
    "Ukrinform",
    "UNIAN",
    "BelTA",
    "Kazinform",
    "ТАСС",
    "РИА Новости",
    "Интерфакс",
    "Спутник",
    "РБК",
    "RBC",
    "Kommersant",
    "Izvestia",
    "Известия",
    "Коммерсантъ",
    "Lenta.ru",
    "Gazeta.ru",
)
# Photo agencies and credit words that mark a caption/credit line.
CREDIT_SOURCES: tuple[str, ...] = (
    "Reuters",
    "AFP",
    "AP",
    "AP Photo",
    "Getty Images",
    "Global Look Press",
    "EPA",
    "EPA-EFE",
    "Sputnik",
    "RIA Novosti",
    "TASS",
    "ТАСС",
    "РИА Новости",
    "Facebook",
    "Twitter",
    "Instagram",
    "Telegram",
    "VK",
    "YouTube",
    "Handout",
    "Shutterstock",
    "Pool",
    "Wikimedia Commons",
    "Courtesy",
    "Photo",
    "Фото",
    "Кадр",
    "Скриншот",
    "Screenshot",
    "East News",
    "Kremlin.ru",
    "Depositphotos",
    "ZUMA Press",
    "Anadolu",
)


@dataclass(frozen=True, eq=False)  # profiles are singletons: hashed by identity
class LanguageProfile:
    """Conventions of one target language."""

    code: str
    name: str
    script: str  # ISO 15924: "Latn", "Cyrl"
    # Quotation marks that are correct in this language, as (open, close) pairs.
    quote_pairs: tuple[tuple[str, str], ...]
    # The pair fixes should produce.
    primary_quotes: tuple[str, str]
    decimal_separator: str
    group_separator: str
    currency_position: str  # "prefix" ($240) or "suffix" (240 $)
    magnitude_words: tuple[str, ...]
    # Source-language abbreviations calqued into this language, with what to write instead.
    calques: dict[str, str]
    speech_verbs: tuple[str, ...]
    stopwords: frozenset[str]
    # Doubled words that are grammatical ("that that", "had had").
    allowed_repeats: frozenset[str]
    abbreviations: frozenset[str]
    # Flesch reading ease: base - a * words/sentence - b * syllables/word.
    reading_ease: tuple[float, float, float]
    pyphen_lang: str
    # A run of foreign-script words shorter than this is taken as a name, not untranslated text.
    foreign_run_min_words: int = 1
    # `«…», — сказал он` is correct Russian: a dash before the attribution is an artefact only in
    # languages that do not write it.
    dash_attribution_is_foreign: bool = True
    # `(с Афганистаном. — RT)` is how Russian editors annotate a quotation; carried into another
    # language it is an artefact.
    inline_source_notes_are_foreign: bool = True
    # `12 %`: a space before the percent sign is English typography's slip, Russian usage's choice.
    percent_space_allowed: bool = False
    # English re-opens a quotation at each continuing paragraph; Russian news copy often does not.
    reopen_quotes_per_paragraph: bool = True
    agencies: tuple[str, ...] = AGENCIES
    credit_sources: tuple[str, ...] = CREDIT_SOURCES
    all_quote_chars: str = field(default='"“”„«»‹›‟')

    @property
    def allowed_quote_chars(self) -> frozenset[str]:
        return frozenset(ch for pair in self.quote_pairs for ch in pair)


ENGLISH = LanguageProfile(
    code="en",
    name="English",
    script="Latn",
    quote_pairs=(("“", "”"), ('"', '"')),
    primary_quotes=("“", "”"),
    decimal_separator=".",
    group_separator=",",
    currency_position="prefix",
    magnitude_words=(
        "thousand",
        "million",
        "billion",
        "trillion",
        "percent",
        "per cent",
        "%",
        "km",
        "kilometers",
        "kilometres",
        "meters",
        "metres",
        "tons",
        "tonnes",
        "rubles",
        "roubles",
        "dollars",
        "euros",
        "hectares",
        "kg",
        "years",
        "times",
    ),
    calques={
        "mln": "million",
        "mn": "million",
        "bln": "billion",
        "mlrd": "billion",
        "trln": "trillion",
        "thous": "thousand",
        "rub": "rubles",
    },
    speech_verbs=(
        "said",
        "says",
        "added",
        "stressed",
        "noted",
        "concluded",
        "explained",
        "emphasized",
        "emphasised",
        "told",
        "stated",
        "continued",
        "recalled",
        "believes",
        "thinks",
        "suggested",
        "warned",
        "insisted",
        "asked",
        "replied",
        "answered",
        "commented",
        "admitted",
        "declared",
        "announced",
        "pointed out",
        "summed up",
        "clarified",
        "specified",
        "underlined",
        "wrote",
        "writes",
    ),
    # Function words that other Latin-script languages do not share (no `a`, `in`, `is`, `was`,
    # `an`, `on`, `will`, `also`): the fast language test must not take Dutch or French for English.
    stopwords=frozenset(
        (
            "the of and to that for it with be by at this are from or have they which not but had his has "
            "were he she their its been would there can more than who what when said about into other these "
            "after them we our us you"
        ).split()
    ),
    # `had had`, `that that` are grammatical; the rest are reduplications (`ha ha`, `bye bye`, `so so`).
    allowed_repeats=frozenset(
        "that had ha haha hah heh hi hey ho hee bye so no yes yeah very blah bla yadda la na ta tut knock chop "
        "hush shh boo boom bang beep ding choo tuk tse quack meow woof whoa wink well there now oh ah aah uh "
        "far many night tsk pooh x".split()
    ),
    abbreviations=frozenset(
        [
            "u.s",
            "u.k",
            "u.n",
            "e.u",
            "mr",
            "mrs",
            "ms",
            "dr",
            "prof",
            "gen",
            "col",
            "lt",
            "sgt",
            "st",
            "jr",
            "sr",
            "inc",
            "ltd",
            "co",
            "corp",
            "vs",
            "etc",
            "e.g",
            "i.e",
            "jan",
            "feb",
            "mar",
            "apr",
            "jun",
            "jul",
            "aug",
            "sep",
            "sept",
            "oct",
            "nov",
            "dec",
            "no",
            "gov",
            "sen",
            "rep",
            "approx",
            "a.m",
            "p.m",
            "dept",
            "est",
            "fig",
            "ft",
            "lb",
            "oz",
        ]
    ),
    reading_ease=(206.835, 1.015, 84.6),
    pyphen_lang="en_US",
)

RUSSIAN = LanguageProfile(
    code="ru",
    name="Russian",
    script="Cyrl",
    quote_pairs=(("«", "»"), ("„", "“"), ('"', '"')),
    primary_quotes=("«", "»"),
    decimal_separator=",",
    group_separator=" ",
    currency_position="suffix",
    magnitude_words=(
        "тыс",
        "тысяч",
        "млн",
        "миллион",
        "миллиона",
        "миллионов",
        "млрд",
        "миллиард",
        "миллиарда",
        "миллиардов",
        "трлн",
        "%",
        "процента",
        "процентов",
        "км",
        "рублей",
        "долларов",
        "евро",
        "тонн",
    ),
    calques={},
    speech_verbs=(
        "сказал",
        "сказала",
        "заявил",
        "заявила",
        "добавил",
        "добавила",
        "подчеркнул",
        "подчеркнула",
        "отметил",
        "отметила",
        "пояснил",
        "пояснила",
        "заключил",
        "заключила",
        "сообщил",
        "сообщила",
        "считает",
        "уточнил",
    ),
    stopwords=frozenset(
        [
            "и",
            "в",
            "во",
            "не",
            "что",
            "он",
            "на",
            "я",
            "с",
            "со",
            "как",
            "а",
            "то",
            "все",
            "она",
            "так",
            "его",
            "но",
            "да",
            "ты",
            "к",
            "у",
            "же",
            "вы",
            "за",
            "бы",
            "по",
            "только",
            "ее",
            "мне",
            "было",
            "вот",
            "от",
            "меня",
            "еще",
            "нет",
            "о",
            "из",
            "ему",
            "теперь",
            "когда",
            "даже",
            "ну",
            "вдруг",
            "ли",
            "если",
            "уже",
            "или",
            "быть",
            "был",
            "него",
            "до",
            "вас",
            "нибудь",
            "опять",
            "уж",
            "вам",
            "ведь",
            "там",
            "потом",
            "себя",
            "ничего",
            "ей",
            "может",
            "они",
            "тут",
            "где",
            "есть",
            "надо",
            "ней",
            "для",
            "мы",
            "тебя",
            "их",
            "чем",
            "была",
            "сам",
            "чтобы",
            "без",
            "будто",
            "чего",
            "раз",
            "тоже",
            "себе",
            "под",
            "будет",
            "ж",
            "тогда",
            "кто",
            "этот",
            "того",
            "потому",
            "этого",
            "какой",
            "совсем",
            "ним",
            "здесь",
            "этом",
            "один",
            "почти",
            "мой",
            "тем",
            "чтобы",
            "нее",
            "сейчас",
            "были",
            "куда",
            "зачем",
            "всех",
            "никогда",
            "можно",
            "при",
            "наконец",
            "два",
            "об",
            "другой",
            "хоть",
            "после",
            "над",
            "больше",
            "тот",
            "через",
            "эти",
            "нас",
            "про",
            "всего",
            "них",
            "какая",
            "много",
            "разве",
            "также",
            "заявил",
            "сообщил",
        ]
    ),
    allowed_repeats=frozenset("так да нет ха ну ой ай эх ох еле едва чуть бай пока тук кис цып".split()),
    abbreviations=frozenset(
        ["г", "гг", "т.е", "т.д", "т.п", "им", "ул", "д", "см", "тыс", "млн", "млрд", "руб", "проф"]
    ),
    # Oborneva's Russian Flesch weights (1.3, 60.1) with the base raised from 206.835 so that
    # RDB001 flags the same share of professional paragraphs as in English: on the WMT news
    # data (1,515 parallel segments a side, benchmarks/bench_precision.py) English flags 4.8 %
    # below 10, Russian with the textbook base 18.9 %; quantile matching gives +24.7.
    reading_ease=(231.5, 1.3, 60.1),
    pyphen_lang="ru_RU",
    foreign_run_min_words=3,
    dash_attribution_is_foreign=False,
    inline_source_notes_are_foreign=False,
    reopen_quotes_per_paragraph=False,
    percent_space_allowed=True,
)

PROFILES: dict[str, LanguageProfile] = {p.code: p for p in (ENGLISH, RUSSIAN)}


def language_code(code: str) -> str:
    """The primary language of a tag: `en-GB`, `en_GB` and `EN` are all `en`."""
    return code.replace("_", "-").split("-")[0].lower()


def get_profile(code: str) -> LanguageProfile:
    """The profile for a language code such as ``en`` or ``en-GB``; English when unknown."""
    return PROFILES.get(language_code(code), ENGLISH)


def is_supported(code: str) -> bool:
    return language_code(code) in PROFILES
