"""What a bureau planner's test of issue 30 found under --lang zh at 80 columns (part 30D):
the official list's bend line, plan calendar's table, sample commands, overdue duties,
chart titles, the progress and load charts, compare's heading, the second-best helper and
--front's closing line."""

from __future__ import annotations

from dataclasses import replace

from pairing_planner import Instance
from pairing_planner.i18n import use_language
from pairing_planner.report.official import official_lists
from pairing_planner.result.plan import Relaxation
from tests.solved import solved_once


def test_the_printed_lists_say_a_bend_once_on_the_sheet_it_concerns(heze: Instance) -> None:
    """Heze as printed bends S6 (济宁市 sends a second junior high): the whole list says how
    many schools bend, as many as its remarks mark; of the R4 report's eleven sheets only
    济宁市's says it (every sheet said it before)."""
    plan = solved_once(heze).plans[0]
    with use_language("zh"):
        (whole,) = official_lists(heze, plan)
        sheets = official_lists(heze, plan, per_city=True)
    marked = [row for row in whole.rows if row[-1]]
    assert whole.note.startswith(f"本方案中 {len(marked)} 所学校未按 S6 的规定结对：济宁市")
    assert whole.note.endswith("见备注栏。")
    assert [s.name for s in sheets if s.note] == ["济宁市"]


def test_a_city_short_of_its_quota_is_said_without_a_count_or_a_pointer(
    heze_as_stated: Instance,
) -> None:
    """A city that names no senior helper where S7 asks one (the planner's Heze list) bends
    no school's pair: the list said '本方案中 0 所学校未按 S7 的规定结对…见备注栏。' over an
    empty remarks column, on every city's sheet. Now the rule alone, on the whole list and
    on that city's sheet; a plan that bends nothing says nothing."""
    kept = solved_once(heze_as_stated).plans[0]
    city = heze_as_stated.city_of(heze_as_stated.helpers[kept.pairs[0].helper])
    short = Relaxation("city_quota", "S7", f"{city.id}/senior", 1, "", 10)
    bent = replace(kept, relaxations=[short])
    with use_language("zh"):
        assert all(not found.note for found in official_lists(heze_as_stated, kept))
        (whole,) = official_lists(heze_as_stated, bent)
        sheets = official_lists(heze_as_stated, bent, per_city=True)
    for note in [whole.note, *(s.note for s in sheets if s.note)]:
        assert note.startswith("本方案未按 S7 的规定确定帮扶学校：")
        assert " 0 所学校" not in note and "备注" not in note
    assert [s.name for s in sheets if s.note] == [city.name]
