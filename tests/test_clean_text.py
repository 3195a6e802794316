"""Well-edited English must produce no artefact findings: precision is the first thing users judge."""

from __future__ import annotations

from tests.conftest import findings

CLEAN = """\
Ukraine and Moldova sign energy pact

KYIV, June 3 - Ukraine and Moldova signed an agreement on Tuesday to link their power grids more closely, officials said.

“We have agreed to share reserves in winter,” Energy Minister Olena Kovalenko told reporters. “Neither country will be left without power.”

The deal, worth $240 million over five years, covers 1,200 km of lines and a new substation near the border (the first since 1991).

Moldovan Prime Minister Dorin Recean said the plan “makes both grids safer.” He added that talks with Romania would follow.

“The first stage starts in September.

“The second, in spring, depends on financing from the European Union,” Recean said in an interview with RT.

Prices rose 2.5 percent in May, according to the U.S. Energy Information Administration. Analysts at Reuters expect a further rise of 0.5 percent.

What comes next

The two governments will meet again in Chisinau in July. Kovalenko said she hoped to finish the work by 2026 - a year earlier than planned.

The agreement was welcomed by the European Commission, which called it "a model for the region".
"""


def test_clean_article_has_no_findings_but_readability() -> None:
    """Quotes, a re-opened multi-paragraph quote, figures, headings, `with RT`: all pass."""
    got = [f for f in findings(CLEAN) if f.code not in ("RDB001", "RDB002")]
    assert got == [], [(f.line, f.code, f.message) for f in got]


def test_clean_article_passes_the_gate() -> None:
    from tqcheck.checker import check_text

    assert not check_text(CLEAN).failed
