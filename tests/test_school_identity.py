"""A school's identity from year to year (issue 29): ids come from the 学校标识码 or from the
county and name, never from the row; ``plan import --previous`` keeps last year's ids, lists a
school only like one of last year's for the clerk to confirm, and never gives a retired id to
another school."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pairing_planner import load_instance
from pairing_planner.instance.bureau_files.school_identity import likely_same
from pairing_planner.instance.geodata.division_changes import CURRENT
from pairing_planner.instance.geodata.divisions import DIVISIONS
from tests.conftest import INSTANCES
from tests.folder_helpers import plan

LISTS = INSTANCES / "lists"
YEAR_1 = LISTS / "heze-recipients.csv"
YEAR_2 = LISTS / "heze-recipients-2017.csv"
"""成武县第二中学 closed, 序号 renumbered, 牡丹区第二十三中学 new."""
HEADER = "序号,学校标识码,县（市、区）,学段,学校名称"


def _import(out: Path, recipients: Path, previous: Path | None = None) -> tuple[int, str]:
    """``plan import`` of Heze's template with ``recipients``: exit code and output, flat."""
    args = ["import", str(INSTANCES / "heze.yaml"), "--recipients", str(recipients)]
    args += ["-o", str(out)] + ([] if previous is None else ["--previous", str(previous)])
    done = plan(*args)
    return done.exit_code, " ".join(done.output.split())


def _ids(path: Path) -> dict[str, str]:
    """An instance's recipients' ids by name."""
    return {r.name: r.id for r in load_instance(path).data.recipients}


