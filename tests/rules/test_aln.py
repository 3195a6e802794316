"""Reference mode an editor can act on: one finding per missing name, sentence-level omissions, order."""

from __future__ import annotations

from tqcheck.align import sentence_gaps
from tqcheck.checker import check_text
from tqcheck.settings import Settings

REF = (
    "The government launched the Safe Roads Quality programme on Monday. It will cost 2 billion roubles.\n\n"
    "Transport minister Vitaly Savelyev said the first roads would open in May. "
    "He added that 40 regions had applied for money, and that Tatarstan and Bashkiria were first in line. "
    "Work will start in the spring, officials said.\n"
)
MT = (
    "The government launched the programme on Monday. It will cost 2 billion roubles.\n\n"
    "Transport minister Vitaly Savelyev said the first roads would open in May. "
    "Work will start in the spring, officials said.\n"
)


def _findings(mt: str, ref: str, code: str) -> list[tuple[int, str]]:
    report = check_text(mt, "en", Settings(select=(code,)), reference=ref)
    return [(f.paragraph, f.message) for f in report.files[0].findings]


def test_a_multi_word_name_is_one_finding() -> None:
    """`Safe Roads Quality` missing gives one ALN004, not `Safe`, `Roads` and `Quality`."""
    report = check_text(MT, "en", Settings(select=("ALN004", "ALN006")), reference=REF).files[0]
    names = [f.message for f in report.findings if f.code == "ALN004"]
    assert names == ["name `Safe Roads Quality` of the reference has no counterpart here"]


def test_a_name_shortened_to_its_last_word_is_not_missing() -> None:
    """News writes `Austin` for `Lloyd Austin`: no `Lloyd` finding; a name with no word left is one."""
    ref = "Lloyd Austin met Abdulaziz Kamilov and Sirojiddin Mukhriddin in Tashkent on Monday.\n"
    mt = "Austin met Kamilov and the foreign minister in Tashkent on Monday.\n"
    names = [m.split("`")[1] for _, m in _findings(mt, ref, "ALN004")]
    assert names == ["Sirojiddin Mukhriddin"]


def test_missing_names_come_in_the_order_of_the_reference() -> None:
    ref = "Officials from Ufa, Kazan and Samara met Anna Petrova and Oleg Ivanov in the capital on Monday.\n"
    mt = "Officials from three cities met two ministers in the capital on Monday.\n"
    names = [m.split("`")[1] for _, m in _findings(mt, ref, "ALN004")]
    assert names == ["Ufa", "Kazan", "Samara", "Anna Petrova", "Oleg Ivanov"]


def test_a_sentence_dropped_inside_a_paragraph_is_quoted() -> None:
    found = _findings(MT, REF, "ALN006")
    assert found == [
        (
            2,
            "reference sentence has no counterpart after this sentence: “He added that 40 regions had applied "
            "for money, and that Tatarstan and Bashkiria were first in line.”",
        )
    ]


def test_the_finding_sits_on_the_sentence_before_the_gap() -> None:
    report = check_text(MT, "en", Settings(select=("ALN006",)), reference=REF).files[0]
    (f,) = report.findings
    assert (
        report.document.text[f.start : f.end]
        == "Transport minister Vitaly Savelyev said the first roads would open in May."
    )


def test_paraphrase_merge_and_split_are_not_omissions() -> None:
    """A different translation, two sentences merged into one, one split in two: nothing is missing."""
    ref = (
        "The minister arrived in Tashkent on Monday. He met President Mirziyoyev. "
        "They discussed a railway through Afghanistan and new customs posts on the border.\n"
    )
    merged = (
        "On Monday the minister came to Tashkent, where he met President Mirziyoyev. "
        "They talked about a railway through Afghanistan and new customs posts at the border.\n"
    )
    split = (
        "The minister arrived in Tashkent on Monday. He met President Mirziyoyev. They discussed a railway "
        "through Afghanistan. They also discussed new customs posts on the border.\n"
    )
    assert _findings(merged, ref, "ALN006") == []
    assert _findings(split, ref, "ALN006") == []


def test_short_sentences_and_single_sentence_paragraphs_are_left_alone() -> None:
    assert sentence_gaps("He agreed. Talks resume in May.", "He agreed. Yes. Talks resume in May.", "en") == []
    assert sentence_gaps("Talks resume.", "The talks will resume in May in Tashkent with Uzbekistan.", "en") == []


def test_russian_target() -> None:
    ref = (
        "Министр прибыл в Ташкент в понедельник. Он встретился с президентом Мирзиёевым и обсудил "
        "строительство железной дороги через Афганистан. Переговоры продолжатся осенью.\n"
    )
    mt = "Министр прибыл в Ташкент в понедельник. Переговоры продолжатся осенью.\n"
    found = _findings(mt, ref, "ALN006")
    assert len(found) == 1 and "Мирзиёевым" in found[0][1]


def test_findings_come_in_paragraph_order_with_omissions() -> None:
    """Omitted paragraphs, omitted sentences, names and figures: one list in reading order."""
    ref = "First paragraph about the port in Aktau.\n\nA paragraph the MT dropped about ferries.\n\n" + REF
    mt = "First paragraph about the port in Aktau.\n\n" + MT
    report = check_text(mt, "en", Settings(select=("ALN",)), reference=ref).files[0]
    positions = [(f.line, f.column) for f in report.findings]
    assert positions == sorted(positions) and {"ALN001", "ALN004", "ALN006"} <= {f.code for f in report.findings}


def test_figures_and_names_of_an_omitted_sentence_are_not_reported_again() -> None:
    """One cause, one report: ALN006 quotes the sentence; ALN003/ALN004 do not list its `40` and `Tatarstan`."""
    report = check_text(MT, "en", Settings(select=("ALN",)), reference=REF).files[0]
    messages = [f.message for f in report.findings]
    assert not any("Tatarstan" in m or "`40`" in m for m in messages if not m.startswith("reference sentence"))
    alone = check_text(MT, "en", Settings(select=("ALN004",)), reference=REF).files[0]
    assert any("Tatarstan" in f.message for f in alone.findings)  # without ALN006, the names are still reported
