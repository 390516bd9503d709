"""The last import findings of issue 30's user test (part 30G): next year's school named
without the county and 中心 is offered as last year's, the new and gone schools are named, a
row without a name says what to do, and the made id is said only when something is written."""

from __future__ import annotations

from pathlib import Path

from pairing_planner import load_instance
from tests.conftest import INSTANCES
from tests.folder_helpers import plan

YEAR_1 = INSTANCES / "lists" / "heze-recipients.csv"


def _import(out: Path, recipients: Path, *options: str) -> tuple[int, str]:
    """``plan import`` of Heze's template with ``recipients``: exit code and output, flat."""
    args = ["import", str(INSTANCES / "heze.yaml"), "--recipients", str(recipients), "-o"]
    done = plan(*args, str(out), *options)
    return done.exit_code, " ".join(done.output.split())


def _year_2(path: Path, replace: dict[str, str], added: tuple[str, ...] = ()) -> Path:
    """Year 1's list with the names in ``replace`` changed and ``added`` rows at its end."""
    text = YEAR_1.read_text(encoding="utf-8-sig")
    for old, new in replace.items():
        text = text.replace(old, new)
    path.write_text(text.rstrip("\n") + "\n" + "".join(f"{r}\n" for r in added), "utf-8-sig")
    return path


def test_a_town_school_without_county_and_centre_is_offered_as_last_years(
    tmp_path: Path,
) -> None:
    """牡丹区吴店镇中心中学 listed next year as 吴店镇中学: a new id, and a note offering last
    year's id to confirm (before: no note, the school silently new)."""
    assert _import(tmp_path / "y1.yaml", YEAR_1)[0] == 0
    year_2 = _year_2(tmp_path / "y2.csv", {"牡丹区吴店镇中心中学": "吴店镇中学"})
    code, output = _import(tmp_path / "y2.yaml", year_2, "--previous", str(tmp_path / "y1.yaml"))
    assert code == 0, output
    old = {r.name: r.id for r in load_instance(tmp_path / "y1.yaml").data.recipients}
    new = {r.name: r.id for r in load_instance(tmp_path / "y2.yaml").data.recipients}
    former = old["牡丹区吴店镇中心中学"]
    assert new["吴店镇中学"] != former
    assert f"but it may be last year's 牡丹区吴店镇中心中学 ('{former}')" in output


def test_the_count_names_the_new_and_the_gone_schools(tmp_path: Path) -> None:
    """Two renamed away and seven new: the gone ones by name, the new as five and 7 in all
    (before: 'not listed again (closed or missing): 2; new: 7')."""
    assert _import(tmp_path / "y1.yaml", YEAR_1)[0] == 0
    added = tuple(f"{30 + i},曹县,初中,曹县第{n}实验学校,," for i, n in enumerate("一二三四五六七"))
    replace = {"牡丹区第二十二中学": "牡丹区第九十九中学", "曹县第一中学": "曹县第八十中学"}
    year_2 = _year_2(tmp_path / "y2.csv", replace, added)
    code, output = _import(tmp_path / "y2.yaml", year_2, "--previous", str(tmp_path / "y1.yaml"))
    assert code == 0, output
    assert (
        "(closed or missing): 牡丹区第二十二中学, 曹县第一中学; new: 牡丹区第九十九中学, " in output
    )
    assert "曹县第三实验学校 and others, 9 in all" in output
    assert "曹县第四实验学校" not in output.split("new:")[-1]


def test_the_count_says_none_in_chinese(tmp_path: Path) -> None:
    """The same list again under --lang zh: 今年未列入…：无；新增：无."""
    assert _import(tmp_path / "y1.yaml", YEAR_1)[0] == 0
    code, output = _import(
        tmp_path / "y2.yaml", YEAR_1, "--previous", str(tmp_path / "y1.yaml"), "--lang", "zh"
    )
    assert code == 0, output
    assert "今年未列入（撤并或漏列）：无；新增：无" in output.replace(" ", "")


