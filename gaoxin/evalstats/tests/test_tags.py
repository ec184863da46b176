"""The overview ranking's rows: exact markup, the name escaped, rates in the active language."""

from __future__ import annotations

from django.utils import translation

from gaoxin.evalstats.selectors import Figures
from gaoxin.evalstats.templatetags.evalstats_tags import ranking_rows, rate


def _row(name: str) -> Figures:
    counts = dict.fromkeys(Figures().counts, 0)
    counts.update(valid=8, l5=5, l4=1, l3=1, l1=1, cases_rated=8, cases_completed=10, bad_answered=1)
    return Figures(key_id=1234, name=name, counts=counts)


def test_ranking_rows_markup_with_the_name_escaped():
    # satisfaction (4·5 + 3 + 2 + 0) / (4·8) = 78.125 → 78.12; good 7/8; bad 1/8; active 8/10;
    # fixed 1 of 1 bad; on time 0 of 1 answered
    html = ranking_rows([_row('<b>"税务&局"</b>')])
    assert html == (
        '<tr data-row="1234"><td>1</td><td>&lt;b&gt;&quot;税务&amp;局&quot;&lt;/b&gt;</td>'
        '<td class="text-end">8</td><td class="text-end">78.12%</td><td class="text-end">87.5%</td>'
        '<td class="text-end">12.5%</td><td class="text-end">80.0% <small class="text-muted">8/10</small></td>'
        '<td class="text-end">100.0%</td><td class="text-end">0.0%</td></tr>'
    )
    assert ranking_rows([]) == ""


def test_rates_use_the_languages_decimal_separator():
    with translation.override("de"):
        assert rate(87.5) == "87,5%"
        assert ranking_rows([_row("x")]).count("87,5%") == 1
    with translation.override("en"):
        assert rate(87.5) == "87.5%"
    assert rate(None) == "—"
