"""The activity calendar (issue 20): every duty placed, checked by the independent verifier,
optimal against brute force on tiny cases, and an impossible calendar explained."""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import icalendar
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from pairing_planner import (
    activity_calendar,
    check_calendar,
    load_calendar,
    solve,
    track_progress,
    write_calendar,
)
from pairing_planner.cli import main
from pairing_planner.errors import InputError
from pairing_planner.instance.generators.urban_rural import GeneratorSettings, generate_ur
from pairing_planner.instance.geodata.geo import great_circle_km
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.calendar_models import (
    Blocked,
    SchoolCalendar,
    TermDates,
    default_calendar,
)
from pairing_planner.instance.yaml_files.load import instance_from_data, load_instance
from pairing_planner.result.calendar import Activity, Placement, calendar_from_json
from pairing_planner.schedule.activities import pair_activities
from pairing_planner.schedule.solve import plan_calendar
from pairing_planner.verify.calendar import verify_calendar
from tests.conftest import INSTANCES, build, instance_dict

TINY = SchoolCalendar(
    school_year=2016,
    terms=[
        TermDates(name="T1", start=date(2016, 9, 5), end=date(2016, 9, 16)),
        TermDates(name="T2", start=date(2017, 2, 20), end=date(2017, 3, 3)),
    ],
    secondment_weeks=1,
    review_gap_weeks=1,
    per_four_weeks=2,
)
"""Two terms of two weeks each: small enough to try every placement."""
WEEKS = [date(2016, 9, 5), date(2016, 9, 12), date(2017, 2, 20), date(2017, 2, 27)]


def _pairs(instance: Instance) -> list[tuple[str, str]]:
    plan = solve(instance).plans[0]
    return [(p.helper, p.recipient) for p in plan.pairs]


def _brute_force(
    instance: Instance, pairs: list[tuple[str, str]], calendar: SchoolCalendar
) -> float:
    """The least objective over every placement of every activity in every week that the
    verifier accepts, recomputed here from the definitions (docs/calendar.md)."""
    activities = pair_activities(instance, pairs, calendar)
    best = float("inf")
    for weeks in itertools.product(range(len(WEEKS)), repeat=len(activities)):
        placements = [
            _placed(a, WEEKS[w], calendar) for a, w in zip(activities, weeks, strict=True)
        ]
        placed = placements
        if verify_calendar(instance, pairs, calendar, placed):
            continue
        best = min(best, _objective(instance, placed, weeks, calendar))
    return best


def _placed(activity: Activity, monday: date, calendar: SchoolCalendar) -> Placement:
    term = next(t for t, x in enumerate(calendar.terms) if x.start <= monday <= x.end)
    days = 5 if activity.kind == "secondment" else activity.days
    return Placement(activity, monday, monday + timedelta(days=days - 1), term)


def _objective(
    instance: Instance, placed: list[Placement], weeks: tuple[int, ...], calendar: SchoolCalendar
) -> float:
    events: dict[str, list[int]] = defaultdict(list)
    busy: dict[str, set[int]] = defaultdict(set)
    for p, w in zip(placed, weeks, strict=True):
        a = p.activity
        for school in {a.host, a.traveller}:
            busy[school].add(w)
            if a.kind == "event":
                events[school].append(w)
    bunched = sum(
        max(0, sum(1 for w in ws if k <= w < k + 4) - 1)
        for ws in events.values()
        for k in range(len(WEEKS))
    )
    saved = 0.0
    for (p, w), (q, v) in itertools.combinations(zip(placed, weeks, strict=True), 2):
        a, b = p.activity, q.activity
        visits = a.kind == b.kind == "event" and a.traveller == a.helper and b.traveller == b.helper
        if not visits or w != v or a.helper == b.helper:
            continue
        ha, hb = instance.helpers[a.helper], instance.helpers[b.helper]
        if instance.city_of(ha).id != instance.city_of(hb).id:
            continue
        apart = great_circle_km(
            *instance.coords(instance.recipients[a.recipient]),
            *instance.coords(instance.recipients[b.recipient]),
        )
        if apart <= calendar.together_km:
            saved += max(0, round(min(a.people, b.people) * (a.km + b.km - apart)))
    weights = calendar.weights
    return (
        weights.evenness * bunched
        + weights.disruption * sum(len(ws) for ws in busy.values())
        - weights.travel * saved
    )