def test_a_row_without_a_name_says_to_fill_its_cell_or_delete_it(tmp_path: Path) -> None:
    """A row with no 学校名称: its row, its column, and what to do (before: 学校没有名称)."""
    listed = _year_2(tmp_path / "list.csv", {}, ("30,曹县,初中,,,",))
    code, output = _import(tmp_path / "out.yaml", listed, "--lang", "zh")
    assert code == 2
    flat = output.replace(" ", "")
    assert "第23行:列“学校名称”:这一行没有学校名称：请在“学校名称”单元格填写校名" in flat
    assert "请删去这一行" in flat


def test_the_made_id_is_said_only_when_the_instance_is_written(tmp_path: Path) -> None:
    """菏泽2016.yaml: the id heze2016 is said when written, not when bad input stops the
    import (before: said first, then 'Nothing was written')."""
    bad = _year_2(tmp_path / "bad.csv", {}, ("30,曹县,初中,,,",))
    code, output = _import(tmp_path / "菏泽2016.yaml", bad)
    assert code == 2 and "Nothing was written" in output
    assert "heze2016" not in output
    code, output = _import(tmp_path / "菏泽2016.yaml", YEAR_1)
    assert code == 0, output
    assert "the instance's id is 'heze2016', made from the file's name" in output


def _places_used(path: Path) -> dict[str, str]:
    """An instance's recipients' places: each school's place id by its name."""
    return {r.name: r.place for r in load_instance(path).data.recipients}


def test_a_renamed_county_is_the_templates_place(tmp_path: Path) -> None:
    """定陶区 in a list, 定陶县 (371727, 定陶区 since 2016) in Heze's template: its schools are
    in the template's dingtao, and no second place is added (before: a place '371703', whose
    label stood grey beside 定陶县's on the map)."""
    listed = _year_2(tmp_path / "list.csv", {"定陶县": "定陶区"})
    code, output = _import(tmp_path / "out.yaml", listed)
    assert code == 0, output
    places = _places_used(tmp_path / "out.yaml")
    assert places["定陶区第一中学"] == "dingtao"
    assert "371703" not in [p.adcode for p in load_instance(tmp_path / "out.yaml").data.places]


def test_a_county_from_the_division_table_is_named_in_pinyin(tmp_path: Path) -> None:
    """A county the template lacks (泰安市泰山区) gets a place whose id is its name in pinyin,
    as the template's are, so a chart per county is taishanqu.png, not 370902.png."""
    listed = _year_2(tmp_path / "list.csv", {}, ("30,泰安市泰山区,初中,泰山区实验学校,,",))
    code, output = _import(tmp_path / "out.yaml", listed)
    assert code == 0, output
    assert _places_used(tmp_path / "out.yaml")["泰山区实验学校"] == "taishanqu"


def test_a_short_reason_keeps_to_one_line_at_80_columns(tmp_path: Path) -> None:
    """The change table of a re-plan with two new schools and a long-named one at 80 columns
    under zh: 原方案中没有 on one line (before: 原方案 / 中没 / 有)."""
    from rich.console import Console

    from pairing_planner.i18n import use_language
    from pairing_planner.report.change_table import render_changes
    from pairing_planner.result.baseline_changes import Changes

    heze = load_instance(INSTANCES / "heze.yaml")
    recipients, helpers = list(heze.recipients), list(heze.helpers)
    new = {rid: helpers[i : i + 3] for i, rid in enumerate(recipients[:2])}
    changes = Changes("去年/plans.json", [], [], list(new), [], [], [], new_helpers=new)
    console = Console(width=80, record=True, file=(tmp_path / "out.txt").open("w"))
    with use_language("zh"):
        render_changes(console, heze, changes)
    lines = console.export_text().splitlines()
    assert any("原方案中没有" in line for line in lines), "\n".join(lines)