def _list(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8-sig")
    return path


def test_next_years_list_keeps_every_schools_id(tmp_path: Path) -> None:
    """The issue's two years: every school still listed keeps its id, the new school gets a
    new id, the closed one is named."""
    assert _import(tmp_path / "y1.yaml", YEAR_1)[0] == 0
    code, output = _import(tmp_path / "y2.yaml", YEAR_2, previous=tmp_path / "y1.yaml")
    assert code == 0, output
    year_1, year_2 = _ids(tmp_path / "y1.yaml"), _ids(tmp_path / "y2.yaml")
    assert {n: i for n, i in year_2.items() if n in year_1} == {
        n: i for n, i in year_1.items() if n != "成武县第二中学"
    }
    new = year_2["牡丹区第二十三中学"]
    assert new not in year_1.values()
    closed = year_1["成武县第二中学"]
    assert f"成武县第二中学 ('{closed}') of last year's list is not in this list" in output
    assert "20 of last year's 21 schools keep their ids" in output
    assert "(closed or missing): 成武县第二中学; new: 牡丹区第二十三中学" in output


def test_ids_of_last_years_rows_are_kept_and_never_reused(tmp_path: Path) -> None:
    """Last year's instance numbered by row (r01 … r21, as the tool gave before): the schools
    keep r01 …; the closed school's r08 goes to no one, though the new school stands in its
    place in the list."""
    code, output = _import(tmp_path / "y2.yaml", YEAR_2, previous=INSTANCES / "heze.yaml")
    assert code == 0, output
    last = {r.name: r.id for r in load_instance(INSTANCES / "heze.yaml").data.recipients}
    now = _ids(tmp_path / "y2.yaml")
    assert all(now[name] == last[name] for name in now if name in last)
    assert now["牡丹区第二十三中学"] not in last.values()
    assert "成武县第二中学 ('r08')" in output


def test_a_county_renamed_since_keeps_its_schools_ids(tmp_path: Path) -> None:
    """定陶县 became 定陶区 (371727 → 371703): its schools are the same ones, with or without
    last year's instance; last year's row ids (r05, r06) are kept through the change."""
    text = YEAR_2.read_text(encoding="utf-8-sig").replace(",定陶县,", ",定陶区,")
    renamed = tmp_path / "y2.csv"
    renamed.write_text(text, encoding="utf-8-sig")
    assert _import(tmp_path / "y1.yaml", YEAR_1)[0] == 0
    assert _import(tmp_path / "y2.yaml", renamed)[0] == 0
    assert (
        _ids(tmp_path / "y2.yaml")["定陶县清华园学校"]
        == _ids(tmp_path / "y1.yaml")["定陶县清华园学校"]
    )
    code, output = _import(tmp_path / "y3.yaml", renamed, previous=INSTANCES / "heze.yaml")
    assert code == 0, output
    assert [_ids(tmp_path / "y3.yaml")[n] for n in ("定陶县第一中学", "定陶县清华园学校")] == [
        "r05",
        "r06",
    ]


def test_a_made_id_of_a_closed_school_is_not_given_to_another(tmp_path: Path) -> None:
    """Last year's school that held the id a new school's name would make is closed: the new
    school gets another id, so a pair recorded for the old id never lands on it."""
    y1 = tmp_path / "y1.yaml"
    assert _import(y1, _list(tmp_path / "y1.csv", ["1,,牡丹区,初中,牡丹区第二十三中学"]))[0] == 0
    made = _ids(y1)["牡丹区第二十三中学"]
    text = y1.read_text(encoding="utf-8").replace("牡丹区第二十三中学", "牡丹区第三十中学")
    y1.write_text(text, encoding="utf-8")
    code, output = _import(tmp_path / "y2.yaml", YEAR_2, previous=y1)
    assert code == 0, output
    given = _ids(tmp_path / "y2.yaml")["牡丹区第二十三中学"]
    assert given != made and given.startswith(made)
    assert f"牡丹区第三十中学 ('{made}') of last year's list is not in this list" in output


def test_a_renamed_school_with_its_code_keeps_its_id(tmp_path: Path) -> None:
    """Same 学校标识码, another name: the id stays, and the import says it was renamed."""
    y1 = tmp_path / "y1.yaml"
    rows = ["1,3717230001,成武县,高中,成武县第一中学", "2,3717230002,成武县,初中,成武县实验中学"]
    assert _import(y1, _list(tmp_path / "y1.csv", rows))[0] == 0
    assert _ids(y1)["成武县第一中学"] == "r-3717230001"
    assert load_instance(y1).data.recipients[0].code == "3717230001"
    rows = [rows[1], "2,3717230001,成武县,高中,成武县育才高级中学"]
    code, output = _import(tmp_path / "y2.yaml", _list(tmp_path / "y2.csv", rows), previous=y1)
    assert code == 0, output
    assert _ids(tmp_path / "y2.yaml")["成武县育才高级中学"] == "r-3717230001"
    assert "成武县育才高级中学 keeps the id 'r-3717230001' of last year's 成武县第一中学" in output
    assert "not in this list" not in output


def test_a_school_only_like_one_of_last_year_is_listed_not_taken(tmp_path: Path) -> None:
    """No code, and a name a stage word longer: a new id, a note naming both schools and how
    to confirm; confirming by an id column keeps last year's id."""
    y1 = tmp_path / "y1.yaml"
    assert _import(y1, YEAR_1)[0] == 0
    old = _ids(y1)["成武县实验中学"]
    text = YEAR_2.read_text(encoding="utf-8-sig").replace("成武县实验中学", "成武县实验初级中学")
    renamed = tmp_path / "y2.csv"
    renamed.write_text(text, encoding="utf-8-sig")
    code, output = _import(tmp_path / "y2.yaml", renamed, previous=y1)
    assert code == 0, output
    new = _ids(tmp_path / "y2.yaml")["成武县实验初级中学"]
    assert new != old
    assert (
        f"成武县实验初级中学 is new and has the new id '{new}', but it may be last year's "
        f"成武县实验中学 ('{old}')" in output
    )
    assert f"write '{old}' in an id column (编号) on this row" in output
    lines = text.splitlines()
    confirmed = [lines[0] + ",编号"] + [
        line + ("," + old if "成武县实验初级中学" in line else ",") for line in lines[1:]
    ]
    renamed.write_text("\n".join(confirmed) + "\n", encoding="utf-8-sig")
    code, output = _import(tmp_path / "y3.yaml", renamed, previous=y1)
    assert code == 0, output
    assert _ids(tmp_path / "y3.yaml")["成武县实验初级中学"] == old
    assert "may be last year's" not in output


def test_one_name_under_another_code_is_listed_not_taken(tmp_path: Path) -> None:
    """Last year's school of that county and name had another 学校标识码: the code says it is
    another school, the name that it may be the same; listed for the clerk, not taken."""
    y1 = tmp_path / "y1.yaml"
    assert (
        _import(y1, _list(tmp_path / "y1.csv", ["1,3717230001,成武县,高中,成武县第一中学"]))[0] == 0
    )
    rows = ["1,3717230005,成武县,高中,成武县第一中学"]
    code, output = _import(tmp_path / "y2.yaml", _list(tmp_path / "y2.csv", rows), previous=y1)
    assert code == 0, output
    assert _ids(tmp_path / "y2.yaml")["成武县第一中学"] == "r-3717230005"
    assert "it may be last year's 成武县第一中学 ('r-3717230001')" in output


def test_the_lists_own_id_wins_over_last_years(tmp_path: Path) -> None:
    """A bureau that gives its own ids keeps them; last year's school is not called closed,
    and the note says which id it had."""
    rows = ["1,,成武县,高中,成武县第一中学"]
    y1 = tmp_path / "y1.yaml"
    assert _import(y1, _list(tmp_path / "y1.csv", rows))[0] == 0
    old = _ids(y1)["成武县第一中学"]
    listed = tmp_path / "y2.csv"
    listed.write_text("编号,县（市、区）,学段,学校名称\ncw-1,成武县,高中,成武县第一中学\n", "utf-8")
    code, output = _import(tmp_path / "y2.yaml", listed, previous=y1)
    assert code == 0, output
    assert _ids(tmp_path / "y2.yaml")["成武县第一中学"] == "cw-1"
    assert f"has the id 'cw-1' in the list, and had '{old}' in last year's instance" in output
    assert "not in this list" not in output


def test_the_same_list_in_another_row_order_gives_the_same_ids(tmp_path: Path) -> None:
    """Ids depend on the schools, not on their rows or 序号."""
    lines = YEAR_1.read_text(encoding="utf-8-sig").splitlines()
    body = lines[1:]
    random.Random(29).shuffle(body)
    body = [f"{i},{line.split(',', 1)[1]}" for i, line in enumerate(body, start=1)]
    shuffled = tmp_path / "shuffled.csv"
    shuffled.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8-sig")
    assert _import(tmp_path / "a.yaml", YEAR_1)[0] == 0
    assert _import(tmp_path / "b.yaml", shuffled)[0] == 0
    assert _ids(tmp_path / "a.yaml") == _ids(tmp_path / "b.yaml")
    assert len(set(_ids(tmp_path / "a.yaml").values())) == 21


def test_a_code_typed_in_full_width_digits_is_the_same_code(tmp_path: Path) -> None:
    """３７１７２３０００１ is 3717230001: the same school, kept in ASCII digits."""
    rows = ["1,３７１７２３０００１,成武县,高中,成武县第一中学"]
    assert _import(tmp_path / "x.yaml", _list(tmp_path / "wide.csv", rows))[0] == 0
    (school,) = load_instance(tmp_path / "x.yaml").data.recipients
    assert (school.id, school.code) == ("r-3717230001", "3717230001")


def test_a_bad_code_is_exit_2_at_its_row_and_column(tmp_path: Path) -> None:
    """A code that is not ten digits names its row and the sheet's own header."""
    rows = ["1,3717230001,成武县,高中,成武县第一中学", "2,37172300,成武县,初中,成武县实验中学"]
    out = tmp_path / "x.yaml"
    code, output = _import(out, _list(tmp_path / "bad.csv", rows))
    assert code == 2 and "Traceback" not in output
    assert "row 3: column '学校标识码': '37172300' is not a school identification code" in output
    assert not out.exists()


@pytest.mark.parametrize(
    ("rows", "column", "said"),
    [
        (
            ["1,3717230001,成武县,高中,成武县第一中学", "2,3717230001,成武县,初中,成武县实验中学"],
            "学校标识码",
            "the school identification code 3717230001 is given in row 2 already",
        ),
        (
            ["1,,成武县,高中,成武县第一中学", "2,,成武县,高中,成武县 第一中学"],
            "学校名称",
            "成武县 第一中学 of 成武县 is listed in row 2 already",
        ),
    ],
)
def test_a_school_listed_twice_names_both_rows(
    tmp_path: Path, rows: list[str], column: str, said: str
) -> None:
    """One code twice, or one county's name twice (a space apart): exit 2 at the second row,
    naming the first."""
    code, output = _import(tmp_path / "x.yaml", _list(tmp_path / "twice.csv", rows))
    assert code == 2
    assert f"row 3: column '{column}': {said}" in output


def test_two_schools_of_one_name_with_their_own_codes_are_two(tmp_path: Path) -> None:
    """Codes tell apart two schools a county has of one name."""
    rows = ["1,3717230001,成武县,小学,成武县城关小学", "2,3717230009,成武县,小学,成武县城关小学"]
    code, output = _import(tmp_path / "x.yaml", _list(tmp_path / "two.csv", rows))
    assert code == 0, output
    assert sorted(r.id for r in load_instance(tmp_path / "x.yaml").data.recipients) == [
        "r-3717230001",
        "r-3717230009",
    ]


def test_every_changed_division_leads_to_one_of_today() -> None:
    """Each past code and its successor are in the division table, and a successor has none."""
    assert all(old in DIVISIONS and new in DIVISIONS for old, new in CURRENT.items())
    assert not set(CURRENT.values()) & set(CURRENT)


@pytest.mark.parametrize(
    ("old", "new", "alike"),
    [
        ("成武县第三初级中学", "成武县第三中学", True),
        ("成武县实验中学", "实验中学", True),
        ("单县开发区实验中学", "单县经济开发区实验中学", True),
        ("牡丹区第二十二中学", "牡丹区第二十三中学", False),
        ("成武县实验小学", "成武县实验中学", False),
        ("成武县第一中学", "中学", False),
    ],
)
def test_which_names_are_listed_as_possibly_one_school(old: str, new: str, alike: bool) -> None:
    """A stage word, the county's name or a few characters apart; never a number or stage."""
    assert likely_same(old, new) is alike