def test_heze_calendar_places_every_duty_and_verifies(heze_as_stated: Instance) -> None:
    """The Heze plan's calendar for 2016–17: three activities per pair (H1 twice, H2), each in
    a teaching week free at both schools, and the independent check finds nothing wrong."""
    plan = solve(heze_as_stated).plans[0]
    found = activity_calendar(heze_as_stated, plan, school_year=2016, time_limit=60)
    assert found.status in ("OPTIMAL", "FEASIBLE") and not found.problems
    assert len(found.placements) == 3 * len(plan.pairs)
    pairs = [(p.helper, p.recipient) for p in plan.pairs]
    assert check_calendar(heze_as_stated, pairs, found) == []
    assert found.objective is not None and found.bound is not None
    assert found.bound <= found.objective + 1e-6


@pytest.mark.parametrize("program", ["HZ", "UR"])
def test_the_optimum_equals_brute_force(heze_as_stated: Instance, program: str) -> None:
    """On two weeks per term, every placement tried: the model's proven optimum is the least
    objective the verifier allows (HZ: two visits of one city's helpers may share a journey)."""
    if program == "HZ":
        instance = heze_as_stated
        pairs = [p for p in _pairs(instance) if p[0] in ("jinan-j1", "jinan-s1")]
    else:
        instance = _one_helper(recipients=1)
        pairs = _pairs(instance)
    calendar = TINY if program == "HZ" else TINY.model_copy(update={"per_four_weeks": 4})
    found = plan_calendar(instance, pairs, calendar, time_limit=60)
    assert found.status == "OPTIMAL"
    assert found.objective == pytest.approx(_brute_force(instance, pairs, calendar))


def _one_helper(recipients: int) -> Instance:
    helper = {
        "id": "h0", "name": "Helper", "place": "c0k0", "stages": ["junior"],
        "lat": 36.0, "lon": 116.0, "capacity": recipients,
    }  # fmt: skip
    schools = [
        {"id": f"r{i}", "name": f"Recipient {i}", "place": "c0k0", "stages": ["junior"],
         "lat": 36.0 + 0.01 * i, "lon": 116.1}
        for i in range(recipients)
    ]  # fmt: skip
    rules = [
        {"kind": "coverage", "clause": "S1"},
        {"kind": "capacity", "clause": "S3"},
    ]
    return build(instance_dict([helper], schools, rules, cities=1))


def test_a_helper_with_more_recipients_than_free_weeks_is_named() -> None:
    """Four recipients need four M1 meetings with their helper in each term; two free weeks a
    term cannot hold them: the diagnosis names the helper, the term and its free weeks."""
    instance = _one_helper(recipients=4)
    found = plan_calendar(instance, _pairs(instance), TINY, time_limit=10)
    assert found.status == "INFEASIBLE" and not found.placements
    text = " ".join(found.problems)
    assert "Helper (h0)" in text and "M1" in text and "T1" in text
    assert "2016-09-05, 2016-09-12" in text


def test_a_blocked_stretch_with_no_room_for_a_secondment_is_named(
    heze_as_stated: Instance,
) -> None:
    """A school blocked for all but single weeks has no four-week stretch for its H1
    secondment: the diagnosis names the duty, the pair and the blocked days."""
    plan = solve(heze_as_stated).plans[0]
    helper = plan.pairs[0].helper
    blocked = Blocked(
        start=date(2016, 9, 12), end=date(2017, 2, 24), reason="renovation", school=helper
    )
    calendar = TINY.model_copy(update={"secondment_weeks": 2, "blocked": [blocked]})
    found = plan_calendar(heze_as_stated, _pairs(heze_as_stated), calendar, time_limit=10)
    assert found.status == "INFEASIBLE"
    assert any("H1" in p and "renovation 2016-09-12–2017-02-24" in p for p in found.problems)


def test_the_verifier_finds_what_was_broken(heze_as_stated: Instance) -> None:
    """Moved into a blocked week, removed, or two in one week: each is found, by clause."""
    plan = solve(heze_as_stated).plans[0]
    pairs = [(p.helper, p.recipient) for p in plan.pairs]
    found = activity_calendar(heze_as_stated, plan, school_year=2016, time_limit=60)
    calendar, placed = found.settings, found.placements
    visit = next(p for p in placed if p.activity.clause == "H2")
    national_day = date(2016, 10, 3)
    moved = [replace(p, start=national_day, end=national_day) if p is visit else p for p in placed]
    assert any(
        "blocked" in f.message for f in verify_calendar(heze_as_stated, pairs, calendar, moved)
    )
    missing = [p for p in placed if p is not visit]
    assert any(f.clause == "H2" for f in verify_calendar(heze_as_stated, pairs, calendar, missing))
    other = next(p for p in placed if p.activity.clause == "H2" and p is not visit)
    doubled = [replace(p, start=visit.start, end=visit.end) if p is other else p for p in placed]
    if (
        other.activity.traveller == visit.activity.traveller
        or other.activity.host == visit.activity.host
    ):
        assert verify_calendar(heze_as_stated, pairs, calendar, doubled)


@pytest.mark.parametrize("seed", range(2))
def test_generated_calendars_verify(seed: int) -> None:
    """Generated urban-rural plans (helpers with up to four recipients): the calendar the
    model gives in two seconds, proven or not, passes the independent check, and its bound
    is below its objective."""
    settings = GeneratorSettings(cities=2, counties_per_city=2, recipients=40, seed=seed)
    instance = instance_from_data(generate_ur(settings))
    plan = solve(instance).plans[0]
    found = activity_calendar(instance, plan, school_year=2016, time_limit=2)
    assert found.placements and not found.problems
    pairs = [(p.helper, p.recipient) for p in plan.pairs]
    assert check_calendar(instance, pairs, found) == []
    assert len(found.placements) == 6 * len(pairs)
    assert found.objective is not None
    assert found.bound is None or found.bound <= found.objective + 1e-6


def test_an_unchanged_plan_keeps_its_calendar(heze_as_stated: Instance) -> None:
    """Scheduled again with its own calendar as the earlier one, nothing moves; with one pair
    changed, only what must moves, and the new calendar verifies."""
    plan = solve(heze_as_stated).plans[0]
    first = activity_calendar(heze_as_stated, plan, school_year=2016, time_limit=60)
    again = activity_calendar(heze_as_stated, plan, school_year=2016, time_limit=60, earlier=first)
    assert again.moved == []
    assert {(p.activity.id, p.start) for p in again.placements} == {
        (p.activity.id, p.start) for p in first.placements
    }


def test_json_round_trip(heze_as_stated: Instance) -> None:
    """calendar.json reads back to the same calendar, settings included."""
    plan = solve(heze_as_stated).plans[0]
    found = activity_calendar(heze_as_stated, plan, school_year=2016, time_limit=60)
    again = calendar_from_json(found.to_json())
    assert again == found


def test_plan_calendar_writes_ledger_ics_json_and_chart(tmp_path: Path) -> None:
    """The command: a verified calendar, the ledger sheet a clerk opens, one .ics per school
    that an iCalendar reader parses, calendar.json, calendar.png; a second run refuses to
    replace them without --force."""
    runner = CliRunner()
    solved = runner.invoke(
        main, ["solve", str(INSTANCES / "heze-as-stated.yaml"), "--out", str(tmp_path), "--quiet"]
    )
    assert solved.exit_code == 0, solved.output
    result = tmp_path / "heze-as-stated"
    args = ["calendar", str(result), "--school-year", "2016", "--charts-by", "county"]
    ran = runner.invoke(main, args)
    assert ran.exit_code == 0, ran.output
    assert "verified: every duty present" in " ".join(ran.output.split())
    folder = result / "calendar-1"
    sheet = pd.read_excel(folder / "calendar.xlsx")
    assert len(sheet) == 60 and {"clause", "start", "place", "done"} <= set(sheet.columns)
    files = sorted((folder / "ics").glob("*.ics"))
    assert len(files) == 40
    events = icalendar.Calendar.from_ical(files[0].read_bytes()).walk("VEVENT")
    assert events and all(e.get("dtstart") for e in events)
    assert load_calendar(folder).placements
    assert (folder / "calendar.png").stat().st_size > 0
    instance = load_instance(INSTANCES / "heze-as-stated.yaml")
    counties = {instance.recipients[r].place for r in sheet["recipient_id"]}
    assert {p.stem for p in (folder / "charts").glob("*.png")} == counties
    again = runner.invoke(main, ["calendar", str(result), "--school-year", "2016"])
    assert again.exit_code == 2 and "--force" in again.output


def test_a_calendar_file_with_a_bad_date_names_its_line(tmp_path: Path) -> None:
    """A calendar file's mistakes: file, line and field, exit 2, no traceback."""
    runner = CliRunner()
    runner.invoke(
        main, ["solve", str(INSTANCES / "heze-as-stated.yaml"), "--out", str(tmp_path), "--quiet"]
    )
    bad = tmp_path / "calendar.yaml"
    bad.write_text(
        "school_year: 2016\nterms:\n  - {name: 第一学期, start: 2016-09-05, end: 2017-13-20}\n"
        "blocked:\n  - {start: 2016-10-01, end: 2016-10-07, reason: 国庆, city: jinnan}\n",
        encoding="utf-8",
    )
    ran = runner.invoke(
        main, ["calendar", str(tmp_path / "heze-as-stated"), "--calendar", str(bad)]
    )
    assert ran.exit_code == 2 and "Traceback" not in ran.output
    assert "calendar.yaml:3" in ran.output and "terms[0].end" in ran.output


def test_a_changed_pair_leaves_the_others_in_their_weeks(heze_as_stated: Instance) -> None:
    """Two helpers swap recipients a year on: the other pairs' activities keep their weeks,
    the two new pairs get theirs, and the calendar verifies."""
    pairs = _pairs(heze_as_stated)
    calendar = default_calendar(2016)
    first = plan_calendar(heze_as_stated, pairs, calendar, time_limit=60)
    juniors = [i for i, (h, _r) in enumerate(pairs) if "-j" in h][:2]
    swapped = list(pairs)
    (h1, r1), (h2, r2) = pairs[juniors[0]], pairs[juniors[1]]
    swapped[juniors[0]], swapped[juniors[1]] = (h1, r2), (h2, r1)
    again = plan_calendar(heze_as_stated, swapped, calendar, time_limit=5, earlier=first)
    assert again.placements and again.moved == []
    before = {p.activity.id: p.start for p in first.placements}
    kept = [p for p in again.placements if p.activity.id in before]
    assert len(kept) == 3 * (len(pairs) - 2)
    assert all(p.start == before[p.activity.id] for p in kept)
    assert verify_calendar(heze_as_stated, swapped, calendar, again.placements) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_progress_reads_the_done_column_back(tmp_path: Path, lang: str) -> None:
    """A clerk marks some activities done in calendar.xlsx (headers in the command's
    language): plan progress counts them per program, city and county, and calls the others
    overdue once their last day has passed."""
    runner = CliRunner()
    stated = str(INSTANCES / "heze-as-stated.yaml")
    runner.invoke(main, ["solve", stated, "--out", str(tmp_path), "--quiet"])
    result = tmp_path / "heze-as-stated"
    made = runner.invoke(main, ["--lang", lang, "calendar", str(result), "--school-year", "2016"])
    assert made.exit_code == 0, made.output
    sheet = result / "calendar-1" / "calendar.xlsx"
    book = openpyxl.load_workbook(sheet)
    rows = list(book.active.iter_rows())
    headers = [c.value for c in rows[0]]
    done_column = headers.index("done" if lang == "en" else "完成情况")
    end_column = headers.index("end" if lang == "en" else "结束")
    cutoff = "2017-03-01"
    first_term = [r for r in rows[1:] if str(r[end_column].value) < cutoff]
    for row in first_term[: len(first_term) // 2]:
        row[done_column].value = "yes" if lang == "en" else "是"
    book.save(sheet)
    ran = runner.invoke(main, ["progress", stated, str(sheet), "--today", cutoff, "--json"])
    assert ran.exit_code == 0, ran.output
    found = json.loads(ran.output)
    program = next(r for r in found["rows"] if r["level"] == "program")
    marked = len(first_term) // 2
    assert program["duties"] == 60 and program["done"] == marked
    assert program["overdue"] == len(first_term) - marked == len(found["overdue"])
    counties = [r for r in found["rows"] if r["level"] == "county"]
    assert sum(r["duties"] for r in counties) == 60
    other = str(Path(__file__).parent / "data" / "ok_small.yaml")
    wrong = runner.invoke(main, ["--lang", "en", "progress", other, str(sheet)])
    assert wrong.exit_code == 2 and "does not have" in wrong.output, wrong.output
    as_plan = runner.invoke(main, ["--lang", "en", "verify", stated, str(sheet)])
    assert as_plan.exit_code == 2 and "calendar sheet" in as_plan.output, as_plan.output


def test_progress_reports_t2s_pairing_rate(tmp_path: Path) -> None:
    """T2: every school in a key poverty village paired; a sheet that lost one pair's rows
    shows the rate below 100 %."""
    settings = GeneratorSettings(cities=1, counties_per_city=2, recipients=30, seed=3)
    instance = instance_from_data(generate_ur(settings))
    plan = solve(instance).plans[0]
    found = activity_calendar(instance, plan, school_year=2016, time_limit=2)
    write_calendar(instance, found, tmp_path)
    poor = next(r for r in instance.recipients.values() if r.poverty_village)
    full = track_progress(instance, tmp_path / "calendar.xlsx", date(2016, 9, 1))
    assert full.poverty_paired == full.poverty_schools > 0
    book = openpyxl.load_workbook(tmp_path / "calendar.xlsx")
    sheet = book.active
    recipient = [c.value for c in sheet[1]].index("recipient_id") + 1
    for n in range(sheet.max_row, 1, -1):
        if sheet.cell(n, recipient).value == poor.id:
            sheet.delete_rows(n)
    book.save(tmp_path / "calendar.xlsx")
    short = track_progress(instance, tmp_path / "calendar.xlsx", date(2016, 9, 1))
    assert short.poverty_paired == full.poverty_schools - 1


def test_a_calendar_sheet_beside_the_instance_is_read(tmp_path: Path) -> None:
    """A bureau keeps its calendar as a sheet (Chinese headers, a row per term and blocked
    period) and names it in the instance (``calendar: FILE``): the terms and blocks are the
    sheet's, a city's own exam week included; a bad date is named by row and column."""
    sheet = tmp_path / "calendar.csv"
    sheet.write_text(
        "类型,名称,开始,结束,市,学校\n"
        "学期,第一学期,2016-09-01,2017-01-20,,\n"
        "学期,第二学期,2017/2/13,2017-07-07,,\n"
        "假期,国庆节,2016-10-01,2016-10-07,,\n"
        "考试,中考,2017-06-12,2017-06-16,heze,\n",
        encoding="utf-8",
    )
    text = (INSTANCES / "heze-as-stated.yaml").read_text(encoding="utf-8")
    (tmp_path / "heze.yaml").write_text(text + "\ncalendar: calendar.csv\n", encoding="utf-8")
    instance = load_instance(tmp_path / "heze.yaml")
    calendar = instance.data.calendar
    assert isinstance(calendar, SchoolCalendar) and calendar.school_year == 2016
    assert [t.start for t in calendar.terms] == [date(2016, 9, 1), date(2017, 2, 13)]
    assert {(b.reason, b.city) for b in calendar.blocked} == {("国庆节", None), ("中考", "heze")}
    plan = solve(instance).plans[0]
    found = activity_calendar(instance, plan, time_limit=10)
    assert check_calendar(instance, [(p.helper, p.recipient) for p in plan.pairs], found) == []
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("2016-10-07", "2016-10-37"))
    with pytest.raises(InputError) as error:
        load_instance(tmp_path / "heze.yaml")
    problem = error.value.problems[0]
    assert problem.line == 4 and problem.field == "结束"


def test_a_stop_keeps_the_greedy_calendar(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (here, a stop already requested): no group is searched, each keeps its greedy
    calendar, the result says it was stopped, and the calendar still verifies."""
    from pairing_planner.schedule import solve as schedule_solve

    monkeypatch.setattr(schedule_solve.stop, "requested", lambda: True)
    pairs = _pairs(heze_as_stated)
    found = plan_calendar(heze_as_stated, pairs, default_calendar(2016), time_limit=60)
    assert found.interrupted and found.floors == found.parts and found.status == "FEASIBLE"
    assert verify_calendar(heze_as_stated, pairs, found.settings, found.placements) == []
